"""The task runner: results and errors come back on the GUI thread; discarded ones never do."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.ui.tasks import Job, TaskRunner
from tests.ui.conftest import settle


def test_a_result_arrives_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: list[tuple[int, bool]] = []
    worker_threads: list[int] = []

    def work(x: int) -> int:
        worker_threads.append(threading.get_ident())
        return x * 2

    def done(value: int) -> None:
        app = QApplication.instance()
        assert app is not None
        seen.append((value, QThread.currentThread() is app.thread()))

    runner.run("double", work, 21, on_done=done)
    settle(qtbot, runner)
    assert seen == [(42, True)]
    assert worker_threads and worker_threads[0] != threading.get_ident()


def test_an_error_goes_to_its_callback_or_to_unhandled(qtbot: QtBot, runner: TaskRunner) -> None:
    errors: list[str] = []
    unhandled: list[str] = []
    runner.unhandled.connect(lambda name, exc: unhandled.append(f"{name}: {exc}"))

    def fail() -> None:
        raise ValueError("no such thing")

    runner.run("first", fail, on_error=lambda exc: errors.append(str(exc)))
    runner.run("second", fail)
    settle(qtbot, runner)
    assert errors == ["no such thing"]
    assert unhandled == ["second: no such thing"]


def test_a_discarded_task_calls_nothing_back(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    called: list[object] = []
    task = runner.run("slow", lambda: release.wait(10), on_done=called.append)
    task.discard()
    release.set()
    settle(qtbot, runner)
    assert called == [] and task.finished


def test_a_job_reports_progress_and_stops_when_asked(qtbot: QtBot, runner: TaskRunner) -> None:
    progress: list[tuple[int, int]] = []
    started = threading.Event()

    def count(job: Job) -> int:
        done = 0
        started.set()
        while not job.stopping and done < 10_000:
            done += 1
            if done <= 3:
                job.progress(done, 10_000)
            job_wait = threading.Event()
            job_wait.wait(0.001)
        return done

    results: list[int] = []
    task = runner.run_job(
        "count",
        count,
        on_done=results.append,
        on_progress=lambda done, total, _text: progress.append((done, total)),
    )
    assert started.wait(5)
    qtbot.waitUntil(lambda: len(progress) == 3, timeout=5_000)
    assert task.job is not None
    task.job.stop()
    settle(qtbot, runner)
    assert progress == [(1, 10_000), (2, 10_000), (3, 10_000)]
    assert results and results[0] < 10_000
