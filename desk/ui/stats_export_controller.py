"""Writing the figures on screen to a file off the GUI thread, one export at a time.

The statistics view asks where; :class:`ExportController` runs
:func:`desk.workbench.statistics.export_figures` on the task runner with
plain values (the session factory, the period, the path, the moment the
figures were computed) and reports back by signals. Nothing runs on the
worker but that module-level function.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session, sessionmaker

from desk.ui.tasks import Task, TaskRunner
from desk.workbench.statistics import Format, Period, export_figures


class ExportController(QObject):
    """One export at a time; its end (done or failed) as a signal with the path."""

    exported = Signal(object)  # Path written
    failed = Signal(object, object)  # Path, BaseException
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
        self._task: Task[Any] | None = None

    @property
    def exporting(self) -> bool:
        """True while a file is being written."""
        return self._task is not None

    def export(
        self,
        period: Period,
        path: Path,
        fmt: Format,
        *,
        language: str,
        delimiter: str,
        as_of: datetime | None,
    ) -> bool:
        """Write ``period``'s figures as of ``as_of`` to ``path``; False when one is under way."""
        if self._task is not None:
            return False
        self._task = self._runner.run(
            "export statistics", export_figures, self._sessions, period, path, fmt,
            language, delimiter, self._deadline, as_of,
            on_done=lambda _count: self._finished(path, None),
            on_error=lambda error: self._finished(path, error),
        )  # fmt: skip
        self.busy_changed.emit(True)
        return True

    def shutdown(self) -> None:
        """Forget the pending answer (the window is closing)."""
        if self._task is not None:
            self._task.discard()
            self._task = None

    def _finished(self, path: Path, error: BaseException | None) -> None:
        self._task = None
        self.busy_changed.emit(False)
        if error is None:
            self.exported.emit(path)
        else:
            self.failed.emit(path, error)
