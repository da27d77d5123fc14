"""The statistics give what the code before issue 18 item 6 gave (``bench.stats_before``).

A generated store, varied where the two implementations could part: local
days across both daylight-saving changes of Europe/Paris (and zones half or
a quarter of an hour from UTC), messages arriving or answered exactly at a
period's bounds, messages without events or answers, answered twice (once
by two replies sent at the same moment), answered before they arrived,
closed or not requests, several agents, templates and clusters, re-contacts
at exactly seven days and just after, and handling events shared among
several messages. Every figure must be equal, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bench import stats_before as before
from desk.stats.csvx import write_message_rows
from desk.stats.events import record_event
from desk.stats.kpis import compute_kpis
from desk.stats.period import Period
from desk.stats.rows import MessageRow, per_message_rows
from desk.store.database import Store
from desk.store.models import (
    Agent,
    Cluster,
    ClusterMember,
    EventKind,
    EventMessage,
    Folder,
    FolderKind,
    HandlingEvent,
    Message,
    MessageStatus,
    Reply,
    ReplyMessage,
    ReplyState,
    Template,
)

PARIS = ZoneInfo("Europe/Paris")
LATE = datetime(2021, 1, 15, tzinfo=UTC)
# Spring change on 29 March 2020 (23 h), autumn change on 25 October (25 h).
SPRING = (datetime(2020, 3, 15, tzinfo=UTC), datetime(2020, 4, 12, tzinfo=UTC))
AUTUMN = (datetime(2020, 10, 12, tzinfo=UTC), datetime(2020, 11, 8, tzinfo=UTC))
PERIODS = (
    Period(date(2020, 3, 23), date(2020, 4, 5), PARIS),
    Period(date(2020, 3, 29), date(2020, 3, 29), PARIS),
    Period(date(2020, 10, 25), date(2020, 10, 25), PARIS),
    Period(date(2020, 10, 19), date(2020, 11, 1), PARIS),
    Period(date(2020, 3, 20), date(2020, 3, 31), ZoneInfo("Asia/Kolkata")),
    Period(date(2020, 10, 20), date(2020, 10, 30), ZoneInfo("Asia/Kathmandu")),
    Period(date(2020, 3, 1), date(2020, 11, 30), ZoneInfo("UTC")),
    Period(date(2021, 6, 1), date(2021, 6, 30), PARIS),
)
# After everything; inside the first period (answers after it do not count yet); at a bound.
MOMENTS = (LATE, datetime(2020, 3, 30, 12, tzinfo=UTC), datetime(2020, 3, 22, 23, tzinfo=UTC))
STATUSES = (
    [MessageStatus.ANSWERED] * 10
    + [MessageStatus.OPEN] * 4
    + [MessageStatus.CLOSED, MessageStatus.NON_REQUEST, MessageStatus.GONE]
    + [MessageStatus.WAITING]
)


def _moment(rng: random.Random) -> datetime:
    low, high = rng.choice((SPRING, AUTUMN))
    seconds = rng.randrange(int((high - low).total_seconds()))
    return low + timedelta(seconds=seconds, microseconds=rng.randrange(1_000_000))


def build_year(store: Store, seed: int = 18) -> None:
    """About 500 messages, their replies and handling events (see the module's docstring)."""
    rng = random.Random(seed)
    with store.sessions.begin() as session:
        folder = Folder(kind=FolderKind.MAILDIR, name="in", locator="maildir:in")
        agents = [Agent(login=f"a{i}", display_name=f"Agent {i}") for i in range(5)]
        agents.append(Agent(login="nameless", display_name=""))
        templates = [Template(name=f"Modèle {i}") for i in range(4)]
        clusters = [Cluster(label=f"c{i}", category=rng.choice(("exam", None))) for i in range(6)]
        session.add_all([folder, *agents, *templates, *clusters])
        session.flush()
        senders = [f"p{i}@x.fr" for i in range(70)] + [""]
        dates = [_moment(rng) for _ in range(460)]
        # Exactly at local midnights that bound the periods (start included, end not).
        dates += [datetime(2020, 3, 22, 23, tzinfo=UTC), datetime(2020, 4, 5, 22, tzinfo=UTC)]
        dates += [datetime(2020, 3, 28, 23, tzinfo=UTC), datetime(2020, 10, 24, 22, tzinfo=UTC)]
        dates += [datetime(2020, 10, 25, 23, tzinfo=UTC), datetime(2020, 3, 29, 22, tzinfo=UTC)]
        messages = [
            Message(
                folder=folder,
                source_key=str(n),
                message_id=f"<{n}@x.fr>",
                date=when,
                sender=rng.choice(senders),
                from_addr="x@x.fr",
                status=rng.choice(STATUSES),
                size=1,
            )
            for n, when in enumerate(dates)
        ]
        session.add_all(messages)
        session.flush()
        for message in messages:
            if rng.random() < 0.8:
                session.add(
                    ClusterMember(message_id=message.id, cluster_id=rng.choice(clusters).id)
                )
        _answer(session, rng, messages, agents, templates, clusters)
        _record(session, rng, messages, agents, templates, clusters)


def _reply(
    session: Session,
    number: int,
    sent_at: datetime | None,
    state: ReplyState,
    answered: list[Message],
    agent: Agent,
    template: Template | None,
    cluster: Cluster | None,
) -> Reply:
    reply = Reply(
        message_id_header=f"<r{number}@desk>",
        agent_id=agent.id,
        template_id=template.id if template else None,
        cluster_id=cluster.id if cluster else None,
        to_addr="x@x.fr",
        subject="Re",
        body_text="...",
        state=state,
        sent_at=sent_at,
    )
    session.add(reply)
    session.flush()
    session.add_all(ReplyMessage(reply_id=reply.id, message_id=m.id) for m in answered)
    return reply


def _answer(
    session: Session,
    rng: random.Random,
    messages: list[Message],
    agents: list[Agent],
    templates: list[Template],
    clusters: list[Cluster],
) -> None:
    """Replies: in groups, some failed or queued, some twice, some before the message came."""
    number = 0
    pending = [m for m in messages if rng.random() < 0.85]
    while pending:
        group, pending = pending[: rng.randint(1, 4)], pending[rng.randint(1, 4) :]
        number += 1
        draw = rng.random()
        delay = timedelta(hours=rng.choice((0.5, 3, 20, 47.99, 48, 50, 100, 200)))
        sent = max(m.date for m in group) + delay + timedelta(microseconds=rng.randrange(999))
        if draw < 0.03:  # sent before the message arrived (a wrong Date: header)
            sent = min(m.date for m in group) - timedelta(hours=2)
        state = (
            ReplyState.FAILED
            if draw > 0.93
            else ReplyState.QUEUED
            if draw > 0.9
            else ReplyState.SENT
        )
        agent, template = rng.choice(agents), rng.choice([*templates, None])
        cluster = rng.choice([*clusters, None])
        first = _reply(session, number, sent, state, group, agent, template, cluster)
        if draw < 0.15:  # answered again: later, or at the same moment by another reply
            number += 1
            again = first.sent_at if draw < 0.07 else sent + timedelta(days=1)
            _reply(session, number, again, ReplyState.SENT, group, rng.choice(agents), None, None)
    # Re-contacts exactly 7 days after an answer (counted), and a microsecond later (not).
    answered = [m for m in messages if m.sender and m.status == MessageStatus.ANSWERED][:6]
    for index, message in enumerate(answered):
        number += 1
        sent = message.date + timedelta(hours=1)
        _reply(session, number, sent, ReplyState.SENT, [message], agents[0], templates[0], None)
        later = sent + timedelta(days=7, microseconds=index % 2)
        session.add(
            Message(
                folder_id=message.folder_id,
                source_key=f"again-{index}",
                message_id=f"<again-{index}@x.fr>",
                date=later,
                sender=message.sender,
                from_addr="x@x.fr",
                status=MessageStatus.OPEN,
                size=1,
            )
        )


def _record(
    session: Session,
    rng: random.Random,
    messages: list[Message],
    agents: list[Agent],
    templates: list[Template],
    clusters: list[Cluster],
) -> None:
    """Handling events, most shared among several messages (thirds, sixths: float sums)."""
    kinds = list(EventKind)
    for _ in range(900):
        concerned = rng.sample(messages, rng.choice((0, 1, 1, 2, 3, 6)))
        started = _moment(rng)
        moments = [started + timedelta(seconds=s) for s in sorted(rng.sample(range(400), 6))]
        record_event(
            session,
            rng.choice(agents).id,
            rng.choice(kinds),
            [m.id for m in concerned],
            started,
            started + timedelta(seconds=rng.randrange(1, 400), milliseconds=rng.randrange(1000)),
            activity=moments,
            cluster_id=rng.choice(clusters).id if rng.random() < 0.7 else None,
            template_id=rng.choice(templates).id if rng.random() < 0.5 else None,
        )


@pytest.fixture
def year(store: Store) -> Store:
    build_year(store)
    return store


def test_kpis_are_those_of_the_code_before(year: Store) -> None:
    for period in PERIODS:
        for as_of in MOMENTS:
            for hours in (48, 24, 72):
                with year.sessions() as session:
                    after = compute_kpis(session, period, hours, as_of)
                with year.sessions() as session:
                    expected = before.compute_kpis(session, period, hours, as_of)
                assert after == expected, (period, as_of, hours)
    with year.sessions() as session:
        busy = compute_kpis(session, PERIODS[0], 48, LATE)
    # The data set does reach what it is meant to.
    assert busy.received and busy.answered and busy.recontacted and busy.backlog_start
    assert busy.response.late and busy.response.within_deadline and busy.agents
    with year.sessions() as session:
        early = compute_kpis(session, PERIODS[0], 48, MOMENTS[1])
    assert early.response.pending


def _exact_handling(session: Session) -> dict[int, Fraction]:
    """Each message's handling time as an exact fraction of a millisecond."""
    exact: dict[int, Fraction] = defaultdict(Fraction)
    rows = session.execute(
        select(EventMessage.message_id, HandlingEvent.active_ms, HandlingEvent.message_count).join(
            HandlingEvent, HandlingEvent.id == EventMessage.event_id
        )
    )
    for message_id, active, count in rows:
        exact[message_id] += Fraction(active, count)
    return exact


def test_per_message_rows_are_those_of_the_code_before(year: Store, backend: str) -> None:
    with year.sessions() as session:
        exact = _exact_handling(session)
    ties = 0
    for period in PERIODS:
        for as_of in MOMENTS[:2]:
            with year.sessions() as session:
                after = list(per_message_rows(session, period, 48, as_of))
            with year.sessions() as session:
                expected = [
                    MessageRow(*(getattr(r, f) for f in MessageRow._fields))
                    for r in before.per_message_rows(session, period, 48, as_of)
                ]
            assert [r.message_id for r in after] == [r.message_id for r in expected]
            for new, old in zip(after, expected, strict=True):
                if new == old:
                    continue
                # PostgreSQL adds the shares of a message's events in whatever order its
                # plan reads them, before as after: at an exact half millisecond the float
                # sum may round either way. Nothing else may differ.
                assert backend == "postgresql", (new, old)
                assert new._replace(handling_ms=old.handling_ms) == old
                assert exact[new.message_id].denominator == 2
                assert abs(new.handling_ms - old.handling_ms) == 1
                ties += 1
    assert ties < 5


@pytest.mark.parametrize(("language", "delimiter"), [("fr", ";"), ("en", ","), ("fr", ",")])
def test_the_csv_is_what_the_sheet_writer_wrote(
    year: Store, tmp_path: Path, language: str, delimiter: str
) -> None:
    period = PERIODS[6]
    with year.sessions() as session:
        rows = list(per_message_rows(session, period, 48, MOMENTS[1]))
    assert any(r.response_s is None for r in rows) and any(r.within_deadline for r in rows)
    fast, generic = tmp_path / "fast.csv", tmp_path / "generic.csv"
    count = write_message_rows(
        fast, rows, period, language=language, delimiter=delimiter, deadline_hours=48
    )
    assert count == len(rows)
    before.write_message_rows(
        generic, rows, period, language=language, delimiter=delimiter, deadline_hours=48
    )
    assert fast.read_bytes() == generic.read_bytes()


def test_a_session_on_one_connection_reads_both_halves_itself(year: Store) -> None:
    """Bound to a connection (not an engine), the KPIs are read on that connection alone."""
    with year.engine.connect() as connection, Session(bind=connection) as session:
        alone = compute_kpis(session, PERIODS[0], 48, LATE)
    with year.sessions() as session:
        assert alone == compute_kpis(session, PERIODS[0], 48, LATE)


def test_the_connection_gets_its_settings_back(year: Store, backend: str) -> None:
    """SQLite's page cache, PostgreSQL's work_mem, JIT and time zone are the statistics' own."""
    show = (
        ["PRAGMA cache_size"]
        if backend == "sqlite"
        else ["SHOW work_mem", "SHOW jit", "SHOW TimeZone"]
    )
    with year.sessions() as session:
        if backend == "postgresql":
            session.execute(text("SET TIME ZONE 'Europe/Paris'"))
        settings = [session.connection().exec_driver_sql(s).scalar() for s in show]
        compute_kpis(session, PERIODS[0], 48, LATE)
        list(per_message_rows(session, PERIODS[0], 48, LATE))
        assert [session.connection().exec_driver_sql(s).scalar() for s in show] == settings
