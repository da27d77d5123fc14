"""The reply-template editor: find, write, check, import and export the team's templates.

The editor composes three parts and keeps what joins them: the searchable
list (:mod:`desk.ui.template_list`), the checked form
(:mod:`desk.ui.template_form`) and the stored work run on workers
(:mod:`desk.ui.template_storage`). An error is shown in the editor and the
agent's text stays as typed. Leaving a template with unsaved changes
(another template, New, closing the dialog) asks first.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk.app import App
from desk.core.errors import DeskError, ErrorCode
from desk.replies.templates import TemplateData
from desk.ui.tasks import TaskRunner
from desk.ui.template_buttons import TemplateButtons
from desk.ui.template_form import PLACEHOLDER_SHORTCUT, TemplateForm
from desk.ui.template_list import TemplateListPane
from desk.ui.template_questions import ask_open_path, ask_save_path, confirm_box, unsaved_box
from desk.ui.template_reports import announce, error_text, import_report
from desk.ui.template_storage import TemplateStorage
from desk.ui.widgets import close_buttons, plain_label
from desk.workbench.templates import ImportOutcome, same_fields

__all__ = ["PLACEHOLDER_SHORTCUT", "TemplateEditor", "TemplateEditorWidget"]


class TemplateEditorWidget(QWidget):
    """A searchable list of templates and a form to write one, check it and save it.

    ``template_id``: the template to open first (default: the first one listed).
    ``templates_changed`` is emitted after every save, delete, duplicate and
    import, so the main window can refresh its template picker.
    """

    templates_changed = Signal()

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        template_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._wanted_id = template_id
        self._after_save: Callable[[], object] | None = None
        self.list_pane = TemplateListPane(app.store.sessions, runner, self)
        self.form = TemplateForm(app.settings.language, self)
        self.storage = TemplateStorage(app.store.sessions, runner, self)
        self._expose_parts()
        self._build()
        self._connect()
        self._load(self.form.blank())
        self.refresh()

    def _expose_parts(self) -> None:
        """The parts' controls, under the names the editor always had (tests reach them)."""
        pane, form = self.list_pane, self.form
        self.search_edit = pane.search_edit
        self.template_list = pane.template_list
        self.list_status = pane.list_status
        self.refresh = pane.refresh
        self.name_edit = form.name_edit
        self.category_edit = form.category_edit
        self.language_combo = form.language_combo
        self.body_edit = form.body_edit
        self.format_note = form.format_note
        self.placeholder_menu = form.placeholder_menu
        self.insert_button = form.insert_button
        self.insert_action = form.insert_action
        self.problems_list = form.problems_list
        self.check_status = form.check_status
        self.fallback_table = form.fallback_table
        self.set_fallback = form.set_fallback
        self.show_placeholder_menu = form.show_placeholder_menu
        self.insert_placeholder = form.insert_placeholder
        self.problems = form.problems
        self.check_now = form.check_now
        self.is_dirty = form.is_dirty
        self.form_data = form.data

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.buttons = TemplateButtons(self)
        self.new_button = self.buttons.new_button
        self.duplicate_button = self.buttons.duplicate_button
        self.delete_button = self.buttons.delete_button
        self.save_button = self.buttons.save_button
        self.import_button = self.buttons.import_button
        self.export_button = self.buttons.export_button
        self.addAction(self.insert_action)
        save_action = QAction(self.tr("Save template"), self)
        save_action.setShortcut(QKeySequence.StandardKey.Save)
        save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_action.triggered.connect(self._save_shortcut)
        self.addAction(save_action)
        find_action = QAction(self.tr("Search templates"), self)
        find_action.setShortcut(QKeySequence.StandardKey.Find)
        find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_action.triggered.connect(self.list_pane.focus_search)
        self.addAction(find_action)

        self.dirty_label = QLabel(self.tr("Unsaved changes."), self)
        # Errors and statuses quote template names a colleague typed: shown as written.
        self.error_label = plain_label(self, "template_error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = plain_label(self, "template_status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.status_label.hide()

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list_pane)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.dirty_label)
        layout.addWidget(self.buttons)

        order: Sequence[QWidget] = (
            self.search_edit, self.template_list, self.name_edit, self.category_edit,
            self.language_combo, self.body_edit, self.insert_button, self.problems_list,
            self.fallback_table, self.new_button, self.duplicate_button, self.delete_button,
            self.import_button, self.export_button, self.save_button,
        )  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_template)
        self.duplicate_button.clicked.connect(self.duplicate)
        self.delete_button.clicked.connect(self.delete)
        self.save_button.clicked.connect(self._save_shortcut)
        self.import_button.clicked.connect(self.import_word)
        self.export_button.clicked.connect(self.export_word)
        self.form.changed.connect(self._update_state)
        self.list_pane.picked.connect(self._picked)
        self.list_pane.first_listed.connect(self._open_first)
        storage = self.storage
        storage.busy_changed.connect(lambda _busy: self._update_state())
        storage.saved.connect(self._saved)
        storage.deleted.connect(self._deleted)
        storage.duplicated.connect(self._duplicated)
        storage.imported.connect(self._imported)
        storage.exported.connect(self._exported)
        storage.failed.connect(self._failed)

    # ------------------------------------------------------------------ state
    @property
    def current(self) -> TemplateData:
        """The template as saved (``id`` None for a new one not saved yet)."""
        return self.form.baseline

    def _update_state(self) -> None:
        dirty = self.is_dirty()
        saved = self.form.baseline.id is not None
        busy = self.storage.busy
        self.dirty_label.setVisible(dirty)
        self.buttons.set_state(dirty=dirty, saved=saved, busy=busy)
        self.format_note.setVisible(bool(self.form.baseline.body_html))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        announce(self.error_label, text)

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        announce(self.status_label, text)

    def discard_tasks(self) -> None:
        """Forget every pending answer (the dialog is closing)."""
        self.storage.discard()
        self.list_pane.discard()
        self.form.stop_timers()

    def _load(self, template: TemplateData) -> None:
        """Show ``template`` in the form; it becomes the saved state edits are compared to."""
        self.form.load(template)
        self.list_pane.select(template.id)
        self._update_state()

    # ------------------------------------------------------------------ leaving
    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel: asked before unsaved changes would be lost (tests override)."""
        return QMessageBox.StandardButton(unsaved_box(self, self.name_edit.text()).exec())

    def _confirm(self, title: str, text: str) -> bool:
        """Yes or no before something that cannot be undone (tests override)."""
        return confirm_box(self, title, text).exec() == QMessageBox.StandardButton.Yes

    def confirm_leave(self, then: Callable[[], object]) -> None:
        """Run ``then`` once unsaved changes are saved or discarded; not if the agent cancels."""
        if not self.is_dirty():
            then()
            return
        answer = self._ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            self.save(then=then)
        elif answer == QMessageBox.StandardButton.Discard:
            self._load(self.form.baseline)
            then()

    # ------------------------------------------------------------------ the list
    def _open_first(self, templates: list[TemplateData]) -> None:
        """At start, open the wanted template (or the first one) if the form is untouched."""
        if self.is_dirty() or self.form.baseline.id is not None or not templates:
            return
        wanted = [t for t in templates if t.id == self._wanted_id] or templates[:1]
        self._load(wanted[0])

    def _picked(self, template: TemplateData) -> None:
        chosen_id = template.id
        self.confirm_leave(lambda: self._open_listed(chosen_id, template))

    def _open_listed(self, template_id: int | None, fallback: TemplateData) -> None:
        self._show_error("")
        self._show_status("")
        self._load(self.list_pane.listed(template_id) or fallback)

    # ------------------------------------------------------------------ actions
    def new_template(self) -> None:
        """Empty the form for a new template (asking first about unsaved changes)."""

        def start() -> None:
            self._show_error("")
            self._show_status("")
            self._load(TemplateData(name="", body_text="", language=self.form.language()))
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

        self.confirm_leave(start)

    def _save_shortcut(self) -> None:
        if self.save_button.isEnabled():
            self.save()

    def save(self, then: Callable[[], object] | None = None) -> None:
        """Save the form in a worker; on error the message is shown and the input kept."""
        if self.storage.busy:
            return
        self.check_now()
        self._show_error("")
        self._after_save = then
        self.storage.save(self.form_data())

    def _saved(self, sent: TemplateData, saved: TemplateData) -> None:
        if same_fields(self.form_data(), sent):
            kept_cursor = self.body_edit.textCursor().position()
            self._load(saved)  # the name as stored (spaces tidied), fallbacks by key
            cursor = self.body_edit.textCursor()
            cursor.setPosition(min(kept_cursor, len(saved.body_text)))
            self.body_edit.setTextCursor(cursor)
        else:  # typed on while it saved: keep what is in the form, unsaved
            self.form.baseline = saved
            self.list_pane.select(saved.id)
            self._update_state()
        self._show_status(self.tr("Template “{name}” saved.").format(name=saved.name))
        self.templates_changed.emit()
        self.refresh()
        then, self._after_save = self._after_save, None
        if then is not None:
            then()

    def _failed(self, work: str, error: BaseException) -> None:
        if work in ("save", "import", "export"):
            self._show_status("")
        self._show_error(error_text(error, f"{work} template"))
        if work == "save":
            self._after_save = None
            if isinstance(error, DeskError) and error.code in (
                ErrorCode.TEMPLATE_NAME_TAKEN,
                ErrorCode.TEMPLATE_INVALID,
            ):
                target = (
                    self.category_edit
                    if error.params.get("field") == "category"
                    else self.name_edit
                )
                target.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete(self) -> None:
        """Delete the open template after the agent confirms."""
        template = self.form.baseline
        if template.id is None or self.storage.busy:
            return
        if not self._confirm(
            self.tr("Delete template"),
            self.tr(
                "Delete the template “{name}”? Replies already sent keep their text; "
                "this cannot be undone."
            ).format(name=template.name),
        ):
            return
        self._show_error("")
        self.storage.delete(template)

    def _deleted(self, template: TemplateData) -> None:
        self._load(TemplateData(name="", body_text="", language=template.language))
        self._show_status(self.tr("Template “{name}” deleted.").format(name=template.name))
        self.templates_changed.emit()
        self.refresh()

    def duplicate(self) -> None:
        """Save a copy of the open template (after saving or discarding changes) and open it."""
        if self.form.baseline.id is None or self.storage.busy:
            return

        def start() -> None:
            source_id = self.form.baseline.id
            if source_id is None:
                return
            self._show_error("")
            self.storage.duplicate(source_id)

        self.confirm_leave(start)

    def _duplicated(self, copy: TemplateData) -> None:
        self._load(copy)
        self._show_status(self.tr("Copy “{name}” created; it is open now.").format(name=copy.name))
        self.templates_changed.emit()
        self.refresh()
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name_edit.selectAll()

    def _ask_open_path(self) -> Path | None:
        """The Word file to import, or None (tests override)."""
        return ask_open_path(self)

    def _ask_save_path(self) -> Path | None:
        """Where to write the Word export, or None (tests override)."""
        return ask_save_path(self)

    def import_word(self) -> None:
        """Import the templates of a .docx file and report what was kept and left out."""
        if self.storage.busy:
            return
        path = self._ask_open_path()
        if path is None:
            return
        self._show_error("")
        self._show_status(self.tr("Importing {path}…").format(path=str(path)))
        self.storage.import_word(path, self.form.language())

    def _imported(self, outcome: ImportOutcome) -> None:
        self._show_status(import_report(outcome))
        if outcome.templates:
            self.templates_changed.emit()
            if not self.is_dirty():
                self._load(outcome.templates[0])
        self.refresh()

    def export_word(self) -> None:
        """Write every template to a .docx file chosen by the agent."""
        if self.storage.busy:
            return
        path = self._ask_save_path()
        if path is None:
            return
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        self._show_error("")
        self._show_status(self.tr("Exporting to {path}…").format(path=str(path)))
        self.storage.export_word(path)

    def _exported(self, count: int, path: Path) -> None:
        self._show_status(
            self.tr("Exported one template to {path}.").format(path=str(path))
            if count == 1
            else self.tr("Exported {count} templates to {path}.").format(
                count=QLocale().toString(count), path=str(path)
            )
        )


class TemplateEditor(QDialog):
    """The template editor in its own window; Escape or Close asks about unsaved changes."""

    templates_changed = Signal()

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        template_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reply templates"))
        self.setAccessibleName(self.tr("Reply templates"))
        self.setAccessibleDescription(
            self.tr("Write, check, import and export the reply templates of the team.")
        )
        self.editor = TemplateEditorWidget(app, runner, self, template_id=template_id)
        self.editor.templates_changed.connect(self.templates_changed)
        buttons = close_buttons(
            self, self.tr("Closes the template editor (asks first about unsaved changes).")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 120, self.fontMetrics().height() * 40)

    def reject(self) -> None:
        """Close once unsaved changes are saved or discarded (Cancel keeps the dialog open)."""
        self.editor.confirm_leave(self._close)

    def _close(self) -> None:
        self.editor.discard_tasks()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button goes through :meth:`reject` too."""
        event.ignore()
        self.reject()
