"""Small pieces every pane builds the same way: named controls, delay timers, and plain text.

Text that comes from a message (a subject, a sender's name, a body snippet)
is the sender's to choose: Qt guesses "rich text" for labels and tooltips
that look like HTML, and a subject ``<img src="/local/file.png">`` would
then paint a local file into the window. Such text goes through
:func:`plain_label` or :func:`plain_tooltip`, never straight in.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QWidget


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


def close_buttons(dialog: QDialog, description: str) -> QDialogButtonBox:
    """A Close button that closes ``dialog`` (as Escape does), named for screen readers.

    It is not a default button: Enter in one of the dialog's fields never closes it.
    """
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    close.setAutoDefault(False)
    named(close, QCoreApplication.translate("Dialogs", "Close"), description)
    buttons.rejected.connect(dialog.reject)
    return buttons


def delay_timer(parent: QObject, msecs: int, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer that calls ``slot`` once typing or sliding has paused ``msecs``."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(slot)
    return timer


def plain_label(parent: QWidget, name: str = "") -> QLabel:
    """A label that shows its text as written, whatever it looks like (never as HTML)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as written: escaped, so Qt's rich-text guess sees nothing.

    Line breaks are kept; an empty text stays empty (no tooltip).
    """
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"


def result_label(parent: QWidget, name: str, description: str) -> QLabel:
    """A hidden, wrapped label for what a server or a check answered: plain text, selectable.

    Answers quote what others chose (folder names, a server's words), so never
    rich text; selectable from the keyboard, so a fingerprint or an error can
    be copied.
    """
    label = plain_label(parent, name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setAccessibleDescription(description)
    label.hide()
    return label
