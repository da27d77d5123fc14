"""One row per message received in a period, streamed: the raw data team leads ask for.

Each row says when the message arrived, when it was first answered, by whom
and with which template, its cluster and category, the active handling time
spent on it (one event's time shared equally among the messages it
concerned) and how many times its sender wrote again within 7 days of the
answer. Rows are read from the database in slices of the period, never all
at once, and the next slices are read while the caller writes these.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator, Sequence
from contextlib import closing, suppress
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Float, Select, Table, and_, case, cast, func, null, select
from sqlalchemy.orm import Session, aliased

from desk.core.clock import utc_now
from desk.stats.kpis import RECONTACT_DAYS
from desk.stats.period import Period
from desk.stats.sql import (
    alongside,
    dialect_name,
    first_answer_table,
    is_request,
    seconds_between,
    tuned_for_statistics,
    within_days_after,
)
from desk.store.models import (
    Agent,
    Cluster,
    ClusterMember,
    EventMessage,
    HandlingEvent,
    Message,
    MessageStatus,
    Reply,
    Template,
)

# The period is read in this many consecutive slices of time (a day at least):
# small enough to hold in memory, few enough that each query's set-up is nothing.
SLICES = 12
# Slices (batches) read ahead while the caller is still writing the previous ones: on
# PostgreSQL, the batches of the first seconds wait for the handling times.
READ_AHEAD = 16
# Rows per batch of PostgreSQL's server cursor.
BATCH = 4000
_NOTHING_OWED = (MessageStatus.CLOSED, MessageStatus.NON_REQUEST)
REQUESTS = tuple(s for s in MessageStatus if s != MessageStatus.NON_REQUEST)

T = TypeVar("T")


class MessageRow(NamedTuple):
    """One received request and what became of it (times aware UTC, durations in ms/s).

    A named tuple rather than a dataclass: a year's export builds 200,000 of
    them, and a frozen dataclass takes three times as long to make.
    """

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


def per_message_rows(
    session: Session, period: Period, deadline_hours: int = 48, as_of: datetime | None = None
) -> Iterator[MessageRow]:
    """Rows for the requests received in ``period``, oldest first.

    ``within_deadline`` is None while an unanswered message is still inside
    its deadline at ``as_of`` (default now), False once it is overdue.

    Each message's first answer and the reply that gave it come from a
    temporary table filled once (:func:`desk.stats.sql.first_answer_table`).
    SQLite reads the period in slices of time, and looks each message's
    handling time and its sender's later messages up with index seeks, in
    the order the rows are read. PostgreSQL reads the period in one sorted
    query from a server cursor, while a second connection groups every
    message's handling time by hashing (:func:`_handling_times`). Either
    way a thread reads the next rows on ``session`` while the caller
    consumes these (:func:`_read_ahead`): the caller must not use
    ``session`` until the rows are consumed or closed.
    """
    as_of = as_of or utc_now()
    sqlite = dialect_name(session) == "sqlite"
    deadline_s = deadline_hours * 3600
    overdue_before = as_of.timestamp() - deadline_s
    with (
        alongside(session, partial(_handling_times, period=period), sqlite) as handling,
        tuned_for_statistics(session),
        first_answer_table(session, as_of, with_reply=True) as first,
    ):
        batches: Iterator[Sequence[Any]]
        if sqlite:
            batches = (
                _fetched(session, _slice_query(session, start, end, first, sqlite))
                for start, end in _slices(period)
            )
        else:
            query = _slice_query(session, period.start, period.end, first, sqlite)
            batches = _streamed(session, query)
        times = None
        # Closed, its thread stopped, before the tables are dropped, even when left early.
        with closing(_read_ahead(batches)) as read:
            for fetched in read:
                if not sqlite and times is None:
                    times = handling()
                for (
                    mid,
                    received,
                    status,
                    first_at,
                    seconds,
                    agent,
                    template,
                    cluster,
                    category,
                    summed,
                    again,
                ) in fetched:
                    ms = summed if times is None else times.get(mid)
                    if seconds is not None:
                        within: bool | None = seconds <= deadline_s
                    elif status in _NOTHING_OWED:
                        within = None
                    elif received.timestamp() <= overdue_before:
                        within = False
                    else:
                        within = None
                    yield MessageRow(
                        mid,
                        received,
                        status,
                        first_at,
                        seconds,
                        within,
                        agent,
                        template,
                        cluster,
                        category,
                        round(ms or 0),
                        again if first_at is not None else 0,
                    )


def _slices(period: Period) -> list[tuple[datetime, datetime]]:
    """Consecutive [start, end) ranges covering the period, oldest first."""
    start, end = period.start, period.end
    step = max((end - start) / SLICES, timedelta(days=1))
    bounds = [start]
    while bounds[-1] + step < end:
        bounds.append(bounds[-1] + step)
    return list(zip(bounds, [*bounds[1:], end], strict=True))


def _read_ahead(batches: Iterator[T]) -> Generator[T, None, None]:
    """The items of ``batches``, the next ones read by a thread while these are used.

    Reading a slice is mostly the database's work (SQLite lets go of
    Python's lock meanwhile; PostgreSQL works in its own process), and
    writing the rows is Python's: done one after the other, the two add up.
    At most :data:`READ_AHEAD` slices wait. An error in the thread is raised
    here; leaving early stops the thread after its current slice.
    """
    waiting: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=READ_AHEAD)
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                if stop.is_set():
                    return
                waiting.put((True, batch))
            waiting.put((False, None))
        except BaseException as exc:  # raised again in the reader
            waiting.put((False, exc))

    thread = threading.Thread(target=produce, name="desk-stats-rows", daemon=True)
    thread.start()
    try:
        while True:
            more, value = waiting.get()
            if not more:
                if value is not None:
                    raise value
                return
            yield value
    finally:
        stop.set()
        while thread.is_alive():
            with suppress(queue.Empty):
                while True:
                    waiting.get_nowait()
            thread.join(timeout=0.05)


def _handling_times(session: Session, period: Period) -> dict[int, float]:
    """PostgreSQL: each of the period's messages' handling time (ms), grouped once.

    One hash join of the links with the events and one grouping for the
    whole period, read on a second connection while the rows are read
    (:func:`desk.stats.sql.alongside`); SQLite, whose per-message index
    seeks are cheap, looks each message's time up in its row's query instead.
    """
    in_period = and_(Message.date >= period.start, Message.date < period.end, is_request())
    times = (
        select(EventMessage.message_id, func.sum(_share()))
        .join(HandlingEvent, HandlingEvent.id == EventMessage.event_id)
        .where(EventMessage.message_id.in_(select(Message.id).where(in_period)))
        .group_by(EventMessage.message_id)
    )
    return dict(session.connection().execute(times).cursor.fetchall())


def _share() -> Any:
    """One event's active time shared equally among the messages it concerned."""
    return cast(HandlingEvent.active_ms, Float) / func.nullif(HandlingEvent.message_count, 0)


def _slice_query(
    session: Session, start: datetime, end: datetime, first: Table, sqlite: bool
) -> Select[Any]:
    """The rows of the requests received in [start, end), oldest first.

    SQLite: each row's query sums its message's events, and the request
    statuses are listed (an index range per status, rather than a scan of
    every status's dates). PostgreSQL: the handling column is empty (the
    times are read apart) and the query reads the whole period at once.
    """
    dialect = dialect_name(session)
    handling: Any = (
        select(func.sum(_share()))
        .select_from(EventMessage)
        .join(HandlingEvent, HandlingEvent.id == EventMessage.event_id)
        .where(EventMessage.message_id == Message.id)
        .scalar_subquery()
        if sqlite
        else cast(null(), Float)
    )
    later = aliased(Message)
    recontacts = (
        select(func.count())
        .where(
            later.sender == Message.sender,
            within_days_after(later.date, first.c.first_at, RECONTACT_DAYS, dialect),
        )
        .correlate(Message, first)
        .scalar_subquery()
    )
    answer = aliased(Reply)
    return (
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
            handling,
            # Only answered messages from a known sender have re-contacts.
            case(
                (and_(first.c.first_at.is_not(None), Message.sender != ""), recontacts),
                else_=0,
            ),
        )
        .select_from(Message)
        .outerjoin(first, first.c.message_id == Message.id)
        .outerjoin(answer, answer.id == first.c.reply_id)
        .outerjoin(Agent, Agent.id == answer.agent_id)
        .outerjoin(Template, Template.id == answer.template_id)
        .outerjoin(ClusterMember, ClusterMember.message_id == Message.id)
        .outerjoin(Cluster, Cluster.id == ClusterMember.cluster_id)
        .where(
            Message.date >= start,
            Message.date < end,
            Message.status.in_(REQUESTS) if sqlite else is_request(),
        )
        .order_by(Message.date, Message.id)
    )


def _streamed(session: Session, query: Select[Any]) -> Iterator[Sequence[Any]]:
    """PostgreSQL: the rows of the whole period from one query, in batches of a server cursor.

    Slices would each read the first answers and the cluster members whole
    again (PostgreSQL hashes them rather than seek 15,000 keys); one sorted
    query reads them once, and its rows are fetched while the caller writes.
    The driver's rows are read as they are: times aware UTC, statuses text.
    """
    connection = session.connection()
    compiled = query.compile(connection)
    driver: Any = connection.connection.driver_connection
    with driver.cursor(name="desk_stats_rows") as cursor:
        cursor.execute(str(compiled), compiled.params)
        while batch := cursor.fetchmany(BATCH):
            if batch[0][1].tzinfo is UTC:  # the session's zone is UTC (tuned_for_statistics)
                yield batch
            else:
                yield [
                    (mid, _as_utc(moment), status, first and _as_utc(first), *rest)
                    for mid, moment, status, first, *rest in batch
                ]


def _as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime."""
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def _fetched(session: Session, query: Select[Any]) -> list[tuple[Any, ...]]:
    """The query's rows as the driver gives them, times made aware UTC datetimes.

    The driver's rows are read as they are (the result is neither streamed
    nor buffered, so its cursor is untouched): SQLAlchemy's row objects and
    its conversion of SQLite's text times would cost more than the query.
    """
    rows = session.connection().execute(query).cursor.fetchall()
    if dialect_name(session) == "sqlite":
        return [
            (mid, _utc(received), status, None if first_at is None else _utc(first_at), *rest)
            for mid, received, status, first_at, *rest in rows
        ]
    return [
        (mid, received.astimezone(UTC), status, first_at and first_at.astimezone(UTC), *rest)
        for mid, received, status, first_at, *rest in rows
    ]


def _utc(stored: str) -> datetime:
    """An aware UTC datetime from SQLite's text (``YYYY-MM-DD HH:MM:SS.ffffff``, UTC)."""
    try:
        return datetime.fromisoformat(stored + "+00:00")
    except ValueError:  # written some other way: read as SQLAlchemy would
        moment = datetime.fromisoformat(stored)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
