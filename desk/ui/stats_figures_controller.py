"""Computing a period's figures off the GUI thread, the latest request winning.

The statistics view owns one :class:`FiguresController`. It finds where the
view should open (the zone and the newest message's day), then computes the
figures of each period the team lead picks on the task runner, with the
module-level functions of :mod:`desk.workbench.statistics`: nothing here
runs on a worker but them, and nothing of theirs touches a widget. A new
request drops the answer of the one before, so the screen always ends on
the period last asked for.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session, sessionmaker

from desk.ui.tasks import Task, TaskRunner
from desk.workbench.statistics import Kpis, Period, compute_figures, period_start


class FiguresController(QObject):
    """Start, compute, drop: the figures' tasks and their answers as signals."""

    started = Signal(object)  # Start: where the period opens
    computed = Signal(object)  # Kpis: the figures of the period last asked for
    failed = Signal(object)  # BaseException: finding the start or computing failed
    busy_changed = Signal(bool)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        runner: TaskRunner,
        deadline_hours: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._runner = runner
        self._deadline = deadline_hours
        self._compute_task: Task[Kpis] | None = None
        self._tasks: list[Task[Any]] = []

    @property
    def computing(self) -> bool:
        """True while figures are being computed (their answer not in yet)."""
        return self._compute_task is not None

    def start(self) -> None:
        """Find the zone and the newest message's day (answered by :attr:`started`)."""
        self._track(
            self._runner.run(
                "statistics period", period_start, self._sessions,
                on_done=self.started.emit, on_error=self.failed.emit,
            )
        )  # fmt: skip

    def compute(self, period: Period) -> None:
        """Compute ``period``'s figures (answered by :attr:`computed`); drops an earlier request."""
        self.cancel()
        self._compute_task = self._runner.run(
            "statistics", compute_figures, self._sessions, period, self._deadline,
            on_done=self._computed, on_error=self._failed,
        )  # fmt: skip
        self._track(self._compute_task)
        self.busy_changed.emit(True)

    def cancel(self) -> None:
        """Forget the computation under way, if any (its answer will not come)."""
        if self._compute_task is not None:
            self._compute_task.discard()
            self._compute_task = None
            self.busy_changed.emit(False)

    def shutdown(self) -> None:
        """Forget every pending answer (the window is closing)."""
        self._compute_task = None
        for task in self._tasks:
            task.discard()

    def _computed(self, kpis: Kpis) -> None:
        self._compute_task = None
        self.busy_changed.emit(False)
        self.computed.emit(kpis)

    def _failed(self, error: BaseException) -> None:
        self._compute_task = None
        self.busy_changed.emit(False)
        self.failed.emit(error)

    def _track(self, task: Task[Any]) -> None:
        self._tasks = [t for t in self._tasks if not t.finished]
        self._tasks.append(task)
