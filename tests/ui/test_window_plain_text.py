"""Text from a message is shown as written in the window's panes, tooltips and message boxes.

A subject, a sender's name, a snippet or a template typed by a colleague is
theirs to choose: ``<img src="/local/file.png">`` must never paint a local
file, ``<b>`` never bolden, ``&amp;`` never turn into ``&`` (issue 16 item 13).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.replies.templates import TemplateData
from desk.ui.answer_panel import AnswerPanel
from desk.ui.message_boxes import plain_box
from desk.ui.models import MessageListModel, QueueModel
from desk.ui.tasks import TaskRunner
from desk.ui.team_panel import TeamPanel
from desk.ui.work_panes import MessagesPane, WorkLists
from desk.workbench.worklist import MessageRow, QueueRow
from tests.ui.conftest import settle

HOSTILE = '<img src="/some/local/file.png"> <b>x</b> &amp;'
NOW = datetime(2020, 3, 16, 9, 0, tzinfo=UTC)


def _shown_plain(tooltip: str) -> bool:
    """The tooltip, rendered as Qt renders it, shows the hostile text as written."""
    document = QTextDocument()
    if GuiQt.mightBeRichText(tooltip):  # how QToolTip decides
        document.setHtml(tooltip)
    else:
        document.setPlainText(tooltip)
    return "<img" not in document.toHtml() and HOSTILE in document.toPlainText()


def _row(title: str = HOSTILE, subject: str = HOSTILE) -> QueueRow:
    return QueueRow(
        key="c1",
        kind="cluster",
        cluster_id=1,
        message_id=None,
        sender=None,
        title=title,
        open_count=3,
        oldest=NOW - timedelta(hours=5),
        deadline=None,
        time_left_s=None,
        category="exam",
        score=10.0,
        breakdown=(),
        held_by=HOSTILE,  # an agent's display name is typed by people too
        held_count=1,
        subject=subject,
    )


def test_the_messages_title_and_its_tooltip_show_a_subject_as_written(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    pane = MessagesPane(MessageListModel(runner, lambda _ids: []))
    qtbot.addWidget(pane)
    pane.show_row_title(_row())
    assert pane.messages_title.textFormat() is Qt.TextFormat.PlainText
    assert pane.messages_title.text() == HOSTILE
    assert _shown_plain(pane.messages_title.toolTip())
    pane.show_search_title(2, HOSTILE)
    assert HOSTILE in pane.messages_title.text()


def test_the_breakdown_names_the_holder_as_written(
    qtbot: QtBot, runner: TaskRunner, desk_app: App
) -> None:
    lists = WorkLists(TeamPanel(desk_app, runner))
    qtbot.addWidget(lists)
    lists.breakdown.setText(lists.queue_model.explain(_row()))
    assert lists.breakdown.textFormat() is Qt.TextFormat.PlainText
    assert HOSTILE in lists.breakdown.text()


def test_queue_tooltips_show_a_subject_and_a_holder_as_written(qtbot: QtBot) -> None:
    model = QueueModel()
    model.set_rows([_row(title="Inscription")], NOW)
    for column in (QueueModel.TITLE, QueueModel.COUNT):
        assert _shown_plain(model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole))


def test_message_tooltips_show_a_snippet_and_an_extra_request_as_written(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    line = MessageRow(1, NOW, HOSTILE, "a@example.org", HOSTILE, HOSTILE, "open", None, HOSTILE)
    model = MessageListModel(runner, lambda _ids: [line])
    model.set_ids([1])
    model.data(model.index(0, MessageListModel.FROM))
    qtbot.waitUntil(model.loaded, timeout=5_000)
    settle(qtbot, runner)
    for column in (MessageListModel.SUBJECT, MessageListModel.ASKS_MORE):
        assert _shown_plain(model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole))


def test_the_answer_pane_names_recipients_and_templates_as_written(
    qtbot: QtBot, runner: TaskRunner, desk_app: App
) -> None:
    panel = AnswerPanel(desk_app, runner)
    qtbot.addWidget(panel)
    assert panel.recipient.textFormat() is Qt.TextFormat.PlainText
    assert panel.problems.textFormat() is Qt.TextFormat.PlainText
    panel._show_templates([TemplateData(name=HOSTILE, body_text=HOSTILE, id=1)])
    item = panel.templates.item(0)
    assert item.text() == HOSTILE
    assert _shown_plain(item.toolTip())


def test_the_window_message_boxes_are_plain_text(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    for icon in (QMessageBox.Icon.Information, QMessageBox.Icon.Question):
        box = plain_box(parent, icon, "Nothing was sent", HOSTILE)
        assert box.textFormat() is Qt.TextFormat.PlainText and box.text() == HOSTILE
