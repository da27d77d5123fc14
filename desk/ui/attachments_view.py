"""A message's attachments in the reading pane: a short list and a Save button.

An attachment's name is the sender's to choose: the list shows it as
written (an item view paints its text plainly) and sets no tooltip it could
slip markup into. Saving is the reading pane's: this widget says which
attachment is asked for (:attr:`AttachmentsView.save_requested`). The
sentences keep the translation context ``MessageView`` they were first
written in, so their translations carry over.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.ui.widgets import named
from desk.workbench.reading import AttachmentInfo

VISIBLE_ROWS = 5


def attachment_text(info: AttachmentInfo) -> str:
    """``name (size, type)``, the name as sent or a placeholder."""
    name = info.filename or QCoreApplication.translate("MessageView", "(unnamed)")
    return QCoreApplication.translate("MessageView", "{name} ({size}, {type})").format(
        name=name, size=QLocale().formattedDataSize(info.size), type=info.content_type
    )


class AttachmentsView(QWidget):
    """The list of a message's attachments; Enter or Save asks to save the selected one."""

    save_requested = Signal(int)  # the attachment's index in the parser's list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(QCoreApplication.translate("MessageView", "Attach&ments:"), self)
        self.list = QListWidget(self)
        self.list.setObjectName("attachments")
        self.list.setMaximumHeight(
            self.list.fontMetrics().lineSpacing() * VISIBLE_ROWS + 2 * self.list.frameWidth()
        )
        self.label.setBuddy(self.list)
        named(
            self.list,
            QCoreApplication.translate("MessageView", "Attachments"),
            QCoreApplication.translate(
                "MessageView", "The files sent with the message; Enter saves the selected one"
            ),
        )
        self.save_button = QPushButton(
            QCoreApplication.translate("MessageView", "&Save attachment…"), self
        )
        self.save_button.setObjectName("saveAttachment")
        named(
            self.save_button,
            QCoreApplication.translate("MessageView", "Save attachment"),
            QCoreApplication.translate(
                "MessageView", "Save the selected attachment to a file you choose"
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.list.currentRowChanged.connect(self._chosen)
        self.list.itemActivated.connect(lambda _item: self._save())
        self.save_button.clicked.connect(self._save)

    def show_attachments(self, attachments: Sequence[AttachmentInfo]) -> None:
        """List ``attachments`` (the first selected); hidden when there are none."""
        self.list.clear()
        for info in attachments:
            item = QListWidgetItem(attachment_text(info))
            item.setData(Qt.ItemDataRole.UserRole, info.index)
            self.list.addItem(item)
        self.setVisible(bool(attachments))
        if attachments:
            self.list.setCurrentRow(0)
        self._chosen(self.list.currentRow())

    def clear(self) -> None:
        """No attachments: an empty list, hidden."""
        self.list.clear()
        self.hide()

    def current_index(self) -> int | None:
        """The selected attachment's index in the parser's list, or None."""
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _chosen(self, row: int) -> None:
        self.save_button.setEnabled(row >= 0)

    def _save(self) -> None:
        index = self.current_index()
        if index is not None:
            self.save_requested.emit(index)
