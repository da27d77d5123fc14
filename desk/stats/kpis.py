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

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from desk.core.clock import utc_now
from desk.stats.period import Period
from desk.stats.series import HourOfDay, VolumePoint, bucket_counts, hour_profile, series_from
from desk.stats.sql import (
    FirstAnswers,
    around_rank,
    dialect_name,
    first_answer_table,
    in_backlog_scope,
    interpolate,
    is_request,
    seconds_between,
    within_days_after,
)
from desk.stats.tables import AgentRow, GroupRow, handling_tables
from desk.store.models import Message

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
    """One pass over the period's requests (response seconds computed once per message).

    PostgreSQL computes the percentiles in that same pass; SQLite, which has no
    percentile function, sorts the same computed seconds in that same statement
    (:func:`_sqlite_with_percentiles`).
    """
    dialect = dialect_name(session)
    facts = (
        select(
            Message.date.label("date"),
            first.c.first_at.label("first_at"),
            in_backlog_scope().label("owed"),
            seconds_between(first.c.first_at, Message.date, dialect).label("seconds"),
        )
        .select_from(Message)
        .outerjoin(first, first.c.message_id == Message.id)
        .where(Message.date >= period.start, Message.date < period.end, is_request())
        .cte("facts")
        .prefix_with("MATERIALIZED")
    )
    seconds = facts.c.seconds
    deadline_s = deadline_hours * 3600
    answered = facts.c.first_at.is_not(None)
    # Closed without an answer: neither late nor pending (nothing was owed).
    unanswered = and_(facts.c.first_at.is_(None), facts.c.owed)
    deadline_passed = facts.c.date <= as_of - timedelta(hours=deadline_hours)
    bins = []
    lower = None
    for upper in RESPONSE_BINS_H:
        inside = (
            seconds <= upper * 3600
            if lower is None
            else and_(seconds > lower, seconds <= upper * 3600)
        )
        bins.append(func.sum(case((and_(answered, inside), 1), else_=0)))
        lower = upper * 3600
    bins.append(func.sum(case((and_(answered, seconds > lower), 1), else_=0)))
    received = select(
        func.count(facts.c.first_at),
        func.sum(case((and_(answered, seconds <= deadline_s), 1), else_=0)),
        func.sum(case((and_(answered, seconds > deadline_s), 1), else_=0)),
        func.sum(case((and_(unanswered, deadline_passed), 1), else_=0)),
        func.sum(case((and_(unanswered, ~deadline_passed), 1), else_=0)),
        *bins,
        # PostgreSQL's percentiles in the same pass (NULL seconds, unanswered, are ignored).
        *(
            [func.percentile_cont(f).within_group(seconds) for f in (0.5, 0.9)]
            if dialect == "postgresql"
            else []
        ),
    )
    size = len(RESPONSE_BINS_H) + 1
    row: tuple[Any, ...]
    if dialect == "postgresql":
        row = tuple(session.execute(received).one())
        median, p90 = (None if v is None else float(v) for v in row[5 + size :])
    else:
        row, median, p90 = _sqlite_with_percentiles(session, facts.c.seconds, received)
    count_answered, within, late_answered, overdue, pending = (int(v or 0) for v in row[:5])
    late = late_answered + overdue
    return ResponseTimes(
        answered=count_answered,
        median_s=median,
        p90_s=p90,
        within_deadline=within,
        late=late,
        pending=pending,
        distribution=tuple(int(v or 0) for v in row[5 : 5 + size]),
    )


def _sqlite_with_percentiles(
    session: Session, seconds: ColumnElement[float], totals: Select[*tuple[Any, ...]]
) -> tuple[tuple[Any, ...], float | None, float | None]:
    """``totals``' one row, and the median and 90th percentile of ``seconds``, in one statement.

    SQLite has no percentile function. Rather than a second query that joins
    and computes the seconds again, the statement numbers the already computed
    seconds in sorted order and keeps only the (at most four) rows around the
    two wanted ranks, found from the answered count ``totals`` already holds
    (its first column: the number of non-NULL ``seconds``); the totals come
    along on each of those rows. The interpolation is done here
    (:func:`desk.stats.sql.interpolate`), as :func:`desk.stats.sql.percentiles` does.
    """
    fractions = (0.5, 0.9)
    agg = totals.cte("totals")
    count = agg.c[0]
    ranked = (
        select(seconds.label("v"), func.row_number().over(order_by=seconds).label("rn"))
        .where(seconds.is_not(None))
        .cte("ranked")
    )
    wanted = or_(*(around_rank(ranked.c.rn, count, f) for f in fractions))
    rows = session.execute(
        select(*agg.c, ranked.c.rn, ranked.c.v).select_from(agg.outerjoin(ranked, wanted))
    ).all()
    by_rank = {int(r[-2]): float(r[-1]) for r in rows if r[-2] is not None}
    median, p90 = interpolate(by_rank, int(rows[0][0] or 0), fractions)
    return tuple(rows[0]), median, p90


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


def compute_kpis(
    session: Session, period: Period, deadline_hours: int = 48, as_of: datetime | None = None
) -> Kpis:
    """The key figures of ``period`` as they stand at ``as_of`` (default: now).

    ``deadline_hours`` is the answer-time promise (the settings' ``[queue]
    deadline_hours``). Answers sent after ``as_of`` are ignored, so a report
    made for a past date gives the figures as they were then.
    """
    if deadline_hours <= 0:
        raise ValueError(f"deadline_hours must be positive, not {deadline_hours}")
    as_of = as_of or utc_now()
    with first_answer_table(session, as_of) as first:
        buckets = bucket_counts(session, period, as_of, first)
        response = _response_times(session, period, deadline_hours, as_of, first)
        recontacted = _recontacted(session, period, first)
    days = series_from(buckets, period, "day")
    tables = handling_tables(session, period)
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
