"""The template editor's stored work: save, delete, duplicate, import and export, one at a time.

Each runs on a worker through the task runner as a function of
:mod:`desk.workbench.templates` given the session factory and plain values;
the answer comes back as a signal on the GUI thread. While one runs the
controller is :attr:`~TemplateStorage.busy` and refuses another, so a
double click never saves twice. Answers still on their way when the editor
closes are dropped (:meth:`~TemplateStorage.discard`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desk.replies.templates import TemplateData
from desk.ui.tasks import Task, TaskRunner
from desk.workbench import templates
from desk.workbench.templates import ImportOutcome, Sessions

# How each work is named in the log when it fails.
_TASK_NAMES = {
    "save": "save template",
    "delete": "delete template",
    "duplicate": "duplicate template",
    "import": "import templates",
    "export": "export templates",
}


class TemplateStorage(QObject):
    """Runs the editor's stored work and says how it ended.

    ``failed`` carries which work failed (``"save"``, ``"delete"``,
    ``"duplicate"``, ``"import"``, ``"export"``) and the error.
    """

    busy_changed = Signal(bool)
    saved = Signal(object, object)  # TemplateData sent, TemplateData as stored
    deleted = Signal(object)  # TemplateData deleted
    duplicated = Signal(object)  # TemplateData of the copy
    imported = Signal(object)  # ImportOutcome
    exported = Signal(int, object)  # templates written, Path
    failed = Signal(str, object)  # which work, BaseException

    def __init__(self, sessions: Sessions, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._sessions = sessions
        self._runner = runner
        self._tasks: list[Task[Any]] = []
        self.busy = False

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _run(
        self,
        work: str,
        call: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
    ) -> bool:
        """Start ``call(sessions, *args)`` unless something runs; False when refused."""
        if self.busy:
            return False
        self._set_busy(True)

        def done(result: Any) -> None:
            self._set_busy(False)
            on_done(result)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self.failed.emit(work, error)

        self._tasks = [t for t in self._tasks if not t.finished]
        self._tasks.append(
            self._runner.run(
                _TASK_NAMES[work], call, self._sessions, *args, on_done=done, on_error=failed
            )
        )
        return True

    def save(self, data: TemplateData) -> bool:
        """Create or update the template ``data`` describes."""
        return self._run("save", templates.save, data, on_done=lambda t: self.saved.emit(data, t))

    def delete(self, template: TemplateData) -> bool:
        """Delete a saved template."""
        assert template.id is not None
        return self._run(
            "delete", templates.delete, template.id, on_done=lambda _: self.deleted.emit(template)
        )

    def duplicate(self, template_id: int) -> bool:
        """Store a copy of a saved template under a free name."""
        return self._run(
            "duplicate", templates.duplicate, template_id, on_done=self.duplicated.emit
        )

    def import_word(self, path: Path, language: str) -> bool:
        """Store the templates of a .docx file (those without a language get ``language``)."""
        return self._run("import", templates.import_word, path, language, on_done=self._imported)

    def _imported(self, outcome: ImportOutcome) -> None:
        self.imported.emit(outcome)

    def export_word(self, path: Path) -> bool:
        """Write every template to ``path``."""
        return self._run(
            "export", templates.export_word, path, on_done=lambda n: self.exported.emit(n, path)
        )

    def discard(self) -> None:
        """Forget every answer still on its way (the editor is closing)."""
        for task in self._tasks:
            task.discard()
        self._tasks = []
