"""Ctrl+Shift+H in the window: the open cluster handed to a service, after the agent confirms."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.app import App
from desk.config import AppDirs
from desk.replies.handoffs import Service, write_services
from desk.store.models import Message, MessageStatus, Reply, ReplyKind
from desk.ui.handoff_dialog import HandoffDialog
from desk.ui.main_window import MainWindow
from desk.ui.tasks import TaskRunner
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
