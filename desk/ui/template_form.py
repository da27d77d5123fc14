"""The template editor's form: name, category, language, text, its problems and its fallbacks.

Agents are not programmers, so the form does the checking for them: as they
type, the ``{placeholders}`` are checked (a name Desk does not know, a brace
never closed) and the problems are listed under the text, each one jumping
to its place; every placeholder the text uses gets a row in the fallback
table; the "Insert placeholder" menu (also :data:`PLACEHOLDER_SHORTCUT`)
writes a correct one at the cursor. All of it is computation on the text:
no database, nothing off the GUI thread.

The form remembers the template it was loaded with (:attr:`TemplateForm.baseline`),
so it can say whether the agent changed anything (:meth:`TemplateForm.is_dirty`).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.replies.placeholders import insert_menu
from desk.replies.render import check_template
from desk.replies.syntax import SyntaxProblem
from desk.replies.templates import LANGUAGES, TemplateData
from desk.ui.template_fallbacks import FallbackTable
from desk.ui.template_reports import problem_text
from desk.ui.widgets import delay_timer

# Opens the "Insert placeholder" menu at the text cursor. Ctrl+Shift+P is free in a text
# field (no cut/copy/paste/undo/select clash) and "P" is for placeholder.
PLACEHOLDER_SHORTCUT = "Ctrl+Shift+P"
CHECK_DELAY_MS = 300  # live syntax check after the agent pauses typing
_DATA = Qt.ItemDataRole.UserRole


def ui_language(setting: str | None) -> str:
    """The agent's language among the templates' languages: the setting, else the system's."""
    if setting in LANGUAGES:
        return str(setting)
    return "fr" if QLocale().language() == QLocale.Language.French else "en"


def shortcut_text() -> str:
    """The placeholder shortcut as this system writes it."""
    return QKeySequence(PLACEHOLDER_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)


class TemplateForm(QWidget):
    """One template's fields, checked as they are typed; ``changed`` after every edit."""

    changed = Signal()

    def __init__(self, language_setting: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ui_language = ui_language(language_setting)
        self.baseline = self.blank()
        self._loading = False
        self._build()

    def blank(self) -> TemplateData:
        """An empty template in the agent's language."""
        return TemplateData(name="", body_text="", language=self._ui_language)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("template_name")
        self.name_edit.setMaxLength(200)
        self.name_edit.setAccessibleName(self.tr("Template name"))
        self.name_edit.setAccessibleDescription(
            self.tr("The name agents pick the template by; two templates cannot share a name.")
        )
        self.category_edit = QLineEdit(self)
        self.category_edit.setObjectName("template_category")
        self.category_edit.setMaxLength(50)
        self.category_edit.setAccessibleName(self.tr("Category"))
        self.category_edit.setAccessibleDescription(
            self.tr("Optional: the kind of request this template answers (exams, payment…).")
        )
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("template_language")
        names = {"fr": self.tr("French"), "en": self.tr("English")}
        for code in LANGUAGES:
            self.language_combo.addItem(names.get(code, code), code)
        self.language_combo.setAccessibleName(self.tr("Language"))
        self.language_combo.setAccessibleDescription(
            self.tr("The language the reply is written in; placeholders are inserted in it.")
        )

        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setObjectName("template_body")
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setAccessibleName(self.tr("Template text"))
        self.body_edit.setAccessibleDescription(
            self.tr(
                "The reply as plain text. Placeholders are written in braces, like {{prénom}}. "
                "{shortcut} opens the menu of placeholders; Tab leaves the text."
            ).format(shortcut=shortcut_text())
        )
        body_label = QLabel(self.tr("&Body:"), self)
        body_label.setBuddy(self.body_edit)
        self.format_note = QLabel(
            self.tr(
                "This template also has a formatted version (from Word). If you change the "
                "text here, it is saved as plain text and that formatting is dropped."
            ),
            self,
        )
        self.format_note.setWordWrap(True)

        self.placeholder_menu = QMenu(self)
        self.placeholder_menu.setObjectName("placeholder_menu")
        self.placeholder_menu.setAccessibleName(self.tr("Placeholders"))
        self.placeholder_menu.triggered.connect(self._insert_from)
        self.insert_button = QPushButton(self.tr("Insert &placeholder"), self)
        self.insert_button.setObjectName("insert_placeholder")
        self.insert_button.setMenu(self.placeholder_menu)
        self.insert_button.setAccessibleName(self.tr("Insert placeholder"))
        self.insert_button.setAccessibleDescription(
            self.tr(
                "Opens the list of placeholders; the one chosen is written at the cursor in "
                "the text. Shortcut: {shortcut}."
            ).format(shortcut=shortcut_text())
        )
        # The editor adds this action to itself, so the shortcut works anywhere in it.
        self.insert_action = QAction(self.tr("Insert placeholder"), self)
        self.insert_action.setShortcut(QKeySequence(PLACEHOLDER_SHORTCUT))
        self.insert_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.insert_action.triggered.connect(self.show_placeholder_menu)

        self.problems_list = QListWidget(self)
        self.problems_list.setObjectName("template_problems")
        self.problems_list.setAccessibleName(self.tr("Problems in the text"))
        self.problems_list.setAccessibleDescription(
            self.tr("Braces Desk cannot read; Enter on one moves the cursor to it in the text.")
        )
        self.problems_list.itemActivated.connect(self._go_to_problem)
        problems_label = QLabel(self.tr("Pr&oblems:"), self)
        problems_label.setBuddy(self.problems_list)
        self.check_status = QLabel(self)
        self.check_status.setWordWrap(True)

        self.fallback_table = FallbackTable(self)
        self.fallback_table.edited.connect(self._edited)
        fallbacks_label = QLabel(self.tr("F&allbacks:"), self)
        fallbacks_label.setBuddy(self.fallback_table)

        form = QFormLayout()
        name_label = QLabel(self.tr("&Name:"), self)
        name_label.setBuddy(self.name_edit)
        category_label = QLabel(self.tr("&Category:"), self)
        category_label.setBuddy(self.category_edit)
        language_label = QLabel(self.tr("&Language:"), self)
        language_label.setBuddy(self.language_combo)
        form.addRow(name_label, self.name_edit)
        form.addRow(category_label, self.category_edit)
        form.addRow(language_label, self.language_combo)
        body_row = QHBoxLayout()
        body_row.addWidget(body_label)
        body_row.addStretch(1)
        body_row.addWidget(self.insert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(body_row)
        layout.addWidget(self.body_edit, 3)
        layout.addWidget(self.format_note)
        layout.addWidget(problems_label)
        layout.addWidget(self.check_status)
        layout.addWidget(self.problems_list, 1)
        layout.addWidget(fallbacks_label)
        layout.addWidget(self.fallback_table, 1)

        self._check_timer = delay_timer(self, CHECK_DELAY_MS, self.check_now)
        self.name_edit.textChanged.connect(self._edited)
        self.category_edit.textChanged.connect(self._edited)
        self.language_combo.currentIndexChanged.connect(self._language_changed)
        self.body_edit.textChanged.connect(self._body_changed)

    # ------------------------------------------------------------------ state
    def load(self, template: TemplateData) -> None:
        """Show ``template``; it becomes the saved state edits are compared to."""
        self._loading = True
        try:
            self.baseline = template
            self.name_edit.setText(template.name)
            self.category_edit.setText(template.category)
            index = self.language_combo.findData(template.language)
            self.language_combo.setCurrentIndex(max(index, 0))
            self.fallback_table.start_from(template.fallbacks)
            self.body_edit.setPlainText(template.body_text)
            self._rebuild_menu()
            self.check_now()
            self._rebuild_fallbacks(force=True)
        finally:
            self._loading = False

    def language(self) -> str:
        """The template language chosen in the form."""
        return str(self.language_combo.currentData())

    def data(self) -> TemplateData:
        """What the form holds now, as it would be saved."""
        body = self.body_edit.toPlainText()
        base = self.baseline
        # A Word template's formatted version follows its text only while the text is unchanged.
        body_html = base.body_html if body == base.body_text else None
        return TemplateData(
            name=self.name_edit.text(),
            body_text=body,
            body_html=body_html,
            category=self.category_edit.text().strip(),
            language=self.language(),
            fallbacks=self.fallback_table.kept(),
            id=base.id,
            usage_count=base.usage_count,
            created_at=base.created_at,
            updated_at=base.updated_at,
        )

    def is_dirty(self) -> bool:
        """True when the form differs from the template as saved."""
        now, base = self.data(), self.baseline
        return (
            " ".join(now.name.split()) != base.name
            or now.category != base.category
            or now.language != base.language
            or now.body_text != base.body_text
            or dict(now.fallbacks) != dict(base.fallbacks)
        )

    def stop_timers(self) -> None:
        """No check pending (the dialog is closing)."""
        self._check_timer.stop()

    # ------------------------------------------------------------------ editing
    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _body_changed(self) -> None:
        if self._loading:
            return
        self._check_timer.start()
        self.changed.emit()

    def _language_changed(self) -> None:
        self._rebuild_menu()
        self._rebuild_fallbacks(force=True)
        self._edited()

    def _rebuild_fallbacks(self, *, force: bool = False) -> None:
        self.fallback_table.rebuild(
            self.body_edit.toPlainText(), self.language(), self._ui_language, force=force
        )

    def set_fallback(self, key: str, text: str) -> None:
        """Type ``text`` as the fallback of placeholder ``key`` (its row must be listed)."""
        self.check_now()
        self.fallback_table.set_text(key, text)

    # ------------------------------------------------------------------ placeholders
    def _rebuild_menu(self) -> None:
        """The placeholders in the template's language, described in the agent's language."""
        descriptions = [d for _token, d in insert_menu(self._ui_language)]
        self.placeholder_menu.clear()
        for (token, _own), description in zip(
            insert_menu(self.language()), descriptions, strict=True
        ):
            action = self.placeholder_menu.addAction(
                self.tr("{placeholder} — {description}").format(
                    placeholder=token, description=description
                )
            )
            action.setData(token)
            action.setToolTip(description)

    def show_placeholder_menu(self) -> None:
        """Open the placeholder menu at the text cursor (the keyboard shortcut's action)."""
        self.body_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        rect = self.body_edit.cursorRect()
        where = self.body_edit.viewport().mapToGlobal(rect.bottomLeft())
        self.placeholder_menu.popup(where)
        actions = self.placeholder_menu.actions()
        if actions:
            self.placeholder_menu.setActiveAction(actions[0])

    def _insert_from(self, action: QAction) -> None:
        token = action.data()
        if isinstance(token, str):
            self.insert_placeholder(token)

    def insert_placeholder(self, token: str) -> None:
        """Write ``token`` at the text cursor and put the focus back in the text."""
        self.body_edit.insertPlainText(token)
        self.body_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ checking
    def problems(self) -> tuple[SyntaxProblem, ...]:
        """The brace problems of the text as it is now (pure computation, no database)."""
        return check_template(TemplateData(name="", body_text=self.body_edit.toPlainText()))

    def check_now(self) -> None:
        """List the text's brace problems and refresh the fallback rows (debounced while typing)."""
        self._check_timer.stop()
        problems = self.problems()
        self.problems_list.clear()
        for problem in problems:
            item = QListWidgetItem(problem_text(problem))
            item.setData(_DATA, (problem.line, problem.column))
            self.problems_list.addItem(item)
        self.problems_list.setVisible(bool(problems))
        if problems:
            self.check_status.setText(
                self.tr("One problem: this reply could not be sent as it is.")
                if len(problems) == 1
                else self.tr("{count} problems: this reply could not be sent as it is.").format(
                    count=QLocale().toString(len(problems))
                )
            )
        elif self.body_edit.toPlainText().strip():
            self.check_status.setText(self.tr("No problem: every placeholder is recognised."))
        else:
            self.check_status.setText(self.tr("The text is empty."))
        self._rebuild_fallbacks()

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        where = item.data(_DATA)
        if not isinstance(where, tuple):
            return
        line, column = where
        block = self.body_edit.document().findBlockByNumber(line - 1)
        cursor = QTextCursor(block)
        cursor.movePosition(
            QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, column - 1
        )
        self.body_edit.setTextCursor(cursor)
        self.body_edit.setFocus(Qt.FocusReason.OtherFocusReason)
