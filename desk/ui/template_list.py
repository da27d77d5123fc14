"""The template editor's left pane: a search field and the templates it finds.

Searching runs on a worker (:func:`desk.workbench.templates.search`) a moment
after the agent stops typing; an answer that a newer search overtook is
dropped. Choosing a template does not open it by itself: the pane emits
:attr:`TemplateListPane.picked` and the editor decides (it may ask about
unsaved changes first, and put the selection back if the agent cancels).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.replies.templates import TemplateData
from desk.ui.tasks import Task, TaskRunner
from desk.ui.template_reports import error_text
from desk.ui.widgets import delay_timer, plain_label, plain_tooltip
from desk.workbench.templates import Sessions, search

SEARCH_DELAY_MS = 200  # search after the agent pauses typing
_DATA = Qt.ItemDataRole.UserRole


class TemplateListPane(QWidget):
    """Search field, list of templates found, and a line saying how many.

    ``picked`` carries the :class:`TemplateData` the agent chose (never the
    one already open); ``first_listed`` carries the first answer, once, so the
    editor can open a template at start.
    """

    picked = Signal(object)
    first_listed = Signal(list)

    def __init__(self, sessions: Sessions, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._sessions = sessions
        self._runner = runner
        self._selected_id: int | None = None
        self._listed_once = False
        self._search_task: Task[list[TemplateData]] | None = None
        self._build()

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
        # Says why listing failed, which may quote a template name a colleague typed.
        self.list_status = plain_label(self, "template_list_status")
        self.list_status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(search_label)
        layout.addWidget(self.search_edit)
        layout.addWidget(list_label)
        layout.addWidget(self.template_list, 1)
        layout.addWidget(self.list_status)

        self._search_timer = delay_timer(self, SEARCH_DELAY_MS, self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.template_list.currentItemChanged.connect(self._current_changed)

    # ------------------------------------------------------------------ searching
    def refresh(self) -> None:
        """Search again with the current words (the previous search's answer is dropped)."""
        self._search_timer.stop()
        if self._search_task is not None:
            self._search_task.discard()
        self._search_task = self._runner.run(
            "search templates",
            search,
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
                        plain_tooltip(
                            self.tr("Category: {category}").format(category=template.category)
                        )
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
        self.select(self._selected_id)
        if not self._listed_once:
            self._listed_once = True
            self.first_listed.emit(templates)

    def _list_failed(self, error: BaseException) -> None:
        self._search_task = None
        self.list_status.setText(
            self.tr("The templates could not be listed: {reason}").format(
                reason=error_text(error, "listing templates")
            )
        )

    def focus_search(self) -> None:
        """Put the cursor in the search field, its words selected (Ctrl+F)."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def discard(self) -> None:
        """Forget a search under way and the one waiting for a typing pause."""
        if self._search_task is not None:
            self._search_task.discard()
        self._search_timer.stop()

    # ------------------------------------------------------------------ selection
    def select(self, template_id: int | None) -> None:
        """Show ``template_id`` as the chosen one (no row for a template not saved yet)."""
        self._selected_id = template_id
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

    def listed(self, template_id: int | None) -> TemplateData | None:
        """The template of that id as last listed, or None when it is not listed."""
        for row in range(self.template_list.count()):
            data = self.template_list.item(row).data(_DATA)
            if isinstance(data, TemplateData) and data.id == template_id:
                return data
        return None

    def _current_changed(
        self, item: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        template = item.data(_DATA) if item is not None else None
        if not isinstance(template, TemplateData) or template.id == self._selected_id:
            return
        self.select(self._selected_id)  # until the editor agrees to open it
        self.picked.emit(template)
