"""The locks that make claiming and answering race-free, on PostgreSQL and on SQLite.

PostgreSQL runs the team: many agents write at once, so each operation says
exactly what it serialises on. Confirming an answer locks the messages it
answers (``FOR NO KEY UPDATE``, in id order, so two answers never deadlock
each other), so of two answers to the same message exactly one is queued;
``NO KEY`` leaves claim inserts (whose foreign-key check takes a key-share
lock) unblocked. Taking "the next cluster" locks the cluster's row the same
way, skipping rows others hold (:mod:`desk.queue.dispatch`).

SQLite has one writer at a time. The driver (pysqlite) starts a transaction
only at the first write, and a savepoint taken before it would begin and then
commit one of its own; so these operations first take the database's write
lock with an empty write, and everything after runs serialised and atomic.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desk.core.clock import utc_now
from desk.store.models import Message, MessageStatus

_CHUNK = 500  # ids per IN (...) list

_EMPTY_WRITE = text("UPDATE claim SET agent_id = agent_id WHERE 0")


def dialect_of(session: Session) -> str:
    """The database's dialect name: ``"postgresql"`` or ``"sqlite"``."""
    return session.get_bind().dialect.name


def hold_writer(session: Session) -> None:
    """On SQLite, take the one write lock now (no-op on PostgreSQL).

    An empty UPDATE makes the driver begin the transaction and SQLite grant
    the write lock (waiting up to the busy timeout); reads after it see the
    latest data and nobody writes until the caller commits.
    """
    if dialect_of(session) == "sqlite":
        session.execute(_EMPTY_WRITE)


def lock_messages(
    session: Session, message_ids: Iterable[int]
) -> dict[int, tuple[MessageStatus, str, str]]:
    """Lock these messages until commit and read them: id → (status, sender, From address).

    PostgreSQL locks the rows ``FOR NO KEY UPDATE`` in id order (the lock is
    taken after the sort), so a concurrent answer to any of them waits, then
    sees what this transaction did. SQLite takes its write lock. Missing
    messages are absent from the result.
    """
    ids = sorted(set(message_ids))
    hold_writer(session)
    found: dict[int, tuple[MessageStatus, str, str]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = session.execute(
            select(Message.id, Message.status, Message.sender, Message.from_addr)
            .where(Message.id.in_(chunk))
            .order_by(Message.id)
            .with_for_update(key_share=True)
        )
        for message_id, status, sender, from_addr in rows:
            found[message_id] = (status, sender or "", from_addr or "")
    return found


def database_now(session: Session) -> datetime:
    """The database server's clock (UTC); the local clock on SQLite, which is local anyway.

    Leases compare times written by many computers: a workstation whose clock
    runs three minutes ahead would see every colleague's two-minute claim as
    lapsed. Team clients should take ``now`` from here, not from their own clock.
    """
    if dialect_of(session) != "postgresql":
        return utc_now()
    value = session.execute(text("SELECT statement_timestamp()")).scalar_one()
    if not isinstance(value, datetime):
        raise TypeError(f"statement_timestamp() gave {value!r}")
    return value.astimezone(UTC)
