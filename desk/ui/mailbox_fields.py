"""The account dialog's mailbox part: its name, address, folders and sending rate."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget

from desk.ui.server_box import as_text

MAX_RATE_LIMIT = 10_000


class MailboxFields(QGroupBox):
    """Account name, shared address, display name, folders to sync, Sent and processed folders."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Mailbox"), parent)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("display_name")
        self.folders = QLineEdit()
        self.folders.setObjectName("folders")
        self.sent_folder = QLineEdit()
        self.sent_folder.setObjectName("sent_folder")
        self.processed_folder = QLineEdit()
        self.processed_folder.setObjectName("processed_folder")
        self.rate_limit = QSpinBox()
        self.rate_limit.setObjectName("rate_limit")
        self.rate_limit.setRange(0, MAX_RATE_LIMIT)
        self.rate_limit.setSpecialValueText(self.tr("No limit"))
        self.processed_folder.setPlaceholderText(self.tr("Optional"))
        self.address.setPlaceholderText(self.tr("contact@example.org"))

        form = QFormLayout(self)
        for text, field, name, description in (
            (
                self.tr("Account &name:"),
                self.name,
                self.tr("Account name"),
                self.tr("A short name for this mailbox; its passwords are kept under it."),
            ),
            (
                self.tr("Mailbox a&ddress:"),
                self.address,
                self.tr("Mailbox address"),
                self.tr("The shared address replies are sent from."),
            ),
            (
                self.tr("Display na&me:"),
                self.display_name,
                self.tr("Display name"),
                self.tr("The name recipients see beside the address (optional)."),
            ),
            (
                self.tr("&Folders to sync:"),
                self.folders,
                self.tr("Folders to sync"),
                self.tr("The server folders Desk reads, separated by commas."),
            ),
            (
                self.tr("S&ent folder:"),
                self.sent_folder,
                self.tr("Sent folder"),
                self.tr("The server folder where sent replies are filed."),
            ),
            (
                self.tr("&Processed folder:"),
                self.processed_folder,
                self.tr("Processed folder"),
                self.tr("Answered messages are moved to this folder (optional)."),
            ),
            (
                self.tr("Rate &limit (messages per minute):"),
                self.rate_limit,
                self.tr("Rate limit in messages per minute"),
                self.tr("The most replies sent in one minute; zero means no limit."),
            ),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(name)
            field.setAccessibleDescription(description)
            form.addRow(label, field)

    def fields(self) -> list[QWidget]:
        """The fields in tab order."""
        return [
            self.name,
            self.address,
            self.display_name,
            self.folders,
            self.sent_folder,
            self.processed_folder,
            self.rate_limit,
        ]

    def prefill(self, data: Mapping[str, object]) -> None:
        """Show the mailbox keys of ``[account]`` (INBOX and Sent when none are set)."""
        self.name.setText(as_text(data.get("name")))
        self.address.setText(as_text(data.get("address")))
        self.display_name.setText(as_text(data.get("display_name")))
        folders = data.get("folders", ["INBOX"])
        if isinstance(folders, list | tuple):
            self.folders.setText(", ".join(str(folder) for folder in folders))
        else:
            self.folders.setText(as_text(folders))
        self.sent_folder.setText(as_text(data.get("sent_folder")) or "Sent")
        self.processed_folder.setText(as_text(data.get("processed_folder")))
        rate = data.get("rate_limit_per_minute")
        if isinstance(rate, int) and not isinstance(rate, bool):
            self.rate_limit.setValue(rate)

    def values(self) -> dict[str, object]:
        """The mailbox keys of ``[account]`` as the fields say (before checking)."""
        folders = [part.strip() for part in self.folders.text().split(",") if part.strip()]
        return {
            "name": self.name.text().strip(),
            "address": self.address.text().strip(),
            "display_name": self.display_name.text().strip(),
            "folders": folders,
            "sent_folder": self.sent_folder.text().strip(),
            "processed_folder": self.processed_folder.text().strip(),
            "rate_limit_per_minute": self.rate_limit.value() or None,
        }
