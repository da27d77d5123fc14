"""Claims: an agent's lease on messages, so two agents never answer the same one.

A claim is a row per message (the primary key is the message), with the
agent and an expiry. Taking it is one atomic upsert that only overwrites a
claim held by the same agent (a renewal) or one whose lease has expired, so
the rule holds in the database itself, against concurrent agents on
PostgreSQL or SQLite alike, with no check-then-write race.

Leases are short (:data:`DEFAULT_LEASE`) and a running window renews them
with its heartbeat (:func:`renew_claims`, every :data:`HEARTBEAT_EVERY`):
when a window dies, its laptop sleeps or its VPN drops, the heartbeat stops
and within a couple of minutes the messages are back in everyone's queue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from desk.store.models import Agent, Claim, ClusterMember, Message, MessageStatus

# A claim lapses this long after its last renewal: a dead window holds nothing for long.
DEFAULT_LEASE = timedelta(minutes=2)
# How often a live window renews its claims (and its presence): four times per lease,
# so a heartbeat or two lost on a shaky VPN costs nothing.
HEARTBEAT_EVERY = timedelta(seconds=30)


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


def take_claims(
    session: Session, agent_id: int, message_ids: Iterable[int], now: datetime, lease: timedelta
) -> set[int]:
    """Claim these messages wherever nobody else holds them; returns those now the agent's.

    One upsert: a free message gets a claim, the agent's own claim is
    renewed, a lapsed claim is taken over, and another agent's live claim is
    left alone (and not returned). Nothing is checked about the messages
    themselves: callers pass open ones.
    """
    ids = sorted(set(message_ids))
    if not ids:
        return set()
    expires = now + lease
    insert = _insert(
        session,
        [
            {"message_id": m, "agent_id": agent_id, "claimed_at": now, "expires_at": expires}
            for m in ids
        ],
    )
    statement = insert.on_conflict_do_update(
        index_elements=[Claim.message_id],
        set_={
            "agent_id": insert.excluded.agent_id,
            # A renewal keeps when the agent first took it (the presence panel's "since").
            "claimed_at": case(
                ((Claim.agent_id == agent_id) & (Claim.expires_at > now), Claim.claimed_at),
                else_=insert.excluded.claimed_at,
            ),
            "expires_at": insert.excluded.expires_at,
        },
        # Only a renewal by the same agent, or a lease that has run out.
        where=(Claim.agent_id == agent_id) | (Claim.expires_at <= now),
    ).returning(Claim.message_id)
    return set(session.scalars(statement))


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
    if open_ids:
        take_claims(session, agent_id, open_ids, now, lease)
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


def release_any(session: Session, message_ids: Iterable[int]) -> int:
    """Free these messages whoever holds them (a team lead's action); returns how many.

    Who may do this is PostgreSQL's business (grants on ``claim``): this only
    performs it.
    """
    ids = sorted(set(message_ids))
    if not ids:
        return 0
    return int(
        session.execute(delete(Claim).where(Claim.message_id.in_(ids))).rowcount  # type: ignore[attr-defined]
        or 0
    )


def renew_claims(
    session: Session, agent_id: int, now: datetime, lease: timedelta = DEFAULT_LEASE
) -> int:
    """Extend every live claim the agent holds to ``now + lease``; returns how many (one UPDATE).

    The heartbeat of a running window. A claim that already lapsed is not
    revived (someone may have taken the message since), and a lease is never
    shortened.
    """
    if lease <= timedelta(0):
        raise ValueError(f"a lease must be positive, not {lease}")
    until = now + lease
    result = session.execute(
        update(Claim)
        .where(Claim.agent_id == agent_id, Claim.expires_at > now, Claim.expires_at < until)
        .values(expires_at=until)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class AgentClaims:
    """What one agent holds right now: for the presence panel and the queue's "held by"."""

    agent_id: int
    login: str
    display_name: str
    message_count: int
    cluster_ids: tuple[int, ...]  # the clusters some of those messages are in, ascending
    since: datetime  # the oldest of their live claims

    @property
    def cluster_count(self) -> int:
        """How many clusters the agent holds part of."""
        return len(self.cluster_ids)


def claims_by_agent(session: Session, now: datetime) -> list[AgentClaims]:
    """Every agent holding a live claim, with how much and since when, by display name."""
    rows = session.execute(
        select(
            Claim.agent_id,
            Agent.login,
            Agent.display_name,
            func.count(Claim.message_id),
            func.min(Claim.claimed_at),
        )
        .join(Agent, Agent.id == Claim.agent_id)
        .where(Claim.expires_at > now)
        .group_by(Claim.agent_id, Agent.login, Agent.display_name)
    ).all()
    clusters: dict[int, set[int]] = {}
    for agent_id, cluster_id in session.execute(
        select(Claim.agent_id, ClusterMember.cluster_id)
        .join(ClusterMember, ClusterMember.message_id == Claim.message_id)
        .where(Claim.expires_at > now)
        .distinct()
    ):
        clusters.setdefault(agent_id, set()).add(cluster_id)
    held = [
        AgentClaims(
            agent_id=agent_id,
            login=login,
            display_name=name,
            message_count=int(count),
            cluster_ids=tuple(sorted(clusters.get(agent_id, ()))),
            since=since,
        )
        for agent_id, login, name, count, since in rows
    ]
    return sorted(held, key=lambda a: (a.display_name.casefold(), a.agent_id))
