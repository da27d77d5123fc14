"""Replies the outbox cannot settle alone, and replies whose last attempt failed, for agents.

A reply interrupted after it was handed over to a server that keeps no copy
in Sent (or whose habit is not known yet) is ``in_doubt``
(:mod:`desk.mail.outbox`): it may have left or not, and the outbox never
sends it again on its own. An agent, who can ask the recipient or look in the
server's logs, decides with one of two calls:

* :func:`send_again`: it did not leave → ``queued``; the outbox sends it at its next run;
* :func:`mark_went`: it left → ``sent``, as the outbox records a reply that left (the
  messages it answers become answered, the statistics count it at its hand-over time),
  and the next outbox run files its copy in Sent.

Each decision is a conditional update on the ``in_doubt`` state: two agents
deciding at once, one wins, the other's call changes nothing (it returns 0).

:func:`failed_replies` lists the replies whose last send attempt failed and
why, from the reply rows (``last_error``, ``last_error_at``), so a failure
that happened after the window closed (or in the service) is shown at the
next start. Plain frozen rows, no session kept: the window calls these on a
worker.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desk.mail.outbox import mark_sent
from desk.store.models import Reply, ReplyState

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TroubledReply:
    """A reply an agent should look at: to whom, about what, when, and what went wrong."""

    reply_id: int
    to_addr: str
    subject: str
    state: ReplyState
    when: datetime  # its last send attempt, else when the error was noted, else when queued
    reason: str


def _rows(session: Session, condition: object) -> list[TroubledReply]:
    rows = session.execute(
        select(
            Reply.id,
            Reply.to_addr,
            Reply.subject,
            Reply.state,
            Reply.attempted_at,
            Reply.last_error_at,
            Reply.created_at,
            Reply.last_error,
        )
        .where(condition)  # type: ignore[arg-type]
        .order_by(Reply.id)
    ).all()
    return [
        TroubledReply(
            reply_id=row.id,
            to_addr=row.to_addr,
            subject=row.subject,
            state=row.state,
            when=row.attempted_at or row.last_error_at or row.created_at,
            reason=row.last_error or "",
        )
        for row in rows
    ]


def replies_in_doubt(session: Session) -> list[TroubledReply]:
    """The replies that may or may not have left, oldest first: an agent must decide."""
    return _rows(session, Reply.state == ReplyState.IN_DOUBT)


def failed_replies(session: Session) -> list[TroubledReply]:
    """Replies whose last send attempt failed, and why, oldest first.

    Refused for good (``failed``), and those still waiting whose last attempt
    failed (a busy server, a lost connection, a whole outbox run that failed:
    a refused login, a database gone): they go again by themselves, but the
    agent should know they have not left yet.
    """
    return _rows(
        session,
        (Reply.state == ReplyState.FAILED)
        | ((Reply.state == ReplyState.QUEUED) & Reply.last_error.is_not(None)),
    )


def send_again(session: Session, reply_ids: Sequence[int]) -> int:
    """The agent says these replies did not leave: queued for the outbox's next run.

    Only replies still in doubt change; returns how many did. The same
    Message-ID goes out again, so a recipient who did get the first copy sees
    one conversation, and mail programs that deduplicate by Message-ID show one.
    """
    if not reply_ids:
        return 0
    statement = (
        update(Reply)
        .where(Reply.id.in_(list(reply_ids)), Reply.state == ReplyState.IN_DOUBT)
        .values(
            state=ReplyState.QUEUED,
            not_before=None,
            last_error=None,
            last_error_at=None,
            lease_owner=None,
            lease_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    changed = int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
    log.info("in doubt: %d repl(y/ies) queued again by an agent", changed)
    return changed


def mark_went(session: Session, reply_ids: Sequence[int], now: datetime) -> int:
    """The agent says these replies left: sent, at their hand-over time (``now`` if unknown).

    Only replies still in doubt change; returns how many did.
    """
    if not reply_ids:
        return 0
    rows = session.execute(
        select(Reply.id, Reply.attempted_at).where(
            Reply.id.in_(list(reply_ids)), Reply.state == ReplyState.IN_DOUBT
        )
    ).all()
    went = 0
    for reply_id, attempted_at in rows:
        when = attempted_at or now
        # Taken out of doubt by a conditional update first: of two agents deciding at
        # once, only one records it.
        taken = session.execute(
            update(Reply)
            .where(Reply.id == reply_id, Reply.state == ReplyState.IN_DOUBT)
            .values(state=ReplyState.SENT, sent_at=when)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        if taken:
            mark_sent(session, reply_id, when)
            went += 1
    log.info("in doubt: %d repl(y/ies) marked sent by an agent", went)
    return went
