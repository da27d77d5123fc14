"""The window's message boxes, with text shown as written.

What they say often quotes mail: recipients' addresses, senders' names, a
server's answer. Qt guesses "rich text" for a message box whose text looks
like HTML, so a sender named ``<img src="/local/file.png">`` would paint a
local file; these boxes are always plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def plain_box(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """A message box that shows ``text`` as written (never as HTML)."""
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def inform(parent: QWidget, title: str, text: str) -> None:
    """Tell the agent something that needs reading, and wait until they close it."""
    box = plain_box(parent, QMessageBox.Icon.Information, title, text)
    try:
        box.exec()
    finally:
        box.deleteLater()


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask yes or no; No is the default (Enter does not send by accident)."""
    box = plain_box(parent, QMessageBox.Icon.Question, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    try:
        return box.exec() == QMessageBox.StandardButton.Yes
    finally:
        box.deleteLater()
