"""Two real windows on one PostgreSQL, each agent with their own login, as a team works.

What one window does reaches the other by LISTEN/NOTIFY (the window has no
polling timer left), the send-time check stops an answer another agent got to
first, "next for me" hands two agents two clusters, and a database that drops
is shown, blocks claiming and sending, and comes back without losing the draft.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import make_url

from desk.app import App
from desk.cluster.service import ClusterService
from desk.config import AppDirs, Settings
from desk.demo.generator import generate_mailbox
from desk.mail.drafts import ReplyDraft
from desk.mail.ingest import ingest_source
from desk.mail.sources import open_source
from desk.replies.defaults import install_default_templates
from desk.store.database import Store, open_store
from desk.store.models import ClusterMember, Message, MessageStatus, Reply
from desk.ui.main_window import MainWindow
from desk.ui.tasks import TaskRunner
from desk.workbench.early import EarlyOpening
from tests.support.dovecot import ImapAccount
from tests.support.mail import simple_message
from tests.support.postgres import PostgresServer
from tests.support.proxy import DroppingProxy
from tests.support.smtp import SmtpServer
from tests.team.conftest import Team
from tests.test_mailjobs import imap_flags, smtp_flags
from tests.ui.conftest import DEMO_SIZE
from tests.ui.test_main_window import PASSWORD_ENV, _choose_text, _offline_settings

pytestmark = pytest.mark.postgres
WAIT_MS = 20_000  # a safety net against a hang: every wait below is for an event


@pytest.fixture(scope="session")
def pg_demo(
    postgres_server: PostgresServer,
    postgres_template: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """A PostgreSQL database holding the clustered demo mailbox and the default templates."""
    root = tmp_path_factory.mktemp("pg-demo")
    generate_mailbox(root / "mailbox", size=DEMO_SIZE, seed=7)
    url = postgres_server.create_database(template=postgres_template)
    store = open_store(url)
    try:
        ingest_source(store.sessions, open_source(root / "mailbox" / "Maildir"), workers=0)
        ClusterService(store.sessions, 85.0, workers=0).update()
        with store.sessions.begin() as session:
            for language in ("fr", "en"):
                install_default_templates(session, language)
    finally:
        store.close()
    return str(make_url(url).database)


@pytest.fixture
def team(postgres_server: PostgresServer, pg_demo: str) -> Iterator[Team]:
    """A copy of the demo database with the team's roles set up."""
    built = Team(postgres_server, postgres_server.create_database(template=pg_demo))
    try:
        yield built
    finally:
        built.close()


OpenWindow = Callable[..., MainWindow]


@pytest.fixture
def open_window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenWindow]:
    """Open a window on a database URL as a login; closed, its workers waited for, at the end."""
    monkeypatch.setenv(PASSWORD_ENV, "secret")
    opened: list[tuple[MainWindow, TaskRunner, Store]] = []

    def make(
        url: str,
        login: str,
        settings: Settings | None = None,
        early: Callable[[App], EarlyOpening] | None = None,
    ) -> MainWindow:
        store = open_store(url)
        app = App(settings=settings or _offline_settings(), dirs=AppDirs.discover(), store=store)
        runner = TaskRunner()
        first = early(app) if early is not None else None  # read as ``desk gui`` reads it
        window = MainWindow(app, runner, login=login, demo=True)
        opened.append((window, runner, store))
        qtbot.addWidget(window)
        window.show()
        window.start(first)
        qtbot.waitUntil(lambda: window.queue_loaded and window.agent is not None, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.account_id is not None, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not runner.pending, timeout=WAIT_MS)
        return window

    yield make
    for window, runner, store in opened:
        window.confirm = lambda _title, _text: True  # type: ignore[method-assign]
        window.close()
        runner.stop_all()
        assert runner.wait(30_000)
        store.close()


def _cluster_row(window: MainWindow, members: int = 3, skip: int = 1) -> int:
    rows = [
        i
        for i, r in enumerate(window.queue_model.rows)
        if r.cluster_id is not None and r.open_count >= members and not r.held_by
    ]
    return rows[skip]


def _open_row(qtbot: QtBot, window: MainWindow, row: int) -> None:
    window._select(window.queue_view, row)
    qtbot.waitUntil(lambda: bool(window._claimed), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.runner.pending, timeout=WAIT_MS)


def _held_by(window: MainWindow, key: str) -> str | None:
    row = window.queue_model.row_at(window.queue_model.row_of(key))
    return row.held_by if row is not None else None


def test_a_claim_in_one_window_greys_the_cluster_in_the_other_and_a_release_frees_it(
    qtbot: QtBot, team: Team, open_window: OpenWindow
) -> None:
    ana, _ = team.add("ana")
    bruno, _ = team.add("bruno")
    a = open_window(team.url_as(ana), ana)
    b = open_window(team.url_as(bruno), bruno)
    assert a.agent is not None and a.agent.login == ana  # the agent is the database login
    assert a.team_panel.can_release is False  # an agent may not release others' claims

    row = _cluster_row(a)
    key = a.queue_model.row_at(row).key  # type: ignore[union-attr]
    _open_row(qtbot, a, row)
    # No timer polls claims any more: only a NOTIFY can tell Bruno's window.
    qtbot.waitUntil(lambda: _held_by(b, key) == ana, timeout=WAIT_MS)
    b._select(b.queue_view, b.queue_model.row_of(key))
    qtbot.waitUntil(lambda: not b.runner.pending, timeout=WAIT_MS)
    reason = b.answer.blocking_reason()
    assert reason is not None and ana in reason
    assert not b.answer.send_button.isEnabled()
    b.team_panel.refresh()
    qtbot.waitUntil(lambda: any(p.login == ana for p in b.team_panel.agents), timeout=WAIT_MS)
    present = next(p for p in b.team_panel.agents if p.login == ana)
    assert present.held_messages >= 3 and present.held_clusters

    a.move_in_queue(1)  # Ana moves on: her claims go back
    qtbot.waitUntil(lambda: _held_by(b, key) is None, timeout=WAIT_MS)
    # Bruno, still looking at it, now holds it; Ana's window sees him.
    qtbot.waitUntil(lambda: bool(b._claimed), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _held_by(a, key) == bruno, timeout=WAIT_MS)


def test_what_changed_while_a_window_loaded_its_code_is_in_its_queue(
    qtbot: QtBot, team: Team, open_window: OpenWindow
) -> None:
    """``desk gui`` reads Ana's queue before her window listens; a cluster is answered in
    between. No NOTIFY reaches a window not yet listening: it reads the queue once more."""
    ana, _ = team.add("ana")
    answered: list[str] = []

    def read_then_answer(app: App) -> EarlyOpening:
        early = EarlyOpening(app, demo=True, login=ana)
        worklists = early.result(WAIT_MS / 1000).worklists
        assert worklists is not None
        row = next(r for r in worklists.queue if r.cluster_id is not None)
        members = select(ClusterMember.message_id).where(ClusterMember.cluster_id == row.cluster_id)
        with team.owner.sessions.begin() as session:  # answered by someone else meanwhile
            session.execute(
                update(Message).where(Message.id.in_(members)).values(status=MessageStatus.ANSWERED)
            )
        answered.append(row.key)
        return early

    a = open_window(team.url_as(ana), ana, early=read_then_answer)
    assert answered and answered[0] not in {r.key for r in a.queue_model.rows}


def test_next_for_me_gives_two_agents_two_different_clusters(
    qtbot: QtBot, team: Team, open_window: OpenWindow
) -> None:
    ana, _ = team.add("ana")
    bruno, _ = team.add("bruno")
    a = open_window(team.url_as(ana), ana)
    b = open_window(team.url_as(bruno), bruno)
    a.next_for_me()
    b.next_for_me()
    qtbot.waitUntil(
        lambda: a.next_for_me_action.isEnabled() and b.next_for_me_action.isEnabled(),
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: not a.runner.pending and not b.runner.pending, timeout=WAIT_MS)
    assert a._current is not None and b._current is not None
    assert a._current.cluster_id != b._current.cluster_id
    with team.owner.sessions() as session:
        holders = dict(
            session.execute(
                text(
                    "SELECT m.cluster_id, count(DISTINCT c.agent_id) FROM claim c "
                    "JOIN cluster_member m ON m.message_id = c.message_id GROUP BY m.cluster_id"
                )
            ).all()
        )
    assert holders[a._current.cluster_id] == 1 and holders[b._current.cluster_id] == 1


def test_the_send_time_check_stops_an_answer_another_agent_got_to_first(
    qtbot: QtBot, team: Team, open_window: OpenWindow
) -> None:
    """Ana's claims lapse (her laptop slept); Bruno takes the cluster and answers it first.

    Ana confirms before her window has heard of it: only the check at the
    moment of sending stands between her answer and a second reply.
    """
    ana, ana_id = team.add("ana")
    bruno, _ = team.add("bruno")
    a = open_window(team.url_as(ana), ana)
    b = open_window(team.url_as(bruno), bruno)
    row = _cluster_row(a)
    queue_row = a.queue_model.row_at(row)
    assert queue_row is not None
    _open_row(qtbot, a, row)
    draft = "Bonjour,\nVoici la réponse d'Ana."
    _choose_text(qtbot, a, draft)
    with team.owner.sessions.begin() as session:
        session.execute(
            text("UPDATE claim SET expires_at = now() - interval '1 second' WHERE agent_id = :a"),
            {"a": ana_id},
        )
    told: list[tuple[str, str]] = []
    a.confirm = lambda _title, _text: True  # type: ignore[method-assign]
    a.inform = lambda title, body: told.append((title, body))  # type: ignore[method-assign]

    # Bruno's window opens the cluster and answers it (its own worker code, run here so
    # that Ana's window, on this same thread, cannot hear of it before she confirms).
    assert b.agent is not None
    ids, _claimed, _representative = b._open_row(queue_row, b.agent.id)
    with team.owner.sessions() as session:
        recipients = session.execute(
            text("SELECT id, from_addr, from_name FROM message WHERE id = ANY(:ids)"),
            {"ids": ids},
        ).all()
    drafts = [
        ReplyDraft((mid,), addr, name, "Réponse de Bruno.", agent_id=b.agent.id)
        for mid, addr, name in recipients
    ]
    queued, _counts = b._queue_answer(drafts, None, queue_row.cluster_id, a._opened_at, [])
    assert len(queued.reply_ids) == len(drafts) and not queued.conflicts
    a.send_answer()

    qtbot.waitUntil(lambda: bool(told), timeout=WAIT_MS)
    title, body = told[0]
    assert title == "Nothing was sent"
    assert "on its way" in body  # which messages, and why
    assert a.answer.editor.toPlainText() == draft  # the draft is kept
    with team.owner.sessions() as session:
        assert session.scalar(select(func.count(Reply.id)).where(Reply.agent_id == ana_id)) == 0
    # And now her window knows: the cluster is Bruno's.
    qtbot.waitUntil(lambda: _held_by(a, queue_row.key) in (bruno, None), timeout=WAIT_MS)


def test_a_sender_writing_again_stops_the_answer_until_the_agent_has_read_it(
    qtbot: QtBot, team: Team, open_window: OpenWindow
) -> None:
    ana, ana_id = team.add("ana")
    a = open_window(team.url_as(ana), ana)
    _open_row(qtbot, a, _cluster_row(a))
    _choose_text(qtbot, a, "Bonjour,\nVoici la réponse.")
    first = a.answer.drafts[0]
    with team.owner.sessions.begin() as session:  # that sender's new mail arrives
        session.execute(
            text(
                "INSERT INTO message (folder_id, source_key, message_id, subject, from_name,"
                " from_addr, to_addrs, cc_addrs, date, date_from_header, ingested_at, text,"
                " attachments, parse_warnings, is_auto, sender, size, status, flags,"
                " body_fetched) SELECT folder_id, source_key || '-again', '<again@x>', subject,"
                " from_name, from_addr, to_addrs, cc_addrs, now(), true, now(),"
                " 'Je précise : c’est urgent.', '[]', '[]', false, sender, 10, 'open', '[]', true"
                " FROM message WHERE id = :id"
            ),
            {"id": first.message_ids[0]},
        )
    told: list[tuple[str, str]] = []
    a.confirm = lambda _title, _text: True  # type: ignore[method-assign]
    a.inform = lambda title, body: told.append((title, body))  # type: ignore[method-assign]
    a.send_answer()
    qtbot.waitUntil(lambda: bool(told), timeout=WAIT_MS)
    assert told[0][0] == "Nothing was sent"
    assert f"{first.to_addr}: wrote again at" in told[0][1]
    with team.owner.sessions() as session:
        assert session.scalar(select(func.count(Reply.id)).where(Reply.agent_id == ana_id)) == 0


def test_a_dropped_database_is_shown_blocks_sending_and_keeps_the_draft(
    qtbot: QtBot,
    team: Team,
    open_window: OpenWindow,
    dropping_proxy: Callable[[tuple[str, int]], DroppingProxy],
) -> None:
    ana, ana_id = team.add("ana")
    proxy = dropping_proxy(("127.0.0.1", team.server.port))
    url = make_url(team.url_as(ana)).set(port=proxy.address[1])
    a = open_window(url.render_as_string(hide_password=False), ana)
    _open_row(qtbot, a, _cluster_row(a))
    draft = "Bonjour,\nVoici la réponse."
    _choose_text(qtbot, a, draft)
    told: list[tuple[str, str]] = []
    a.confirm = lambda _title, _text: True  # type: ignore[method-assign]
    a.inform = lambda title, body: told.append((title, body))  # type: ignore[method-assign]

    # The VPN drops just as Ana confirms: the window has not heard of it yet.
    proxy.refuse(True)
    proxy.drop_all()
    a.send_answer()
    qtbot.waitUntil(a.status.database_label.isVisible, timeout=WAIT_MS)
    assert "reconnecting" in a.status.database_label.text()
    qtbot.waitUntil(lambda: not a.answer.send_button.isEnabled(), timeout=WAIT_MS)
    reason = a.answer.blocking_reason()
    assert reason is not None and "database" in reason
    assert not a.next_for_me_action.isEnabled()
    assert a.answer.editor.toPlainText() == draft

    proxy.refuse(False)  # back: the window says the answer was not recorded, draft intact
    qtbot.waitUntil(lambda: not a.status.database_label.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(told), timeout=WAIT_MS)
    assert told[0][0] == "Your answer was not recorded"
    assert a.answer.editor.toPlainText() == draft
    assert a.next_for_me_action.isEnabled()
    with team.owner.sessions() as session:
        assert session.scalar(select(func.count(Reply.id)).where(Reply.agent_id == ana_id)) == 0

    # Sent again, it goes through (the claims were renewed or retaken on reopening).
    qtbot.waitUntil(lambda: not a.runner.pending, timeout=WAIT_MS)
    _open_row(qtbot, a, a.queue_view.currentIndex().row())
    _choose_text(qtbot, a, draft)
    a.send_answer()
    qtbot.waitUntil(lambda: a.outbox.waiting > 0, timeout=WAIT_MS)


@pytest.fixture
def empty_team(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Team]:
    """A migrated team database with no mail yet."""
    built = Team(postgres_server, postgres_server.create_database(template=postgres_template))
    try:
        yield built
    finally:
        built.close()


def _shown(window: MainWindow) -> int:
    return sum(row.open_count for row in window.queue_model.rows)


def test_the_service_syncs_and_both_windows_follow_it_without_the_mailbox_password(
    qtbot: QtBot,
    empty_team: Team,
    open_window: OpenWindow,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    desk_home: Path,
    tmp_path: Path,
) -> None:
    team = empty_team
    imap_account.write_messages([simple_message(n) for n in range(1, 4)])
    env = {**os.environ, "DESK_HOME": str(desk_home), "DESK_TEST_PASSWORD": imap_account.password}
    log = tmp_path / "serve.log"
    with log.open("wb") as sink, subprocess.Popen(
        [sys.executable, "-m", "desk", "serve", "--db", team.url, "--workers", "0",
         *imap_flags(imap_account), *smtp_flags(smtp_server)],
        env=env, stdout=sink, stderr=subprocess.STDOUT,
    ) as service:  # fmt: skip
        try:
            account = {  # as in an agent's desk.toml: no password anywhere
                "name": "contact",
                "address": "contact@example-edu.fr",
                "imap_host": imap_account.host,
                "imap_port": imap_account.port,
                "imap_security": "none",
                "imap_user": imap_account.user,
                "smtp_host": smtp_server.host,
                "smtp_port": smtp_server.port,
                "smtp_security": "none",
                "password_env": "DESK_NO_PASSWORD_HERE",
            }
            settings = Settings(account=tuple(account.items()))
            ana, _ = team.add("ana")
            bruno, _ = team.add("bruno")
            windows = [open_window(team.url_as(login), login, settings) for login in (ana, bruno)]
            for window in windows:
                qtbot.waitUntil(lambda w=window: _shown(w) == 3, timeout=WAIT_MS)
                qtbot.waitUntil(
                    lambda w=window: "Synced by service@" in w.connection_label.text(),
                    timeout=WAIT_MS,
                )
            imap_account.append(simple_message(4))  # new mail: the service's IDLE wakes
            for window in windows:
                qtbot.waitUntil(lambda w=window: _shown(w) == 4, timeout=WAIT_MS)
        finally:
            service.send_signal(signal.SIGTERM)
            assert service.wait(timeout=60) == 0, log.read_text()


def test_a_window_coming_back_to_a_newer_schema_refuses_to_write(
    qtbot: QtBot,
    team: Team,
    open_window: OpenWindow,
    dropping_proxy: Callable[[tuple[str, int]], DroppingProxy],
) -> None:
    """While this window was cut off, a newer Desk upgraded the database: it must not write."""
    ana, _ = team.add("ana")
    proxy = dropping_proxy(("127.0.0.1", team.server.port))
    url = make_url(team.url_as(ana)).set(port=proxy.address[1])
    a = open_window(url.render_as_string(hide_password=False), ana)
    proxy.refuse(True)
    proxy.drop_all()
    qtbot.waitUntil(a.status.database_label.isVisible, timeout=WAIT_MS)
    with team.owner.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_newer'"))
    proxy.refuse(False)
    qtbot.waitUntil(lambda: "refused" in a.status.database_label.text(), timeout=WAIT_MS)
    assert "newer version of Desk" in a.status.database_label.text()
    reason = a.answer.blocking_reason()
    assert reason is not None and "database" in reason
    assert not a.next_for_me_action.isEnabled()


def test_a_lead_gives_an_agents_claims_back_from_the_team_tab(
    qtbot: QtBot, team: Team, open_window: OpenWindow
) -> None:
    ana, ana_id = team.add("ana")
    lea, _ = team.add("lea", role="lead")
    a = open_window(team.url_as(ana), ana)
    _open_row(qtbot, a, _cluster_row(a))
    lead = open_window(team.url_as(lea), lea)
    assert lead.team_panel.can_release and not a.team_panel.can_release
    lead.team_panel.refresh()
    qtbot.waitUntil(
        lambda: any(p.login == ana and p.held_messages for p in lead.team_panel.agents),
        timeout=WAIT_MS,
    )
    row = next(i for i, p in enumerate(lead.team_panel.agents) if p.login == ana)
    lead.team_panel.table.selectRow(row)
    assert lead.team_panel.release_button.isEnabled()
    lead.team_panel.release_button.click()

    def held_by_ana() -> int:
        with team.owner.sessions() as session:
            count = session.scalar(
                text("SELECT count(*) FROM claim WHERE agent_id = :a"), {"a": ana_id}
            )
        return int(count or 0)

    qtbot.waitUntil(lambda: held_by_ana() == 0, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: all(p.held_messages == 0 for p in lead.team_panel.agents if p.login == ana),
        timeout=WAIT_MS,
    )
