"""The few SQL expressions SQLite and PostgreSQL spell differently, and the shared subqueries.

Statistics are computed by the database (grouping, counting, percentiles),
never by loading rows into Python. Where the two databases differ — seconds
between two times, the epoch of a time, percentiles — this module gives one
function per idea with one branch per dialect, so the KPI queries read the
same on both. SQLite keeps times as text with microseconds; its date
functions see milliseconds, which is the precision of every duration here.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
    Select,
    Subquery,
    Table,
    and_,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.sqlite import Insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desk.store.models import Message, MessageStatus, Reply, ReplyMessage, ReplyState
from desk.store.types import UTCDateTime

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


def percentiles(
    session: Session, values: Select[Any], fractions: Sequence[float]
) -> tuple[float | None, ...]:
    """The continuous percentiles ``fractions`` of the one-column query ``values``.

    Same definition as PostgreSQL's ``percentile_cont`` (linear interpolation
    between the two nearest ranks), which PostgreSQL computes itself. SQLite
    has no percentile function: one window query numbers the sorted values
    and returns only the (at most two) rows around each wanted rank, and the
    interpolation between them is done here. None when there are no values.
    """
    sub = values.subquery("percentile_values")
    value = sub.c[0]
    if dialect_name(session) == "postgresql":
        row = session.execute(
            select(*(func.percentile_cont(f).within_group(value) for f in fractions))
        ).one()
        return tuple(None if v is None else float(v) for v in row)
    ranked = select(
        value.label("v"),
        func.row_number().over(order_by=value).label("rn"),
        func.count().over().label("n"),
    ).subquery("ranked")
    wanted = [around_rank(ranked.c.rn, ranked.c.n, f) for f in fractions]
    rows = session.execute(select(ranked.c.rn, ranked.c.v, ranked.c.n).where(or_(*wanted))).all()
    if not rows:
        return tuple(None for _ in fractions)
    return interpolate({int(rn): float(v) for rn, v, _ in rows}, int(rows[0][2]), fractions)


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
