"""A message's header in the reading pane: its subject in bold, then From, Reply to, To, Cc, Date.

Every value is the sender's to choose, so each is a plain-text label (a
subject ``<img src=…>`` shows as those characters, never as a picture).
The sentences keep the translation context ``MessageView`` they were first
written in, so their translations carry over.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from desk.ui.widgets import plain_label
from desk.workbench.reading import MessageDetail


def _value_label(parent: QWidget) -> QLabel:
    label = plain_label(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def subject_text(detail: MessageDetail) -> str:
    """The subject, or a placeholder for a message without one."""
    return detail.subject or QCoreApplication.translate("MessageView", "(no subject)")


def sender_text(detail: MessageDetail) -> str:
    """``Name <address>``, or the address alone."""
    if detail.from_name:
        return QCoreApplication.translate("MessageView", "{name} <{address}>").format(
            name=detail.from_name, address=detail.from_addr
        )
    return detail.from_addr


def date_text(detail: MessageDetail) -> str:
    """When the message was sent, in the user's locale and local time."""
    local = QDateTime.fromSecsSinceEpoch(int(detail.date.timestamp()))
    locale = QLocale()
    return QCoreApplication.translate("MessageView", "{date} at {time}").format(
        date=locale.toString(local.date(), QLocale.FormatType.LongFormat),
        time=locale.toString(local.time(), QLocale.FormatType.ShortFormat),
    )


class MessageHeader(QWidget):
    """The subject and the header rows that have something to say (empty rows are hidden)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject_label = _value_label(self)
        self.subject_label.setObjectName("subject")
        bold = QFont(self.subject_label.font())
        bold.setBold(True)
        self.subject_label.setFont(bold)
        self.from_label = _value_label(self)
        self.reply_to_label = _value_label(self)
        self.to_label = _value_label(self)
        self.cc_label = _value_label(self)
        self.date_label = _value_label(self)
        self.rows = QFormLayout()
        self.rows.addRow(QCoreApplication.translate("MessageView", "From:"), self.from_label)
        self.rows.addRow(
            QCoreApplication.translate("MessageView", "Reply to:"), self.reply_to_label
        )
        self.rows.addRow(QCoreApplication.translate("MessageView", "To:"), self.to_label)
        self.rows.addRow(QCoreApplication.translate("MessageView", "Cc:"), self.cc_label)
        self.rows.addRow(QCoreApplication.translate("MessageView", "Date:"), self.date_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.subject_label)
        layout.addLayout(self.rows)

    def show_detail(self, detail: MessageDetail) -> None:
        """Fill the subject and the rows from ``detail``."""
        self.subject_label.setText(subject_text(detail))
        self.subject_label.show()
        reply_to = (
            detail.reply_to if detail.reply_to and detail.reply_to != detail.from_addr else ""
        )
        rows = (
            (self.from_label, sender_text(detail)),
            (self.reply_to_label, reply_to),
            (self.to_label, ", ".join(detail.to)),
            (self.cc_label, ", ".join(detail.cc)),
            (self.date_label, date_text(detail)),
        )
        for label, text in rows:
            label.setText(text)
            self.rows.setRowVisible(label, bool(text))

    def clear(self) -> None:
        """Nothing shown: no subject, every row hidden."""
        self.subject_label.clear()
        for label in (
            self.from_label, self.reply_to_label, self.to_label, self.cc_label, self.date_label
        ):  # fmt: skip
            label.clear()
        for row in range(self.rows.rowCount()):
            self.rows.setRowVisible(row, False)
        self.subject_label.hide()
