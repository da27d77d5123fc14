"""Claims: an agent's lease on messages, so two agents never answer the same one.

A claim is a row per message (the primary key is the message), with the
agent and an expiry. Taking it is one atomic upsert that only overwrites a
claim held by the same agent (a renewal) or one whose lease has expired, so
the rule holds in the database itself, against concurrent agents on
PostgreSQL or SQLite alike, with no check-then-write race. An agent whose
laptop sleeps loses nothing for good: the lease expires and the messages come
back to the queue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from desk.store.models import Claim, ClusterMember, Message, MessageStatus

DEFAULT_LEASE = timedelta(minutes=15)


@dataclass(frozen=True)
class ClaimResult:
    """What a claim attempt got.

    ``claimed``: messages now held by the agent (new or renewed);
    ``held_by_others``: message → the agent holding it; ``not_open``: messages
    already answered, closed or not requests, which nobody claims.
    """

    claimed: frozenset[int]
    held_by_others: dict[int, int]
    not_open: frozenset[int]


def _insert(session: Session, rows: list[dict[str, object]]) -> sqlite.Insert | postgresql.Insert:
    """An INSERT that can say ON CONFLICT: both supported databases have it."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(Claim).values(rows)
    if dialect == "sqlite":
        return sqlite.insert(Claim).values(rows)
    raise NotImplementedError(f"claims need SQLite or PostgreSQL, not {dialect}")


def active_holders(session: Session, message_ids: Iterable[int], now: datetime) -> dict[int, int]:
    """Message → agent for every unexpired claim on these messages."""
    ids = list(message_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Claim.message_id, Claim.agent_id).where(
            Claim.message_id.in_(ids), Claim.expires_at > now
        )
    ).all()
    return {message_id: agent_id for message_id, agent_id in rows}


def claim_messages(
    session: Session,
    agent_id: int,
    message_ids: Iterable[int],
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
) -> ClaimResult:
    """Take (or renew) the lease on every open message nobody else holds.

    Messages another agent holds are left to them and reported, so the UI can
    say who has them; the caller's transaction makes the claim visible.
    """
    if lease <= timedelta(0):
        raise ValueError(f"a lease must be positive, not {lease}")
    wanted = sorted(set(message_ids))
    if not wanted:
        return ClaimResult(frozenset(), {}, frozenset())
    open_ids = set(
        session.scalars(
            select(Message.id).where(Message.id.in_(wanted), Message.status == MessageStatus.OPEN)
        )
    )
    expires = now + lease
    if open_ids:
        insert = _insert(
            session,
            [
                {"message_id": m, "agent_id": agent_id, "claimed_at": now, "expires_at": expires}
                for m in sorted(open_ids)
            ],
        )
        session.execute(
            insert.on_conflict_do_update(
                index_elements=[Claim.message_id],
                set_={
                    "agent_id": insert.excluded.agent_id,
                    "claimed_at": insert.excluded.claimed_at,
                    "expires_at": insert.excluded.expires_at,
                },
                # Only a renewal by the same agent, or a lease that has run out.
                where=(Claim.agent_id == agent_id) | (Claim.expires_at <= now),
            )
        )
    holders = active_holders(session, open_ids, now)
    return ClaimResult(
        claimed=frozenset(m for m, holder in holders.items() if holder == agent_id),
        held_by_others={m: holder for m, holder in holders.items() if holder != agent_id},
        not_open=frozenset(set(wanted) - open_ids),
    )


def claim_cluster(
    session: Session,
    agent_id: int,
    cluster_id: int,
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
) -> ClaimResult:
    """Claim every open message of a cluster before answering it."""
    members = session.scalars(
        select(ClusterMember.message_id).where(ClusterMember.cluster_id == cluster_id)
    )
    return claim_messages(session, agent_id, members, now, lease)


def release(session: Session, agent_id: int, message_ids: Iterable[int] | None = None) -> int:
    """Give back the agent's claims (all of them, or on these messages); returns how many."""
    statement = delete(Claim).where(Claim.agent_id == agent_id)
    if message_ids is not None:
        statement = statement.where(Claim.message_id.in_(list(message_ids)))
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
