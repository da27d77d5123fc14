"""The key figures of a period: volumes, backlog, first-response times, the deadline, effort.

Definitions (all computed by the database, the same on SQLite and PostgreSQL):

- *received*: requests (not auto-replies, bounces or spam) that arrived in the period;
- *answered*: requests whose first answer (earliest reply in state *sent*) was
  sent in the period, whenever they arrived;
- *backlog*: requests that arrived before a moment and had no answer yet at it
  (messages closed without an answer are left out, see :func:`desk.stats.sql.in_backlog_scope`);
- *first-response time*: for requests received in the period and answered by
  ``as_of``, first answer minus arrival; median and 90th percentile;
- *share within the deadline*: of requests received in the period whose fate
  is known at ``as_of`` (answered, or unanswered with the deadline passed),
  those answered within ``deadline_hours``; requests still inside their
  deadline are *pending* and counted in neither part;
- *re-contacts*: requests answered in the period whose sender wrote again
  within 7 days after the answer;
- effort: actions, sends and active time from the handling events that
  started in the period, and messages answered per action and per send.

Every ratio is None, never a division by zero, when its denominator is zero.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from desk.core.clock import utc_now
from desk.stats.period import Period
from desk.stats.series import (
    Buckets,
    HourOfDay,
    VolumePoint,
    answer_counts,
    arrival_counts,
    bucket_seconds,
    hour_profile,
    series_from,
)
from desk.stats.sql import (
    FirstAnswers,
    alongside,
    dialect_name,
    first_answer_table,
    in_backlog_scope,
    interpolate,
    is_request,
    seconds_between,
    tuned_for_statistics,
    within_days_after,
)
from desk.stats.tables import AgentRow, GroupRow, Tables, handling_tables
from desk.store.models import Message, MessageStatus

RECONTACT_DAYS = 7
# Upper edges (hours) of the first-response distribution's bins; the last bin is open.
RESPONSE_BINS_H: tuple[int, ...] = (1, 4, 8, 24, 48, 72, 168)


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class ResponseTimes:
    """First responses to the requests received in the period.

    ``distribution``: counts per bin of :data:`RESPONSE_BINS_H` (one more for
    beyond the last edge), answered requests only.
    """

    answered: int
    median_s: float | None
    p90_s: float | None
    within_deadline: int
    late: int
    pending: int
    distribution: tuple[int, ...]

    @property
    def share_within_deadline(self) -> float | None:
        """Answered in time over all whose fate is known; None when none is known yet."""
        return _ratio(self.within_deadline, self.within_deadline + self.late)


@dataclass(frozen=True)
class Kpis:
    """Everything the report shows for one period, as plain values (safe to hand to a UI)."""

    period: Period
    deadline_hours: int
    as_of: datetime
    received: int
    answered: int
    backlog_start: int
    backlog_end: int
    response: ResponseTimes
    recontacted: int
    actions: int
    sends: int
    active_ms: int
    days: tuple[VolumePoint, ...]
    hours: tuple[HourOfDay, ...]
    agents: tuple[AgentRow, ...]
    templates: tuple[GroupRow, ...]
    categories: tuple[GroupRow, ...]

    @property
    def has_data(self) -> bool:
        """False for a period where nothing arrived, was answered, waited or was done."""
        return bool(
            self.received or self.answered or self.actions or self.backlog_start or self.backlog_end
        )

    @property
    def answered_per_action(self) -> float | None:
        """Messages answered per recorded agent action (any kind)."""
        return _ratio(self.answered, self.actions)

    @property
    def answered_per_send(self) -> float | None:
        """Messages answered per send action: one reply to a cluster answers many."""
        return _ratio(self.answered, self.sends)

    @property
    def recontact_share(self) -> float | None:
        """Share of the period's answered requests whose sender wrote again within 7 days."""
        return _ratio(self.recontacted, self.answered)

    @property
    def ms_per_answer(self) -> float | None:
        """Active time per message answered in the period."""
        return _ratio(self.active_ms, self.answered)


def _response_times(
    session: Session, period: Period, deadline_hours: int, as_of: datetime, first: FirstAnswers
) -> ResponseTimes:
    """First responses to the period's requests: counts, bins and percentiles.

    PostgreSQL computes everything in one pass, percentiles included. SQLite
    has no percentile function, and numbering the seconds with a window
    function costs more than sorting them in Python: there the seconds come
    back as one column, and the bins, the deadline split and the percentiles
    are read off the sorted list (:func:`_from_sorted_seconds`), and the
    unanswered ones are counted as the owed arrivals less the answered ones
    (an index range count rather than a lookup per message).
    """
    if dialect_name(session) == "postgresql":
        return _response_times_postgresql(session, period, deadline_hours, as_of, first)
    in_period = and_(Message.date >= period.start, Message.date < period.end)
    statement = (
        select(seconds_between(first.c.first_at, Message.date, "sqlite"))
        .select_from(Message)
        .join(first, first.c.message_id == Message.id)
        .where(in_period, is_request())
    )
    # The driver's rows as they are: SQLAlchemy's per-row objects would cost
    # twice the query for 200,000 floats (the values need no conversion).
    seconds = [row[0] for row in session.connection().execute(statement).cursor.fetchall()]
    owed_arrivals = session.scalar(select(func.count()).where(in_period, in_backlog_scope()))
    answered_closed = session.scalar(
        select(func.count())
        .select_from(Message)
        .join(first, first.c.message_id == Message.id)
        .where(in_period, Message.status == MessageStatus.CLOSED)
    )
    # Owed and unanswered: every owed arrival but the answered ones (answered
    # requests less the closed ones). Late once the deadline has passed, pending until then.
    unanswered = int(owed_arrivals or 0) - (len(seconds) - int(answered_closed or 0))
    due = as_of - timedelta(hours=deadline_hours)
    pending = 0
    if due < period.end:
        pending = int(
            session.scalar(
                select(func.count()).where(
                    in_period,
                    Message.date > due,
                    in_backlog_scope(),
                    ~select(first.c.message_id).where(first.c.message_id == Message.id).exists(),
                )
            )
            or 0
        )
    return _from_sorted_seconds(
        len(seconds),
        sorted(v for v in seconds if v is not None),
        deadline_hours,
        unanswered - pending,
        pending,
    )


def _from_sorted_seconds(
    answered: int, ordered: list[float], deadline_hours: int, overdue: int, pending: int
) -> ResponseTimes:
    """The figures of :class:`ResponseTimes` from the response seconds in increasing order.

    Counts up to an edge are positions in the sorted list (``bisect``), the
    same comparisons (``<=``) the SQL uses; the percentiles are interpolated
    as PostgreSQL's ``percentile_cont`` does (:func:`desk.stats.sql.interpolate`).
    """
    count = len(ordered)
    up_to = [bisect.bisect_right(ordered, hours * 3600) for hours in RESPONSE_BINS_H]
    distribution = [up_to[0]]
    distribution += [up_to[i] - up_to[i - 1] for i in range(1, len(up_to))]
    distribution.append(count - up_to[-1])
    within = bisect.bisect_right(ordered, deadline_hours * 3600)
    fractions = (0.5, 0.9)
    # The two ranks (1-based) each percentile lies between, as desk.stats.sql.around_rank.
    ranks = {math.floor(f * (count - 1)) + k for f in fractions for k in (1, 2)}
    by_rank = {rank: ordered[rank - 1] for rank in ranks if 1 <= rank <= count}
    median, p90 = interpolate(by_rank, count, fractions)
    return ResponseTimes(
        answered=answered,
        median_s=median,
        p90_s=p90,
        within_deadline=within,
        late=count - within + overdue,
        pending=pending,
        distribution=tuple(distribution),
    )


def _response_times_postgresql(
    session: Session, period: Period, deadline_hours: int, as_of: datetime, first: FirstAnswers
) -> ResponseTimes:
    """:func:`_response_times` on PostgreSQL: one pass, percentiles included.

    ``OFFSET 0`` keeps the subquery whole, so each message's seconds are
    computed once, not once per aggregate that reads them.
    """
    facts = (
        select(
            Message.date.label("date"),
            first.c.first_at.label("first_at"),
            in_backlog_scope().label("owed"),
            seconds_between(first.c.first_at, Message.date, "postgresql").label("seconds"),
        )
        .select_from(Message)
        .outerjoin(first, first.c.message_id == Message.id)
        .where(Message.date >= period.start, Message.date < period.end, is_request())
        .offset(0)
        .subquery("facts")
    )
    seconds = facts.c.seconds
    deadline_s = deadline_hours * 3600
    # Closed without an answer: neither late nor pending (nothing was owed).
    unanswered = and_(facts.c.first_at.is_(None), facts.c.owed)
    deadline_passed = facts.c.date <= as_of - timedelta(hours=deadline_hours)
    bins = []
    lower = None
    for upper in RESPONSE_BINS_H:
        below = seconds <= upper * 3600
        bins.append(func.count().filter(below if lower is None else and_(seconds > lower, below)))
        lower = upper * 3600
    bins.append(func.count().filter(seconds > lower))
    row = session.execute(
        select(
            func.count(facts.c.first_at),
            func.count().filter(seconds <= deadline_s),
            func.count().filter(seconds > deadline_s),
            func.count().filter(and_(unanswered, deadline_passed)),
            func.count().filter(and_(unanswered, ~deadline_passed)),
            func.percentile_cont(0.5).within_group(seconds),
            func.percentile_cont(0.9).within_group(seconds),
            *bins,
        )
    ).one()
    count_answered, within, late_answered, overdue, pending = (int(v or 0) for v in row[:5])
    median, p90 = (None if v is None else float(v) for v in row[5:7])
    return ResponseTimes(
        answered=count_answered,
        median_s=median,
        p90_s=p90,
        within_deadline=within,
        late=late_answered + overdue,
        pending=pending,
        distribution=tuple(int(v or 0) for v in row[7:]),
    )


def _recontacted(session: Session, period: Period, first: FirstAnswers) -> int:
    """Requests first answered in the period whose sender wrote again within 7 days.

    One seek per answered request into ``ix_message_sender_date`` (sender,
    date), straight to the 7 days after the answer: the index alone answers,
    the message table is not read again.
    """
    dialect = dialect_name(session)
    later = aliased(Message)
    again = (
        select(later.id)
        .where(
            later.sender == Message.sender,
            within_days_after(later.date, first.c.first_at, RECONTACT_DAYS, dialect),
        )
        .exists()
    )
    count: int | None = session.scalar(
        select(func.count())
        .select_from(Message)
        .join(first, first.c.message_id == Message.id)
        .where(
            first.c.first_at >= period.start,
            first.c.first_at < period.end,
            is_request(),
            Message.sender != "",
            again,
        )
    )
    return int(count or 0)


def _arrivals_and_handling(
    session: Session, period: Period
) -> tuple[dict[int, tuple[int, int]], Tables]:
    """The half of the KPIs that needs no first answers (see :func:`desk.stats.sql.alongside`)."""
    return arrival_counts(session, period), handling_tables(session, period)


def compute_kpis(
    session: Session, period: Period, deadline_hours: int = 48, as_of: datetime | None = None
) -> Kpis:
    """The key figures of ``period`` as they stand at ``as_of`` (default: now).

    ``deadline_hours`` is the answer-time promise (the settings' ``[queue]
    deadline_hours``). Answers sent after ``as_of`` are ignored, so a report
    made for a past date gives the figures as they were then.

    Two halves are read at the same time, each on its own connection
    (:func:`desk.stats.sql.alongside`): on ``session``, everything that needs
    the first answers (the answered time slots, the backlog at the start,
    the response times, the re-contacts); beside it, the arrivals' time
    slots and the handling tables, which read the events and the replies.
    """
    if deadline_hours <= 0:
        raise ValueError(f"deadline_hours must be positive, not {deadline_hours}")
    as_of = as_of or utc_now()
    with alongside(session, partial(_arrivals_and_handling, period=period)) as other_half:
        with tuned_for_statistics(session), first_answer_table(session, as_of) as first:
            answered, waiting = answer_counts(session, period, first)
            recontacted = _recontacted(session, period, first)
            response = _response_times(session, period, deadline_hours, as_of, first)
        received, tables = other_half()
    buckets = Buckets(received, answered, waiting, bucket_seconds(period))
    days = series_from(buckets, period, "day")
    return Kpis(
        period=period,
        deadline_hours=deadline_hours,
        as_of=as_of,
        received=sum(n for n, _ in buckets.received.values()),
        answered=sum(n for n, _ in buckets.answered.values()),
        backlog_start=buckets.backlog_start,
        backlog_end=days[-1].backlog if days else buckets.backlog_start,
        response=response,
        recontacted=recontacted,
        actions=tables.actions,
        sends=tables.sends,
        active_ms=tables.active_ms,
        days=days,
        hours=hour_profile(buckets, period),
        agents=tables.agents,
        templates=tables.templates,
        categories=tables.categories,
    )
