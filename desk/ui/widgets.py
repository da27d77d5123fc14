"""Small pieces every pane builds the same way: named controls and delay timers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget


def named(widget: QWidget, name: str, description: str) -> None:
    """Give a control the name and description screen readers announce (both translated)."""
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)


def delay_timer(parent: QObject, msecs: int, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer that calls ``slot`` once typing or sliding has paused ``msecs``."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(slot)
    return timer
