"""The window's side of team dispatch: "next for me", and the heartbeat that keeps claims alive.

Both run on a worker in one short transaction each (commit right after: the
dispatch lock of the cluster taken is held until then). :func:`take_next`
gives back what the window needs to show the cluster at once, as
:func:`~desk.workbench.worklist.row_members` and
:func:`~desk.workbench.worklist.representative_text` would. :func:`keep_alive`
is the window's timer (every :data:`~desk.queue.claims.HEARTBEAT_EVERY`):
presence and claims renewed together, presence joined again if it was swept
while the computer slept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from desk.queue.claims import DEFAULT_LEASE, release, renew_claims
from desk.queue.dispatch import next_for_me
from desk.queue.presence import PresenceKind, heartbeat, join
from desk.workbench.worklist import cluster_members, representative_text


@dataclass(frozen=True, slots=True)
class TakenCluster:
    """The cluster "next for me" gave the agent, ready to open."""

    key: str  # the queue row's key ("c<id>")
    cluster_id: int
    member_ids: tuple[int, ...]  # every member, open ones first, as the row lists them
    claimed: tuple[int, ...]  # the open members the agent now holds
    expires_at: datetime
    representative: str | None  # the text members are compared with


def take_next(
    session: Session,
    agent_id: int,
    ranked_ids: Iterable[int],
    now: datetime,
    *,
    leaving: Sequence[int] = (),
    lease: timedelta = DEFAULT_LEASE,
) -> TakenCluster | None:
    """Give back ``leaving`` (the row the agent leaves), then claim the best free cluster.

    ``ranked_ids`` are cluster ids in the window's queue order, without the
    row being left (else it may come straight back). None when every ranked
    cluster is answered or held by someone else.
    """
    if leaving:
        release(session, agent_id, leaving)
    got = next_for_me(session, agent_id, ranked_ids, now, lease)
    if got is None:
        return None
    return TakenCluster(
        key=f"c{got.cluster_id}",
        cluster_id=got.cluster_id,
        member_ids=tuple(cluster_members(session, got.cluster_id)),
        claimed=got.message_ids,
        expires_at=got.expires_at,
        representative=representative_text(session, got.cluster_id),
    )


@dataclass(frozen=True, slots=True)
class KeptAlive:
    """What a heartbeat did: the presence token to use from now on, and claims renewed."""

    token: str
    rejoined: bool  # the old row was gone (swept): a new one was made
    renewed: int


def keep_alive(
    session: Session,
    token: str | None,
    *,
    agent_id: int,
    login: str,
    host: str,
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
) -> KeptAlive:
    """The window's heartbeat: presence refreshed (joined if missing) and its claims renewed.

    Claims that already lapsed stay lapsed (someone may have them now); the
    window learns which it still holds from the live claims it shows.
    """
    rejoined = token is None or not heartbeat(session, token, now)
    if rejoined or token is None:
        token = join(session, agent_id, login, PresenceKind.WINDOW, host, now)
    return KeptAlive(token, rejoined, renew_claims(session, agent_id, now, lease))
