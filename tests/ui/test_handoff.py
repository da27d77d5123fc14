"""Ctrl+Shift+H in the window: the open cluster handed to a service, after the agent confirms."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.app import App
from desk.config import AppDirs, Settings
from desk.replies.after_pass import after_sync_pass
from desk.replies.handoffs import Service, hand_off, write_services
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from desk.store.models import Account, Message, MessageStatus, Reply, ReplyKind
from desk.ui.handoff_dialog import HandoffDialog
from desk.ui.main_window import MainWindow
from desk.ui.message_view import MessageView
from desk.ui.tasks import TaskRunner
from tests.replies.test_acks import NOW, arrive, mail
from tests.support.accounts import add_account_row
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle
from tests.ui.test_main_window import PASSWORD_ENV, _offline_settings, _open

EXAMS = Service("Examens", "examens@example-edu.fr", 24)


@pytest.fixture
def window(
    qtbot: QtBot, runner: TaskRunner, desk_app: App, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """The window with an account (its servers down: the forward waits in the outbox)."""
    monkeypatch.setenv(PASSWORD_ENV, "secret")
    app = App(settings=_offline_settings(), dirs=AppDirs.discover(), store=desk_app.store)
    with app.store.sessions.begin() as session:
        write_services(session, [EXAMS], "lea", datetime.now(UTC))
    opened = _open(qtbot, MainWindow(app, runner, login="ana", demo=True))
    qtbot.waitUntil(lambda: opened.account_id is not None, timeout=10_000)
    yield opened
    opened.mailbox.stop()
    settle(qtbot, runner)


def answer_dialog(act: Callable[[HandoffDialog], None]) -> None:
    """Act on the hand-off dialog as soon as it is shown (it is modal)."""

    def look() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, HandoffDialog)), None
        )
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, look)
            return
        act(dialog)

    QTimer.singleShot(20, look)


def test_the_open_cluster_is_handed_off_and_leaves_the_queue(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner
) -> None:
    ids = window.messages_model.included_ids()
    seen: dict[str, object] = {}

    def confirm(dialog: HandoffDialog) -> None:
        seen["unnamed"] = unnamed_controls(dialog)
        seen["summary"] = dialog.summary.text()
        dialog.note.setPlainText("Notes missing")
        dialog.tell.setChecked(True)
        dialog.hand.click()

    answer_dialog(confirm)
    window.handoffs.hand_off()
    qtbot.waitUntil(lambda: "Handed" in window.statusBar().currentMessage(), timeout=20_000)
    settle(qtbot, runner)
    assert seen["unnamed"] == []
    assert str(len(ids)) in str(seen["summary"])
    with window.app.store.sessions() as session:
        waiting = set(session.scalars(select(Message.status).where(Message.id.in_(ids))))
        kinds = list(session.scalars(select(Reply.kind)))
    assert waiting == {MessageStatus.WAITING}
    assert kinds.count(ReplyKind.HANDOFF.value) == 1
    assert kinds.count(ReplyKind.HANDOFF_NOTICE.value) >= 1
    assert "Examens" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "with other services" in window.outbox_label.text(), timeout=20_000)
    assert f"{len(ids)} with other services" in window.outbox_label.text()


def test_cancel_hands_nothing_on(qtbot: QtBot, window: MainWindow, runner: TaskRunner) -> None:
    ids = window.messages_model.included_ids()
    cancelled: list[bool] = []

    def cancel(dialog: HandoffDialog) -> None:
        dialog.reject()
        cancelled.append(True)

    answer_dialog(cancel)
    window.handoffs.hand_off()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=20_000)
    settle(qtbot, runner)
    with window.app.store.sessions() as session:
        statuses = set(session.scalars(select(Message.status).where(Message.id.in_(ids))))
        assert session.scalars(select(Reply).where(Reply.kind == "handoff")).first() is None
    assert statuses == {MessageStatus.OPEN}


def test_without_services_the_dialog_says_who_adds_them(qtbot: QtBot) -> None:
    dialog = HandoffDialog([], 3)
    qtbot.addWidget(dialog)
    assert not dialog.hand.isEnabled() and dialog.chosen() is None
    assert "team lead adds them" in dialog.empty.text()


def test_the_reading_pane_shows_the_handoff_and_the_services_answer(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, sqlite_template: Path
) -> None:
    shutil.copyfile(sqlite_template, tmp_path / "h.sqlite3")
    store = open_store(sqlite_url(tmp_path / "h.sqlite3"))
    try:
        add_account_row(store)
        people = [mail(), mail("p2@example.org", name="Paul Martin"), mail("p3@example.org")]
        ids = arrive(store, tmp_path, people)
        with store.sessions.begin() as session:
            account = session.scalars(select(Account)).one()
            answered_ref = hand_off(session, account, ids[:1], EXAMS, now=NOW).reference
            waiting_ref = hand_off(session, account, ids[1:2], EXAMS, now=NOW).reference
        service = "examens@example-edu.fr"
        answer = mail(service, subject=f"Re: [Desk {answered_ref}] Note", body="Note saisie hier.")
        unnamed = mail(service, subject="Dossier", body="C'est fait pour lui.")
        [answered, hinted] = arrive(store, tmp_path, [answer, unnamed])
        after_sync_pass(store.sessions, "scolarite", [answered, hinted], promise_hours=48, now=NOW)
        view = MessageView(App(Settings(), AppDirs.discover(), store), runner)
        qtbot.addWidget(view)
        view.show()

        def shown(message_id: int) -> str:
            with qtbot.waitSignal(view.loaded, timeout=20_000):
                view.show_message(message_id)
            return view.handoff_banner.label.text() if view.handoff_banner.isVisible() else ""

        first = shown(ids[0])
        assert "Examens answered on" in first and answered_ref in first
        assert "Note saisie hier." in first and unnamed_controls(view.handoff_banner) == []
        assert f"({waiting_ref}); its answer is expected by" in shown(ids[1])
        assert f"may answer a hand-off ({waiting_ref})" in shown(hinted)
        assert shown(ids[2]) == ""
        settle(qtbot, runner)
    finally:
        runner.stop_all()
        runner.wait(30_000)
        store.close()
