"""Progress reporting in plain Python, so the CLI, the UI and tests share one protocol."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Told how far a long job has got; may ask it to stop."""

    def tick(self, done: int, total: int) -> None:
        """Report that ``done`` of ``total`` units are finished (total 0: unknown)."""

    def cancelled(self) -> bool:
        """True when the job should stop at the next safe point."""


class NullProgress:
    """A progress that listens to nothing and never cancels."""

    def tick(self, done: int, total: int) -> None:
        """Ignore the report."""

    def cancelled(self) -> bool:
        """Never cancel."""
        return False


NULL_PROGRESS: Progress = NullProgress()
