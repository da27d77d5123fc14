"""Full-text search in the window: typing lists the matching messages, Escape goes back.

The results replace the open row's messages; an answer then goes to the
messages ticked among them, outside any cluster. Clearing the field (or
Escape) reopens the row that was open. The search runs on a worker
(:func:`desk.workbench.search.find_messages`); a newer search discards the
answer of the one before.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from desk.app import App
from desk.ui.queue_controller import QueueController
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import delay_timer
from desk.ui.work_panes import MessagesPane
from desk.workbench.search import find_messages

SEARCH_DELAY_MS = 250


class SearchController(QObject):
    """The search field's results in the message list, and the way back to the open row."""

    results_shown = Signal()  # the message list now holds a search's results

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        field: QLineEdit,
        messages: MessagesPane,
        queue: QueueController,
        back_to: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.field = field
        self.messages = messages
        self.queue = queue
        self.back_to = back_to  # where Escape puts the focus (the queue)
        self._task: Task[list[int]] | None = None
        self._timer = delay_timer(self, SEARCH_DELAY_MS, self.run)
        field.textChanged.connect(lambda _text: self._timer.start())
        field.installEventFilter(self)
        queue.row_changing.connect(self.clear_quietly)

    @property
    def searching(self) -> bool:
        """True while the message list shows a search's results."""
        return bool(self.field.text().strip())

    def focus(self) -> None:
        """Put the cursor in the search field."""
        self.field.setFocus()
        self.field.selectAll()

    def clear_quietly(self) -> None:
        """Empty the field without searching (another row was opened)."""
        self.field.blockSignals(True)
        self.field.clear()
        self.field.blockSignals(False)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """Escape in the search field clears it and returns to the selected row's messages."""
        if (
            watched is self.field
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self.field.clear()
            self.back_to.setFocus()
            return True
        return super().eventFilter(watched, event)

    def run(self) -> None:
        """Search what the field holds now; an empty field reopens the row."""
        if self._task is not None:
            self._task.discard()
        query = self.field.text().strip()
        if not query:
            self.queue.reopen()
            return
        self._task = self.runner.run(
            "search",
            find_messages,
            self.app.store.sessions,
            query,
            on_done=lambda ids: self._arrived(query, ids),
        )

    def _arrived(self, query: str, ids: list[int]) -> None:
        self._task = None
        self.queue.representative = None
        self.messages.show_search_title(len(ids), query)
        self.messages.show_ids(ids)
        self.results_shown.emit()
