"""When Python's cycle collector runs: between the agent's actions, never in the middle of a load.

A full collection walks every tracked object and stops every thread while it
does. Once the window holds a 100,000-message queue and the cluster service's
texts, that is 200–500 ms, and it fell wherever a worker happened to allocate:
during a regroup, a sync, or while the agent scrolled (measured by
``bench.ui``). So the window takes the collector in hand:

- automatic collection is off while the window runs;
- the young generations are collected every second (a few milliseconds);
- when a load settles (the queue arrived) what survived is frozen: long-lived
  data is never walked again;
- every ``FULL_EVERY_S`` seconds, and only when no background work runs, the
  frozen objects are thawed and one full collection reclaims what became
  garbage among them, then everything left is frozen again.
"""

from __future__ import annotations

import gc
import logging
import time

from PySide6.QtCore import QObject, QTimer

from desk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

YOUNG_EVERY_MS = 1_000
FULL_EVERY_S = 15 * 60


class CollectorPolicy(QObject):
    """Runs the cycle collector at quiet moments of the window (see the module docstring)."""

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._timer = QTimer(self)
        self._timer.setInterval(YOUNG_EVERY_MS)
        self._timer.timeout.connect(self._tick)
        self._last_full = time.monotonic()
        self.active = False

    def start(self) -> None:
        """Take over from the automatic collector (the application's choice, not the tests')."""
        gc.disable()
        self.active = True
        self._timer.start()

    def stop(self) -> None:
        """Give collection back to Python (at exit)."""
        self._timer.stop()
        if self.active:
            gc.unfreeze()
            gc.enable()
            self.active = False

    def settled(self) -> None:
        """A load finished and its results are kept: collect the young, freeze the rest."""
        if self.active:
            gc.collect(1)
            gc.freeze()

    def _tick(self) -> None:
        if self._runner.pending:
            return  # a worker is allocating: collecting now would stall it and the window
        if time.monotonic() - self._last_full >= FULL_EVERY_S:
            started = time.perf_counter()
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._last_full = time.monotonic()
            log.debug("full collection at idle: %.0f ms", (time.perf_counter() - started) * 1e3)
            return
        gc.collect(1)
