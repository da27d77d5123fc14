"""Small pieces every pane builds the same way: named controls and delay timers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QPushButton, QWidget


def named(widget: QWidget, name: str, description: str) -> None:
    """Give a control the name and description screen readers announce (both translated)."""
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)


def push_button(
    parent: QWidget, name: str, text: str, accessible: str, description: str
) -> QPushButton:
    """A named push button that Enter in a text field does not press by accident."""
    pushed = QPushButton(text, parent)
    pushed.setObjectName(name)
    pushed.setAutoDefault(False)
    named(pushed, accessible, description)
    return pushed


def delay_timer(parent: QObject, msecs: int, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer that calls ``slot`` once typing or sliding has paused ``msecs``."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(slot)
    return timer
