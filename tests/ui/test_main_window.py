"""The main window on the demo store: what an agent sees, corrects, searches, and is kept from.

These run without a mail server (or with one that is down): the window must
stay useful offline, and refuse clearly what it cannot do.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text, update

from desk.app import App
from desk.config import AppDirs, Settings
from desk.queue.claims import claim_messages
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from desk.store.models import Agent, Cluster, ClusterMember, Message, MessageStatus, Reply
from desk.store.search import search_messages
from desk.ui.help_dialog import HelpDialog
from desk.ui.main_window import MainWindow
from desk.ui.tasks import TaskRunner
from desk.workbench.early import EarlyOpening
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle

PASSWORD_ENV = "DESK_TEST_UNREACHABLE_PASSWORD"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _offline_settings() -> Settings:
    """An account whose servers are down: the agent works offline."""
    port = _closed_port()
    account = {
        "name": "scolarite",
        "address": "contact@example-edu.fr",
        "imap_host": "127.0.0.1",
        "imap_port": port,
        "imap_security": "none",
        "imap_user": "contact",
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_security": "none",
        "password_env": PASSWORD_ENV,
    }
    return Settings(account=tuple(account.items()), undo_seconds=30)


def _open(qtbot: QtBot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.queue_loaded and window.agent is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.messages_model.rowCount() > 0, timeout=10_000)
    return window


@pytest.fixture
def window(qtbot: QtBot, runner: TaskRunner, desk_app: App) -> Iterator[MainWindow]:
    """The window on the demo store, with no mailbox account (reading and preparing only)."""
    opened = _open(qtbot, MainWindow(desk_app, runner, login="ana", demo=True))
    yield opened
    opened.mailbox.stop()
    settle(qtbot, runner)


@pytest.fixture
def offline_window(
    qtbot: QtBot, runner: TaskRunner, desk_app: App, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """The window on the demo store with an account whose servers cannot be reached."""
    monkeypatch.setenv(PASSWORD_ENV, "secret")
    app = App(settings=_offline_settings(), dirs=AppDirs.discover(), store=desk_app.store)
    opened = _open(qtbot, MainWindow(app, runner, login="ana", demo=True))
    qtbot.waitUntil(lambda: opened.account_id is not None, timeout=10_000)
    yield opened
    opened.mailbox.stop()
    settle(qtbot, runner)


def _select_cluster(qtbot: QtBot, window: MainWindow, members: int = 3) -> int:
    row = next(
        i
        for i, r in enumerate(window.queue_model.rows)
        if r.cluster_id is not None and r.open_count >= members
    )
    window._select(window.queue_view, row)
    qtbot.waitUntil(lambda: window.messages_model.rowCount() >= members, timeout=10_000)
    qtbot.waitUntil(lambda: not window.runner.pending, timeout=10_000)
    return row


def _choose_text(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.answer.editor.setPlainText(text)
    qtbot.waitUntil(
        lambda: not window.answer.rendering and window.answer.rendered is not None,
        timeout=20_000,
    )


def test_the_demo_opens_on_the_queue_with_the_first_row_read(window: MainWindow) -> None:
    assert window.queue_model.rowCount() > 10
    assert window.queue_view.currentIndex().row() == 0
    with window.app.store.sessions() as session:
        last = session.scalar(select(func.max(Message.date)))
    assert last is not None
    assert abs(window.queue_now() - last) < timedelta(minutes=5), "the demo week's own clock"
    assert "No mailbox account" in window.connection_label.text()
    reason = window.answer.blocking_reason()
    assert reason is not None and "account" in reason
    assert not window.answer.send_button.isEnabled()
    assert window.windowTitle().endswith("to answer")
    assert unnamed_controls(window) == []
    # The header says what the open row asks, as the queue does; its subject is on hover.
    first = window.queue_model.row_at(0)
    assert first is not None and first.title
    assert window.messages_title.text() == first.title
    assert first.subject and first.subject in window.messages_title.toolTip()


def test_every_shortcut_is_listed_once_in_the_help(qtbot: QtBot, window: MainWindow) -> None:
    keys = [a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys)), "two actions on the same keys: neither would fire"
    dialog = HelpDialog(window.actions(), window)
    qtbot.addWidget(dialog)
    listed = dict(dialog.rows())
    for wanted in ("Ctrl+Return", "Ctrl+T", "Ctrl+Down", "Ctrl+Up", "Alt+Right", "F1", "Ctrl+Z"):
        assert wanted in listed, wanted
    assert unnamed_controls(dialog) == []


def test_a_message_moved_out_and_a_merge_persist(qtbot: QtBot, window: MainWindow) -> None:
    _select_cluster(qtbot, window)
    current = window._current
    assert current is not None and current.cluster_id is not None
    moved = window.messages_model.id_at(1)
    assert moved is not None
    window.messages_view.setCurrentIndex(window.messages_model.index(1, 1))
    window.move_out()
    qtbot.waitUntil(
        lambda: _cluster_of(window, moved) not in (None, current.cluster_id), timeout=10_000
    )
    with window.app.store.sessions() as session:
        member = session.get(ClusterMember, moved)
        assert member is not None and member.manual

    settle(qtbot, window.runner)
    _select_cluster(qtbot, window)
    source = window._current
    assert source is not None and source.cluster_id is not None
    target = next(
        r.cluster_id
        for r in window.queue_model.rows
        if r.cluster_id not in (None, source.cluster_id)
    )
    offered: list[int] = []

    def choose(candidates: list[object]) -> int | None:
        offered.append(len(candidates))
        return target

    window.choose_merge_target = choose  # type: ignore[method-assign,assignment]
    window.merge()
    qtbot.waitUntil(lambda: _merged_into(window, source.cluster_id) == target, timeout=10_000)
    assert offered and offered[0] >= 1
    with window.app.store.sessions() as session:
        left = session.scalar(
            select(func.count()).where(ClusterMember.cluster_id == source.cluster_id)
        )
    assert left == 0


def _cluster_of(window: MainWindow, message_id: int) -> int | None:
    with window.app.store.sessions() as session:
        return session.scalar(
            select(ClusterMember.cluster_id).where(ClusterMember.message_id == message_id)
        )


def _merged_into(window: MainWindow, cluster_id: int | None) -> int | None:
    with window.app.store.sessions() as session:
        return session.scalar(select(Cluster.merged_into_id).where(Cluster.id == cluster_id))


def test_the_similarity_slider_regroups(qtbot: QtBot, window: MainWindow) -> None:
    before = window.queue_model.rowCount()
    window.queue_loaded = False
    window.slider.setValue(97)
    assert "97" in window.slider_label.text()
    qtbot.waitUntil(lambda: window.clustering.threshold == 97.0, timeout=60_000)
    qtbot.waitUntil(lambda: window.queue_loaded, timeout=20_000)
    assert window.queue_model.rowCount() > before, "stricter grouping, more rows to answer"


def test_search_lists_matching_messages_and_escape_goes_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    members = window.messages_model.ids
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "mot de passe")
    qtbot.waitUntil(lambda: "match" in window.messages_title.text(), timeout=10_000)
    with window.app.store.sessions() as session:
        expected = search_messages(session, "mot de passe")
    assert expected and window.messages_model.ids == expected
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.messages_model.ids == members, timeout=10_000)


def test_what_another_agent_holds_is_greyed_and_cannot_be_answered(
    qtbot: QtBot, offline_window: MainWindow
) -> None:
    window = offline_window
    row = next(r for r in window.queue_model.rows[1:] if r.cluster_id is not None)
    with window.app.store.sessions.begin() as session:
        bob = Agent(login="bob", display_name="Bob Martin")
        session.add(bob)
        session.flush()
        ids = list(
            session.scalars(
                select(ClusterMember.message_id).where(ClusterMember.cluster_id == row.cluster_id)
            )
        )
        claim_messages(session, bob.id, ids, datetime.now(UTC))
    window._refresh_claims()
    index = window.queue_model.row_of(row.key)
    qtbot.waitUntil(
        lambda: "Bob Martin" in window.queue_model.data(window.queue_model.index(index, 6)),
        timeout=10_000,
    )
    assert window.queue_model.data(
        window.queue_model.index(index, 0), Qt.ItemDataRole.ForegroundRole
    )
    window._select(window.queue_view, index)
    qtbot.waitUntil(lambda: window.messages_model.loaded() and window.messages_model.rowCount() > 0)
    settle(qtbot, window.runner)
    reason = window.answer.blocking_reason()
    assert reason is not None and "Bob Martin" in reason
    assert window.messages_model.included_ids() == []


def test_an_unknown_placeholder_blocks_sending_and_says_so(
    qtbot: QtBot, offline_window: MainWindow
) -> None:
    window = offline_window
    _select_cluster(qtbot, window)
    _choose_text(qtbot, window, "Bonjour {nimportequoi},\nVoici la réponse.")
    assert not window.answer.send_button.isEnabled()
    assert "nimportequoi" in window.answer.problems.text()
    _choose_text(qtbot, window, "Bonjour {prénom},\nVoici la réponse.")
    rendered = window.answer.rendered
    assert rendered is not None
    if rendered.report.missing:  # someone gave no first name: named, and blocking
        missing = rendered.report.missing[0]
        assert missing.recipients[0] in window.answer.problems.text()
        assert not window.answer.send_button.isEnabled()
    else:
        assert window.answer.send_button.isEnabled()


def test_an_answer_covering_a_message_answered_meanwhile_is_refused_whole_and_names_it(
    qtbot: QtBot, offline_window: MainWindow
) -> None:
    """The send-time check refuses the whole answer; answered again, the rest waits offline."""
    window = offline_window
    _select_cluster(qtbot, window)
    _choose_text(qtbot, window, "Bonjour,\nVoici la réponse.")
    drafts = window.answer.drafts
    assert len(drafts) >= 2 and window.answer.send_button.isEnabled()
    taken = drafts[0]
    with window.app.store.sessions.begin() as session:  # another agent's answer went out
        session.execute(
            update(Message)
            .where(Message.id.in_(taken.message_ids))
            .values(status=MessageStatus.ANSWERED)
        )
    told: list[str] = []
    window.confirm = lambda _title, _text: True  # type: ignore[method-assign]
    window.inform = lambda _title, text: told.append(text)  # type: ignore[method-assign]
    window.send_answer()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert taken.to_addr in told[0] and "answered meanwhile" in told[0]
    settle(qtbot, window.runner)
    assert window.outbox.waiting == 0 and not window.undo_bar.isVisible()
    with window.app.store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Reply)) == 0

    # Opened again, what is still open is answered and waits offline, held for undo.
    _select_cluster(qtbot, window)
    _choose_text(qtbot, window, "Bonjour,\nVoici la réponse.")
    drafts = window.answer.drafts
    assert drafts and not any(set(d.message_ids) & set(taken.message_ids) for d in drafts)
    window.send_answer()
    qtbot.waitUntil(lambda: window.outbox.waiting == len(drafts), timeout=10_000)
    assert window.undo_bar.isVisible()
    assert "leave in" in window.undo_label.text()

    # Closing now asks; saying no keeps the window, saying yes keeps the replies queued.
    asked: list[str] = []
    window.confirm = lambda _title, text: asked.append(text) or False  # type: ignore[method-assign]
    assert not window.close()
    assert asked and window.isVisible()

    # Undo takes them all back.
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.outbox.waiting == 0, timeout=10_000)
    with window.app.store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Reply)) == 0


def test_offline_the_agent_keeps_reading_and_the_state_says_when_it_retries(
    qtbot: QtBot, offline_window: MainWindow
) -> None:
    window = offline_window
    qtbot.waitUntil(lambda: "Offline" in window.connection_label.text(), timeout=20_000)
    window.move_in_queue(1)
    qtbot.waitUntil(lambda: window.queue_view.currentIndex().row() == 1)
    qtbot.waitUntil(lambda: window.messages_model.rowCount() > 0, timeout=10_000)
    assert window.message_view.isEnabled()


def test_the_system_font_size_and_a_high_contrast_palette_are_followed(
    qtbot: QtBot, runner: TaskRunner, desk_app: App
) -> None:
    from PySide6.QtGui import QColor, QFont, QPalette
    from PySide6.QtWidgets import QApplication, QWidget

    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    old_font, old_palette = qt_app.font(), qt_app.palette()
    big = QFont(old_font)
    big.setPointSize(20)
    contrast = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "black"),
        (QPalette.ColorRole.WindowText, "white"),
        (QPalette.ColorRole.Base, "black"),
        (QPalette.ColorRole.Text, "yellow"),
        (QPalette.ColorRole.Highlight, "cyan"),
    ):
        contrast.setColor(role, QColor(colour))
    qt_app.setFont(big)
    qt_app.setPalette(contrast)
    try:
        window = _open(qtbot, MainWindow(desk_app, runner, login="ana", demo=True))
        # No widget pins its own colours or font: the system's choices reach every control.
        styled = [w.objectName() for w in window.findChildren(QWidget) if w.styleSheet()]
        assert styled == []
        assert window.queue_view.font().pointSize() == 20
        assert window.answer.preview.font().pointSize() >= 20
        assert window.queue_view.palette().color(QPalette.ColorRole.Text) == QColor("yellow")
        window.mailbox.stop()
        settle(qtbot, runner)
    finally:
        qt_app.setFont(old_font)
        qt_app.setPalette(old_palette)


def test_the_queue_shows_before_the_sender_list_is_loaded(
    qtbot: QtBot, runner: TaskRunner, desk_app: App
) -> None:
    """On a big mailbox the agent sees the queue first; the "By sender" list follows."""
    window = MainWindow(desk_app, runner, login="ana", demo=True)
    senders_when_queue_shown: list[int] = []
    window.queue.queue_shown.connect(
        lambda _count: senders_when_queue_shown.append(window.senders_model.rowCount())
    )
    _open(qtbot, window)
    settle(qtbot, runner)
    try:
        assert senders_when_queue_shown[0] == 0
        assert window.queue_model.rowCount() > 0 and window.senders_model.rowCount() > 0
    finally:
        window.mailbox.stop()
        settle(qtbot, runner)


def _submitted(runner: TaskRunner) -> list[str]:
    """The names of the tasks ``runner`` is given from now on."""
    names: list[str] = []
    run = runner.run

    def recording(name: str, *args: object, **kwargs: object) -> object:
        names.append(name)
        return run(name, *args, **kwargs)  # type: ignore[arg-type]

    runner.run = recording  # type: ignore[method-assign,assignment]
    return names


def _start_early(
    qtbot: QtBot, window: MainWindow, early: EarlyOpening, runner: TaskRunner
) -> list[str]:
    names = _submitted(runner)
    qtbot.addWidget(window)
    window.show()
    window.start(early)
    qtbot.waitUntil(lambda: window.queue_loaded and window.agent is not None, timeout=20_000)
    settle(qtbot, runner)
    return names


def test_the_queue_read_before_the_window_loaded_is_shown_without_reading_it_again(
    qtbot: QtBot, runner: TaskRunner, desk_app: App
) -> None:
    """``desk gui`` reads the desk and its queue while Qt loads: the window shows that."""
    early = EarlyOpening(desk_app, demo=True, login="ana")
    window = MainWindow(desk_app, runner, login="ana", demo=True)
    names = _start_early(qtbot, window, early, runner)
    try:
        worklists = early.result().worklists
        assert worklists is not None
        assert [r.key for r in window.queue_model.rows] == [r.key for r in worklists.queue]
        assert "load the queue" not in names, "one database alone: nothing changed meanwhile"
        assert "open the desk" in names and "load the sender list" in names
        assert window.senders_model.rowCount() > 0 and window.messages_model.rowCount() > 0
        assert window.queue_view.currentIndex().row() == 0
    finally:
        window.mailbox.stop()
        settle(qtbot, runner)


def test_a_queue_read_for_another_agent_is_not_shown(
    qtbot: QtBot, runner: TaskRunner, desk_app: App
) -> None:
    early = EarlyOpening(desk_app, demo=True, login="bruno")
    window = MainWindow(desk_app, runner, login="ana", demo=True)
    names = _start_early(qtbot, window, early, runner)
    try:
        assert window.agent is not None and window.agent.login == "ana"
        assert "load the queue" in names, "the window read its own agent's queue"
    finally:
        window.mailbox.stop()
        settle(qtbot, runner)


def test_a_failed_early_reading_is_reported_like_any_failed_opening(
    qtbot: QtBot, runner: TaskRunner, desk_app: App, tmp_path: Path
) -> None:
    broken = open_store(sqlite_url(tmp_path / "broken.sqlite3"))
    try:
        with broken.engine.begin() as conn:
            conn.execute(text("DROP TABLE cluster_member"))
        app = App(settings=Settings(), dirs=AppDirs.discover(), store=broken)
        early = EarlyOpening(app, demo=True, login="ana")
        window = MainWindow(app, runner, login="ana", demo=True)
        failures: list[str] = []
        runner.unhandled.connect(lambda name, exc: failures.append(f"{name}: {exc}"))
        qtbot.addWidget(window)
        window.start(early)
        qtbot.waitUntil(lambda: bool(failures), timeout=20_000)
        assert failures[0].startswith("open the desk:") and "cluster_member" in failures[0]
        assert window.statusBar().currentMessage().startswith("Background work failed")
        assert not window.queue_loaded
        settle(qtbot, runner)
    finally:
        broken.close()
