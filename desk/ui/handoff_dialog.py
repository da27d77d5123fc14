"""Handing a cluster to another service: which service, a word for it, and whether to tell people.

Shown by :class:`desk.ui.handoff_controller.HandoffController` once the
team's services are read. Nothing here touches the store: the dialog only
says what the agent chose.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk.replies.handoffs import Service
from desk.ui.widgets import named


class HandoffDialog(QDialog):
    """Choose the service; Hand off is the confirmation (nothing leaves before it)."""

    def __init__(self, services: list[Service], count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Hand off to another service"))
        named(
            self,
            self.tr("Hand off to another service"),
            self.tr("Forward the chosen messages to a service and wait for its answer."),
        )
        self.summary = QLabel(
            self.tr(
                "%n message(s) will be forwarded with their originals attached. They leave the "
                "queue until the service answers or its delay passes.",
                "",
                count,
            ),
            self,
        )
        self.summary.setWordWrap(True)
        self.service = QComboBox(self)
        self.service.setObjectName("service")
        locale = QLocale()
        for service in services:
            self.service.addItem(
                self.tr("{name} <{address}>, within {hours} h").format(
                    name=service.name, address=service.address,
                    hours=locale.toString(service.delay_hours),
                )
            )  # fmt: skip
        named(self.service, self.tr("Service"), self.tr("The service the messages go to."))
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("What the service should know (optional)"))
        named(self.note, self.tr("Note"), self.tr("Sent to the service above the originals."))
        self.tell = QCheckBox(self.tr("&Tell each person their request was handed on"), self)
        self.tell.setObjectName("tell")
        named(
            self.tell,
            self.tr("Tell each person"),
            self.tr("One short message to each person: to whom, and until when."),
        )
        self.empty = QLabel(
            self.tr("No service yet: a team lead adds them (desk handoff add-service)."), self
        )
        self.empty.setVisible(not services)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.hand = self.buttons.addButton(
            self.tr("&Hand off"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.hand.setObjectName("hand_off")
        named(self.hand, self.tr("Hand off"), self.tr("Forward the messages now."))
        self.hand.setEnabled(bool(services))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        named(cancel, self.tr("Cancel"), self.tr("Close without handing anything on."))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Service:"), self.service)
        form.addRow(self.tr("&Note:"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty)
        layout.addLayout(form)
        layout.addWidget(self.tell)
        layout.addWidget(self.buttons)

    def chosen(self) -> Service | None:
        """The service chosen, or None when there is none."""
        index = self.service.currentIndex()
        return self.services[index] if 0 <= index < len(self.services) else None
