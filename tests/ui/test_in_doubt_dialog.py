"""The dialog of replies to check: in doubt (send again, it went) and failed, read off the GUI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.app import App
from desk.core.clock import utc_now
from desk.store.database import Store
from desk.store.models import Reply, ReplyState
from desk.ui.in_doubt_dialog import InDoubtDialog
from desk.ui.main_window import MainWindow
from desk.ui.status_bar import DeskStatusBar
from desk.ui.tasks import TaskRunner
from desk.workbench.answering import OutboxCounts
from tests.ui.conftest import settle


def _reply(n: int, state: ReplyState, reason: str, subject: str) -> Reply:
    now = utc_now()
    return Reply(
        message_id_header=f"<r{n}@desk.test>",
        to_addr=f"parent{n}@example.org",
        subject=subject,
        body_text="Bonjour",
        state=state,
        attempts=1,
        last_error=reason,
        last_error_at=now,
        attempted_at=now - timedelta(minutes=n),
    )


@pytest.fixture
def troubled(store: Store) -> Store:
    with store.sessions.begin() as session:
        session.add_all(
            [
                _reply(
                    1, ReplyState.IN_DOUBT, "interrupted: it may have left", "Re: <b>Bourse</b>"
                ),
                _reply(2, ReplyState.IN_DOUBT, "interrupted: it may have left", "Re: Stage"),
                _reply(3, ReplyState.FAILED, "550 5.1.1 no such user", "Re: Inscription"),
                _reply(4, ReplyState.SENT, "", "Re: Sent long ago"),
            ]
        )
    return store


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def _states(store: Store) -> list[ReplyState]:
    with store.sessions.begin() as session:
        return list(session.scalars(select(Reply.state).order_by(Reply.id)))


@pytest.mark.parametrize("decision", ["send again", "it went"])
def test_the_agent_settles_a_reply_in_doubt_and_sees_the_failed_ones(
    qtbot: QtBot, runner: TaskRunner, troubled: Store, decision: str
) -> None:
    dialog = InDoubtDialog(runner, troubled.sessions)  # reads on a worker, shows on arrival
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):  # queued: cannot have fired yet
        dialog.show()
    table = dialog.in_doubt_table
    assert [_cell(table, r, InDoubtDialog.RECIPIENT) for r in range(2)] == [
        "parent1@example.org",
        "parent2@example.org",
    ]
    assert _cell(table, 0, InDoubtDialog.SUBJECT) == "Re: <b>Bourse</b>"  # plain text
    assert _cell(table, 0, InDoubtDialog.WHEN)
    assert "may have left" in _cell(table, 0, InDoubtDialog.WHY)
    assert dialog.in_doubt_label.textFormat() is Qt.TextFormat.PlainText
    failed = dialog.failed_table
    assert failed.rowCount() == 1
    assert _cell(failed, 0, InDoubtDialog.RECIPIENT) == "parent3@example.org"
    assert _cell(failed, 0, InDoubtDialog.WHY) == "550 5.1.1 no such user"
    assert not dialog.send_again_button.isEnabled()  # nothing chosen yet

    table.selectRow(0)
    assert dialog.selected_in_doubt() and dialog.it_went_button.isEnabled()
    button = dialog.send_again_button if decision == "send again" else dialog.it_went_button
    with qtbot.waitSignals([dialog.changed, dialog.loaded], timeout=10_000):
        button.click()

    settled = ReplyState.QUEUED if decision == "send again" else ReplyState.SENT
    assert _states(troubled) == [settled, ReplyState.IN_DOUBT, ReplyState.FAILED, ReplyState.SENT]
    assert table.rowCount() == 1 and _cell(table, 0, 0) == "parent2@example.org"
    assert dialog.status_label.text() == "1 in doubt, 1 failed"


def test_the_status_bar_says_how_many_replies_are_in_doubt(qtbot: QtBot) -> None:
    bar = DeskStatusBar()
    qtbot.addWidget(bar)
    bar.show_outbox(OutboxCounts(waiting=3, sending=0, failed=0, in_doubt=0))
    assert bar.outbox_label.text() == "Outbox: 3 waiting"
    bar.show_outbox(OutboxCounts(waiting=3, sending=0, failed=1, in_doubt=2))
    assert bar.outbox_label.text() == "Outbox: 3 waiting, 1 failed, 2 in doubt"
    bar.show_outbox(OutboxCounts(waiting=0, sending=0, failed=0, in_doubt=1))
    assert bar.outbox_label.text() == "Outbox: 0 waiting, 1 in doubt"


def test_the_window_names_replies_to_check_at_start_and_opens_them_from_the_menu(
    qtbot: QtBot, runner: TaskRunner, desk_app: App
) -> None:
    """A reply left in doubt while no window was open is told at the next start; the
    Answer menu's "Replies to check…" (Ctrl+Shift+D) settles it, and the outbox line and
    the queue follow."""
    with desk_app.store.sessions.begin() as session:
        session.add(_reply(1, ReplyState.IN_DOUBT, "interrupted: it may have left", "Re: Stage"))
    window = MainWindow(desk_app, runner, login="ana", demo=True)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.queue_loaded, timeout=20_000)
    assert "1 reply" in window.status.currentMessage()
    assert "in doubt" in window.status.outbox_label.text()
    assert window.check_replies_action.shortcut().toString() == "Ctrl+Shift+D"
    decided: list[InDoubtDialog] = []

    def decide() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, InDoubtDialog)
        decided.append(dialog)
        qtbot.waitUntil(lambda: dialog.in_doubt_table.rowCount() == 1, timeout=10_000)
        dialog.in_doubt_table.selectRow(0)
        with qtbot.waitSignal(dialog.changed, timeout=10_000):
            dialog.it_went_button.click()
        dialog.reject()

    QTimer.singleShot(0, decide)
    window.check_replies_action.trigger()
    assert decided
    settle(qtbot, runner)
    qtbot.waitUntil(lambda: "in doubt" not in window.status.outbox_label.text(), timeout=10_000)
    with desk_app.store.sessions.begin() as session:
        assert session.scalars(select(Reply.state)).all() == [ReplyState.SENT]
    window.mailbox.stop()
    settle(qtbot, runner)
