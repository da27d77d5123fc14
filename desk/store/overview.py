"""A few numbers about what the store holds, for summaries and the status bar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from desk.store.models import Folder, Message, MessageStatus


@dataclass(frozen=True)
class StoreOverview:
    """Counts over all folders."""

    folders: int
    messages: int
    open: int
    automatic: int
    with_warnings: int
    senders: int
    first: datetime | None
    last: datetime | None


def store_overview(session: Session) -> StoreOverview:
    """Count messages by state, senders, and the time span of the mail."""
    total, open_, automatic, senders, first, last = session.execute(
        select(
            func.count(Message.id),
            func.count(Message.id).filter(Message.status == MessageStatus.OPEN),
            func.count(Message.id).filter(Message.is_auto.is_(True)),
            func.count(func.distinct(Message.from_addr)),
            func.min(Message.date),
            func.max(Message.date),
        )
    ).one()
    # JSON arrays differ per dialect; an empty list serialises as "[]" on both.
    with_warnings = session.scalar(
        select(func.count(Message.id)).where(cast(Message.parse_warnings, Text) != "[]")
    )
    folders = session.scalar(select(func.count(Folder.id)))
    return StoreOverview(
        folders=folders or 0,
        messages=total,
        open=open_,
        automatic=automatic,
        with_warnings=with_warnings or 0,
        senders=senders,
        first=first,
        last=last,
    )
