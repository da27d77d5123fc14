"""The reply-template editor: find, write, check, import and export the team's templates.

Agents are not programmers, so the editor does the checking for them: as
they type, the ``{placeholders}`` are checked (a name Desk does not know, a
brace never closed) and the problems are listed under the text, each one
jumping to its place; every placeholder the text uses gets a row in the
fallback table (what to write when a recipient has no such value); the
"Insert placeholder" menu (also :data:`PLACEHOLDER_SHORTCUT`) writes a
correct one at the cursor. Saving, deleting, duplicating, importing and
exporting run on workers; an error is shown in the editor and the agent's
text stays as typed. Leaving a template with unsaved changes (another
template, New, closing the dialog) asks first.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAction,
    QCloseEvent,
    QKeySequence,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from desk.app import App
from desk.core.errors import DeskError, ErrorCode
from desk.replies.placeholders import BY_KEY, insert_menu
from desk.replies.render import check_template
from desk.replies.syntax import ProblemKind, Slot, SyntaxProblem, parse
from desk.replies.templates import (
    LANGUAGES,
    TemplateData,
    create_template,
    delete_template,
    duplicate_template,
    get_template,
    list_templates,
    search_templates,
    update_template,
)
from desk.replies.wordexport import write_docx
from desk.replies.wordimport import WordImportResult, import_docx
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import delay_timer, push_button

# Opens the "Insert placeholder" menu at the text cursor. Ctrl+Shift+P is free in a text
# field (no cut/copy/paste/undo/select clash) and "P" is for placeholder.
PLACEHOLDER_SHORTCUT = "Ctrl+Shift+P"
CHECK_DELAY_MS = 300  # live syntax check after the agent pauses typing
SEARCH_DELAY_MS = 200  # search after the agent pauses typing
_DATA = Qt.ItemDataRole.UserRole

Sessions = sessionmaker[Session]


# --------------------------------------------------------------------------- workers
# Everything below runs on a worker thread: its own session, plain data back.


def _search(sessions: Sessions, query: str) -> list[TemplateData]:
    with sessions() as session:
        return search_templates(session, query)


def _save(sessions: Sessions, data: TemplateData) -> TemplateData:
    with sessions.begin() as session:
        if data.id is None:
            new_id = create_template(
                session,
                data.name,
                data.body_text,
                body_html=data.body_html,
                category=data.category,
                language=data.language,
                fallbacks=data.fallbacks,
            )
            return get_template(session, new_id)
        return update_template(
            session,
            data.id,
            name=data.name,
            body_text=data.body_text,
            body_html=data.body_html,
            category=data.category,
            language=data.language,
            fallbacks=data.fallbacks,
        )


def _delete(sessions: Sessions, template_id: int) -> None:
    with sessions.begin() as session:
        delete_template(session, template_id)


def _duplicate(sessions: Sessions, template_id: int) -> TemplateData:
    with sessions.begin() as session:
        return get_template(session, duplicate_template(session, template_id))


@dataclass(frozen=True)
class ImportOutcome:
    """What an import stored, as the editor reports it."""

    result: WordImportResult
    templates: tuple[TemplateData, ...]


def _import(sessions: Sessions, path: Path, language: str) -> ImportOutcome:
    with sessions.begin() as session:
        result = import_docx(session, path, language=language)
        created = tuple(get_template(session, t) for t in result.created)
    return ImportOutcome(result, created)


def _export(sessions: Sessions, path: Path) -> int:
    with sessions() as session:
        templates = list_templates(session)
    write_docx(templates, path)
    return len(templates)


# --------------------------------------------------------------------------- helpers


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` (a status that appeared without focus moving)."""
    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def dropped_kind(kind: str) -> str:
    """A kind of content the Word import left out, as the agent reads it."""
    known = {
        "image": QCoreApplication.translate("TemplateEditorWidget", "images"),
        "table": QCoreApplication.translate("TemplateEditorWidget", "tables"),
        "text box": QCoreApplication.translate("TemplateEditorWidget", "text boxes"),
        "content control": QCoreApplication.translate("TemplateEditorWidget", "content controls"),
        "header": QCoreApplication.translate("TemplateEditorWidget", "page headers"),
        "footer": QCoreApplication.translate("TemplateEditorWidget", "page footers"),
        "tracked change": QCoreApplication.translate("TemplateEditorWidget", "tracked changes"),
        "equation": QCoreApplication.translate("TemplateEditorWidget", "equations"),
        "comment": QCoreApplication.translate("TemplateEditorWidget", "comments"),
        "footnote": QCoreApplication.translate("TemplateEditorWidget", "footnotes"),
        "endnote": QCoreApplication.translate("TemplateEditorWidget", "endnotes"),
        "embedded object": QCoreApplication.translate("TemplateEditorWidget", "embedded objects"),
        "field": QCoreApplication.translate("TemplateEditorWidget", "fields"),
        "ruby text": QCoreApplication.translate("TemplateEditorWidget", "ruby text"),
        "symbol": QCoreApplication.translate("TemplateEditorWidget", "symbols"),
        "strikethrough": QCoreApplication.translate("TemplateEditorWidget", "strikethrough"),
        "highlight": QCoreApplication.translate("TemplateEditorWidget", "highlighting"),
        "superscript/subscript": QCoreApplication.translate(
            "TemplateEditorWidget", "superscript and subscript"
        ),
        "colour": QCoreApplication.translate("TemplateEditorWidget", "text colours"),
        "internal link": QCoreApplication.translate(
            "TemplateEditorWidget", "links inside the document"
        ),
        "damaged template details": QCoreApplication.translate(
            "TemplateEditorWidget", "damaged template details"
        ),
    }
    if kind in known:
        return known[kind]
    if kind.startswith("style: "):
        return QCoreApplication.translate("TemplateEditorWidget", "the style “{name}”").format(
            name=kind.removeprefix("style: ")
        )
    return kind


def import_report(outcome: ImportOutcome) -> str:
    """What an import did, in sentences: templates stored, names changed, content left out."""
    locale = QLocale()
    names = [t.name for t in outcome.templates]
    quoted = locale.createSeparatedList(
        [
            QCoreApplication.translate("TemplateEditorWidget", "“{name}”").format(name=n)
            for n in names
        ]
    )
    count = len(names)
    if count == 0:
        lines = [
            QCoreApplication.translate(
                "TemplateEditorWidget", "The file held no template: nothing was imported."
            )
        ]
    elif count == 1:
        lines = [
            QCoreApplication.translate(
                "TemplateEditorWidget", "Imported one template: {names}."
            ).format(names=quoted)
        ]
    else:
        lines = [
            QCoreApplication.translate(
                "TemplateEditorWidget", "Imported {count} templates: {names}."
            ).format(count=locale.toString(count), names=quoted)
        ]
    for old, new in outcome.result.renamed.items():
        lines.append(
            QCoreApplication.translate(
                "TemplateEditorWidget", "“{old}” was renamed “{new}”: that name was already taken."
            ).format(old=old, new=new)
        )
    dropped = outcome.result.dropped
    if dropped:
        items = [
            QCoreApplication.translate("TemplateEditorWidget", "{kind} ({count})").format(
                kind=dropped_kind(k), count=locale.toString(n)
            )
            for k, n in sorted(dropped.items())
        ]
        lines.append(
            QCoreApplication.translate(
                "TemplateEditorWidget", "Left out, because a reply cannot carry them: {items}."
            ).format(items=locale.createSeparatedList(items))
        )
    else:
        lines.append(QCoreApplication.translate("TemplateEditorWidget", "Nothing was left out."))
    return "\n".join(lines)


def error_text(error: BaseException) -> str:
    """A failed save, delete, import or export, in a sentence for the agent."""
    if isinstance(error, DeskError):
        params: Mapping[str, Any] = error.params
        if error.code is ErrorCode.TEMPLATE_NAME_TAKEN:
            return QCoreApplication.translate(
                "TemplateEditorWidget",
                "A template named “{existing}” already exists. Choose another name; "
                "nothing was saved.",
            ).format(existing=params.get("existing", ""))
        if error.code is ErrorCode.TEMPLATE_INVALID and params.get("field") == "name":
            return QCoreApplication.translate(
                "TemplateEditorWidget",
                "Give the template a name (at most 200 characters); nothing was saved.",
            )
        if error.code is ErrorCode.TEMPLATE_INVALID and params.get("field") == "category":
            return QCoreApplication.translate(
                "TemplateEditorWidget",
                "The category is too long (at most 50 characters); nothing was saved.",
            )
        if error.code is ErrorCode.TEMPLATE_NOT_FOUND:
            return QCoreApplication.translate(
                "TemplateEditorWidget",
                "This template was deleted meanwhile (perhaps by a colleague). "
                "Your text is still here: save it as a new template with New, then paste it.",
            )
        if error.code is ErrorCode.TEMPLATE_FILE_UNREADABLE:
            return QCoreApplication.translate(
                "TemplateEditorWidget", "{path} cannot be imported: {reason}. Nothing was imported."
            ).format(path=params.get("path", ""), reason=params.get("reason", ""))
        if error.code is ErrorCode.EXPORT_UNWRITABLE:
            return QCoreApplication.translate(
                "TemplateEditorWidget", "{path} cannot be written: {reason}. Nothing was exported."
            ).format(path=params.get("path", ""), reason=params.get("reason", ""))
        return error.describe()
    if isinstance(error, OSError):
        return QCoreApplication.translate(
            "TemplateEditorWidget", "The file could not be used: {reason}"
        ).format(reason=error.strerror or str(error))
    return QCoreApplication.translate(
        "TemplateEditorWidget", "Something went wrong: {error}"
    ).format(error=str(error) or type(error).__name__)


def problem_text(problem: SyntaxProblem) -> str:
    """One brace problem, with where it is."""
    where = {"line": problem.line, "column": problem.column, "text": problem.text}
    if problem.kind is ProblemKind.UNKNOWN:
        return QCoreApplication.translate(
            "TemplateEditorWidget",
            "Line {line}, column {column}: {text} is not a placeholder Desk knows.",
        ).format(**where)
    if problem.kind is ProblemKind.EMPTY:
        return QCoreApplication.translate(
            "TemplateEditorWidget", "Line {line}, column {column}: {text} names no placeholder."
        ).format(**where)
    if problem.kind is ProblemKind.UNCLOSED:
        return QCoreApplication.translate(
            "TemplateEditorWidget",
            "Line {line}, column {column}: this “{{” is never closed (write {{{{ for a brace).",
        ).format(**where)
    return QCoreApplication.translate(
        "TemplateEditorWidget",
        "Line {line}, column {column}: this “}}” closes nothing (write }}}} for a brace).",
    ).format(**where)


def _same_fields(one: TemplateData, other: TemplateData) -> bool:
    """Whether two versions of a template say the same (ids and dates aside)."""
    return (one.name, one.body_text, one.category, one.language, dict(one.fallbacks)) == (
        other.name, other.body_text, other.category, other.language, dict(other.fallbacks),
    )  # fmt: skip


def used_keys(body: str) -> list[str]:
    """The placeholders a text uses, by canonical key, in order of first use."""
    keys: list[str] = []
    for piece in parse(body).pieces:
        if isinstance(piece, Slot) and piece.key not in keys:
            keys.append(piece.key)
    return keys


# --------------------------------------------------------------------------- the editor


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
        self._app = app
        self._runner = runner
        self._sessions = app.store.sessions
        self._wanted_id = template_id
        self._baseline = self._blank()
        self._fallbacks: dict[str, str] = {}
        self._fallback_keys: list[str] = []
        self._loading = False
        self._busy = False
        self._listed_once = False
        self._search_task: Task[list[TemplateData]] | None = None
        self._tasks: list[Task[Any]] = []
        self._build()
        self._load(self._blank())
        self.refresh()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("template_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Name, category or words of the text"))
        self.search_edit.setAccessibleName(self.tr("Search templates"))
        self.search_edit.setAccessibleDescription(
            self.tr(
                "Lists the templates whose name, category or text contain every word typed, "
                "ignoring case and accents. Ctrl+F comes back here."
            )
        )
        search_label = QLabel(self.tr("Sea&rch:"), self)
        search_label.setBuddy(self.search_edit)

        self.template_list = QListWidget(self)
        self.template_list.setObjectName("template_list")
        self.template_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.template_list.setAccessibleName(self.tr("Templates"))
        self.template_list.setAccessibleDescription(
            self.tr("The templates found; choosing one opens it in the form on the right.")
        )
        list_label = QLabel(self.tr("&Templates:"), self)
        list_label.setBuddy(self.template_list)
        self.list_status = QLabel(self)
        self.list_status.setWordWrap(True)

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
            ).format(shortcut=self._shortcut_text())
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
            ).format(shortcut=self._shortcut_text())
        )
        self.insert_action = QAction(self.tr("Insert placeholder"), self)
        self.insert_action.setShortcut(QKeySequence(PLACEHOLDER_SHORTCUT))
        self.insert_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.insert_action.triggered.connect(self.show_placeholder_menu)
        self.addAction(self.insert_action)

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

        self.fallback_table = QTableWidget(0, 2, self)
        self.fallback_table.setObjectName("template_fallbacks")
        self.fallback_table.setHorizontalHeaderLabels(
            [self.tr("Placeholder"), self.tr("Text when the value is missing")]
        )
        self.fallback_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.fallback_table.horizontalHeader().setStretchLastSection(True)
        self.fallback_table.verticalHeader().setVisible(False)
        self.fallback_table.setTabKeyNavigation(False)
        self.fallback_table.setAccessibleName(self.tr("Fallbacks"))
        self.fallback_table.setAccessibleDescription(
            self.tr(
                "One row per placeholder the text uses: what to write instead when a recipient "
                "has no such value (for example “Madame, Monsieur”). Empty: such a reply "
                "cannot be sent."
            )
        )
        self.fallback_table.itemChanged.connect(self._fallback_edited)
        fallbacks_label = QLabel(self.tr("F&allbacks:"), self)
        fallbacks_label.setBuddy(self.fallback_table)

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
        self.new_button.clicked.connect(self.new_template)
        self.duplicate_button.clicked.connect(self.duplicate)
        self.delete_button.clicked.connect(self.delete)
        self.save_button.clicked.connect(self._save_shortcut)
        self.import_button.clicked.connect(self.import_word)
        self.export_button.clicked.connect(self.export_word)
        save_action = QAction(self.tr("Save template"), self)
        save_action.setShortcut(QKeySequence.StandardKey.Save)
        save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_action.triggered.connect(self._save_shortcut)
        self.addAction(save_action)
        find_action = QAction(self.tr("Search templates"), self)
        find_action.setShortcut(QKeySequence.StandardKey.Find)
        find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_action.triggered.connect(self._focus_search)
        self.addAction(find_action)

        self.dirty_label = QLabel(self.tr("Unsaved changes."), self)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("template_error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("template_status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.status_label.hide()

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(search_label)
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.template_list, 1)
        left_layout.addWidget(self.list_status)

        right = QWidget(self)
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
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(form)
        right_layout.addLayout(body_row)
        right_layout.addWidget(self.body_edit, 3)
        right_layout.addWidget(self.format_note)
        right_layout.addWidget(problems_label)
        right_layout.addWidget(self.check_status)
        right_layout.addWidget(self.problems_list, 1)
        right_layout.addWidget(fallbacks_label)
        right_layout.addWidget(self.fallback_table, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)

        buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.import_button, self.export_button, self.save_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.dirty_label)
        layout.addLayout(buttons)

        order: Sequence[QWidget] = (
            self.search_edit, self.template_list, self.name_edit, self.category_edit,
            self.language_combo, self.body_edit, self.insert_button, self.problems_list,
            self.fallback_table, self.new_button, self.duplicate_button, self.delete_button,
            self.import_button, self.export_button, self.save_button,
        )  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self._search_timer = delay_timer(self, SEARCH_DELAY_MS, self.refresh)
        self._check_timer = delay_timer(self, CHECK_DELAY_MS, self.check_now)

        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.template_list.currentItemChanged.connect(self._picked)
        self.name_edit.textChanged.connect(self._edited)
        self.category_edit.textChanged.connect(self._edited)
        self.language_combo.currentIndexChanged.connect(self._language_changed)
        self.body_edit.textChanged.connect(self._body_changed)

    def _shortcut_text(self) -> str:
        return QKeySequence(PLACEHOLDER_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)

    def _blank(self) -> TemplateData:
        language = self._app.settings.language or ""
        if language not in LANGUAGES:
            language = "fr" if QLocale().language() == QLocale.Language.French else "en"
        return TemplateData(name="", body_text="", language=language)

    # ------------------------------------------------------------------ state
    @property
    def current(self) -> TemplateData:
        """The template as saved (``id`` None for a new one not saved yet)."""
        return self._baseline

    def form_data(self) -> TemplateData:
        """What the form holds now, as it would be saved."""
        body = self.body_edit.toPlainText()
        keys = set(self._fallback_keys)
        fallbacks = {k: v for k, v in self._fallbacks.items() if k in keys and v.strip()}
        base = self._baseline
        # A Word template's formatted version follows its text only while the text is unchanged.
        body_html = base.body_html if body == base.body_text else None
        return TemplateData(
            name=self.name_edit.text(),
            body_text=body,
            body_html=body_html,
            category=self.category_edit.text().strip(),
            language=str(self.language_combo.currentData()),
            fallbacks=fallbacks,
            id=base.id,
            usage_count=base.usage_count,
            created_at=base.created_at,
            updated_at=base.updated_at,
        )

    def is_dirty(self) -> bool:
        """True when the form differs from the template as saved."""
        now, base = self.form_data(), self._baseline
        return (
            " ".join(now.name.split()) != base.name
            or now.category != base.category
            or now.language != base.language
            or now.body_text != base.body_text
            or dict(now.fallbacks) != dict(base.fallbacks)
        )

    def _update_state(self) -> None:
        dirty = self.is_dirty()
        saved = self._baseline.id is not None
        self.dirty_label.setVisible(dirty)
        self.save_button.setEnabled(dirty and not self._busy)
        self.duplicate_button.setEnabled(saved and not self._busy)
        self.delete_button.setEnabled(saved and not self._busy)
        self.new_button.setEnabled(not self._busy)
        self.import_button.setEnabled(not self._busy)
        self.export_button.setEnabled(not self._busy)
        self.format_note.setVisible(bool(self._baseline.body_html))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_state()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        announce(self.error_label, text)

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        announce(self.status_label, text)

    def _run(self, name: str, call: Callable[..., Any], *args: Any, **callbacks: Any) -> None:
        """Start a worker task whose answer is dropped if the editor goes away."""
        self._tasks = [t for t in self._tasks if not t.finished]
        self._tasks.append(self._runner.run(name, call, *args, **callbacks))

    def discard_tasks(self) -> None:
        """Forget every pending answer (the dialog is closing)."""
        for task in self._tasks:
            task.discard()
        if self._search_task is not None:
            self._search_task.discard()
        self._search_timer.stop()
        self._check_timer.stop()

    # ------------------------------------------------------------------ loading
    def _load(self, template: TemplateData) -> None:
        """Show ``template`` in the form; it becomes the saved state edits are compared to."""
        self._loading = True
        try:
            self._baseline = template
            self.name_edit.setText(template.name)
            self.category_edit.setText(template.category)
            index = self.language_combo.findData(template.language)
            self.language_combo.setCurrentIndex(max(index, 0))
            self._fallbacks = dict(template.fallbacks)
            self._fallback_keys = []
            self.body_edit.setPlainText(template.body_text)
            self._rebuild_menu()
            self.check_now()
            self._rebuild_fallbacks(force=True)
        finally:
            self._loading = False
        self._select_in_list(template.id)
        self._update_state()

    def _select_in_list(self, template_id: int | None) -> None:
        blocked = self.template_list.blockSignals(True)
        try:
            self.template_list.setCurrentRow(-1)
            for row in range(self.template_list.count()):
                item = self.template_list.item(row)
                data = item.data(_DATA)
                if isinstance(data, TemplateData) and data.id == template_id is not None:
                    self.template_list.setCurrentItem(item)
                    break
        finally:
            self.template_list.blockSignals(blocked)

    # ------------------------------------------------------------------ leaving
    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel: asked before unsaved changes would be lost (tests override)."""
        name = " ".join(self.name_edit.text().split()) or self.tr("(no name)")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved changes"),
            self.tr("The template “{name}” has unsaved changes. Save them?").format(name=name),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return QMessageBox.StandardButton(box.exec())

    def _confirm(self, title: str, text: str) -> bool:
        """Yes or no before something that cannot be undone (tests override)."""
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_leave(self, then: Callable[[], object]) -> None:
        """Run ``then`` once unsaved changes are saved or discarded; not if the agent cancels."""
        if not self.is_dirty():
            then()
            return
        answer = self._ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            self.save(then=then)
        elif answer == QMessageBox.StandardButton.Discard:
            self._load(self._baseline)
            then()

    # ------------------------------------------------------------------ list and search
    def refresh(self) -> None:
        """Search again with the current words (the previous search's answer is dropped)."""
        self._search_timer.stop()
        if self._search_task is not None:
            self._search_task.discard()
        self._search_task = self._runner.run(
            "search templates",
            _search,
            self._sessions,
            self.search_edit.text(),
            on_done=self._listed,
            on_error=self._list_failed,
        )

    def _listed(self, templates: list[TemplateData]) -> None:
        self._search_task = None
        blocked = self.template_list.blockSignals(True)
        try:
            self.template_list.clear()
            for template in templates:
                item = QListWidgetItem(template.name)
                item.setData(_DATA, template)
                if template.category:
                    item.setToolTip(
                        self.tr("Category: {category}").format(category=template.category)
                    )
                self.template_list.addItem(item)
        finally:
            self.template_list.blockSignals(blocked)
        if templates:
            self.list_status.setText(
                self.tr("{count} templates found.").format(count=QLocale().toString(len(templates)))
                if len(templates) > 1
                else self.tr("One template found.")
            )
        elif self.search_edit.text().strip():
            self.list_status.setText(self.tr("No template matches these words."))
        else:
            self.list_status.setText(self.tr("No template yet: write one and save it."))
        self._select_in_list(self._baseline.id)
        if not self._listed_once:
            self._listed_once = True
            self._open_first(templates)

    def _open_first(self, templates: list[TemplateData]) -> None:
        """At start, open the wanted template (or the first one) if the form is untouched."""
        if self.is_dirty() or self._baseline.id is not None or not templates:
            return
        wanted = [t for t in templates if t.id == self._wanted_id] or templates[:1]
        self._load(wanted[0])

    def _list_failed(self, error: BaseException) -> None:
        self._search_task = None
        self.list_status.setText(
            self.tr("The templates could not be listed: {reason}").format(reason=error_text(error))
        )

    def _picked(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        template = item.data(_DATA) if item is not None else None
        if not isinstance(template, TemplateData) or template.id == self._baseline.id:
            return
        chosen_id = template.id
        self._select_in_list(self._baseline.id)  # until the agent agrees to leave
        self.confirm_leave(lambda: self._open_listed(chosen_id, template))

    def _open_listed(self, template_id: int | None, fallback: TemplateData) -> None:
        for row in range(self.template_list.count()):
            data = self.template_list.item(row).data(_DATA)
            if isinstance(data, TemplateData) and data.id == template_id:
                fallback = data
                break
        self._show_error("")
        self._show_status("")
        self._load(fallback)

    def _focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # ------------------------------------------------------------------ editing
    def _edited(self) -> None:
        if not self._loading:
            self._update_state()

    def _body_changed(self) -> None:
        if self._loading:
            return
        self._check_timer.start()
        self._update_state()

    def _language_changed(self) -> None:
        self._rebuild_menu()
        self._rebuild_fallbacks(force=True)
        self._edited()

    def _ui_language(self) -> str:
        language = self._app.settings.language or ""
        if language in LANGUAGES:
            return language
        return "fr" if QLocale().language() == QLocale.Language.French else "en"

    def _rebuild_menu(self) -> None:
        """The placeholders in the template's language, described in the agent's language."""
        language = str(self.language_combo.currentData())
        descriptions = [d for _token, d in insert_menu(self._ui_language())]
        self.placeholder_menu.clear()
        for (token, _own), description in zip(insert_menu(language), descriptions, strict=True):
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

    # ------------------------------------------------------------------ fallbacks
    def _rebuild_fallbacks(self, *, force: bool = False) -> None:
        keys = used_keys(self.body_edit.toPlainText())
        keys += [k for k, v in self._fallbacks.items() if v.strip() and k not in keys]
        if keys == self._fallback_keys and not force:
            return
        self._fallback_keys = keys
        language = str(self.language_combo.currentData())
        table = self.fallback_table
        blocked = table.blockSignals(True)
        try:
            table.setRowCount(len(keys))
            for row, key in enumerate(keys):
                placeholder = BY_KEY[key]
                name = QTableWidgetItem(placeholder.token(language))
                name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                name.setData(_DATA, key)
                name.setToolTip(
                    placeholder.description_fr
                    if self._ui_language() == "fr"
                    else placeholder.description_en
                )
                table.setItem(row, 0, name)
                text = QTableWidgetItem(self._fallbacks.get(key, ""))
                text.setData(_DATA, key)
                table.setItem(row, 1, text)
        finally:
            table.blockSignals(blocked)

    def _fallback_edited(self, item: QTableWidgetItem) -> None:
        key = item.data(_DATA)
        if item.column() == 1 and isinstance(key, str):
            self._fallbacks[key] = item.text()
            self._edited()

    def set_fallback(self, key: str, text: str) -> None:
        """Type ``text`` as the fallback of placeholder ``key`` (its row must be listed)."""
        self.check_now()
        row = self._fallback_keys.index(key)
        cell = self.fallback_table.item(row, 1)
        assert cell is not None
        cell.setText(text)

    # ------------------------------------------------------------------ actions
    def new_template(self) -> None:
        """Empty the form for a new template (asking first about unsaved changes)."""

        def start() -> None:
            self._show_error("")
            self._show_status("")
            language = str(self.language_combo.currentData())
            self._load(TemplateData(name="", body_text="", language=language))
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

        self.confirm_leave(start)

    def _save_shortcut(self) -> None:
        if self.save_button.isEnabled():
            self.save()

    def save(self, then: Callable[[], object] | None = None) -> None:
        """Save the form in a worker; on error the message is shown and the input kept."""
        if self._busy:
            return
        self.check_now()
        data = self.form_data()
        self._show_error("")
        self._set_busy(True)

        def done(saved: TemplateData) -> None:
            self._busy = False
            if _same_fields(self.form_data(), data):
                kept_cursor = self.body_edit.textCursor().position()
                self._load(saved)  # the name as stored (spaces tidied), fallbacks by key
                cursor = self.body_edit.textCursor()
                cursor.setPosition(min(kept_cursor, len(saved.body_text)))
                self.body_edit.setTextCursor(cursor)
            else:  # typed on while it saved: keep what is in the form, unsaved
                self._baseline = saved
                self._select_in_list(saved.id)
                self._update_state()
            self._show_status(self.tr("Template “{name}” saved.").format(name=saved.name))
            self.templates_changed.emit()
            self.refresh()
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self._show_status("")
            self._show_error(error_text(error))
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

        self._run("save template", _save, self._sessions, data, on_done=done, on_error=failed)

    def delete(self) -> None:
        """Delete the open template after the agent confirms."""
        template = self._baseline
        if template.id is None or self._busy:
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
        self._set_busy(True)

        def done(_none: None) -> None:
            self._set_busy(False)
            self._load(TemplateData(name="", body_text="", language=template.language))
            self._show_status(self.tr("Template “{name}” deleted.").format(name=template.name))
            self.templates_changed.emit()
            self.refresh()

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self._show_error(error_text(error))

        self._run(
            "delete template", _delete, self._sessions, template.id, on_done=done, on_error=failed
        )

    def duplicate(self) -> None:
        """Save a copy of the open template (after saving or discarding changes) and open it."""
        if self._baseline.id is None or self._busy:
            return

        def start() -> None:
            source = self._baseline
            if source.id is None:
                return
            self._show_error("")
            self._set_busy(True)

            def done(copy: TemplateData) -> None:
                self._set_busy(False)
                self._load(copy)
                self._show_status(
                    self.tr("Copy “{name}” created; it is open now.").format(name=copy.name)
                )
                self.templates_changed.emit()
                self.refresh()
                self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                self.name_edit.selectAll()

            def failed(error: BaseException) -> None:
                self._set_busy(False)
                self._show_error(error_text(error))

            self._run(
                "duplicate template",
                _duplicate,
                self._sessions,
                source.id,
                on_done=done,
                on_error=failed,
            )

        self.confirm_leave(start)

    def _ask_open_path(self) -> Path | None:
        """The Word file to import, or None (tests override)."""
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import templates from Word"),
            "",
            self.tr("Word documents (*.docx)"),
        )
        return Path(name) if name else None

    def _ask_save_path(self) -> Path | None:
        """Where to write the Word export, or None (tests override)."""
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export templates to Word"),
            self.tr("reply templates.docx"),
            self.tr("Word documents (*.docx)"),
        )
        return Path(name) if name else None

    def import_word(self) -> None:
        """Import the templates of a .docx file and report what was kept and left out."""
        if self._busy:
            return
        path = self._ask_open_path()
        if path is None:
            return
        self._show_error("")
        self._show_status(self.tr("Importing {path}…").format(path=str(path)))
        self._set_busy(True)
        language = str(self.language_combo.currentData())

        def done(outcome: ImportOutcome) -> None:
            self._set_busy(False)
            self._show_status(import_report(outcome))
            if outcome.templates:
                self.templates_changed.emit()
                if not self.is_dirty():
                    self._load(outcome.templates[0])
            self.refresh()

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self._show_status("")
            self._show_error(error_text(error))

        self._run(
            "import templates", _import, self._sessions, path, language,
            on_done=done, on_error=failed,
        )  # fmt: skip

    def export_word(self) -> None:
        """Write every template to a .docx file chosen by the agent."""
        if self._busy:
            return
        path = self._ask_save_path()
        if path is None:
            return
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        self._show_error("")
        self._show_status(self.tr("Exporting to {path}…").format(path=str(path)))
        self._set_busy(True)

        def done(count: int) -> None:
            self._set_busy(False)
            self._show_status(
                self.tr("Exported one template to {path}.").format(path=str(path))
                if count == 1
                else self.tr("Exported {count} templates to {path}.").format(
                    count=QLocale().toString(count), path=str(path)
                )
            )

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self._show_status("")
            self._show_error(error_text(error))

        self._run("export templates", _export, self._sessions, path, on_done=done, on_error=failed)


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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        close.setAccessibleName(self.tr("Close"))
        close.setAccessibleDescription(
            self.tr("Closes the template editor (asks first about unsaved changes).")
        )
        buttons.rejected.connect(self.reject)
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
