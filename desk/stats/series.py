"""Volumes through time: received, answered and backlog per day or per hour, in local time.

The database counts messages per hour (or half or quarter hour) of UTC (one
grouped query for arrivals, one for first answers); this module then adds the
buckets up into the period's local days or hours. Every time zone's offset is
a whole number of quarters, and the bucket is chosen so that it never
straddles a local hour (:func:`bucket_seconds`), so a day of 23 or 25 hours
(daylight-saving changes) comes out right without asking either database
about time zones.
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
    """Counts per UTC bucket (its number since 1970): all requests, and backlog-bound ones.

    ``size`` is the bucket's length in seconds (see :func:`bucket_seconds`).
    """

    received: dict[int, tuple[int, int]]
    answered: dict[int, tuple[int, int]]
    backlog_start: int
    size: int = BUCKET_S


def bucket_seconds(period: Period) -> int:
    """The longest bucket (an hour, half or quarter of one) that never straddles a local hour.

    Most zones are a whole number of hours from UTC all through a period, so
    hourly buckets serve, and a year comes back as 8,800 rows rather than
    35,000 (turning rows into Python objects costs more than counting them).
    Zones such as India (+05:30) or Nepal (+05:45) need half or quarter hours.
    The offsets are read at every local midnight and noon of the period.
    """
    offsets = set()
    for day in period.days():
        midnight = local_midnight(day, period.zone)
        for moment in (midnight, midnight + timedelta(hours=12)):
            offset = moment.astimezone(period.zone).utcoffset()
            offsets.add(int(offset.total_seconds()) if offset is not None else 0)
    for size in (3600, 1800):
        if all(offset % size == 0 for offset in offsets):
            return size
    return BUCKET_S


def bucket_counts(
    session: Session, period: Period, as_of: datetime, first: FirstAnswers | None = None
) -> Buckets:
    """Arrivals and first answers in ``period`` per quarter hour, and the backlog at its start.

    ``first``: the first answers when the caller has already computed them
    (:func:`desk.stats.sql.first_answer_table`).
    """
    dialect = dialect_name(session)
    start, end = period.start, period.end
    size = bucket_seconds(period)
    in_scope = func.sum(case((in_backlog_scope(), 1), else_=0))
    arrival = epoch_seconds(Message.date, dialect).op("/")(size)
    received = {
        int(b): (int(n), int(k or 0))
        for b, n, k in session.execute(
            select(arrival, func.count(), in_scope)
            .where(Message.date >= start, Message.date < end, is_request())
            .group_by(arrival)
        )
    }
    first = first_answers(as_of) if first is None else first
    answer = epoch_seconds(first.c.first_at, dialect).op("/")(size)
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
    return Buckets(received, answered, int(waiting or 0), size)


def _boundaries(period: Period, step: Step) -> list[datetime]:
    """UTC starts of the period's local days or hours, then the period's end."""
    if step == "day":
        starts = [local_midnight(day, period.zone) for day in period.days()]
    else:
        hours = int((period.end - period.start) / timedelta(hours=1))
        starts = [period.start + timedelta(hours=h) for h in range(hours)]
    return [*starts, period.end]


def _spread(
    counts: dict[int, tuple[int, int]], edges: list[float], size: int, bucket_s: int
) -> list[list[int]]:
    """Add bucket counts into the steps whose [edge, next edge) holds them."""
    totals = [[0, 0] for _ in range(size)]
    for bucket, (everything, scoped) in counts.items():
        index = bisect.bisect_right(edges, bucket * bucket_s) - 1
        if 0 <= index < size:
            totals[index][0] += everything
            totals[index][1] += scoped
    return totals


def series_from(buckets: Buckets, period: Period, step: Step) -> tuple[VolumePoint, ...]:
    """The period's days or hours from the quarter counts, with the running backlog."""
    bounds = _boundaries(period, step)
    edges = [b.timestamp() for b in bounds]
    size = len(bounds) - 1
    received = _spread(buckets.received, edges, size, buckets.size)
    answered = _spread(buckets.answered, edges, size, buckets.size)
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
            hour = datetime.fromtimestamp(bucket * buckets.size, UTC).astimezone(period.zone).hour
            target[hour] += everything
    return tuple(HourOfDay(h, received[h], answered[h]) for h in range(24))


def volume_series(
    session: Session, period: Period, step: Step = "day", as_of: datetime | None = None
) -> tuple[VolumePoint, ...]:
    """Received, answered and backlog per local day or hour of ``period``."""
    return series_from(bucket_counts(session, period, as_of or utc_now()), period, step)
