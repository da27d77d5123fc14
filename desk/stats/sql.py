"""The few SQL expressions SQLite and PostgreSQL spell differently, and the shared subqueries.

The KPIs are computed by the database (grouping, counting), and only small
results reach Python: counts per time slot, per agent or per template,
never rows per message. Percentiles are the one exception on SQLite, which
has no percentile function: there the response seconds come to Python as
one column and are sorted there (cheaper than numbering them with a window
function, see :mod:`desk.stats.kpis`). Where the two databases differ —
seconds between two times, the time slot of a time, percentiles — this
module gives one function per idea with one branch per dialect, so the
queries read the same on both. SQLite keeps times as fixed-width UTC text
with microseconds (``YYYY-MM-DD HH:MM:SS.ffffff``); its date functions see
milliseconds, which is the precision of every duration here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Engine,
    Float,
    Integer,
    MetaData,
    Select,
    Subquery,
    Table,
    and_,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.sqlite import Insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desk.store.engine import sqlite_path
from desk.store.models import Message, MessageStatus, Reply, ReplyMessage, ReplyState
from desk.store.types import UTCDateTime

T = TypeVar("T")

# PostgreSQL's memory per sort or hash while the statistics' transaction lasts.
WORK_MEM = "64MB"
# SQLite's page cache (KiB) while the statistics read: their index seeks jump around
# the message and event indexes, which the default 2 MiB keeps evicting.
SQLITE_CACHE_KIB = 65536


def dialect_name(session: Session) -> str:
    """``"sqlite"`` or ``"postgresql"``: which spelling the queries use."""
    return session.get_bind().dialect.name


def slot_key(column: Any, size: int, dialect: str) -> ColumnElement[Any]:
    """The ``size``-second UTC time slot (an hour, half or quarter of one) of a stored time.

    PostgreSQL: the slot's number since 1970 (``date_part`` is a float, far
    cheaper than ``extract``'s numeric; exact to the microsecond until 2038+).
    SQLite: the stored text cut to the hour (``2020-03-16 09``), followed by
    the slot in the hour when slots are shorter: grouping by that is twice as
    fast as parsing every time with ``strftime``. :func:`slot_number` turns
    either into the slot's number.
    """
    if dialect == "postgresql":
        return cast(func.floor(func.date_part("epoch", column)), BigInteger).op("/")(size)
    hour = func.substr(column, 1, 13)
    if size >= 3600:
        return hour
    part: ColumnElement[Any] = cast(func.substr(column, 15, 2), Integer).op("/")(size // 60)
    return hour.op("||")(part)


class SlotNumbers:
    """Turns :func:`slot_key` values into slot numbers, reading each day's text once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._days: dict[str, int] = {}

    def __call__(self, key: Any) -> int:
        if isinstance(key, int):
            return key
        text_key = str(key)
        day = self._days.get(text_key[:10])
        if day is None:
            moment = datetime.combine(date.fromisoformat(text_key[:10]), datetime.min.time(), UTC)
            day = self._days[text_key[:10]] = int(moment.timestamp())
        hour = day + int(text_key[11:13]) * 3600
        part = int(text_key[13:]) if len(text_key) > 13 else 0
        return hour // self.size + part


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
def tuned_for_statistics(session: Session) -> Iterator[None]:
    """The session's connection set up for the statistics' big reads while they last.

    PostgreSQL: more ``work_mem``, so that the hash joins and sorts stay in
    memory, no JIT (compiling a large query's expressions costs more, a
    second and more for the per-message rows, than it saves on a few hundred
    thousand rows), and UTC as the session's zone (nothing here depends on
    it); set for the transaction only (``set_config(..., true)``) and put
    back after. SQLite: a larger page cache (:data:`SQLITE_CACHE_KIB`), put
    back after.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Times come back in UTC, which the driver gives as datetime.UTC: nothing to convert.
        wanted = {"work_mem": WORK_MEM, "jit": "off", "TimeZone": "UTC"}
        current = connection.execute(select(*(func.current_setting(n) for n in wanted))).one()
        connection.execute(_set_locally(wanted))
        try:
            yield
        finally:
            with suppress(DBAPIError):  # an aborted transaction puts them back itself
                connection.execute(_set_locally(dict(zip(wanted, current, strict=True))))
        return
    pages = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with suppress(DBAPIError):
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(pages or -2000)}")


def _set_locally(settings: dict[str, str]) -> Select[*tuple[Any, ...]]:
    """PostgreSQL settings for the rest of the transaction only, in one statement."""
    return select(*(func.set_config(name, value, True) for name, value in settings.items()))


@contextmanager
def alongside(
    session: Session, work: Callable[[Session], T], skip: bool = False
) -> Iterator[Callable[[], T]]:
    """``work`` run meanwhile on a second connection of ``session``'s engine; yields its result.

    The statistics read two halves that share nothing: the messages with
    their first answers, and the handling events with the replies. Each
    takes about as long as the other, and a database runs two connections'
    queries at once (SQLite releases Python's lock while it reads), so on
    two cores they are read side by side. The second connection has its own
    transaction: both halves read what was committed when they started
    (microseconds apart); ``work`` must only read.

    Where a second connection would not see the same data — a session bound
    to one connection, an in-memory SQLite database — ``work`` runs on
    ``session`` itself when its result is first asked for. The result's getter
    re-raises what ``work`` raised; leaving the block waits for the thread.
    ``skip``: nothing is run, and the getter must not be called.
    """
    if skip:
        yield _not_run
        return
    bind = session.get_bind()
    shared_database = isinstance(bind, Engine) and (
        bind.dialect.name != "sqlite" or sqlite_path(bind.url.render_as_string(False)) is not None
    )
    if not isinstance(bind, Engine) or not shared_database:
        done: list[T] = []

        def on_this_session() -> T:
            if not done:
                done.append(work(session))
            return done[0]

        yield on_this_session
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="desk-stats") as pool:
        future = pool.submit(_on_own_session, bind, work)
        yield future.result


def _not_run() -> Any:
    raise RuntimeError("alongside(skip=True) ran nothing")


def _on_own_session(engine: Engine, work: Callable[[Session], T]) -> T:
    with Session(engine) as session, tuned_for_statistics(session):
        return work(session)


@contextmanager
def first_answer_table(
    session: Session, as_of: datetime, *, with_reply: bool = False
) -> Iterator[Table]:
    """:func:`first_answers` computed once into a temporary table, for several queries.

    Grouping every reply by message is the costly step of the KPIs, and
    several queries need its result; a temporary table (private to the
    connection) holds it for their duration and is dropped after (keyed by
    message id on SQLite only: PostgreSQL hash-joins it, and fills it twice
    as fast unindexed). ``with_reply``: a ``reply_id`` column too, the reply
    that gave the first answer (the lowest id when two were sent at once).
    Callers set the connection up with :func:`tuned_for_statistics` first.
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
        *([Column("reply_id", Integer, nullable=False)] if with_reply else []),
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DROP",
    )
    table.drop(connection, checkfirst=True)
    table.create(connection)
    try:
        if sqlite:
            connection.execute(_sqlite_first_answers(table, as_of, with_reply))
        else:
            connection.execute(_postgresql_first_answers(table, as_of, with_reply))
            # Without statistics the planner misjudges the first-answer times' spread.
            connection.execute(text("ANALYZE desk_stats_first_answer"))
        yield table
    finally:
        with suppress(DBAPIError):  # an aborted transaction drops it when rolled back
            table.drop(connection, checkfirst=True)


def _sent_replies(as_of: datetime) -> Select[int, datetime | None, int]:
    """(message, sent at, reply) for every reply in state *sent* by ``as_of``."""
    return (
        select(ReplyMessage.message_id, Reply.sent_at, Reply.id)
        .join(Reply, Reply.id == ReplyMessage.reply_id)
        .where(Reply.state == ReplyState.SENT, Reply.sent_at <= as_of)
    )


def _postgresql_first_answers(table: Table, as_of: datetime, with_reply: bool) -> Any:
    """Fill ``table`` on PostgreSQL: each message's earliest reply, by sorting (DISTINCT ON).

    Sorting the replies by message and time and keeping each message's first
    costs less than grouping them by hashing (min per message), and gives
    the reply that answered first with it.
    """
    sent: Select[*tuple[Any, ...]] = _sent_replies(as_of)
    columns = ["message_id", "first_at", "reply_id"]
    if not with_reply:
        sent = sent.with_only_columns(ReplyMessage.message_id, Reply.sent_at)
        columns = columns[:2]
    earliest = sent.ext(distinct_on(ReplyMessage.message_id)).order_by(
        ReplyMessage.message_id, Reply.sent_at, Reply.id
    )
    return table.insert().from_select(columns, earliest)


def _sqlite_first_answers(table: Table, as_of: datetime, with_reply: bool) -> Insert:
    """Fill ``table`` on SQLite by keeping the earliest answer per message as rows arrive.

    An upsert (``ON CONFLICT ... min``) into the table's primary key spares
    SQLite the temporary B-tree that ``GROUP BY message_id`` builds and then
    copies: the grouping and the copy are one step. Every ``SET`` reads the
    row as it was, so the reply kept is the one of the earlier time (the
    lower id on a tie).
    """
    sent = _sent_replies(as_of)
    if not with_reply:
        times = sent.with_only_columns(ReplyMessage.message_id, Reply.sent_at)
        insert = sqlite_insert(table).from_select(["message_id", "first_at"], times)
        return insert.on_conflict_do_update(
            index_elements=[table.c.message_id],
            set_={"first_at": func.min(table.c.first_at, insert.excluded.first_at)},
        )
    insert = sqlite_insert(table).from_select(["message_id", "first_at", "reply_id"], sent)
    new = insert.excluded
    earlier = or_(
        new.first_at < table.c.first_at,
        and_(new.first_at == table.c.first_at, new.reply_id < table.c.reply_id),
    )
    return insert.on_conflict_do_update(
        index_elements=[table.c.message_id],
        set_={
            "first_at": func.min(table.c.first_at, new.first_at),
            "reply_id": case((earlier, new.reply_id), else_=table.c.reply_id),
        },
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
