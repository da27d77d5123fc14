"""The template editor's row of buttons, enabled by what the open template allows."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from desk.ui.widgets import push_button


class TemplateButtons(QWidget):
    """New, Duplicate, Delete on the left; Import, Export, Save on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_button = push_button(
            self,
            "new_template",
            self.tr("Ne&w"),
            self.tr("New template"),
            self.tr("Empties the form to write a new template."),
        )
        self.duplicate_button = push_button(
            self,
            "duplicate_template",
            self.tr("&Duplicate"),
            self.tr("Duplicate template"),
            self.tr("Saves a copy of this template under a new name and opens it."),
        )
        self.delete_button = push_button(
            self,
            "delete_template",
            self.tr("D&elete"),
            self.tr("Delete template"),
            self.tr("Deletes this template after asking; sent replies keep their text."),
        )
        self.save_button = push_button(
            self,
            "save_template",
            self.tr("&Save"),
            self.tr("Save template"),
            self.tr("Saves the changes (Ctrl+S)."),
        )
        self.import_button = push_button(
            self,
            "import_word",
            self.tr("&Import from Word…"),
            self.tr("Import from Word"),
            self.tr(
                "Adds the templates of a Word .docx file; what an email cannot carry "
                "(images, tables…) is left out and listed."
            ),
        )
        self.export_button = push_button(
            self,
            "export_word",
            self.tr("E&xport to Word…"),
            self.tr("Export to Word"),
            self.tr("Writes every template to a Word .docx file that can be imported back."),
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            layout.addWidget(button)
        layout.addStretch(1)
        for button in (self.import_button, self.export_button, self.save_button):
            layout.addWidget(button)

    def set_state(self, *, dirty: bool, saved: bool, busy: bool) -> None:
        """Save needs changes; Duplicate and Delete a saved template; nothing while busy."""
        self.save_button.setEnabled(dirty and not busy)
        self.duplicate_button.setEnabled(saved and not busy)
        self.delete_button.setEnabled(saved and not busy)
        self.new_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)
