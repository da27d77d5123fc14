"""Template names and categories a colleague typed are shown as written, never as HTML.

Item 13 of issue 16: a template named ``<img src="/some/local/file.png">`` must not
paint a local file into the editor, in a label, a tooltip or a question box.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.core.errors import DeskError, ErrorCode
from desk.replies.templates import create_template
from desk.ui.error_text import error_sentence
from desk.ui.tasks import TaskRunner
from desk.ui.template_editor import TemplateEditor
from desk.ui.template_questions import confirm_box, unsaved_box
from desk.ui.template_reports import error_text
from tests.ui.conftest import settle

HOSTILE = '<img src="/some/local/file.png"> <b>x</b> &amp;'


def open_editor(qtbot: QtBot, app: App, runner: TaskRunner) -> TemplateEditor:
    dialog = TemplateEditor(app, runner)
    dialog.editor._ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle(qtbot, runner)
    return dialog


def test_a_hostile_name_and_category_are_shown_as_written(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    with desk_app.store.sessions.begin() as session:
        create_template(session, HOSTILE, "Bonjour.", category=HOSTILE)
    dialog = open_editor(qtbot, desk_app, runner)
    editor = dialog.editor
    assert editor.current.name == HOSTILE
    item = editor.template_list.item(0)
    assert item.text() == HOSTILE
    document = QTextDocument()
    document.setHtml(item.toolTip())
    assert "<img" not in document.toHtml()
    assert document.toPlainText() == f"Category: {HOSTILE}"

    editor.body_edit.setPlainText("Bonjour à vous.")
    editor.save()
    settle(qtbot, runner)
    assert editor.status_label.textFormat() == Qt.TextFormat.PlainText
    assert editor.status_label.text() == f"Template “{HOSTILE}” saved."

    taken = DeskError(ErrorCode.TEMPLATE_NAME_TAKEN, existing=HOSTILE)
    editor._failed("save", taken)
    assert editor.error_label.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in editor.error_label.text()
    assert editor.list_status.textFormat() == Qt.TextFormat.PlainText


def test_the_fallback_rows_describe_placeholders_as_plain_tooltips(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    dialog = open_editor(qtbot, desk_app, runner)
    editor = dialog.editor
    editor.body_edit.setPlainText("Bonjour {prénom}")
    editor.check_now()
    cell = editor.fallback_table.item(0, 0)
    assert cell is not None
    tooltip = cell.toolTip()
    document = QTextDocument()
    document.setHtml(tooltip)
    assert document.toPlainText().strip()
    assert tooltip.startswith("<p")  # escaped by plain_tooltip, not guessed by Qt


def test_question_boxes_quote_the_name_as_written(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    unsaved = unsaved_box(parent, HOSTILE)
    assert unsaved.textFormat() == Qt.TextFormat.PlainText
    assert unsaved.text() == f"The template “{HOSTILE}” has unsaved changes. Save them?"
    assert unsaved.defaultButton() is unsaved.button(QMessageBox.StandardButton.Save)
    confirm = confirm_box(parent, "Delete template", f"Delete the template “{HOSTILE}”?")
    assert confirm.textFormat() == Qt.TextFormat.PlainText
    assert confirm.defaultButton() is confirm.button(QMessageBox.StandardButton.No)


def test_an_error_the_editor_has_no_sentence_for_is_told_by_the_shared_presenter() -> None:
    """Item 15: never the core's English ``describe()``, but the translated sentence."""
    locked = DeskError(ErrorCode.DB_LOCKED, url="sqlite:///desk.sqlite3")
    assert error_text(locked) == error_sentence(locked)
    assert error_text(locked) != locked.describe()
    # The editor's own sentences stay: they say what became of the agent's text.
    assert "nothing was saved" in error_text(
        DeskError(ErrorCode.TEMPLATE_NAME_TAKEN, existing="Examens")
    )
