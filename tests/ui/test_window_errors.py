"""Errors shown in the window are sentences in its language, not the core's English (item 15)."""

from __future__ import annotations

from PySide6.QtCore import QTranslator
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.core.errors import DeskError, ErrorCode
from desk.ui.answer_panel import AnswerPanel
from desk.ui.error_text import error_sentence
from desk.ui.mailbox_controller import Connection, MailboxController
from desk.ui.tasks import TaskRunner
from desk.workbench.clustering import Clustering


def _refused() -> DeskError:
    return DeskError(
        ErrorCode.LOGIN_FAILED,
        kind="IMAP",
        server="imap.example.org",
        user="contact",
        reason="no",
        account="scolarite",
    )


def test_a_refused_mailbox_says_why_in_french(
    qtbot: QtBot, french: list[QTranslator], runner: TaskRunner, desk_app: App
) -> None:
    mailbox = MailboxController(desk_app, runner, Clustering(desk_app.store.sessions, 85.0), None)
    told: list[tuple[str, str]] = []
    mailbox.state_changed.connect(lambda state, detail: told.append((state, detail)))
    mailbox._failed(_refused())
    mailbox.stop()
    assert told == [(Connection.REFUSED.value, error_sentence(_refused()))]
    assert told[0][1] != _refused().describe(), "the window's language, not the core's English"


def test_a_failed_preview_says_why_in_french(
    qtbot: QtBot, french: list[QTranslator], runner: TaskRunner, desk_app: App
) -> None:
    panel = AnswerPanel(desk_app, runner)
    qtbot.addWidget(panel)
    panel._render_failed(_refused())
    assert error_sentence(_refused()) in panel.problems.text()
    assert _refused().describe() not in panel.problems.text()
