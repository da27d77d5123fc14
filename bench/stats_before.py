"""The statistics as Desk computed them before issue 18 item 6: the bench's "before" column.

A frozen copy of ``compute_kpis`` and ``per_message_rows`` (and the helpers
they used) as they were at commit c50cc5d, returning the same dataclasses as
the current code so that results compare with ``==`` (but for the per-message
rows, then a frozen dataclass, kept here as it was: it took longer to build). ``bench.stats`` times
them next to the current implementation, and ``tests/stats/test_before_after.py``
holds the current results equal to these on generated data. Not used by Desk.
"""

from __future__ import annotations

import bisect
import csv
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    CTE,
    BigInteger,
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
    Select,
    String,
    Subquery,
    Table,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.sqlite import Insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased

from desk.core.clock import utc_now
from desk.stats.csvx import DELIMITERS
from desk.stats.kpis import RECONTACT_DAYS, RESPONSE_BINS_H, Kpis, ResponseTimes
from desk.stats.labels import labels
from desk.stats.period import Period, local_midnight
from desk.stats.series import HourOfDay, VolumePoint
from desk.stats.sheets import Sheet, Value
from desk.stats.tables import AgentRow, GroupRow, Tables
from desk.store.models import (
    Agent,
    Cluster,
    ClusterMember,
    EventKind,
    EventMessage,
    HandlingEvent,
    Message,
    MessageStatus,
    Reply,
    ReplyMessage,
    ReplyState,
    Template,
)
from desk.store.types import UTCDateTime

# ---------------------------------------------------------------- desk/stats/sql.py

# PostgreSQL's memory per sort or hash while the statistics' transaction lasts.
WORK_MEM = "64MB"
# Julian day of 1970-01-01T00:00Z: SQLite's julianday() minus this is days since the epoch.
_UNIX_EPOCH_JD = 2440587.5


def dialect_name(session: Session) -> str:
    """``"sqlite"`` or ``"postgresql"``: which spelling the queries use."""
    return session.get_bind().dialect.name


def epoch_seconds(column: Any, dialect: str) -> ColumnElement[int]:
    """Whole seconds since 1970 of a stored time (exact: used to cut time buckets)."""
    if dialect == "postgresql":
        return cast(func.floor(func.extract("epoch", column)), BigInteger)
    return cast(func.strftime("%s", column), Integer)


def seconds_between(later: Any, earlier: Any, dialect: str) -> ColumnElement[float]:
    """``later - earlier`` in seconds, to the millisecond."""
    if dialect == "postgresql":
        return cast(func.extract("epoch", later - earlier), Float)
    days = func.julianday(later) - func.julianday(earlier)
    return cast(func.round(days * 86400.0, 3), Float)


def within_days_after(column: Any, start: Any, days: int, dialect: str) -> ColumnElement[bool]:
    """``start < column <= start + days`` (days of 24 hours, whatever the session's zone).

    On SQLite both bounds are plain text comparisons (times are stored as
    fixed-width UTC text, so text order is time order, to the microsecond):
    ``start + days`` is the date part moved by ``days`` with the time part
    kept, exact because UTC days have 24 hours. Unlike ``julianday()``
    arithmetic, this lets an index on ``column`` seek straight to the window.
    """
    if dialect == "postgresql":
        span: ColumnElement[Any] = literal_column(f"interval '{days * 86400} seconds'")
        return and_(column > start, column <= start + span)
    moved = func.date(start, f"+{days} days").op("||")(func.substr(start, 11))
    return and_(column > start, column <= moved)


def is_request() -> ColumnElement[bool]:
    """Messages that expect an answer: auto-replies, bounces and spam are not counted."""
    return Message.status != MessageStatus.NON_REQUEST


def in_backlog_scope() -> ColumnElement[bool]:
    """Requests that stay in the backlog until answered.

    A message closed without an answer (duplicate, nothing to do) has no
    closing time in the store, so it is left out of the backlog altogether
    rather than counted as waiting forever.
    """
    return Message.status.not_in((MessageStatus.NON_REQUEST, MessageStatus.CLOSED))


FirstAnswers = Subquery | Table


def first_answers(as_of: datetime) -> Subquery:
    """Each answered message's first answer: ``(message_id, first_at)``.

    A message is answered when a reply in state *sent* lists it; its first
    answer is the earliest such reply's ``sent_at``. Replies sent after
    ``as_of`` (the moment the statistics describe) do not count yet.
    """
    return (
        select(
            ReplyMessage.message_id.label("message_id"),
            func.min(Reply.sent_at).label("first_at"),
        )
        .join(Reply, Reply.id == ReplyMessage.reply_id)
        .where(Reply.state == ReplyState.SENT, Reply.sent_at <= as_of)
        .group_by(ReplyMessage.message_id)
        .subquery("first_answer")
    )


@contextmanager
def first_answer_table(session: Session, as_of: datetime) -> Iterator[Table]:
    """:func:`first_answers` computed once into a temporary table, for several queries.

    Grouping every reply by message is the costly step of the KPIs, and four
    queries need its result; a temporary table (private to the connection)
    holds it for their duration and is dropped after (keyed by message id on
    SQLite only: PostgreSQL hash-joins it, and fills it twice as fast unindexed).
    On PostgreSQL it also raises ``work_mem`` for the rest of the transaction
    (``SET LOCAL``), so that the statistics' hash joins stay in memory.
    """
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    table = Table(
        "desk_stats_first_answer",
        MetaData(),
        # SQLite: the key its upsert needs, and its joins seek. PostgreSQL joins it
        # by hashing; maintaining a B-tree while inserting would double the fill time.
        Column("message_id", Integer, primary_key=sqlite, nullable=False, autoincrement=False),
        Column("first_at", UTCDateTime(), nullable=False),
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DROP",
    )
    table.drop(connection, checkfirst=True)
    table.create(connection)
    try:
        if not sqlite:
            # The session's transaction only: room for the grouping and the hash
            # joins of the statistics, which otherwise spill to disk in batches.
            connection.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
            answers = first_answers(as_of)
            connection.execute(
                table.insert().from_select(
                    ["message_id", "first_at"], select(answers.c.message_id, answers.c.first_at)
                )
            )
            # Without statistics the planner misjudges the first-answer times' spread.
            connection.execute(text("ANALYZE desk_stats_first_answer"))
        else:
            connection.execute(_sqlite_first_answers(table, as_of))
        yield table
    finally:
        with suppress(DBAPIError):  # an aborted transaction drops it when rolled back
            table.drop(connection, checkfirst=True)


def _sqlite_first_answers(table: Table, as_of: datetime) -> Insert:
    """Fill ``table`` on SQLite by keeping the earliest answer per message as rows arrive.

    An upsert (``ON CONFLICT ... min``) into the table's primary key spares
    SQLite the temporary B-tree that ``GROUP BY message_id`` builds and then
    copies: the grouping and the copy are one step.
    """
    sent = (
        select(ReplyMessage.message_id, Reply.sent_at)
        .join(Reply, Reply.id == ReplyMessage.reply_id)
        .where(Reply.state == ReplyState.SENT, Reply.sent_at <= as_of)
    )
    insert = sqlite_insert(table).from_select(["message_id", "first_at"], sent)
    return insert.on_conflict_do_update(
        index_elements=[table.c.message_id],
        set_={"first_at": func.min(table.c.first_at, insert.excluded.first_at)},
    )


def around_rank(rank: Any, count: Any, fraction: float) -> ColumnElement[bool]:
    """Whether 1-based ``rank`` (of ``count`` sorted values) is one of two ``fraction`` needs.

    The continuous percentile lies between ranks ``floor(f * (n - 1)) + 1`` and
    the next one; a query keeps only those rows and :func:`interpolate` does the rest.
    """
    low = cast(fraction * (count - 1), Integer) + 1
    wanted: ColumnElement[bool] = rank.between(low, low + 1)
    return wanted


def interpolate(
    by_rank: dict[int, float], count: int, fractions: Sequence[float]
) -> tuple[float | None, ...]:
    """``percentile_cont`` of ``fractions`` from the values at the ranks :func:`around_rank` kept.

    ``by_rank`` maps 1-based ranks in the sorted values to values; ``count`` is
    how many values there are (None for every fraction when there are none).
    """
    if not count:
        return tuple(None for _ in fractions)
    results: list[float | None] = []
    for fraction in fractions:
        position = fraction * (count - 1)
        low = math.floor(position)
        below = by_rank[low + 1]
        above = by_rank.get(low + 2, below)
        results.append(below + (above - below) * (position - low))
    return tuple(results)


# ---------------------------------------------------------------- desk/stats/series.py

BUCKET_S = 900
Step = Literal["day", "hour"]


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


# ---------------------------------------------------------------- desk/stats/tables.py

# Above this many events in the period, SQLite reads the covering index whole (see _events).
MANY_EVENTS = 20_000


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _rollups(grouped: CTE) -> Select[Any]:
    """Totals of ``grouped`` per agent, per template and per category, as one result.

    ``grouped`` holds one row per (agent, template, cluster) with three sums;
    the database adds them up three ways (a cluster turned into its category by
    a join on the few clusters) so that about a hundred rows reach Python
    instead of tens of thousands: building those rows cost more than the SQL.
    Rows are ``(table, agent or template id, category, sum1, sum2, sum3)``
    with ``table`` 0 for agents, 1 for templates, 2 for categories.
    """
    no_id: Any = cast(null(), Integer)
    no_category: Any = cast(null(), String)
    sums = [func.sum(grouped.c.a), func.sum(grouped.c.b), func.sum(grouped.c.c)]
    by_agent = select(literal(0), grouped.c.agent_id, no_category, *sums).group_by(
        grouped.c.agent_id
    )
    by_template = select(literal(1), grouped.c.template_id, no_category, *sums).group_by(
        grouped.c.template_id
    )
    by_category = (
        select(literal(2), no_id, Cluster.category, *sums)
        .select_from(grouped)
        .outerjoin(Cluster, Cluster.id == grouped.c.cluster_id)
        .group_by(Cluster.category)
    )
    return union_all(by_agent, by_template, by_category)  # type: ignore[return-value]


def _events(session: Session, start: datetime, end: datetime) -> list[Any]:
    """Events of the period: (actions, sends, active ms) per agent, per template, per category.

    Grouped first by (agent, template, cluster) in the order of
    ``ix_handling_event_stats``, which holds every column read, so neither a
    sort nor a table lookup is needed; then rolled up (:func:`_rollups`).
    """
    is_send = case((HandlingEvent.kind == EventKind.SEND, 1), else_=0)
    started: Any = HandlingEvent.started_at
    if dialect_name(session) == "sqlite" and _many(session, start, end):
        # SQLite would walk the (agent, started_at) index and sort; hiding started_at
        # from the planner makes it read the covering index in grouping order.
        started = func.coalesce(started, started)
    grouped = (
        select(
            HandlingEvent.agent_id,
            HandlingEvent.template_id,
            HandlingEvent.cluster_id,
            func.count().label("a"),
            func.sum(is_send).label("b"),
            func.sum(HandlingEvent.active_ms).label("c"),
        )
        .where(started >= start, started < end)
        .group_by(HandlingEvent.agent_id, HandlingEvent.template_id, HandlingEvent.cluster_id)
        .cte("event_groups")
        .prefix_with("MATERIALIZED")
    )
    return list(session.execute(_rollups(grouped)))


def _many(session: Session, start: datetime, end: datetime) -> bool:
    """Whether the period holds so many events that reading them all in index order is faster.

    Counts at most one event past the threshold, so a year of a million events
    costs no more to decide than a quiet week.
    """
    first = (
        select(HandlingEvent.id)
        .where(HandlingEvent.started_at >= start, HandlingEvent.started_at < end)
        .limit(MANY_EVENTS + 1)
        .subquery()
    )
    count = session.scalar(select(func.count()).select_from(first))
    return (count or 0) > MANY_EVENTS


def _answers(session: Session, start: datetime, end: datetime) -> list[Any]:
    """Replies sent in the period: (replies, messages answered, 0) per agent, template, category.

    Grouped by (agent, template, cluster), then rolled up (:func:`_rollups`).
    A message answered by two replies counts for each (it was answered twice).
    """
    grouped = (
        select(
            Reply.agent_id,
            Reply.template_id,
            Reply.cluster_id,
            func.count(func.distinct(Reply.id)).label("a"),
            func.count().label("b"),
            literal(0).label("c"),
        )
        .join(ReplyMessage, ReplyMessage.reply_id == Reply.id)
        .where(Reply.state == ReplyState.SENT, Reply.sent_at >= start, Reply.sent_at < end)
        .group_by(Reply.agent_id, Reply.template_id, Reply.cluster_id)
        .cte("reply_groups")
        .prefix_with("MATERIALIZED")
    )
    return list(session.execute(_rollups(grouped)))


def _names(session: Session, model: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    if model is Agent:
        agents = session.execute(
            select(Agent.id, Agent.display_name, Agent.login).where(Agent.id.in_(ids))
        )
        return {i: display or login for i, display, login in agents}
    templates = session.execute(select(Template.id, Template.name).where(Template.id.in_(ids)))
    return {i: name for i, name in templates}


def handling_tables(session: Session, period: Period) -> Tables:
    """Per-agent, per-template and per-category figures for ``period``, largest first."""
    start, end = period.start, period.end
    # [actions, sends, active ms] from events; [replies, answered] from replies.
    agents: dict[int, list[int]] = {}
    templates: dict[int | None, list[int]] = {}
    categories: dict[str | None, list[int]] = {}
    actions = sends = active = 0
    for table, key, category, n, n_send, total_ms in _events(session, start, end):
        count, send_count, ms = int(n), int(n_send or 0), int(total_ms or 0)
        if table == 0:
            agents[key] = [count, send_count, ms]
            actions, sends, active = actions + count, sends + send_count, active + ms
        elif table == 1:
            templates[key] = [ms]
        else:
            categories[category] = [ms]
    agent_answers: dict[int | None, list[int]] = {}
    template_answers: dict[int | None, list[int]] = {}
    category_answers: dict[str | None, list[int]] = {}
    for table, key, category, replies, answered, _ in _answers(session, start, end):
        target: dict[Any, list[int]] = (agent_answers, template_answers, category_answers)[table]
        target[category if table == 2 else key] = [int(replies), int(answered or 0)]
    agent_names = _names(session, Agent, {i for i in {*agents, *agent_answers} if i is not None})
    template_names = _names(
        session, Template, {i for i in {*templates, *template_answers} if i is not None}
    )
    agent_rows = [
        AgentRow(
            agent_id=agent_id,
            name=agent_names.get(agent_id, f"#{agent_id}"),
            actions=agents.get(agent_id, [0, 0, 0])[0],
            sends=agents.get(agent_id, [0, 0, 0])[1],
            active_ms=agents.get(agent_id, [0, 0, 0])[2],
            answered=agent_answers.get(agent_id, [0, 0])[1],
        )
        for agent_id in {*agents, *agent_answers}
        if agent_id is not None
    ]
    template_rows = [
        GroupRow(
            key=None if template_id is None else template_names.get(template_id, f"#{template_id}"),
            replies=template_answers.get(template_id, [0, 0])[0],
            answered=template_answers.get(template_id, [0, 0])[1],
            active_ms=templates.get(template_id, [0])[0],
        )
        for template_id in {*templates, *template_answers}
    ]
    category_rows = [
        GroupRow(
            key=category,
            replies=category_answers.get(category, [0, 0])[0],
            answered=category_answers.get(category, [0, 0])[1],
            active_ms=categories.get(category, [0])[0],
        )
        for category in {*categories, *category_answers}
    ]
    return Tables(
        agents=tuple(sorted(agent_rows, key=lambda r: (-r.answered, -r.active_ms, r.name))),
        templates=tuple(sorted(template_rows, key=_group_order)),
        categories=tuple(sorted(category_rows, key=_group_order)),
        actions=actions,
        sends=sends,
        active_ms=active,
    )


def _group_order(row: GroupRow) -> tuple[bool, int, int, str]:
    """Most answered first; the unnamed group last."""
    return (row.key is None, -row.answered, -row.active_ms, row.key or "")


# ---------------------------------------------------------------- desk/stats/kpis.py


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


# ---------------------------------------------------------------- desk/stats/rows.py


@dataclass(frozen=True)
class MessageRow:
    """One received request and what became of it (times aware UTC, durations in ms/s)."""

    message_id: int
    received_at: datetime
    status: str
    first_answer_at: datetime | None
    response_s: float | None
    within_deadline: bool | None
    agent: str | None
    template: str | None
    cluster_id: int | None
    category: str | None
    handling_ms: int
    recontacts: int


BATCH = 2000
_NOTHING_OWED = (MessageStatus.CLOSED, MessageStatus.NON_REQUEST)


def per_message_rows(
    session: Session, period: Period, deadline_hours: int = 48, as_of: datetime | None = None
) -> Iterator[MessageRow]:
    """Rows for the requests received in ``period``, oldest first, fetched in batches.

    ``within_deadline`` is None while an unanswered message is still inside
    its deadline at ``as_of`` (default now), False once it is overdue.
    """
    as_of = as_of or utc_now()
    dialect = dialect_name(session)
    first = first_answers(as_of)
    # The reply that gave the first answer (the lowest id when two were sent at once).
    first_reply = (
        select(ReplyMessage.message_id, func.min(Reply.id).label("reply_id"))
        .join(Reply, Reply.id == ReplyMessage.reply_id)
        .join(
            first,
            and_(
                first.c.message_id == ReplyMessage.message_id,
                first.c.first_at == Reply.sent_at,
            ),
        )
        .where(Reply.state == ReplyState.SENT)
        .group_by(ReplyMessage.message_id)
        .subquery("first_reply")
    )
    in_period = and_(Message.date >= period.start, Message.date < period.end, is_request())
    handling = (
        select(
            EventMessage.message_id,
            func.sum(
                cast(HandlingEvent.active_ms, Float) / func.nullif(HandlingEvent.message_count, 0)
            ).label("ms"),
        )
        .join(HandlingEvent, HandlingEvent.id == EventMessage.event_id)
        .where(EventMessage.message_id.in_(select(Message.id).where(in_period)))
        .group_by(EventMessage.message_id)
        .subquery("handling")
    )
    later = aliased(Message)
    recontacts = (
        select(func.count())
        .where(
            later.sender == Message.sender,
            Message.sender != "",
            within_days_after(later.date, first.c.first_at, RECONTACT_DAYS, dialect),
        )
        .correlate(Message, first)
        .scalar_subquery()
    )
    answer = aliased(Reply)
    query = (
        select(
            Message.id,
            Message.date,
            Message.status,
            first.c.first_at,
            seconds_between(first.c.first_at, Message.date, dialect),
            func.coalesce(Agent.display_name, Agent.login),
            Template.name,
            ClusterMember.cluster_id,
            Cluster.category,
            handling.c.ms,
            recontacts,
        )
        .select_from(Message)
        .outerjoin(first, first.c.message_id == Message.id)
        .outerjoin(first_reply, first_reply.c.message_id == Message.id)
        .outerjoin(answer, answer.id == first_reply.c.reply_id)
        .outerjoin(Agent, Agent.id == answer.agent_id)
        .outerjoin(Template, Template.id == answer.template_id)
        .outerjoin(ClusterMember, ClusterMember.message_id == Message.id)
        .outerjoin(Cluster, Cluster.id == ClusterMember.cluster_id)
        .outerjoin(handling, handling.c.message_id == Message.id)
        .where(in_period)
        .order_by(Message.date, Message.id)
        .execution_options(yield_per=BATCH)
    )
    deadline_s = deadline_hours * 3600
    overdue_before = as_of.timestamp() - deadline_s
    for row in session.execute(query):
        (
            mid,
            received,
            status,
            first_at,
            seconds,
            agent,
            template,
            cluster,
            category,
            ms,
            again,
        ) = row
        if seconds is not None:
            within: bool | None = float(seconds) <= deadline_s
        elif status in _NOTHING_OWED:
            within = None
        elif received.timestamp() <= overdue_before:
            within = False
        else:
            within = None
        yield MessageRow(
            message_id=int(mid),
            received_at=received,
            status=str(status.value if hasattr(status, "value") else status),
            first_answer_at=first_at,
            response_s=None if seconds is None else float(seconds),
            within_deadline=within,
            agent=agent,
            template=template,
            cluster_id=cluster,
            category=category,
            handling_ms=round(float(ms or 0)),
            recontacts=int(again or 0) if first_at is not None else 0,
        )


# ---------------------------------------------------------------- desk/stats/sheets.py, csvx.py


def _local(moment: datetime | None, period: Period) -> datetime | None:
    """A naive local time in the period's zone (what a spreadsheet can show)."""
    return None if moment is None else moment.astimezone(period.zone).replace(tzinfo=None)


def message_sheet(
    rows: Iterable[MessageRow], period: Period, language: str, deadline_hours: int
) -> Sheet:
    """One row per message: the ``--per-message`` export."""
    words = labels(language)
    zone = period.zone_name
    header = (
        words["message"],
        words["received_at"].format(zone=zone),
        words["first_answer_at"].format(zone=zone),
        words["response_h"],
        words["within_deadline"].format(hours=deadline_hours),
        words["agent"],
        words["template"],
        words["cluster"],
        words["category"],
        words["handling_s"],
        words["recontacts_col"],
        words["status"],
    )

    def values() -> Iterator[tuple[Value, ...]]:
        for row in rows:
            within = (
                None
                if row.within_deadline is None
                else words["yes" if row.within_deadline else "no"]
            )
            yield (
                row.message_id,
                _local(row.received_at, period),
                _local(row.first_answer_at, period),
                None if row.response_s is None else round(row.response_s / 3600, 3),
                within,
                row.agent,
                row.template,
                row.cluster_id,
                row.category,
                round(row.handling_ms / 1000, 1),
                row.recontacts,
                row.status,
            )

    return Sheet(words["sheet_messages"], header, values())


def _text(value: Value, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        text = repr(round(value, 6))
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def write_csv(path: Path, sheet: Sheet, delimiter: str = ",") -> int:
    """Write ``sheet`` to ``path``; returns the number of data rows written."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"CSV delimiter must be one of {DELIMITERS}, not {delimiter!r}")
    decimal_comma = delimiter == ";"
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(sheet.header)
        for row in sheet.rows:
            writer.writerow([_text(v, decimal_comma) for v in row])
            count += 1
    return count


def write_message_rows(
    path: Path,
    rows: Iterable[MessageRow],
    period: Period,
    *,
    language: str = "en",
    delimiter: str = ",",
    deadline_hours: int = 48,
) -> int:
    """The per-message export as CSV, times in ``period``'s zone; returns the rows written."""
    return write_csv(path, message_sheet(rows, period, language, deadline_hours), delimiter)
