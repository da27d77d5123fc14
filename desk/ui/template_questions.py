"""What the template editor asks the agent: unsaved changes, a deletion, which Word file.

Each question is built here and asked by the editor through a method of its
own, which tests replace (a real modal box would wait for a click forever).
The boxes quote template names a colleague typed, so they show plain text.
Strings keep the editor's translation context, ``TemplateEditorWidget``, written out in
each call: lupdate reads only a literal context.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def unsaved_box(parent: QWidget, name: str) -> QMessageBox:
    """Save, Discard or Cancel about the template ``name`` (as typed; may be empty)."""
    shown = " ".join(name.split()) or QCoreApplication.translate(
        "TemplateEditorWidget", "(no name)"
    )
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("TemplateEditorWidget", "Unsaved changes"),
        QCoreApplication.translate(
            "TemplateEditorWidget", "The template “{name}” has unsaved changes. Save them?"
        ).format(name=shown),
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return box


def confirm_box(parent: QWidget, title: str, text: str) -> QMessageBox:
    """Yes or No (the default) before something that cannot be undone; ``text`` as written."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box


def ask_open_path(parent: QWidget) -> Path | None:
    """The Word file to import, or None when the agent cancels."""
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("TemplateEditorWidget", "Import templates from Word"),
        "",
        QCoreApplication.translate("TemplateEditorWidget", "Word documents (*.docx)"),
    )
    return Path(name) if name else None


def ask_save_path(parent: QWidget) -> Path | None:
    """Where to write the Word export, or None when the agent cancels."""
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("TemplateEditorWidget", "Export templates to Word"),
        QCoreApplication.translate("TemplateEditorWidget", "reply templates.docx"),
        QCoreApplication.translate("TemplateEditorWidget", "Word documents (*.docx)"),
    )
    return Path(name) if name else None
