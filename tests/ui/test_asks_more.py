"""Members that ask more, in the window: marked in the list, shown in the message, asked about.

These run on the demo store without a mail server; sending to a cluster
with such a member, against the test SMTP server, is in ``test_workflow``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from desk.app import App
from desk.cluster.normalise import fold
from desk.cluster.sentences import split_sentences
from desk.store.models import Cluster, ClusterMember, Message, MessageStatus
from desk.ui.asks_more import REQUEST_KIND, LeaveOut, LeaveOutQuestion
from desk.ui.main_window import MainWindow
from desk.ui.models import MessageListModel
from desk.ui.tasks import TaskRunner
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle

NOT_SAID = "zorglub wibble frobnicate quux plonk ?"  # a request no message of the demo makes


@dataclass(frozen=True)
class Flagged:
    """A cluster member flagged as asking more, with what the text says and the store holds."""

    cluster_id: int
    message_id: int
    sentence: str  # as its text writes it
    stored: str  # as the clusterer stores it: folded, numbers masked
    other_id: int  # another member, flagged with a request its text does not make


def _flag_a_member(app: App) -> Flagged:
    """Flag a member of a cluster of three open messages or more, as the clusterer would.

    A sentence with a number is chosen where there is one, so the stored
    request holds a mask (``<num>``) the text does not.
    """
    with app.store.sessions.begin() as session:
        session.execute(update(ClusterMember).values(asks_more=None))
        sizes = (
            select(ClusterMember.cluster_id)
            .join(Message, Message.id == ClusterMember.message_id)
            .where(Message.status == MessageStatus.OPEN)
            .group_by(ClusterMember.cluster_id)
            .having(func.count() >= 3)
        )
        clusters = list(session.scalars(sizes))
        for with_number, cluster_id in [(n, c) for n in (True, False) for c in clusters]:
            members = session.execute(
                select(Message.id, Message.text)
                .join(ClusterMember, ClusterMember.message_id == Message.id)
                .join(Cluster, Cluster.id == ClusterMember.cluster_id)
                .where(
                    ClusterMember.cluster_id == cluster_id,
                    Message.id != Cluster.representative_id,
                    Message.status == MessageStatus.OPEN,
                )
                .order_by(Message.id)
            ).all()
            for message_id, text in members:
                sentences = [
                    s.text
                    for s in split_sentences(text or "")
                    if "\n" not in s.text
                    and len(s.text) >= 30
                    and not re.search(r"[<>@]", s.text)  # quoted lines, attributions
                    and (not with_number or re.search(r"\d", s.text))
                ]
                others = [m for m, _ in members if m != message_id]
                if not sentences or not others:
                    continue
                stored = re.sub(r"\d+", "<num>", fold(sentences[0]))
                session.execute(
                    update(ClusterMember)
                    .where(ClusterMember.message_id == message_id)
                    .values(asks_more=stored)
                )
                session.execute(
                    update(ClusterMember)
                    .where(ClusterMember.message_id == others[0])
                    .values(asks_more=NOT_SAID)
                )
                return Flagged(cluster_id, message_id, sentences[0], stored, others[0])
    raise AssertionError("no cluster of three open messages with a sentence to flag")


@pytest.fixture
def flagged(desk_app: App) -> Flagged:
    """One member of a demo cluster asks more (and another asks what its text does not say)."""
    return _flag_a_member(desk_app)


@pytest.fixture
def window(
    qtbot: QtBot, runner: TaskRunner, desk_app: App, flagged: Flagged
) -> Iterator[MainWindow]:
    """The window on the demo store, opened on the flagged member's cluster."""
    opened = MainWindow(desk_app, runner, login="ana", demo=True)
    qtbot.addWidget(opened)
    opened.show()
    opened.start()
    qtbot.waitUntil(lambda: opened.queue_loaded and opened.agent is not None, timeout=20_000)
    row = next(
        i for i, r in enumerate(opened.queue_model.rows) if r.cluster_id == flagged.cluster_id
    )
    opened._select(opened.queue_view, row)
    model = opened.messages_model
    qtbot.waitUntil(
        lambda: flagged.message_id in model.ids and model.loaded() and model.rowCount() >= 3,
        timeout=10_000,
    )
    settle(qtbot, runner)
    yield opened
    opened.mailbox.stop()
    settle(qtbot, runner)


def _show(qtbot: QtBot, window: MainWindow, message_id: int) -> None:
    row = window.messages_model.ids.index(message_id)
    with qtbot.waitSignal(window.message_view.loaded, timeout=20_000):
        window.messages_view.setCurrentIndex(
            window.messages_model.index(row, MessageListModel.FROM)
        )


def test_the_member_list_marks_the_member_that_asks_more_and_only_it(
    window: MainWindow, flagged: Flagged
) -> None:
    model = window.messages_model
    column = MessageListModel.ASKS_MORE
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Also asks"
    marked = model.ids.index(flagged.message_id)
    plain = next(
        i for i, m in enumerate(model.ids) if m not in (flagged.message_id, flagged.other_id)
    )
    cell = model.index(marked, column)
    assert model.data(cell) == "Asks more", "words, not a colour alone"
    assert model.data(cell, Qt.ItemDataRole.DecorationRole) is not None
    assert flagged.stored in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    spoken = model.data(cell, Qt.ItemDataRole.AccessibleTextRole)
    assert "Asks more" in spoken and flagged.stored in spoken
    row_spoken = model.data(
        model.index(marked, MessageListModel.FROM), Qt.ItemDataRole.AccessibleTextRole
    )
    assert row_spoken.endswith("asks more")

    other = model.index(plain, column)
    assert model.data(other) == ""
    assert model.data(other, Qt.ItemDataRole.DecorationRole) is None
    assert "asks more" not in model.data(
        model.index(plain, MessageListModel.FROM), Qt.ItemDataRole.AccessibleTextRole
    )
    # Marked, it is still answered unless the agent leaves it out.
    assert flagged.message_id in model.included_ids()


def test_the_message_marks_the_extra_request_and_the_banner_moves_it_out(
    qtbot: QtBot, window: MainWindow, flagged: Flagged
) -> None:
    view = window.message_view
    _show(qtbot, window, flagged.message_id)
    banner = view.asks_more_banner
    assert banner.isVisible()
    assert banner.text() == (
        f"This message also asks something else: “{flagged.sentence}”. "
        "Answer it separately or move it out of the cluster."
    ), "quoted as the sender wrote it"
    shown = banner.label.text()  # one line: the quote shortened to fit, if it must
    assert shown.startswith("This message also asks something else: “")
    assert banner.label.fontMetrics().horizontalAdvance(shown) <= banner.label.width()
    assert flagged.sentence in banner.label.accessibleName()
    assert "dotted underline" in banner.label.toolTip()
    selections = view.body.extraSelections()
    assert [s.cursor.selectedText() for s in selections] == [flagged.sentence]
    assert selections[0].format.property(REQUEST_KIND) == "asks_more"
    assert selections[0].format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    assert unnamed_controls(window) == []

    # Its text does not say what is stored: the banner alone, nothing marked.
    _show(qtbot, window, flagged.other_id)
    assert banner.isVisible() and NOT_SAID in banner.text()
    assert "dotted underline" not in banner.label.toolTip()
    assert view.body.extraSelections() == []

    # A message that asks only what its cluster asks: no banner.
    plain = next(
        m for m in window.messages_model.ids if m not in (flagged.message_id, flagged.other_id)
    )
    _show(qtbot, window, plain)
    assert not banner.isVisible() and view.body.extraSelections() == []

    # The banner's button does what "Move out of cluster" does, for the message shown.
    _show(qtbot, window, flagged.message_id)
    qtbot.mouseClick(banner.move_button, Qt.MouseButton.LeftButton)

    def moved() -> bool:
        with window.app.store.sessions() as session:
            member = session.get(ClusterMember, flagged.message_id)
            return member is not None and member.cluster_id != flagged.cluster_id

    qtbot.waitUntil(moved, timeout=10_000)
    with window.app.store.sessions() as session:
        member = session.get(ClusterMember, flagged.message_id)
        assert member is not None and member.asks_more is None and member.manual
        alone = session.scalar(
            select(func.count()).where(ClusterMember.cluster_id == member.cluster_id)
        )
    assert alone == 1, "in a cluster of its own"
    qtbot.waitUntil(lambda: flagged.message_id not in window.messages_model.ids, timeout=10_000)


def _answer_next_question(qtbot: QtBot, key: Qt.Key, seen: list[QMessageBox]) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box)
        qtbot.keyClick(box, key)

    QTimer.singleShot(20, answer)


def test_the_question_before_sending_defaults_to_leaving_them_out(qtbot: QtBot) -> None:
    question = LeaveOutQuestion(3, 40, ["a@example.org", "b@example.org", "c@example.org"])
    qtbot.addWidget(question)
    assert "3 of these 40 messages also ask something else" in question.text()
    assert "a@example.org" in question.informativeText()
    assert question.defaultButton() is question.leave_button
    assert question.leave_button is not None
    assert question.leave_button.text() == "&Leave them out and send"
    seen: list[QMessageBox] = []
    _answer_next_question(qtbot, Qt.Key.Key_Return, seen)
    assert question.ask() is LeaveOut.LEAVE_OUT
    assert unnamed_controls(seen[0]) == []

    again = LeaveOutQuestion(1, 2, ["a@example.org"])
    qtbot.addWidget(again)
    assert "One of these 2 messages also asks" in again.text()
    _answer_next_question(qtbot, Qt.Key.Key_Escape, seen)
    assert again.ask() is LeaveOut.CANCEL

    everyone = LeaveOutQuestion(2, 2, [])
    qtbot.addWidget(everyone)
    assert everyone.leave_button is None, "nobody would be left to send to"
    assert "All 2 messages" in everyone.text()
    assert everyone.defaultButton() is not everyone.all_button
    everyone.all_button.click()
    assert everyone.choice() is LeaveOut.SEND_ALL


def test_the_question_names_senders_as_written(qtbot: QtBot) -> None:
    """A sender's name is the sender's to choose: it never renders as markup in the box."""
    hostile = '<img src="/some/local/file.png"> <b>x</b> &amp;'
    question = LeaveOutQuestion(1, 3, [hostile])
    qtbot.addWidget(question)
    shown = [label for label in question.findChildren(QLabel) if hostile in label.text()]
    assert shown
    assert all(label.textFormat() is Qt.TextFormat.PlainText for label in shown)
