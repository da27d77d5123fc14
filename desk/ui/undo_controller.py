"""The undo window after an answer: its bar counts down, Ctrl+Z takes the replies back.

Queued replies are held in the outbox for the undo window (the settings'
``undo_seconds``) before the outbox may send them. Meanwhile the bar under
the answer pane says how many leave and when; undoing cancels them on a
worker (:func:`desk.workbench.answer_tasks.undo_replies`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desk.app import App
from desk.ui.tasks import TaskRunner
from desk.ui.widgets import named
from desk.workbench.answer_tasks import AnswerUndone, undo_replies
from desk.workbench.answering import QueuedAnswer

TICK_MS = 1000


class UndoBar(QWidget):
    """ "3 replies leave in 12 s." and the Undo button, shown only while replies are held."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.label = QLabel(self)
        self.button = QPushButton(QCoreApplication.translate("MainWindow", "&Undo"), self)
        self.button.setObjectName("undoButton")
        named(
            self.button,
            QCoreApplication.translate("MainWindow", "Undo the answer"),
            QCoreApplication.translate(
                "MainWindow", "Take back the replies before they leave (Ctrl+Z)"
            ),
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()


class UndoController(QObject):
    """Counts the undo window down on its bar and takes the last answer back on request."""

    undone = Signal(object)  # OutboxCounts after replies were taken back
    told = Signal(str, int)  # a status-bar message and how long it shows (ms)

    def __init__(
        self, app: App, runner: TaskRunner, bar: UndoBar, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.bar = bar
        self._held: QueuedAnswer | None = None
        self._left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        bar.button.clicked.connect(self.undo_last)

    @property
    def pending(self) -> bool:
        """True while replies are held for the undo window."""
        return self._held is not None

    def offer(self, queued: QueuedAnswer, seconds: float) -> None:
        """Offer to take back these replies for ``seconds``."""
        self._held = queued
        self._left = round(seconds)
        self._tick(initial=True)

    def _tick(self, initial: bool = False) -> None:
        if self._held is None:
            return
        if not initial:
            self._left -= 1
        if self._left <= 0:
            self._close()
            return
        self.bar.label.setText(
            QCoreApplication.translate(
                "MainWindow", "{count} replies leave in {seconds} s."
            ).format(
                count=QLocale().toString(len(self._held.reply_ids)),
                seconds=QLocale().toString(self._left),
            )
        )
        self.bar.show()
        if initial:
            self._timer.start()

    def _close(self) -> None:
        self._held = None
        self.bar.hide()
        self._timer.stop()

    def undo_last(self) -> None:
        """Take back the last answer's replies while they are still held."""
        if self._held is None:
            return
        ids = list(self._held.reply_ids)
        self._close()
        self.runner.run("undo", undo_replies, self.app.store.sessions, ids, on_done=self._undone)

    def _undone(self, undone: AnswerUndone) -> None:
        self.told.emit(
            QCoreApplication.translate("MainWindow", "{count} replies taken back.").format(
                count=QLocale().toString(undone.taken)
            ),
            8000,
        )
        self.undone.emit(undone.counts)
