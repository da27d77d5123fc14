"""What follows each sync pass besides clustering: hand-offs followed up, then acknowledgements.

Whoever syncs (``desk serve``, ``desk sync``, the window that holds the sync)
calls :func:`after_sync_pass` once per pass, with or without new mail. The
order matters: a service's answer to a hand-off is recognised (and closed)
before acknowledgements are decided, so a service is never acknowledged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from desk.core.clock import utc_now
from desk.replies.acks import AckReport, acknowledge_new_mail
from desk.replies.handoffs import FollowUp, follow_up

log = logging.getLogger(__name__)


@dataclass
class PassReport:
    """Hand-offs answered, failed or overdue; acknowledgements and status updates queued."""

    handoffs: FollowUp
    acks: AckReport


def after_sync_pass(
    sessions: sessionmaker[Session],
    account_name: str,
    new_ids: Sequence[int],
    *,
    promise_hours: int,
    now: datetime | None = None,
) -> PassReport:
    """Follow hand-offs up, then acknowledge new requests and update overdue ones."""
    now = now or utc_now()
    with sessions.begin() as session:
        handoffs = follow_up(session, new_ids, now)
    if handoffs.answered or handoffs.failed or handoffs.overdue:
        log.info(
            "hand-offs: answered %s, failed %s, overdue %s",
            handoffs.answered,
            handoffs.failed,
            handoffs.overdue,
        )
    acks = acknowledge_new_mail(
        sessions, account_name, new_ids, promise_hours=promise_hours, now=now
    )
    return PassReport(handoffs=handoffs, acks=acks)
