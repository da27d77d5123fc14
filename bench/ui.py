"""The window's responsiveness: start-up on 100,000 messages against a bare QMainWindow, and
the GUI thread's longest stall during sync, regrouping, sending and scrolling against an idle
window, in one run.

Every measurement runs in a fresh subprocess (``QT_QPA_PLATFORM=offscreen``).

**Start-up** (median of ``--runs``, after one unmeasured warm-up each): from the
parent's ``time.monotonic()`` just before spawning (the same CLOCK_MONOTONIC
the child reads) to the first paint event of the main window or one of its
children (an event filter on the QApplication):

* Desk: ``desk --db URL gui`` run in-process (``desk.cli.run``: settings,
  logging, ``build_app``, QApplication, translators, MainWindow, show) on the
  demo mailbox of 100,000 messages, ingested and clustered (cached in
  bench/out by bench/ui_store.py); also the moment the queue is filled
  (``QueueController.show_worklists`` returned, ``queue_loaded`` is True);
* baseline: ``python -c`` that imports PySide6 and shows a bare QMainWindow of
  the same size.

Aims (issues): the window shown ≤ 1.5 s, its queue filled ≤ 1.5 s; reported also as
ratios to the bare window. An installed Desk carries compiled bytecode (pip and
PyInstaller compile it): the children run without ``PYTHONDONTWRITEBYTECODE``, so
the warm-up writes ``__pycache__`` and the measured runs read it, as a user's would
(a checkout that never writes it compiles every module at every start, 0.1-0.15 s).

**Stalls**: a 10 ms PreciseTimer on the GUI thread (the watchdog) notes how
late each tick comes (gap beyond the interval) while the real window works,
started the way ``desk gui`` starts it:

* sync: a private Dovecot (tests/support/dovecot.py) holding 26,000 demo
  messages, an empty SQLite store, ``window.start()`` until the first pass, its
  clustering and the queue reload are done;
* regroup: the 100,000-message store, ``window.slider.setValue(80)`` until the
  regroup finished and the queue is reloaded;
* sending: 1,000 replies queued (``queue_replies``, undo window 0) in the synced
  store, ``window.mailbox.send_now()`` to aiosmtpd (its own process) until the
  outbox run (sending, Sent copies, \\Answered flags) is over;
* scrolling: the biggest cluster's messages (or the 20,000 newest ids when no
  cluster has 1,000) scrolled end to end a page per 16 ms with the scrollbar.

Baseline: the same watchdog on the same window left idle afterwards, for the
same duration (at most ``--idle-max`` seconds): the timer's own jitter. Aim: no
stall over 50 ms. A sampler thread grabs the GUI thread's Python stack while a
tick is overdue, and the task runner's callbacks are timed, so each stall
over 50 ms is printed with what the GUI thread was doing.

``--gc-freeze`` is a what-if: ``gc.freeze()`` after each task result in the
window's process, to show how much of the stalls full garbage collections are.

Run: ``.venv/bin/python -m bench.ui [--runs 3] [--only startup,sync,regroup,send,scroll]``
(as root or a user who can run Dovecot; the first run builds the 100,000-message
store, 3–4 minutes). Exit status 0 whatever the figures; missed aims say MISSED.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TICK_MS = 10
AIM_SHOWN_S = 1.5
AIM_FILLED_S = 1.5
AIM_STALL_MS = 50.0
SAMPLE_AFTER_S = 0.030  # a tick this late (10 ms due + 20 ms) starts sampling the GUI stack
SAMPLE_EVERY_S = 0.004
SLOW_CALLBACK_MS = 20.0
PASSWORD_ENV = "DESK_BENCH_MAILBOX_PASSWORD"
SCENARIOS = ("startup", "sync", "regroup", "send", "scroll")

# ====================================================================== start-up probes
# The bare window's child: a monotonic stamp, PySide6, a QApplication with a first-paint
# filter, a bare QMainWindow.
_STARTUP_BARE = """
import json, sys, time
marks = {"script": time.monotonic()}
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if (
            "paint" not in marks
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and isinstance(watched.window(), QMainWindow)
        ):
            marks["paint"] = time.monotonic()
            QTimer.singleShot(0, painted)
        return False

def painted():
    qt_app.removeEventFilter(probe)
    print("RESULT " + json.dumps(marks), flush=True)
    qt_app.quit()

qt_app = QApplication(sys.argv[:1])
probe = FirstPaint()
qt_app.installEventFilter(probe)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1280, 800)
window.show()
qt_app.exec()
"""

# Desk's child: a monotonic stamp, then ``desk --db URL gui`` as it runs, modules imported
# in its own order (``desk gui`` reads the queue while Qt and the window's modules load:
# importing them first would hide that). The probes go in as each module is loaded: the
# first-paint filter when the window shows, the queue's mark in QueueController.
_STARTUP_DESK = """
import importlib.util, json, sys, time
marks = {"script": time.monotonic()}
probes = []

def after_import(name, then):
    class Hook:
        def find_spec(self, fullname, path, target=None):
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            run_module = spec.loader.exec_module
            def exec_module(module):
                run_module(module)
                then(module)
            spec.loader.exec_module = exec_module
            return spec
    sys.meta_path.insert(0, Hook())

def done_when_both():
    if "paint" in marks and "queue" in marks and "reported" not in marks:
        marks["reported"] = 1
        print("RESULT " + json.dumps(marks), flush=True)
        from PySide6.QtWidgets import QApplication
        QApplication.instance().quit()

def window_loaded(module):
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if (
                "paint" not in marks
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and isinstance(watched.window(), QMainWindow)
            ):
                marks["paint"] = time.monotonic()
                QTimer.singleShot(0, done_when_both)
            return False

    show = module.MainWindow.show
    def shown(self):
        probes.append(FirstPaint())
        QApplication.instance().installEventFilter(probes[-1])
        show(self)
    module.MainWindow.show = shown

def queue_loaded(module):
    from PySide6.QtCore import QTimer
    arrived = module.QueueController.show_worklists
    def queue_arrived(self, loaded):
        arrived(self, loaded)
        if "queue" not in marks:
            marks["queue"] = time.monotonic()
            marks["rows"] = self.lists.queue_model.rowCount()
            QTimer.singleShot(0, done_when_both)
    module.QueueController.show_worklists = queue_arrived

after_import("desk.ui.main_window", window_loaded)
after_import("desk.ui.queue_controller", queue_loaded)
from desk.cli import run
run(["--db", sys.argv[1], "gui"])
"""


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["DESK_HOME"] = str(home)
    env["PYTHONPATH"] = str(ROOT)
    env.pop("DESK_LANGUAGE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measured as installed: see the module docstring
    return env


def _result(stdout: str) -> dict[str, Any] | None:
    for line in stdout.splitlines():
        if line.startswith("RESULT "):
            parsed: dict[str, Any] = json.loads(line[len("RESULT ") :])
            return parsed
    return None


def startup_once(script: str, args: list[str], home: Path) -> dict[str, float]:
    """One start-up child; returns its marks in seconds since the spawn."""
    spawned = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=_env(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    marks = _result(done.stdout)
    if marks is None or "paint" not in marks:
        raise RuntimeError(f"start-up child gave no result:\n{done.stdout}\n{done.stderr[-3000:]}")
    return {k: (v - spawned if k in ("script", "paint", "queue") else v) for k, v in marks.items()}


def measure_startup(store: Path, runs: int) -> dict[str, float]:
    """Median first paint of Desk and of the bare window, and Desk's queue filled."""
    from bench.ui_store import remove_store, scratch_copy  # noqa: PLC0415

    bare: list[float] = []
    shown: list[float] = []
    filled: list[float] = []
    rows = 0.0
    for run in range(runs + 1):  # run 0 warms the page cache, unmeasured
        with _home() as home:
            base = startup_once(_STARTUP_BARE, [], home)
        copy = scratch_copy(store, "startup")
        try:
            with _home() as home:
                desk = startup_once(_STARTUP_DESK, [f"sqlite:///{copy}"], home)
        finally:
            remove_store(copy)
        label = "warm-up" if run == 0 else f"run {run}"
        print(
            f"  {label}: bare window painted {base['paint']:.3f} s; Desk painted "
            f"{desk['paint']:.3f} s (script started {desk['script']:.3f} s), queue of "
            f"{desk.get('rows', 0):.0f} rows filled {desk.get('queue', math.nan):.3f} s",
            flush=True,
        )
        if run:
            bare.append(base["paint"])
            shown.append(desk["paint"])
            filled.append(desk.get("queue", math.nan))
            rows = desk.get("rows", 0)
    return {
        "bare": statistics.median(bare),
        "shown": statistics.median(shown),
        "filled": statistics.median(filled),
        "rows": rows,
    }


@contextmanager
def _home() -> Iterator[Path]:
    home = Path(tempfile.mkdtemp(prefix="desk-ui-home-"))
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


# ====================================================================== the stall children
@dataclass
class StallSummary:
    """The watchdog's figures for one watched stretch."""

    seconds: float
    ticks: int
    max_ms: float
    p99_ms: float
    over: int  # gaps over the aim
    stalls: list[dict[str, Any]] = field(default_factory=list)  # the long ones, explained


def _short(path: str) -> str:
    if path.startswith(str(ROOT)):
        return path[len(str(ROOT)) + 1 :]
    for marker in ("site-packages/", "lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def _stack(frame: FrameType | None, depth: int = 40) -> list[str]:
    """``file:function:line`` from the innermost frame outwards."""
    lines: list[str] = []
    while frame is not None and len(lines) < depth:
        code = frame.f_code
        lines.append(f"{_short(code.co_filename)}:{code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
    return lines


def _culprit(stack: list[str]) -> str:
    """The innermost Desk frame, with the window's outermost slot it came through."""
    desk = [s for s in stack if s.startswith("desk/")]
    if not desk:
        if not stack or stack[0].startswith("bench/"):
            return "in the Qt event loop (C++ work, or waiting for the GIL)"
        return stack[0]
    via = [s for s in desk if s.startswith("desk/ui/")]
    outer = via[-1] if via else desk[-1]
    head = desk[0] if stack[0] == desk[0] else f"{stack[0]} in {desk[0]}"
    return head if outer == desk[0] else f"{head} ← {outer}"


class Watchdog:
    """A 10 ms timer on the GUI thread noting how late each tick comes; a sampler thread
    grabs the GUI thread's Python stack while a tick is overdue."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer  # noqa: PLC0415

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.gui = threading.get_ident()
        self.last = 0.0
        self.started = 0.0
        self.running = False
        self.gaps: list[tuple[float, float]] = []  # (tick before the gap, gap beyond interval)
        self.samples: dict[float, list[tuple[list[str], list[str]]]] = {}
        self.callbacks: list[tuple[float, float, str]] = []  # (start, ms, what)
        self.collections: list[tuple[float, float, int, str]] = []  # (start, ms, gen, thread)
        self._gc_started = 0.0
        gc.callbacks.append(self._gc)
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, name="stall-sampler", daemon=True)
        self._sampler.start()

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        """Garbage collections hold the GIL: every thread, the GUI's too, waits for them."""
        now = time.perf_counter()
        if phase == "start":
            self._gc_started = now
        elif self.running and now - self._gc_started >= 0.005:
            name = threading.current_thread().name
            self.collections.append(
                (self._gc_started, (now - self._gc_started) * 1000, info["generation"], name)
            )

    def start(self) -> None:
        """Start watching (forgets what an earlier stretch saw)."""
        self.gaps, self.samples, self.callbacks, self.collections = [], {}, [], []
        self.started = self.last = time.perf_counter()
        self.running = True
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((self.last, now - self.last - TICK_MS / 1000))
        self.last = now

    def note_callback(self, started: float, what: str) -> None:
        """A task-runner callback that ran on the GUI thread (only slow ones are kept)."""
        ms = (time.perf_counter() - started) * 1000
        if self.running and ms >= SLOW_CALLBACK_MS:
            self.callbacks.append((started, ms, what))

    def _sample(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY_S):
            last = self.last
            if not self.running or time.perf_counter() - last < SAMPLE_AFTER_S:
                continue
            frames = sys._current_frames()
            gui = _stack(frames.get(self.gui))
            others = []
            for ident, frame in frames.items():
                if ident in (self.gui, threading.get_ident()):
                    continue
                stack = _stack(frame)
                if any(s.startswith("desk/") for s in stack):
                    others.append(_culprit(stack))
            self.samples.setdefault(last, []).append((gui, others))

    def stop(self) -> StallSummary:
        """Stop watching; the figures, with each stall over the aim explained."""
        self._tick()
        self.running = False
        self.timer.stop()
        gaps = [max(0.0, g) * 1000 for _, g in self.gaps]
        p99 = statistics.quantiles(gaps, n=100)[98] if len(gaps) >= 100 else max(gaps)
        stalls = []
        for before, gap in sorted(self.gaps, key=lambda g: -g[1])[:12]:
            if gap * 1000 <= AIM_STALL_MS:
                break
            sampled = self.samples.get(before, [])
            where = collections.Counter(_culprit(gui) for gui, _ in sampled)
            workers = collections.Counter(w for _, others in sampled for w in others)
            stacks = collections.Counter(tuple(gui[:12]) for gui, _ in sampled)
            end = before + gap + TICK_MS / 1000
            slow = [
                f"{what} {ms:.0f} ms"
                for started, ms, what in self.callbacks
                if before - 0.001 <= started <= end
            ]
            slow += [
                f"garbage collection of generation {generation} in thread {thread!r}: "
                f"{ms:.0f} ms ({len(gc.get_objects())} objects tracked now)"
                for started, ms, generation, thread in self.collections
                if before - 0.001 <= started <= end
            ]
            stalls.append(
                {
                    "at_s": round(before - self.started, 3),
                    "ms": round(gap * 1000, 1),
                    "samples": len(sampled),
                    "expected": max(
                        1, int((gap + TICK_MS / 1000 - SAMPLE_AFTER_S) / SAMPLE_EVERY_S)
                    ),
                    "gui": where.most_common(3),
                    "workers": workers.most_common(3),
                    "stack": list(stacks.most_common(1)[0][0]) if stacks else [],
                    "callbacks": slow,
                }
            )
        return StallSummary(
            seconds=round(self.last - self.started, 2),
            ticks=len(gaps),
            max_ms=round(max(gaps), 1),
            p99_ms=round(p99, 1),
            over=sum(1 for g in gaps if g > AIM_STALL_MS),
            stalls=stalls,
        )

    def close(self) -> None:
        """Stop the sampler thread."""
        gc.callbacks.remove(self._gc)
        self._stop.set()
        self._sampler.join(timeout=2)


def _time_callbacks(watchdog: Watchdog, *, freeze: bool = False) -> None:
    """Time every task-runner callback on the GUI thread (before any runner is made).

    ``freeze`` (the ``--gc-freeze`` what-if): ``gc.freeze()`` after each result, so that
    what the window keeps (queue rows, the cluster service's texts) leaves the
    collector's view and full collections only walk what is new.
    """
    from PySide6.QtCore import Slot  # noqa: PLC0415

    from desk.ui.tasks import TaskRunner  # noqa: PLC0415

    deliver, progress = TaskRunner._deliver, TaskRunner._progress

    @Slot(int, bool, object)
    def timed_deliver(runner: TaskRunner, task_id: int, ok: bool, value: object) -> None:
        task = runner._tasks.get(task_id)
        started = time.perf_counter()
        try:
            deliver(runner, task_id, ok, value)
        finally:
            watchdog.note_callback(started, f"result of {task.name if task else '?'!r}")
            if freeze:
                gc.freeze()

    @Slot(int, int, int, str)
    def timed_progress(runner: TaskRunner, task_id: int, done: int, total: int, text: str) -> None:
        task = runner._tasks.get(task_id)
        started = time.perf_counter()
        try:
            progress(runner, task_id, done, total, text)
        finally:
            watchdog.note_callback(started, f"progress of {task.name if task else '?'!r}")

    TaskRunner._deliver = timed_deliver  # type: ignore[method-assign,assignment]
    TaskRunner._progress = timed_progress  # type: ignore[method-assign,assignment]


class Bench:
    """The real window in this (child) process, opened the way ``run_window`` opens it."""

    def __init__(self, db: Path, settings: Any, *, gc_freeze: bool = False) -> None:
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        from desk import __version__  # noqa: PLC0415
        from desk.app import App  # noqa: PLC0415
        from desk.config import AppDirs  # noqa: PLC0415
        from desk.store.database import open_store  # noqa: PLC0415
        from desk.store.engine import sqlite_url  # noqa: PLC0415
        from desk.ui import main_window, queue_controller  # noqa: PLC0415
        from desk.ui.tasks import TaskRunner  # noqa: PLC0415
        from desk.ui.translation import choose_language, install_translators  # noqa: PLC0415

        self.gc_freeze = gc_freeze
        existing = QApplication.instance()
        self.qt_app = existing if isinstance(existing, QApplication) else QApplication(["desk"])
        self.qt_app.setApplicationName("Desk")
        self.qt_app.setApplicationVersion(__version__)
        self.qt_app.setOrganizationName("Desk")
        self.translators = install_translators(self.qt_app, choose_language(settings.language))
        self.watchdog = Watchdog()
        _time_callbacks(self.watchdog, freeze=gc_freeze)
        self.arrivals = 0
        arrived = queue_controller.QueueController.show_worklists
        bench = self

        def queue_arrived(controller: Any, loaded: Any) -> None:
            arrived(controller, loaded)
            bench.arrivals += 1

        queue_controller.QueueController.show_worklists = queue_arrived  # type: ignore[method-assign,assignment]
        self.app = App(settings=settings, dirs=AppDirs.discover(), store=open_store(sqlite_url(db)))
        self.runner = TaskRunner(self.qt_app)
        self.window = main_window.MainWindow(self.app, self.runner, login="bench")
        from desk.ui.launch import GIL_SWITCH_S  # noqa: PLC0415

        sys.setswitchinterval(GIL_SWITCH_S)  # as run_window does
        self.window.collector.start()
        self.window.show()

    def wait_until(self, ready: Callable[[], bool], timeout_s: float, what: str) -> None:
        """Run the event loop until ``ready()`` (checked every 5 ms); RuntimeError on timeout."""
        from PySide6.QtCore import QEventLoop, QTimer  # noqa: PLC0415

        if ready():
            return
        loop = QEventLoop()
        met: list[bool] = []

        def check() -> None:
            # Noted here: the loop may handle more events (a new task) before exec() returns.
            if not met and ready():
                met.append(True)
                loop.quit()

        poll = QTimer()
        poll.setInterval(5)
        poll.timeout.connect(check)
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        started = time.perf_counter()
        poll.start()
        deadline.start(int(timeout_s * 1000))
        loop.exec()
        poll.stop()
        deadline.stop()
        if not met:
            pending = ", ".join(t.name for t in self.runner.pending) or "none"
            raise RuntimeError(
                f"gave up after {time.perf_counter() - started:.0f} s waiting for {what} "
                f"(mailbox {self.window.mailbox.state.value} {self.window.mailbox.detail!r}; "
                f"tasks pending: {pending})"
            )

    def settle(self, timeout_s: float = 120) -> None:
        """Wait until no background task is pending and its answer reached the window."""
        self.wait_until(lambda: not self.runner.pending, timeout_s, "the background tasks")

    def pause(self, seconds: float) -> None:
        """Let the event loop run for a while."""
        until = time.perf_counter() + seconds
        self.wait_until(lambda: time.perf_counter() >= until, seconds + 5, "a pause")

    def opened(self, timeout_s: float = 300) -> None:
        """Start the window and wait for its queue."""
        self.window.start()
        self.wait_until(lambda: self.window.queue_loaded, timeout_s, "the queue")
        self.settle()

    def idle(self, seconds: float) -> StallSummary:
        """The watchdog on the window left alone: the baseline."""
        self.settle()
        self.pause(0.5)
        self.watchdog.start()
        self.pause(seconds)
        return self.watchdog.stop()

    def close(self) -> None:
        """Close the window and wait for its workers."""
        self.watchdog.close()
        self.window.mailbox.stop()
        self.window.close()
        self.runner.stop_all()
        self.runner.wait(60_000)
        self.app.close()


def _settings(opts: dict[str, Any]) -> Any:
    from desk.config import Settings  # noqa: PLC0415

    account: dict[str, object] = {}
    if "imap_port" in opts:
        account = {
            "name": "bench",
            "address": "contact@example-edu.fr",
            "display_name": "Service contact",
            "imap_host": "127.0.0.1",
            "imap_port": opts["imap_port"],
            "imap_security": "none",
            "imap_user": opts["user"],
            "password_env": PASSWORD_ENV,
        }
        os.environ[PASSWORD_ENV] = opts["password"]
    if "smtp_port" in opts:
        account |= {
            "smtp_host": "127.0.0.1",
            "smtp_port": opts["smtp_port"],
            "smtp_security": "none",
            "smtp_user": "",
        }
    return Settings(account=tuple(account.items()), undo_seconds=0)


def _child_sync(bench: Bench, opts: dict[str, Any]) -> dict[str, Any]:
    window = bench.window
    outcome: list[Any] = []
    window.mailbox.synced.connect(lambda result: outcome.append((result, bench.arrivals)))
    bench.watchdog.start()
    started = time.perf_counter()
    window.start()

    def done() -> bool:
        if window.mailbox.state.value in ("offline", "refused"):
            return True
        return bool(outcome) and bench.arrivals > outcome[0][1] and not bench.runner.pending

    bench.wait_until(done, 1800, "the first sync pass")
    if not outcome:
        state = window.mailbox.state.value
        raise RuntimeError(f"the mailbox is {state}: {window.mailbox.detail}")
    took = time.perf_counter() - started
    watched = bench.watchdog.stop()
    result = outcome[0][0]
    return {
        "desk": watched,
        "seconds": took,
        "detail": f"{result.new} messages synced, {result.clustered} clustered, "
        f"{window.queue_model.rowCount()} queue rows",
    }


def _child_regroup(bench: Bench, opts: dict[str, Any]) -> dict[str, Any]:
    window = bench.window
    bench.opened()
    bench.pause(1)
    before = bench.arrivals
    rows = window.queue_model.rowCount()
    bench.watchdog.start()
    started = time.perf_counter()
    window.slider.setValue(int(opts.get("threshold", 80)))
    bench.wait_until(
        lambda: bench.arrivals > before and not bench.runner.pending, 1800, "the regroup"
    )
    took = time.perf_counter() - started
    watched = bench.watchdog.stop()
    return {
        "desk": watched,
        "seconds": took,
        "detail": f"queue {rows} → {window.queue_model.rowCount()} rows at "
        f"{window.slider.value()} %",
    }


def _child_send(bench: Bench, opts: dict[str, Any]) -> dict[str, Any]:
    from sqlalchemy import select  # noqa: PLC0415

    from desk.mail.drafts import ReplyDraft  # noqa: PLC0415
    from desk.mail.queueing import queue_replies  # noqa: PLC0415
    from desk.store.models import Message, MessageStatus  # noqa: PLC0415

    window = bench.window
    bench.opened()
    bench.wait_until(
        lambda: (
            window.mailbox.state.value == "connected"
            and not window.mailbox.syncing
            and not window.mailbox.sending
            and not bench.runner.pending
        ),
        600,
        "the first sync and send passes",
    )
    assert window.account_id is not None
    count = int(opts.get("count", 1000))
    with bench.app.store.sessions.begin() as session:  # set-up, before the watchdog runs
        rows = session.execute(
            select(Message.id, Message.from_addr, Message.from_name)
            .where(Message.from_addr != "", Message.status == MessageStatus.OPEN)
            .order_by(Message.id)
            .limit(count)
        ).all()
        queued = queue_replies(
            session,
            window.account_id,
            [
                ReplyDraft((m,), a, n, f"Bonjour {n},\n\nVoici la réponse.\n\nService contact")
                for m, a, n in rows
            ],
        )
    bench.watchdog.start()
    started = time.perf_counter()
    window.mailbox.send_now()
    bench.wait_until(
        lambda: not window.mailbox.sending and not bench.runner.pending, 1800, "the outbox run"
    )
    took = time.perf_counter() - started
    watched = bench.watchdog.stop()
    report = getattr(window, "last_send_report", None)
    sent = f"{report.sent} sent, {report.failed} failed, {report.filed} filed" if report else "?"
    return {
        "desk": watched,
        "seconds": took,
        "detail": f"{len(queued.queued)} replies queued: {sent}",
    }


def _child_scroll(bench: Bench, opts: dict[str, Any]) -> dict[str, Any]:
    from PySide6.QtCore import QTimer  # noqa: PLC0415
    from sqlalchemy import select  # noqa: PLC0415

    from desk.store.models import Message  # noqa: PLC0415

    window = bench.window
    bench.opened()
    rows = window.queue_model.rows
    biggest = max(
        (i for i, row in enumerate(rows) if row.cluster_id is not None),
        key=lambda i: rows[i].open_count,
        default=None,
    )
    what = ""
    if biggest is not None and rows[biggest].open_count >= 1000:
        window._select(window.queue_view, biggest)
        bench.wait_until(
            lambda: (
                window.messages_model.rowCount() >= rows[biggest].open_count
                and not bench.runner.pending
            ),
            120,
            "the biggest cluster's messages",
        )
        what = f"the biggest cluster ({window.messages_model.rowCount()} messages)"
    else:
        with bench.app.store.sessions() as session:  # set-up, before the watchdog runs
            ids = list(
                session.scalars(select(Message.id).order_by(Message.date.desc()).limit(20_000))
            )
        window.messages_model.set_ids(ids)
        what = f"the {len(ids)} newest messages (no cluster has 1,000)"
    bench.settle()
    bench.pause(0.5)
    view = window.messages_view
    view.setFocus()
    bar = view.verticalScrollBar()
    step = max(bar.pageStep(), math.ceil(bar.maximum() / 500))
    steps = [0]
    timer = QTimer()
    timer.setInterval(16)

    def scroll() -> None:
        bar.setValue(min(bar.maximum(), bar.value() + step))
        steps[0] += 1
        if bar.value() >= bar.maximum():
            timer.stop()

    timer.timeout.connect(scroll)
    bench.watchdog.start()
    started = time.perf_counter()
    timer.start()
    bench.wait_until(
        lambda: not timer.isActive() and not bench.runner.pending, 600, "the end of the list"
    )
    took = time.perf_counter() - started
    watched = bench.watchdog.stop()
    return {
        "desk": watched,
        "seconds": took,
        "detail": f"{what}: {steps[0]} steps of {step} rows",
    }


CHILDREN: dict[str, Callable[[Bench, dict[str, Any]], dict[str, Any]]] = {
    "sync": _child_sync,
    "regroup": _child_regroup,
    "send": _child_send,
    "scroll": _child_scroll,
}


def child_main(kind: str, db: Path, opts: dict[str, Any]) -> None:
    """A stall measurement in this process; prints one ``RESULT`` JSON line."""
    bench = Bench(db, _settings(opts), gc_freeze=bool(opts.get("gc_freeze")))
    try:
        result = CHILDREN[kind](bench, opts)
        idle_for = min(float(result["seconds"]), float(opts.get("idle_max", 30)))
        result["idle"] = bench.idle(max(idle_for, 1.0))
        out = {k: (v.__dict__ if isinstance(v, StallSummary) else v) for k, v in result.items()}
        print("RESULT " + json.dumps(out), flush=True)
    finally:
        bench.close()


# ====================================================================== the parent's side
def stall_once(kind: str, db: Path, opts: dict[str, Any]) -> dict[str, Any]:
    """Run one stall child and return its result."""
    with _home() as home:
        done = subprocess.run(
            [sys.executable, "-m", "bench.ui", "--child", kind, "--db", str(db)],
            input=json.dumps(opts),
            env=_env(home),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
    result = _result(done.stdout)
    if result is None:
        raise RuntimeError(f"{kind} child gave no result:\n{done.stdout}\n{done.stderr[-5000:]}")
    return result


@dataclass
class Row:
    """One line of the summary table."""

    what: str
    desk: str
    baseline: str
    ratio: str
    aim: str
    met: bool | None


def _stall_row(what: str, results: list[dict[str, Any]]) -> Row:
    desk = statistics.median(r["desk"]["max_ms"] for r in results)
    worst = max(r["desk"]["max_ms"] for r in results)
    idle = statistics.median(r["idle"]["max_ms"] for r in results)
    return Row(
        f"longest stall: {what}",
        f"{desk:.0f} ms (worst {worst:.0f})",
        f"{idle:.0f} ms idle",
        f"{desk / idle:.1f} ×" if idle else "—",
        f"≤ {AIM_STALL_MS:.0f} ms",
        worst <= AIM_STALL_MS,
    )


def print_stalls(kind: str, run: int, result: dict[str, Any]) -> None:
    """One stall run's figures, and what the GUI thread was doing in each long stall."""
    desk, idle = result["desk"], result["idle"]
    print(
        f"  {kind} run {run}: {result['detail']}; watched {desk['seconds']:.1f} s, "
        f"{desk['ticks']} ticks: max {desk['max_ms']:.0f} ms, p99 {desk['p99_ms']:.0f} ms, "
        f"{desk['over']} over {AIM_STALL_MS:.0f} ms | idle {idle['seconds']:.1f} s: max "
        f"{idle['max_ms']:.0f} ms, p99 {idle['p99_ms']:.0f} ms, {idle['over']} over",
        flush=True,
    )
    for label, part in (("", desk), ("idle ", idle)):
        for stall in part["stalls"]:
            print(f"    {label}stall {stall['ms']:.0f} ms at +{stall['at_s']:.2f} s:")
            if stall["samples"] * 3 < stall["expected"]:
                print(
                    f"      only {stall['samples']} of ~{stall['expected']} stack samples: "
                    "the GIL was held elsewhere (a long C call or a garbage collection)"
                )
            for where, n in stall["gui"]:
                print(f"      GUI thread ({n}/{stall['samples']} samples): {where}")
            for where, n in stall["workers"]:
                print(f"      meanwhile a worker ({n}): {where}")
            for line in stall["callbacks"]:
                print(f"      slow callback: {line}")
            if stall["stack"]:
                print("      stack: " + " < ".join(stall["stack"][:8]))


def _mailbox(size: int, seed: int) -> Any:
    """A private Dovecot holding the demo mailbox (a context manager)."""
    from bench.sync import PASSWORD, USER  # noqa: PLC0415
    from desk.demo.generator import demo_messages  # noqa: PLC0415
    from tests.support.dovecot import DovecotServer  # noqa: PLC0415

    @contextmanager
    def running() -> Iterator[Any]:
        with DovecotServer() as server:
            server.add_user(USER, PASSWORD)
            started = time.perf_counter()
            written = server.write_messages(USER, (raw for raw, _, _ in demo_messages(size, seed)))
            with server.imap(USER, PASSWORD) as client:  # index once, as any first client would
                client.select("INBOX")
            print(
                f"Dovecot: {written} demo messages written in "
                f"{time.perf_counter() - started:.1f} s",
                flush=True,
            )
            yield server

    return running()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=100_000, help="messages of the big store")
    parser.add_argument("--sync-size", type=int, default=26_000, help="messages in Dovecot")
    parser.add_argument("--replies", type=int, default=1000)
    parser.add_argument("--idle-max", type=float, default=30.0, help="longest idle baseline (s)")
    parser.add_argument("--only", default=",".join(SCENARIOS), help="comma-separated scenarios")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="what-if: gc.freeze() in the window's process after each task result",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.child, args.db, json.loads(sys.stdin.read() or "{}"))
        return

    from bench.ui_store import (  # noqa: PLC0415
        clustered_store,
        empty_store,
        remove_store,
        scratch_copy,
    )

    only = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = only - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    print(f"Building or reusing the {args.size}-message store ...", flush=True)
    big = clustered_store(args.size, 1)
    print(f"  {big} ({big.stat().st_size / 1e6:.0f} MB)", flush=True)
    table: list[Row] = []
    if "startup" in only:
        print(f"\nStart-up on {args.size} messages ({args.runs} runs + warm-up):", flush=True)
        figures = measure_startup(big, args.runs)
        table.append(
            Row(
                f"window shown, {args.size} messages",
                f"{figures['shown']:.2f} s",
                f"{figures['bare']:.2f} s bare",
                f"{figures['shown'] / figures['bare']:.1f} ×",
                f"≤ {AIM_SHOWN_S} s",
                figures["shown"] <= AIM_SHOWN_S,
            )
        )
        table.append(
            Row(
                f"queue filled ({figures['rows']:.0f} rows)",
                f"{figures['filled']:.2f} s",
                f"{figures['bare']:.2f} s bare",
                f"{figures['filled'] / figures['bare']:.1f} ×",
                f"≤ {AIM_FILLED_S} s",
                figures["filled"] <= AIM_FILLED_S,
            )
        )

    big_opts: dict[str, Any] = {"idle_max": args.idle_max, "gc_freeze": args.gc_freeze}
    for kind, label in (("regroup", "regroup at 80 %"), ("scroll", "scrolling")):
        if kind not in only:
            continue
        print(f"\nStalls, {label} ({args.size} messages):", flush=True)
        results = []
        for run in range(1, args.runs + 1):
            copy = scratch_copy(big, kind)
            try:
                result = stall_once(kind, copy, big_opts)
            finally:
                remove_store(copy)
            print_stalls(kind, run, result)
            results.append(result)
        table.append(_stall_row(label, results))

    if only & {"sync", "send"}:
        from bench.sync import PASSWORD, USER, smtp_peer  # noqa: PLC0415

        with _mailbox(args.sync_size, 2020) as server:
            mail_opts: dict[str, Any] = {
                "imap_port": server.port,
                "user": USER,
                "password": PASSWORD,
                "idle_max": args.idle_max,
                "gc_freeze": args.gc_freeze,
            }
            synced: Path | None = None
            print(f"\nStalls, first sync of {args.sync_size} messages:", flush=True)
            results = []
            for run in range(1, (args.runs if "sync" in only else 1) + 1):
                copy = scratch_copy(empty_store(), "sync")
                try:
                    result = stall_once("sync", copy, mail_opts)
                except BaseException:
                    remove_store(copy)
                    raise
                print_stalls("sync", run, result)
                results.append(result)
                if synced is None:
                    synced = copy
                else:
                    remove_store(copy)
            if "sync" in only:
                table.append(_stall_row(f"first sync, {args.sync_size} messages", results))
            if "send" in only and synced is not None:
                print(f"\nStalls, sending {args.replies} replies:", flush=True)
                results = []
                with smtp_peer() as smtp:
                    for run in range(1, args.runs + 1):
                        copy = scratch_copy(synced, "send")
                        try:
                            result = stall_once(
                                "send",
                                copy,
                                mail_opts | {"smtp_port": smtp.port, "count": args.replies},
                            )
                        finally:
                            remove_store(copy)
                        print_stalls("send", run, result)
                        results.append(result)
                table.append(_stall_row(f"sending {args.replies} replies", results))
            if synced is not None:
                remove_store(synced)

    print()
    header = ("what", "Desk", "baseline", "ratio", "aim", "met?")
    lines = [
        (
            r.what,
            r.desk,
            r.baseline,
            r.ratio,
            r.aim,
            "—" if r.met is None else "yes" if r.met else "MISSED",
        )
        for r in table
    ]
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    for line in [header, *lines]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)))
    missed = [r.what for r in table if r.met is False]
    if missed:
        print(f"\nMISSED: {'; '.join(missed)}")
    else:
        print("\nEvery aim met.")


if __name__ == "__main__":
    main()
