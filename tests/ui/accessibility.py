"""The accessibility check every window and dialog test runs on what it built."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QScrollBar, QWidget


def _qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside a control (a combo box's list, a spin box's line edit, scroll
    bars), which take their name from it."""
    if isinstance(widget, QScrollBar) or widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls the Tab key reaches that lack an accessible name or description.

    Each is described as ``Class#objectName``; an empty list means every
    control a keyboard or screen-reader user meets says what it is and does.
    """
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and (widget.isHidden() or _qt_internal(widget)):
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if not widget.accessibleName().strip() or not widget.accessibleDescription().strip():
            missing.append(f"{type(widget).__name__}#{widget.objectName() or '?'}")
    return missing
