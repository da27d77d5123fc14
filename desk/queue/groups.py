"""Sender groups: every open message of one person, to be answered together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.store.models import Message, MessageStatus


@dataclass(frozen=True)
class SenderGroup:
    """One person's open messages: how many, and since when they have waited."""

    sender: str
    open_messages: int
    oldest: datetime


def sender_groups(session: Session, min_messages: int = 2) -> list[SenderGroup]:
    """People with at least ``min_messages`` open messages, most messages first, then oldest."""
    if min_messages < 1:
        raise ValueError(f"min_messages must be at least 1, not {min_messages}")
    count = func.count(Message.id)
    oldest = func.min(Message.date)
    rows = session.execute(
        select(Message.sender, count, oldest)
        .where(Message.status == MessageStatus.OPEN, Message.sender != "")
        .group_by(Message.sender)
        .having(count >= min_messages)
        .order_by(count.desc(), oldest, Message.sender)
    ).all()
    return [SenderGroup(sender, n, first) for sender, n, first in rows]


def open_messages_of(session: Session, sender: str) -> list[int]:
    """The ids of a person's open messages, oldest first."""
    return list(
        session.scalars(
            select(Message.id)
            .where(Message.sender == sender, Message.status == MessageStatus.OPEN)
            .order_by(Message.date, Message.id)
        )
    )
