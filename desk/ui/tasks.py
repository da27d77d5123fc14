"""Work off the GUI thread: every database, network and file call of the window goes here.

A :class:`TaskRunner` runs plain callables on a ``QThreadPool`` and hands
their result (or exception) back on the GUI thread, where the callbacks may
touch widgets. Results travel through a signal of the runner itself, which
lives on the GUI thread, so Qt queues them: no callback ever runs on a worker.

Long jobs (sync, sending, clustering) take a :class:`Job` first argument to
report progress and to see whether the agent asked to stop. A task whose
answer is no longer wanted (the agent typed another search) is dropped with
:meth:`Task.discard`; its callbacks never run, but its failure is logged
all the same (the work it did may matter after the window has gone).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)
T = TypeVar("T")
_ids = itertools.count(1)


class Job:
    """What a long job sees of the window: a progress line and a stop request."""

    def __init__(self, runner: TaskRunner, task_id: int) -> None:
        self._runner = runner
        self._task_id = task_id
        self._stop = threading.Event()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Tell the window how far the job is (thread-safe; queued to the GUI thread)."""
        self._runner.progressed.emit(self._task_id, done, total, text)

    def stop(self) -> None:
        """Ask the job to stop at its next check (the Cancel button)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        """True once :meth:`stop` was called: the job should finish cleanly and return."""
        return self._stop.is_set()


@dataclass
class Task(Generic[T]):
    """A submitted call: discard it, or stop it when it is a job."""

    id: int
    name: str
    on_done: Callable[[T], object] | None = None
    on_error: Callable[[BaseException], object] | None = None
    on_progress: Callable[[int, int, str], object] | None = None
    job: Job | None = None
    discarded: bool = False
    finished: bool = False

    def discard(self) -> None:
        """Forget the answer: no callback will run (the work itself finishes in the background;
        a failure is still logged)."""
        self.discarded = True
        if self.job is not None:
            self.job.stop()


class _Runnable(QRunnable):
    def __init__(self, runner: TaskRunner, task: Task[Any], call: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._runner = runner
        self._task = task
        self._call = call

    def run(self) -> None:
        try:
            result = self._call()
        except BaseException as exc:  # reported on the GUI thread, never lost in a worker
            self._runner.delivered.emit(self._task.id, False, exc)
        else:
            self._runner.delivered.emit(self._task.id, True, result)


class TaskRunner(QObject):
    """A pool of worker threads whose results come back on the GUI thread."""

    delivered = Signal(int, bool, object)
    progressed = Signal(int, int, int, str)
    # Any task failed and had no error callback of its own: the window shows it.
    unhandled = Signal(str, object)
    # Every failure, handled or not (how the window notices a database gone away).
    failed = Signal(str, object)
    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None, threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._tasks: dict[int, Task[Any]] = {}
        self.delivered.connect(self._deliver)
        self.progressed.connect(self._progress)

    def run(
        self,
        name: str,
        call: Callable[..., T],
        *args: Any,
        on_done: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> Task[T]:
        """Run ``call(*args)`` on a worker; ``on_done(result)`` or ``on_error(exc)`` on the GUI."""
        task: Task[T] = Task(next(_ids), name, on_done, on_error)
        return self._start(task, lambda: call(*args))

    def run_job(
        self,
        name: str,
        call: Callable[..., T],
        *args: Any,
        on_done: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        on_progress: Callable[[int, int, str], object] | None = None,
    ) -> Task[T]:
        """Like :meth:`run`, with a :class:`Job` passed first for progress and stopping."""
        task: Task[T] = Task(next(_ids), name, on_done, on_error, on_progress)
        job = Job(self, task.id)
        task.job = job
        return self._start(task, lambda: call(job, *args))

    def _start(self, task: Task[T], call: Callable[[], T]) -> Task[T]:
        self._tasks[task.id] = task
        self._pool.start(_Runnable(self, task, call))
        self.busy_changed.emit(len(self._tasks))
        return task

    @property
    def pending(self) -> list[Task[Any]]:
        """Tasks submitted and not finished yet."""
        return list(self._tasks.values())

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, value: object) -> None:
        task = self._tasks.pop(task_id, None)
        self.busy_changed.emit(len(self._tasks))
        if task is None:
            return
        task.finished = True
        if not ok:
            # Logged before anything else, discarded or not: a job whose window went away
            # (an outbox run still going when the window closed) leaves its trace here.
            assert isinstance(value, BaseException)
            discarded = " (after its answer was no longer wanted)" if task.discarded else ""
            log.error("%s failed%s: %s", task.name, discarded, value, exc_info=value)
        if task.discarded:
            return
        if ok:
            if task.on_done is not None:
                task.on_done(value)
            return
        assert isinstance(value, BaseException)
        self.failed.emit(task.name, value)
        if task.on_error is not None:
            task.on_error(value)
        else:
            self.unhandled.emit(task.name, value)

    @Slot(int, int, int, str)
    def _progress(self, task_id: int, done: int, total: int, text: str) -> None:
        task = self._tasks.get(task_id)
        if task is not None and not task.discarded and task.on_progress is not None:
            task.on_progress(done, total, text)

    def stop_all(self) -> None:
        """Ask every running job to stop and forget every pending answer (closing the window)."""
        for task in self._tasks.values():
            task.discard()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every worker finished (only at exit and in tests); True when they did."""
        return bool(self._pool.waitForDone(msecs))
