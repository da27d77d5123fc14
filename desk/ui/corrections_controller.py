"""The agent corrects the grouping: the similarity slider, moving a message out, merging two.

Each correction persists (the cluster service remembers it) and runs on a
worker through :class:`~desk.workbench.clustering.Clustering`; the queue
reloads after it, and the open row is opened again with its new members.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal
from PySide6.QtWidgets import QInputDialog, QWidget

from desk.ui.queue_controller import QueueController
from desk.ui.tasks import TaskRunner
from desk.ui.widgets import delay_timer
from desk.ui.work_panes import MessagesPane, SearchBar
from desk.workbench.clustering import Clustering
from desk.workbench.worklist import QueueRow

REGROUP_DELAY_MS = 400
ChooseTarget = Callable[[list[QueueRow]], int | None]


def regroup(
    clustering: Clustering, threshold: float, heavy: Callable[[], AbstractContextManager[None]]
) -> int:
    """Regroup every open message at ``threshold`` (on a worker, under ``heavy``)."""
    with heavy():
        return clustering.regroup(threshold)


def ask_merge_target(parent: QWidget, candidates: list[QueueRow]) -> int | None:
    """Ask which cluster to merge into; None when there is none, or the agent cancels."""
    labels = [
        QCoreApplication.translate("MainWindow", "{title} ({count} open)").format(
            title=row.title, count=QLocale().toString(row.open_count)
        )
        for row in candidates
    ]
    if not labels:
        return None
    choice, ok = QInputDialog.getItem(
        parent,
        QCoreApplication.translate("MainWindow", "Merge clusters"),
        QCoreApplication.translate("MainWindow", "Merge this cluster into:"),
        labels,
        0,
        False,
    )
    if not ok:
        return None
    return candidates[labels.index(choice)].cluster_id


class CorrectionsController(QObject):
    """Regroups when the slider rests, moves a message out, merges the open cluster."""

    busy = Signal(str)  # what the status bar's busy part says
    failed = Signal(object)  # an exception the agent should read

    def __init__(
        self,
        runner: TaskRunner,
        clustering: Clustering,
        bar: SearchBar,
        messages: MessagesPane,
        queue: QueueController,
        choose_target: ChooseTarget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.clustering = clustering
        self.bar = bar
        self.messages = messages
        self.queue = queue
        self.choose_target = choose_target
        self._timer = delay_timer(self, REGROUP_DELAY_MS, self.regroup)
        bar.slider.valueChanged.connect(self._slider_moved)

    def _slider_moved(self, value: int) -> None:
        self.bar.show_threshold(value)
        self._timer.start()

    def regroup(self) -> None:
        """Regroup at the slider's similarity, then reload the queue."""
        self.busy.emit(QCoreApplication.translate("MainWindow", "Regrouping…"))
        self.runner.run(
            "regroup",
            regroup,
            self.clustering,
            float(self.bar.slider.value()),
            self.queue.collector.paused,
            on_done=lambda _count: self.queue.reload(),
        )

    def move_out(self) -> None:
        """Take the selected message out of its cluster; the decision persists."""
        mid = self.messages.current_id()
        if mid is not None:
            self.move_out_message(mid)

    def move_out_message(self, message_id: int) -> None:
        """Take this message out of the open cluster (the reading pane's banner asks too)."""
        current = self.queue.current
        if current is None or current.cluster_id is None:
            return
        self.runner.run(
            "move out",
            self.clustering.move_out,
            message_id,
            on_done=lambda _cluster: self._corrected(),
            on_error=self.failed.emit,
        )

    def merge(self) -> None:
        """Merge the open cluster into another cluster the agent picks."""
        current = self.queue.current
        if current is None or current.cluster_id is None:
            return
        source = current.cluster_id
        candidates = [
            row
            for row in self.queue.lists.queue_model.rows
            if row.cluster_id is not None and row.cluster_id != source
        ]
        target = self.choose_target(candidates)
        if target is None:
            return
        self.runner.run(
            "merge",
            self.clustering.merge,
            source,
            target,
            on_done=lambda _none: self._corrected(),
            on_error=self.failed.emit,
        )

    def _corrected(self) -> None:
        self.queue.reload()
        if self.queue.current is not None:
            self.queue.reopen()
