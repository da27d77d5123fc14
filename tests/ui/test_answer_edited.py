"""Whether the agent changed the template's text: what the quality figures read from each reply."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desk.app import App
from desk.replies.templates import TemplateData
from desk.ui.answer_panel import AnswerPanel
from desk.ui.tasks import TaskRunner
from tests.ui.conftest import settle


def test_a_template_sent_as_written_is_not_edited_and_a_changed_one_is(
    qtbot: QtBot, runner: TaskRunner, desk_app: App
) -> None:
    panel = AnswerPanel(desk_app, runner)
    qtbot.addWidget(panel)
    assert not panel.edited  # nothing chosen yet
    panel.choose_template(TemplateData(name="Mot de passe", body_text="Bonjour {prénom}", id=1))
    assert not panel.edited
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.editor, ", voici")
    assert panel.edited
    panel.editor.setPlainText("Bonjour {prénom}")  # typed back as it was
    assert not panel.edited
    panel.choose_template(TemplateData(name="Inscription", body_text="Madame", id=2))
    assert not panel.edited
    settle(qtbot, runner)
