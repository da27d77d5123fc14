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

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from desk.core.clock import utc_now
from desk.stats.period import Period, local_midnight
from desk.stats.sql import (
    FirstAnswers,
    SlotNumbers,
    dialect_name,
    first_answer_table,
    in_backlog_scope,
    is_request,
    slot_key,
    tuned_for_statistics,
)
from desk.store.models import Message, MessageStatus

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
    """Arrivals and first answers in ``period`` per UTC time slot, and the backlog at its start.

    ``first``: the first answers when the caller has already computed them
    (:func:`desk.stats.sql.first_answer_table`).
    """
    if first is None:
        with tuned_for_statistics(session), first_answer_table(session, as_of) as table:
            return bucket_counts(session, period, as_of, table)
    answered, waiting = answer_counts(session, period, first)
    return Buckets(arrival_counts(session, period), answered, waiting, bucket_seconds(period))


def arrival_counts(session: Session, period: Period) -> dict[int, tuple[int, int]]:
    """Requests received in ``period`` per time slot: (all, those that stay until answered)."""
    size = bucket_seconds(period)
    number = SlotNumbers(size)
    in_scope = func.sum(case((in_backlog_scope(), 1), else_=0))
    arrival = slot_key(Message.date, size, dialect_name(session))
    return {
        number(b): (int(n), int(k or 0))
        for b, n, k in session.execute(
            select(arrival, func.count(), in_scope)
            .where(Message.date >= period.start, Message.date < period.end, is_request())
            .group_by(arrival)
        )
    }


def answer_counts(
    session: Session, period: Period, first: FirstAnswers
) -> tuple[dict[int, tuple[int, int]], int]:
    """First answers in ``period`` per time slot, as :class:`Buckets` holds them, and the backlog.

    The first answers are counted from their table alone; the few answered
    messages that do not count (auto-replies) or leave no backlog (closed)
    are then taken off, so the message table is joined only for them. The
    backlog at the start: requests received before it, unanswered then.
    """
    size = bucket_seconds(period)
    number = SlotNumbers(size)
    start, end = period.start, period.end
    answer = slot_key(first.c.first_at, size, dialect_name(session))
    in_period = and_(first.c.first_at >= start, first.c.first_at < end)
    answered_all = {
        number(b): int(n)
        for b, n in session.execute(select(answer, func.count()).where(in_period).group_by(answer))
    }
    # Answered messages that are not requests (not counted) or were closed (not in the backlog).
    not_counted: dict[int, list[int]] = {}
    for b, status, n in session.execute(
        select(answer, Message.status, func.count())
        .join(Message, Message.id == first.c.message_id)
        .where(in_period, Message.status.in_((MessageStatus.NON_REQUEST, MessageStatus.CLOSED)))
        .group_by(answer, Message.status)
    ):
        counts = not_counted.setdefault(number(b), [0, 0])
        counts[0 if status == MessageStatus.NON_REQUEST else 1] += int(n)
    answered: dict[int, tuple[int, int]] = {}
    for slot, n in answered_all.items():
        non_requests, closed = not_counted.get(slot, [0, 0])
        if n > non_requests:
            answered[slot] = (n - non_requests, n - non_requests - closed)
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
    return answered, int(waiting or 0)


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
