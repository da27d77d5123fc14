"""Text from a message is shown as written: never as HTML, never painting a local file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desk.ui.widgets import plain_label, plain_tooltip

HOSTILE = '<img src="/etc/desk-test.png"> <b>Urgent</b> &amp; tom &lt;3\nsecond line'


def test_a_plain_label_never_reads_html(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    label = plain_label(parent, "subject")
    label.setText(HOSTILE)
    assert label.textFormat() is Qt.TextFormat.PlainText
    assert label.objectName() == "subject"
    assert label.text() == HOSTILE


def test_a_plain_tooltip_shows_the_text_as_written() -> None:
    """Rendered, the tooltip's document holds exactly the text and no image."""
    document = QTextDocument()
    document.setHtml(plain_tooltip(HOSTILE))
    assert document.toPlainText() == HOSTILE
    assert "<img" not in document.toHtml()
    assert plain_tooltip("") == ""
