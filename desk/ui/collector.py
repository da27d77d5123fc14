"""When Python's cycle collector runs: never in the middle of a big load, rarely over old data.

A full collection walks every tracked object and stops every thread while it
does. Once the window holds a 100,000-message queue and the cluster service's
texts, that took 200–500 ms, and it fell wherever a worker happened to
allocate: during a regroup, a sync, or while the agent scrolled (measured by
``bench.ui``). So, while the window runs:

- heavy background work (clustering, sync, sending) runs with automatic
  collection paused; when the last of it ends, what survived is frozen and
  collection resumes, so the young generations stay small and cheap;
- when the queue has loaded, what it holds is frozen too: long-lived data is
  not walked again and again;
- every ``FULL_EVERY_S`` seconds, only when no background work runs, the
  frozen objects are thawed and one full collection reclaims what became
  garbage among them (the one pause left, at a quiet moment).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

from desk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

FULL_EVERY_S = 30 * 60
CHECK_EVERY_MS = 60_000


class CollectorPolicy(QObject):
    """Keeps the cycle collector out of the way of the window (see the module docstring)."""

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._lock = threading.Lock()
        self._heavy = 0
        self._last_full = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self._full_when_quiet)
        self.active = False

    def start(self) -> None:
        """Apply the policy (the application's choice; tests keep Python's defaults)."""
        self.active = True
        self._timer.start()

    def stop(self) -> None:
        """Give collection back to Python as it was (at exit)."""
        self._timer.stop()
        if self.active:
            self.active = False
            gc.unfreeze()
            gc.enable()

    @property
    def busy(self) -> bool:
        """True while heavy background work runs (under :meth:`paused`)."""
        return self._heavy > 0

    def settled(self) -> None:
        """The window keeps what a load brought: freeze it (constant time, no walk)."""
        if self.active:
            gc.freeze()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Around heavy work on a worker: no automatic collection until the last one ends."""
        if not self.active:
            yield
            return
        with self._lock:
            self._heavy += 1
            gc.disable()
        try:
            yield
        finally:
            with self._lock:
                self._heavy -= 1
                if self._heavy == 0:
                    gc.freeze()
                    gc.enable()

    def _full_when_quiet(self) -> None:
        if self._runner.pending or time.monotonic() - self._last_full < FULL_EVERY_S:
            return
        started = time.perf_counter()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._last_full = time.monotonic()
        log.debug("full collection while quiet: %.0f ms", (time.perf_counter() - started) * 1e3)
