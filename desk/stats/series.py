"""Volumes through time: received, answered and backlog per day or per hour, in local time.

The database counts messages per quarter of an hour of UTC (one grouped query
for arrivals, one for first answers); this module then adds the quarters up
into the period's local days or hours. Every time zone's offset is a whole
number of quarters, so a quarter never straddles a local midnight, and a day
of 23 or 25 hours (daylight-saving changes) comes out right without asking
either database about time zones.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desk.core.clock import utc_now
from desk.stats.period import Period, local_midnight
from desk.stats.sql import (
    FirstAnswers,
    dialect_name,
    epoch_seconds,
    first_answers,
    in_backlog_scope,
    is_request,
)
from desk.store.models import Message

BUCKET_S = 900
Step = Literal["day", "hour"]


@dataclass(frozen=True)
class VolumePoint:
    """One day or hour: its local start, arrivals, first answers, backlog at its end."""

    start: datetime
    received: int
    answered: int
    backlog: int


@dataclass(frozen=True)
class HourOfDay:
    """Arrivals and first answers at one local hour of the day (0–23), over the period."""

    hour: int
    received: int
    answered: int


@dataclass(frozen=True)
class Buckets:
    """Counts per UTC quarter (its number since 1970): all requests, and backlog-bound ones."""

    received: dict[int, tuple[int, int]]
    answered: dict[int, tuple[int, int]]
    backlog_start: int


def bucket_counts(
    session: Session, period: Period, as_of: datetime, first: FirstAnswers | None = None
) -> Buckets:
    """Arrivals and first answers in ``period`` per quarter hour, and the backlog at its start.

    ``first``: the first answers when the caller has already computed them
    (:func:`desk.stats.sql.first_answer_table`).
    """
    dialect = dialect_name(session)
    start, end = period.start, period.end
    in_scope = func.sum(case((in_backlog_scope(), 1), else_=0))
    arrival = epoch_seconds(Message.date, dialect).op("/")(BUCKET_S)
    received = {
        int(b): (int(n), int(k or 0))
        for b, n, k in session.execute(
            select(arrival, func.count(), in_scope)
            .where(Message.date >= start, Message.date < end, is_request())
            .group_by(arrival)
        )
    }
    first = first_answers(as_of) if first is None else first
    answer = epoch_seconds(first.c.first_at, dialect).op("/")(BUCKET_S)
    answered = {
        int(b): (int(n), int(k or 0))
        for b, n, k in session.execute(
            select(answer, func.count(), in_scope)
            .join(Message, Message.id == first.c.message_id)
            .where(first.c.first_at >= start, first.c.first_at < end, is_request())
            .group_by(answer)
        )
    }
    waiting = session.scalar(
        select(func.count())
        .select_from(Message)
        .outerjoin(first, first.c.message_id == Message.id)
        .where(
            Message.date < start,
            in_backlog_scope(),
            (first.c.first_at.is_(None)) | (first.c.first_at >= start),
        )
    )
    return Buckets(received, answered, int(waiting or 0))


def _boundaries(period: Period, step: Step) -> list[datetime]:
    """UTC starts of the period's local days or hours, then the period's end."""
    if step == "day":
        starts = [local_midnight(day, period.zone) for day in period.days()]
    else:
        hours = int((period.end - period.start) / timedelta(hours=1))
        starts = [period.start + timedelta(hours=h) for h in range(hours)]
    return [*starts, period.end]


def _spread(counts: dict[int, tuple[int, int]], edges: list[float], size: int) -> list[list[int]]:
    """Add quarter counts into the steps whose [edge, next edge) holds them."""
    totals = [[0, 0] for _ in range(size)]
    for bucket, (everything, scoped) in counts.items():
        index = bisect.bisect_right(edges, bucket * BUCKET_S) - 1
        if 0 <= index < size:
            totals[index][0] += everything
            totals[index][1] += scoped
    return totals


def series_from(buckets: Buckets, period: Period, step: Step) -> tuple[VolumePoint, ...]:
    """The period's days or hours from the quarter counts, with the running backlog."""
    bounds = _boundaries(period, step)
    edges = [b.timestamp() for b in bounds]
    size = len(bounds) - 1
    received = _spread(buckets.received, edges, size)
    answered = _spread(buckets.answered, edges, size)
    backlog = buckets.backlog_start
    points = []
    for index in range(size):
        backlog += received[index][1] - answered[index][1]
        points.append(
            VolumePoint(
                start=bounds[index].astimezone(period.zone),
                received=received[index][0],
                answered=answered[index][0],
                backlog=backlog,
            )
        )
    return tuple(points)


def hour_profile(buckets: Buckets, period: Period) -> tuple[HourOfDay, ...]:
    """Arrivals and answers by local hour of the day, summed over the period (staffing)."""
    received = [0] * 24
    answered = [0] * 24
    for target, counts in ((received, buckets.received), (answered, buckets.answered)):
        for bucket, (everything, _) in counts.items():
            hour = datetime.fromtimestamp(bucket * BUCKET_S, UTC).astimezone(period.zone).hour
            target[hour] += everything
    return tuple(HourOfDay(h, received[h], answered[h]) for h in range(24))


def volume_series(
    session: Session, period: Period, step: Step = "day", as_of: datetime | None = None
) -> tuple[VolumePoint, ...]:
    """Received, answered and backlog per local day or hour of ``period``."""
    return series_from(bucket_counts(session, period, as_of or utc_now()), period, step)
