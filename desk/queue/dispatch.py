""" "Next for me": give an agent the best cluster nobody else is on, at once, even in a crowd.

The caller ranks (the window has its queue order, the load bench the
priority order); :func:`next_for_me` walks that ranking and claims the first
cluster whose open messages are all free, all of them or none. When eighty
agents press the button at the same moment they must get eighty different
clusters, quickly, without waiting behind one another. Per attempt:

1. one query finds, among a window of the ranking, the best cluster with an
   unanswered message and none held by someone else, and locks its row
   ``FOR NO KEY UPDATE SKIP LOCKED``: a cluster another agent is taking at
   this instant is skipped, not waited for, so the crowd spreads over the
   ranking in one round trip each (PostgreSQL's job-queue idiom; ``NO KEY``
   leaves foreign-key checks on the cluster, such as new members, unblocked);
2. under that lock the cluster's unanswered messages are read again (the
   first query's snapshot may predate a colleague's commit);
3. they are claimed in a savepoint with the claim upsert, which never
   overwrites someone else's live claim; if one escaped (a window opening
   it by hand an instant ago), the savepoint is rolled back and the next
   attempt excludes that cluster.

The row lock is held until the caller commits, so commit soon after. On
SQLite (one agent, or a few threads in the tests) the write lock taken first
serialises callers instead, and the same queries run without the lock clause.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Integer, Select, String, bindparam, cast, func, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, aliased

from desk.queue.claims import DEFAULT_LEASE, take_claims
from desk.queue.locks import dialect_of, hold_writer
from desk.queue.priority import waiting_for_answer
from desk.store.models import Claim, Cluster, ClusterMember, Message

CANDIDATE_WINDOW = 100  # ranked clusters one query considers
# psycopg prepares a statement a connection runs five times, and PostgreSQL may then
# plan it once for any values (a "generic" plan): for the look below, on the load run's
# store, 47 ms a call against 2.6 ms when planned for the ranking at hand (the planning
# included). Each "next for me" transaction asks for plans made for its values.
_CUSTOM_PLANS = text("SET LOCAL plan_cache_mode = force_custom_plan")


@dataclass(frozen=True, slots=True)
class NextCluster:
    """The cluster an agent was given, and the open messages they now hold in it."""

    cluster_id: int
    message_ids: tuple[int, ...]  # ascending
    expires_at: datetime
    passed_over: int  # better-ranked candidates not given (answered, held, or being taken)


class _EscapedError(Exception):
    """A message was claimed by someone else between the look and the claim."""


@cache
def _first_free_statement(dialect: str) -> Select[int]:
    """The query of :func:`_lock_first_free`, built once per dialect (binds: agent, now, ranking).

    The ranking orders the rows through one bound value (an array on
    PostgreSQL, a ``,1,2,`` string on SQLite), not a CASE of a hundred
    branches, so the statement is compiled once and cached.
    """
    member = aliased(ClusterMember)
    # OFFSET 0 keeps each EXISTS a per-candidate subplan (PostgreSQL does not turn a
    # subquery with an OFFSET into a join): lookups from the hundred candidates,
    # whatever the statistics say. Turned into joins, the planner chose by statistics
    # that lag behind a busy morning (replies queued by the thousand since the last
    # ANALYZE) and hashed every open message and every reply on its way: 8.7 ms a call
    # against 1.1 ms on the load run's store (6,000 messages, 2,000 replies queued).
    # Fencing the reply check inside as well, per message, cost more than it saved:
    # under 80 agents the server spent 170 ms a call against 14 ms (bench.team A/B).
    has_open = (
        select(member.message_id)
        .join(Message, Message.id == member.message_id)
        .where(member.cluster_id == Cluster.id, waiting_for_answer())
        .offset(0)
        .exists()
    )
    # A member's live claim is looked up by its key, per member: joined instead, the
    # planner drove from "every claim not yet expired", which statistics taken minutes
    # earlier put at one row (live claims expire after their last histogram bound)
    # while 1,600 were live: 10.6 s for one call at 26,000 messages under 80 agents.
    claimed_by_other = (
        select(Claim.message_id)
        .where(
            Claim.message_id == member.message_id,
            Claim.expires_at > bindparam("now", type_=Claim.expires_at.type),
            Claim.agent_id != bindparam("agent", type_=Integer),
        )
        .offset(0)
        .exists()
    )
    held = (
        select(member.message_id)
        .join(Message, Message.id == member.message_id)
        .where(member.cluster_id == Cluster.id, claimed_by_other, waiting_for_answer())
        .offset(0)
        .exists()
    )
    if dialect == "postgresql":
        rank = func.array_position(bindparam("ranked", type_=postgresql.ARRAY(Integer)), Cluster.id)
    else:
        rank = func.instr(bindparam("ranked", type_=String), "," + cast(Cluster.id, String) + ",")
    return (
        select(Cluster.id)
        .where(Cluster.id.in_(bindparam("candidates", expanding=True)), has_open, ~held)
        .order_by(rank)
        .limit(1)
        .with_for_update(key_share=True, skip_locked=True)
    )


def _lock_first_free(
    session: Session, agent_id: int, candidates: Sequence[int], now: datetime
) -> int | None:
    """The best-ranked candidate that looks free, its row locked; None if none is.

    "Looks free": it has an unanswered message, and no unanswered message of
    it has a live claim of another agent. Rows other transactions have
    locked are skipped (PostgreSQL); SQLite ignores the lock clause.
    """
    dialect = dialect_of(session)
    ranked: object = list(candidates)
    if dialect != "postgresql":
        ranked = "," + ",".join(map(str, candidates)) + ","
    return session.scalar(
        _first_free_statement(dialect),
        {"agent": agent_id, "now": now, "ranked": ranked, "candidates": list(candidates)},
    )


_FREE_MEMBERS = (
    select(Message.id, Claim.agent_id)
    .join(ClusterMember, ClusterMember.message_id == Message.id)
    .outerjoin(
        Claim,
        (Claim.message_id == Message.id)
        & (Claim.expires_at > bindparam("now", type_=Claim.expires_at.type)),
    )
    .where(
        ClusterMember.cluster_id == bindparam("cluster", type_=Integer),
        waiting_for_answer(),
    )
)


def _free_members(session: Session, agent_id: int, cluster_id: int, now: datetime) -> list[int]:
    """The cluster's unanswered messages, or none if any is held by someone else."""
    rows = session.execute(_FREE_MEMBERS, {"now": now, "cluster": cluster_id}).all()
    if any(holder is not None and holder != agent_id for _, holder in rows):
        return []
    return sorted(message_id for message_id, _ in rows)


def _claim_all(
    session: Session, agent_id: int, ids: list[int], now: datetime, lease: timedelta
) -> bool:
    """Claim every one of ``ids`` or none (a savepoint undoes a partial claim)."""
    try:
        with session.begin_nested():
            if take_claims(session, agent_id, ids, now, lease) != set(ids):
                raise _EscapedError
    except _EscapedError:
        return False
    return True


def next_for_me(
    session: Session,
    agent_id: int,
    ranked_cluster_ids: Iterable[int],
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
) -> NextCluster | None:
    """Claim the first cluster of the ranking whose open messages are all free; None if none is.

    "Free" includes the agent's own claims (renewed). A cluster with no open
    message, or with one held by another agent, or being taken by another
    transaction at this instant (PostgreSQL), is passed over without waiting.
    The claims become visible when the caller commits.
    """
    if lease <= timedelta(0):
        raise ValueError(f"a lease must be positive, not {lease}")
    ranked = list(dict.fromkeys(ranked_cluster_ids))
    position = {cluster_id: i for i, cluster_id in enumerate(ranked)}
    hold_writer(session)
    if dialect_of(session) == "postgresql":
        session.execute(_CUSTOM_PLANS)
    for start in range(0, len(ranked), CANDIDATE_WINDOW):
        candidates = ranked[start : start + CANDIDATE_WINDOW]
        while candidates:
            cluster_id = _lock_first_free(session, agent_id, candidates, now)
            if cluster_id is None:
                break
            ids = _free_members(session, agent_id, cluster_id, now)
            if ids and _claim_all(session, agent_id, ids, now, lease):
                return NextCluster(cluster_id, tuple(ids), now + lease, position[cluster_id])
            # Taken between the look and the lock: look again without it.
            candidates = [c for c in candidates if c != cluster_id]
    return None
