"""Quality per agent and per template, on answers whose fate is known by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event, select

from desk.mail.drafts import ReplyDraft
from desk.mail.outbox import mark_sent
from desk.mail.queueing import queue_replies
from desk.replies.handoffs import Service, hand_off
from desk.stats.period import Period
from desk.stats.quality import compute_quality
from desk.store.database import Store
from desk.store.models import Account, Agent, Reply, Template
from tests.replies.test_acks import arrive, mail
from tests.support.accounts import add_account_row

T = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PERIOD = Period(date(2026, 12, 1), date(2026, 12, 7), ZoneInfo("Europe/Paris"))


def answer(
    store: Store, message_id: int, to: str, *, agent: int, template: int | None,
    edited: bool | None, at: datetime,
) -> str:  # fmt: skip
    """An answer sent at ``at``; its Message-ID."""
    with store.sessions.begin() as session:
        account = session.scalars(select(Account.id)).one()
        draft = ReplyDraft((message_id,), to, "", "ok", template_id=template, agent_id=agent)
        [reply_id] = queue_replies(session, account, [draft], now=at, edited=edited).queued
        mark_sent(session, reply_id, at)
        return session.get_one(Reply, reply_id).message_id_header


def test_quality_per_agent_and_template(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    people = [
        mail(f"p{i}@example.org", name=f"P {i}", when=T - timedelta(hours=5)) for i in range(4)
    ]
    a, b, c, d = arrive(store, tmp_path, people)
    with store.sessions.begin() as session:
        ana, bruno = (
            Agent(login="ana", display_name="Ana"),
            Agent(login="bruno", display_name="Bruno"),
        )
        t1, t2 = Template(name="Mot de passe"), Template(name="Inscription")
        session.add_all([ana, bruno, t1, t2])
        session.flush()
        ids = (ana.id, bruno.id, t1.id, t2.id)
        account = session.scalars(select(Account)).one()
        hand_off(
            session, account, [c], Service("Examens", "ex@example.org"), now=T - timedelta(hours=4)
        )
        session.execute(
            Reply.__table__.update().values(state="sent", sent_at=T - timedelta(hours=4))
        )
    ana_id, bruno_id, t1_id, t2_id = ids
    with store.sessions.begin() as session:  # the service answered; the request is open again
        from desk.store.models import Message, MessageStatus

        session.get_one(Message, c).status = MessageStatus.OPEN
    answer(store, a, "p0@example.org", agent=ana_id, template=t1_id, edited=False, at=T)
    header_b = answer(store, b, "p1@example.org", agent=ana_id, template=t1_id, edited=True, at=T)
    answer(store, c, "p2@example.org", agent=bruno_id, template=t2_id, edited=None, at=T)
    answer(store, d, "p3@example.org", agent=bruno_id, template=None, edited=False, at=T)
    # p0 writes again two days later; p1 answers our answer the next day; p2 gets a second answer.
    later = [
        mail("p0@example.org", name="P 0", body="Toujours bloqué.", when=T + timedelta(days=2)),
        mail(
            "p1@example.org",
            name="P 1",
            body="Merci mais non.",
            when=T + timedelta(days=1),
            headers=f"In-Reply-To: {header_b}\n",
        ),
    ]
    arrive(store, tmp_path, later)
    with store.sessions.begin() as session:
        account_id = session.scalars(select(Account.id)).one()
        from desk.store.models import Message, MessageStatus

        session.get_one(Message, c).status = MessageStatus.OPEN
        draft = ReplyDraft(
            (c,), "p2@example.org", "", "encore", template_id=t2_id, agent_id=bruno_id
        )
        [again] = queue_replies(session, account_id, [draft], now=T + timedelta(hours=1)).queued
        mark_sent(session, again, T + timedelta(hours=1))

    with store.sessions() as session:
        quality = compute_quality(session, PERIOD)
    total = quality.total
    assert (total.answered, total.edited, total.edit_known) == (4, 1, 3)
    assert (total.recontacted, total.reopened, total.handed_off) == (2, 1, 1)
    assert total.resolved_first_time == 1  # d: a (re-contact), b (re-contact), c (two answers)
    agents = {row.name: row for row in quality.agents}
    assert (agents["Ana"].answered, agents["Ana"].edited_share) == (2, 0.5)
    assert agents["Ana"].share(agents["Ana"].recontacted) == 1.0
    assert (agents["Bruno"].handed_off, agents["Bruno"].resolved_first_time) == (1, 1)
    templates = {row.name: row.answered for row in quality.templates}
    assert templates == {"Mot de passe": 2, "Inscription": 1, "": 1}


def test_an_empty_period_has_no_shares(store: Store) -> None:
    with store.sessions() as session:
        quality = compute_quality(session, PERIOD)
    assert quality.total.answered == 0 and quality.total.edited_share is None
    assert quality.agents == [] and quality.templates == []


def test_no_statement_takes_a_parameter_per_answer(store: Store, tmp_path: Path) -> None:
    # A year holds more answers than PostgreSQL takes parameters in one statement (65,535):
    # every read is bounded by the period, never by a list of ids, senders or headers.
    add_account_row(store)
    people = [
        mail(f"q{i}@example.org", name=f"Q {i}", when=T - timedelta(hours=5)) for i in range(30)
    ]
    ids = arrive(store, tmp_path, people)
    with store.sessions.begin() as session:
        agent = Agent(login="ana", display_name="Ana")
        session.add(agent)
        session.flush()
        agent_id = agent.id
    for number, message_id in enumerate(ids):
        answer(store, message_id, f"q{number}@example.org", agent=agent_id, template=None,
               edited=None, at=T)  # fmt: skip
    parameters: list[int] = []

    def count(_conn: object, _cursor: object, _statement: str, params: object, *_: object) -> None:
        parameters.append(len(params) if isinstance(params, (dict, list, tuple)) else 0)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.sessions() as session:
            quality = compute_quality(session, PERIOD)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert quality.total.answered == len(ids) == 30
    assert parameters and max(parameters) < 10


def test_the_window_answer_records_whether_it_was_edited(store: Store, tmp_path: Path) -> None:
    from desk.workbench.answering import queue_answer

    account = add_account_row(store)
    [m] = arrive(store, tmp_path, [mail(when=T - timedelta(hours=1))])
    with store.sessions.begin() as session:
        agent = Agent(login="ana", display_name="Ana")
        session.add(agent)
        session.flush()
        queued = queue_answer(
            session, account, [ReplyDraft((m,), "parent@example.org", "", "x")],
            agent_id=agent.id, template_id=None, cluster_id=None, hold_seconds=0,
            opened_at=T - timedelta(minutes=5), activity=[], now=T, edited=True,
        )  # fmt: skip
        assert session.get_one(Reply, queued.reply_ids[0]).edited is True


def test_the_report_has_the_quality_section(store: Store, tmp_path: Path) -> None:
    import docx

    from desk.stats.export import export_stats

    account = add_account_row(store)
    [m] = arrive(store, tmp_path, [mail(when=T - timedelta(hours=2))])
    with store.sessions.begin() as session:
        draft = ReplyDraft((m,), "parent@example.org", "", "x")
        [reply] = queue_replies(session, account, [draft], now=T, edited=False).queued
        mark_sent(session, reply, T)
    out = tmp_path / "rapport.docx"
    with store.sessions() as session:
        export_stats(session, PERIOD, out, "docx", language="fr", as_of=T + timedelta(days=1))
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "Qualité des réponses" in texts
    assert any("Résolues au premier contact : 100,0\u00a0%" in t for t in texts)
    headers = [[c.text for c in table.rows[0].cells] for table in document.tables]
    assert ["Agent", "Répondues", "Modifiées", "Ont réécrit (7 j)", "Rouvertes (7 j)",
            "Transmises", "Résolues au premier contact"] in headers  # fmt: skip


def test_handoffs_are_counted_per_service_with_the_wait(store: Store, tmp_path: Path) -> None:
    from desk.replies.after_pass import after_sync_pass
    from desk.stats.quality import handoffs_by_service

    add_account_row(store)
    people = [
        mail(f"p{i}@example.org", name=f"P {i}", when=T - timedelta(hours=9)) for i in range(3)
    ]
    ids = arrive(store, tmp_path, people)
    exams, grants = Service("Examens", "ex@example.org", 24), Service("Bourses", "bo@example.org")
    with store.sessions.begin() as session:
        account = session.scalars(select(Account)).one()
        answered_ref = hand_off(
            session, account, ids[:2], exams, now=T - timedelta(hours=8)
        ).reference
        hand_off(session, account, ids[2:], grants, now=T - timedelta(hours=8))
    reply = mail(
        "ex@example.org", subject=f"Re: [Desk {answered_ref}] x", when=T - timedelta(hours=2)
    )
    new = arrive(store, tmp_path, [reply])
    after_sync_pass(store.sessions, "scolarite", new, promise_hours=48, now=T - timedelta(hours=2))
    after_sync_pass(store.sessions, "scolarite", [], promise_hours=48, now=T + timedelta(days=3))
    with store.sessions() as session:
        rows = {row.service: row for row in handoffs_by_service(session, PERIOD)}
    assert (rows["Examens"].handed, rows["Examens"].answered) == (2, 2)
    assert rows["Examens"].median_wait_hours == 6.0
    assert (rows["Bourses"].handed, rows["Bourses"].overdue, rows["Bourses"].answered) == (1, 1, 0)
    assert rows["Bourses"].median_wait_hours is None


def test_the_workbook_has_quality_handoff_and_forecast_tabs(store: Store, tmp_path: Path) -> None:
    import openpyxl

    from desk.stats.export import export_stats

    account = add_account_row(store)
    [m, n] = arrive(store, tmp_path, [mail(when=T - timedelta(hours=2)), mail("q@example.org")])
    with store.sessions.begin() as session:
        draft = ReplyDraft((m,), "parent@example.org", "", "x")
        [reply] = queue_replies(session, account, [draft], now=T, edited=True).queued
        mark_sent(session, reply, T)
        exams = Service("Examens", "ex@example.org")
        hand_off(session, session.get_one(Account, account), [n], exams, now=T)
    out = tmp_path / "stats.xlsx"
    with store.sessions() as session:
        export_stats(session, PERIOD, out, "xlsx", language="en", as_of=T + timedelta(days=1))
    book = openpyxl.load_workbook(out)
    assert {
        "Quality per agent",
        "Quality per template",
        "Hand-offs per service",
        "Forecast",
    } <= set(book.sheetnames)
    templates = list(book["Quality per template"].iter_rows(values_only=True))
    assert templates[1][:3] == ("(no template)", 1, 100.0)  # answered once, edited
    services = list(book["Hand-offs per service"].iter_rows(values_only=True))
    assert services[1][:3] == ("Examens", 1, 0)
    forecast = list(book["Forecast"].iter_rows(values_only=True))
    assert forecast[0][0] == "Time (Europe/Paris)" and len(forecast) > 20
