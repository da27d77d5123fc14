"""Recording agent actions, with active time only (pauses over two minutes are not work).

Every action an agent takes — claim, open, read, choose a template, edit,
send, skip, release — becomes one :class:`~desk.store.models.HandlingEvent`
with the messages it concerned. Its duration is *active* time: the UI passes
the moments it saw the agent act (keys, clicks, scrolls), and a gap between
two of them longer than :data:`MAX_PAUSE` counts as a pause, not as work, so
a coffee break in the middle of an answer does not inflate the statistics.
One answer sent to a cluster of N messages is one event with
``message_count = N``; the statistics share its time among the N.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import pairwise

from sqlalchemy import insert
from sqlalchemy.orm import Session

from desk.store.models import EventKind, EventMessage, HandlingEvent

MAX_PAUSE = timedelta(minutes=2)


def active_ms(
    started_at: datetime,
    ended_at: datetime,
    activity: Iterable[datetime] = (),
    max_pause: timedelta = MAX_PAUSE,
) -> int:
    """Milliseconds of work between ``started_at`` and ``ended_at``.

    The start, the end and every activity moment inside them (moments outside
    are clamped to the bounds) are put in order; each gap between neighbours
    counts fully when it is at most ``max_pause`` and not at all when longer
    (a pause of any length is not work). With no activity moments the whole
    span counts when it is short, and nothing when it is one long pause.
    """
    if ended_at < started_at:
        raise ValueError(f"event ends ({ended_at}) before it starts ({started_at})")
    moments = sorted({started_at, ended_at, *(min(max(m, started_at), ended_at) for m in activity)})
    total = timedelta(0)
    for before, after in pairwise(moments):
        gap = after - before
        if gap <= max_pause:
            total += gap
    return total // timedelta(milliseconds=1)


def record_event(
    session: Session,
    agent_id: int,
    kind: EventKind,
    message_ids: Iterable[int],
    started_at: datetime,
    ended_at: datetime,
    *,
    activity: Iterable[datetime] = (),
    cluster_id: int | None = None,
    template_id: int | None = None,
    max_pause: timedelta = MAX_PAUSE,
) -> int:
    """Store one agent action and the messages it concerned; returns the event's id.

    ``activity``: the moments the agent was seen acting, from which
    :func:`active_ms` computes the active time. The caller owns the session
    (and commits it); nothing else is written.
    """
    ids = sorted(set(message_ids))
    event = HandlingEvent(
        agent_id=agent_id,
        kind=kind,
        started_at=started_at,
        ended_at=ended_at,
        active_ms=active_ms(started_at, ended_at, activity, max_pause),
        cluster_id=cluster_id,
        template_id=template_id,
        message_count=len(ids),
    )
    session.add(event)
    session.flush()
    if ids:
        session.execute(
            insert(EventMessage), [{"event_id": event.id, "message_id": m} for m in ids]
        )
    return event.id
