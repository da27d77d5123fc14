"""The template editor, driven by keyboard and mouse over the demo store."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.replies.templates import TemplateData, create_template, list_templates
from desk.replies.wordimport import read_docx
from desk.ui.tasks import TaskRunner
from desk.ui.template_editor import PLACEHOLDER_SHORTCUT, TemplateEditor
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle

Answer = QMessageBox.StandardButton
# The offscreen platform cannot raise a popup menu or give it the keyboard grab; the menu
# still gets the keys sent to it, which is what the tests drive.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key (QTest knows ASCII keys only: "é" goes as a key with that text)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Select what the field holds and type over it, as a user would."""
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, widget, text)


def stored(app: App) -> dict[str, TemplateData]:
    with app.store.sessions() as session:
        return {t.name: t for t in list_templates(session)}


def add_template(app: App, name: str, body: str, category: str = "") -> int:
    with app.store.sessions.begin() as session:
        return create_template(session, name, body, category=category)


def open_editor(qtbot: QtBot, app: App, runner: TaskRunner) -> TemplateEditor:
    dialog = TemplateEditor(app, runner)
    # Never a real modal box in a test (closing at teardown would wait for a click forever).
    dialog.editor._ask_unsaved = lambda: Answer.Discard  # type: ignore[method-assign]
    dialog.editor._confirm = lambda title, text: False  # type: ignore[method-assign]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle(qtbot, runner)  # the first listing
    return dialog


def listed(dialog: TemplateEditor) -> list[str]:
    items = dialog.editor.template_list
    return [items.item(row).text() for row in range(items.count())]


@OFFSCREEN_POPUP
def test_a_template_typed_with_a_placeholder_from_the_keyboard_menu_is_checked_and_saved(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    dialog = open_editor(qtbot, desk_app, runner)
    editor = dialog.editor
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, editor.name_edit, "Réinitialisation du mot de passe")
    type_into(qtbot, editor.category_edit, "compte")
    qtbot.keyClick(editor.language_combo, Qt.Key.Key_Home)  # French, the first language
    assert editor.language_combo.currentData() == "fr"
    editor.body_edit.setFocus()
    type_text(qtbot, editor.body_edit, "Bonjour ")

    # The shortcut opens the menu at the cursor; Down then Enter picks the second entry.
    key, modifiers = (
        Qt.Key.Key_P,
        (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    )
    assert PLACEHOLDER_SHORTCUT == "Ctrl+Shift+P"
    qtbot.keyClick(editor.body_edit, key, modifiers)
    menu = editor.placeholder_menu
    qtbot.waitUntil(menu.isVisible)
    assert menu.actions()[1].data() == "{prénom}"  # French template: French names
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not menu.isVisible())
    assert editor.body_edit.toPlainText() == "Bonjour {prénom}"
    assert editor.body_edit.hasFocus()

    type_text(qtbot, editor.body_edit, ", voici {nimportequoi}.")
    qtbot.waitUntil(lambda: editor.problems_list.count() == 1)  # after the typing pause
    problem = editor.problems_list.item(0).text()
    assert "{nimportequoi}" in problem
    assert "Line 1, column 25" in problem
    assert editor.problems_list.isVisible()
    assert unnamed_controls(dialog) == []

    # Enter on the problem puts the cursor on it.
    editor.problems_list.setCurrentRow(0)
    qtbot.keyClick(editor.problems_list, Qt.Key.Key_Return)
    assert editor.body_edit.textCursor().position() == 24
    # The fallback table lists the placeholder the text uses.
    assert editor.fallback_table.rowCount() == 1
    assert editor.fallback_table.item(0, 0).text() == "{prénom}"
    editor.set_fallback("first_name", "Madame, Monsieur")

    type_into(qtbot, editor.body_edit, "Bonjour {prénom}, voici le lien.")
    qtbot.waitUntil(lambda: editor.problems_list.count() == 0)
    assert "No problem" in editor.check_status.text()
    assert editor.dirty_label.isVisible()
    with qtbot.waitSignal(dialog.templates_changed):
        qtbot.keyClick(editor.body_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        settle(qtbot, runner)
    saved = stored(desk_app)["Réinitialisation du mot de passe"]
    assert saved.body_text == "Bonjour {prénom}, voici le lien."
    assert saved.category == "compte"
    assert saved.language == "fr"
    assert dict(saved.fallbacks) == {"first_name": "Madame, Monsieur"}
    assert editor.current.id == saved.id
    assert not editor.is_dirty()
    assert "saved" in editor.status_label.text()
    settle(qtbot, runner)
    assert listed(dialog) == ["Réinitialisation du mot de passe"]
    assert editor.template_list.currentItem().text() == "Réinitialisation du mot de passe"


def test_search_ignores_case_and_accents_and_keeps_only_the_last_answer(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    add_template(desk_app, "Réinitialisation du mot de passe", "Voici le lien.")
    add_template(desk_app, "Dates d'examen", "Les examens ont lieu en juin.", category="examens")
    dialog = open_editor(qtbot, desk_app, runner)
    editor = dialog.editor
    assert sorted(listed(dialog)) == ["Dates d'examen", "Réinitialisation du mot de passe"]
    assert editor.current.name in listed(dialog)  # the first one listed is open

    type_into(qtbot, editor.search_edit, "zzz")
    editor.refresh()  # a search under way when the agent types more: its answer is dropped
    type_into(qtbot, editor.search_edit, "REINITIALISATION")
    qtbot.waitUntil(lambda: listed(dialog) == ["Réinitialisation du mot de passe"])
    settle(qtbot, runner)
    assert listed(dialog) == ["Réinitialisation du mot de passe"]
    assert editor.list_status.text() == "One template found."

    type_into(qtbot, editor.search_edit, "EXAMENS")  # the category and the body
    qtbot.waitUntil(lambda: listed(dialog) == ["Dates d'examen"])
    type_into(qtbot, editor.search_edit, "nulle part")
    qtbot.waitUntil(lambda: listed(dialog) == [])
    assert editor.list_status.text() == "No template matches these words."


def test_duplicate_then_delete_after_confirming(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    add_template(desk_app, "Attestation", "Voici votre attestation, {prénom}.")
    dialog = open_editor(qtbot, desk_app, runner)
    editor = dialog.editor
    assert editor.current.name == "Attestation"

    with qtbot.waitSignal(dialog.templates_changed):
        qtbot.mouseClick(editor.duplicate_button, Qt.MouseButton.LeftButton)
        settle(qtbot, runner)
    assert editor.current.name == "Attestation (copie)"
    assert editor.name_edit.text() == "Attestation (copie)"
    assert editor.body_edit.toPlainText() == "Voici votre attestation, {prénom}."
    assert set(stored(desk_app)) == {"Attestation", "Attestation (copie)"}
    settle(qtbot, runner)
    assert sorted(listed(dialog)) == ["Attestation", "Attestation (copie)"]

    asked: list[str] = []

    def refuse(title: str, text: str) -> bool:
        asked.append(text)
        return False

    editor._confirm = refuse  # type: ignore[method-assign]
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert asked and "Attestation (copie)" in asked[0]
    assert "Attestation (copie)" in stored(desk_app)  # refused: nothing deleted

    editor._confirm = lambda title, text: True  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.templates_changed):
        qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
        settle(qtbot, runner)
    assert set(stored(desk_app)) == {"Attestation"}
    assert editor.current.id is None
    assert editor.name_edit.text() == ""
    assert "deleted" in editor.status_label.text()
    settle(qtbot, runner)
    assert listed(dialog) == ["Attestation"]


def test_a_name_already_taken_is_shown_in_the_editor_and_the_input_is_kept(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    add_template(desk_app, "Examens", "Les examens ont lieu en juin.")
    dialog = open_editor(qtbot, desk_app, runner)
    editor = dialog.editor
    editor._ask_unsaved = lambda: Answer.Discard  # type: ignore[method-assign]
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, editor.name_edit, "EXAMENS")
    editor.body_edit.setFocus()
    type_text(qtbot, editor.body_edit, "Un autre texte.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)

    assert "“Examens” already exists" in editor.error_label.text()
    assert editor.error_label.isVisible()
    assert editor.name_edit.text() == "EXAMENS"
    assert editor.body_edit.toPlainText() == "Un autre texte."
    assert editor.current.id is None and editor.is_dirty()
    assert editor.name_edit.hasFocus()
    assert list(stored(desk_app)) == ["Examens"]

    type_into(qtbot, editor.name_edit, "Examens de juin")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert editor.error_label.text() == ""
    assert stored(desk_app)["Examens de juin"].body_text == "Un autre texte."


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_word_import_reports_what_was_left_out_and_export_writes_them_back(
    qtbot: QtBot, desk_app: App, runner: TaskRunner, tmp_path: Path
) -> None:
    image = tmp_path / "logo.png"
    image.write_bytes(_png())
    document = docx.Document()
    document.add_heading("Inscription tardive", level=1)
    document.add_paragraph("Bonjour {prénom},")
    document.add_picture(str(image))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "dans un tableau"
    document.add_paragraph("Votre inscription est enregistrée.")
    source = tmp_path / "modèles.docx"
    document.save(str(source))

    dialog = open_editor(qtbot, desk_app, runner)
    editor = dialog.editor
    editor._ask_open_path = lambda: source  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.templates_changed):
        qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
        settle(qtbot, runner)
    report = editor.status_label.text()
    assert "Imported one template: “Inscription tardive”." in report
    assert "images (1)" in report and "tables (1)" in report
    imported = stored(desk_app)["Inscription tardive"]
    assert imported.body_text == "Bonjour {prénom},\n\nVotre inscription est enregistrée."
    assert editor.current.id == imported.id  # opened, the form being untouched
    assert editor.fallback_table.rowCount() == 1
    settle(qtbot, runner)
    assert listed(dialog) == ["Inscription tardive"]

    # A file that is not a .docx: the reason is shown, nothing is imported.
    bogus = tmp_path / "notes.docx"
    bogus.write_text("pas un document Word")
    editor._ask_open_path = lambda: bogus  # type: ignore[method-assign]
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert "cannot be imported" in editor.error_label.text()
    assert list(stored(desk_app)) == ["Inscription tardive"]

    out = tmp_path / "export"
    editor._ask_save_path = lambda: out  # type: ignore[method-assign]
    qtbot.mouseClick(editor.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    written = tmp_path / "export.docx"
    assert "Exported one template to" in editor.status_label.text()
    assert str(written) in editor.status_label.text()
    (back,) = read_docx(written).templates
    assert back.name == "Inscription tardive"
    assert back.body_text == imported.body_text


@pytest.mark.parametrize(
    "answer", [Answer.Cancel, Answer.Discard, Answer.Save], ids=["cancel", "discard", "save"]
)
def test_unsaved_changes_are_asked_about_before_switching(
    qtbot: QtBot, desk_app: App, runner: TaskRunner, answer: QMessageBox.StandardButton
) -> None:
    add_template(desk_app, "Alpha", "Texte A.")
    add_template(desk_app, "Bravo", "Texte B.")
    dialog = open_editor(qtbot, desk_app, runner)
    editor = dialog.editor
    assert editor.current.name == "Alpha"
    editor.body_edit.setFocus()
    qtbot.keyClick(editor.body_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, editor.body_edit, " Modifié.")
    assert editor.is_dirty()

    asked: list[str] = []

    def ask() -> QMessageBox.StandardButton:
        asked.append(editor.name_edit.text())
        return answer

    editor._ask_unsaved = ask  # type: ignore[method-assign]
    editor.template_list.setFocus()
    bravo = editor.template_list.findItems("Bravo", Qt.MatchFlag.MatchExactly)[0]
    editor.template_list.setCurrentItem(bravo)
    settle(qtbot, runner)
    assert asked == ["Alpha"]
    if answer == Answer.Cancel:
        assert editor.current.name == "Alpha"
        assert editor.body_edit.toPlainText() == "Texte A. Modifié."
        assert editor.template_list.currentItem().text() == "Alpha"
        assert stored(desk_app)["Alpha"].body_text == "Texte A."
    elif answer == Answer.Discard:
        assert editor.current.name == "Bravo"
        assert editor.body_edit.toPlainText() == "Texte B."
        assert stored(desk_app)["Alpha"].body_text == "Texte A."
    else:
        assert editor.current.name == "Bravo"
        assert stored(desk_app)["Alpha"].body_text == "Texte A. Modifié."
    assert editor.template_list.currentItem().text() == editor.current.name


def test_closing_with_unsaved_changes_asks_and_escape_closes_otherwise(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    add_template(desk_app, "Alpha", "Texte A.")
    dialog = open_editor(qtbot, desk_app, runner)
    editor = dialog.editor
    assert unnamed_controls(dialog) == []
    type_into(qtbot, editor.name_edit, "Alpha bis")

    answers = [Answer.Cancel, Answer.Save]
    editor._ask_unsaved = lambda: answers.pop(0)  # type: ignore[method-assign]
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # cancelled: still editing
    assert editor.name_edit.text() == "Alpha bis"
    dialog.close()  # the window's close button: saves, then closes
    settle(qtbot, runner)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert answers == []
    assert list(stored(desk_app)) == ["Alpha bis"]

    again = open_editor(qtbot, desk_app, runner)
    again.editor._ask_unsaved = lambda: pytest.fail("nothing changed")  # type: ignore[method-assign]
    qtbot.keyClick(again.editor.name_edit, Qt.Key.Key_Escape)
    assert not again.isVisible()


@OFFSCREEN_POPUP
def test_english_templates_get_english_placeholders_and_the_shortcut_is_described(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    dialog = open_editor(qtbot, desk_app, runner)
    editor = dialog.editor
    index = editor.language_combo.findData("en")
    editor.language_combo.setCurrentIndex(index)
    assert editor.placeholder_menu.actions()[1].data() == "{first_name}"
    editor.body_edit.setFocus()
    editor.show_placeholder_menu()
    qtbot.waitUntil(editor.placeholder_menu.isVisible)
    qtbot.keyClick(editor.placeholder_menu, Qt.Key.Key_Return)  # the first entry
    assert editor.body_edit.toPlainText() == "{salutation}"
    assert "Ctrl+Shift+P" in editor.insert_button.accessibleDescription()
    assert "Ctrl+Shift+P" in editor.body_edit.accessibleDescription()
    assert unnamed_controls(dialog) == []
