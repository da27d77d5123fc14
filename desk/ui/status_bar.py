"""The window's status bar: the mailbox connection, sync and sending progress, the outbox.

It only shows: the main window decides what each change means for the rest
(reloading the queue, telling the agent about refused replies).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from desk.ui.mailbox_controller import Connection
from desk.ui.widgets import named
from desk.workbench.answering import OutboxCounts

BAR_WIDTH = 180


class DeskStatusBar(QStatusBar):
    """Connection state and busy line on the left; progress, Stop and the outbox on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("connectionState")
        self.database_label = QLabel(self)
        self.database_label.setObjectName("databaseState")
        self.database_label.hide()
        self.busy_label = QLabel(self)
        self.outbox_label = QLabel(self)
        self.outbox_label.setObjectName("outboxState")
        self.sync_bar = QProgressBar(self)
        self.sync_bar.setObjectName("syncProgress")
        self.sync_bar.setMaximumWidth(BAR_WIDTH)
        self.sync_bar.setAccessibleName(self.tr("Sync progress"))
        self.sync_bar.hide()
        self.send_bar = QProgressBar(self)
        self.send_bar.setObjectName("sendProgress")
        self.send_bar.setMaximumWidth(BAR_WIDTH)
        self.send_bar.setAccessibleName(self.tr("Sending progress"))
        self.send_bar.hide()
        self.cancel_send = QPushButton(self.tr("Stop sending"), self)
        self.cancel_send.setObjectName("cancelSend")
        named(
            self.cancel_send,
            self.tr("Stop sending"),
            self.tr("Stop after the reply going out now; the rest stays in the outbox"),
        )
        self.cancel_send.hide()
        self.addWidget(self.database_label)
        self.addWidget(self.connection_label)
        self.addWidget(self.busy_label)
        self.addPermanentWidget(self.sync_bar)
        self.addPermanentWidget(self.send_bar)
        self.addPermanentWidget(self.cancel_send)
        self.addPermanentWidget(self.outbox_label)

    def show_connection(self, state: str, detail: str) -> None:
        """Say whether the mailbox is reachable, and when the next try is when it is not."""
        texts = {
            Connection.NOT_SET_UP.value: self.tr("No mailbox account (reading only)"),
            Connection.CONNECTING.value: self.tr("Connecting…"),
            Connection.CONNECTED.value: self.tr("Connected"),
            Connection.FOLLOWING.value: (
                self.tr("Synced by {holder}").format(holder=detail)
                if detail
                else self.tr("Synced by the team's service")
            ),
            Connection.OFFLINE.value: self.tr("Offline — retrying in {seconds} s").format(
                seconds=detail
            ),
            Connection.REFUSED.value: self.tr("Mailbox refused: {reason}").format(reason=detail),
        }
        self.connection_label.setText(texts.get(state, state))
        self.connection_label.setAccessibleName(self.connection_label.text())

    def show_database(self, state: str, detail: str) -> None:
        """Say the database dropped and when the next try is; nothing while it answers."""
        if state == "ok":
            self.database_label.hide()
            self.database_label.setText("")
            return
        if state == "refused":
            text = self.tr("Database refused: {reason}").format(reason=detail)
        else:
            text = self.tr("Database connection lost — reconnecting (next try in {seconds} s)")
            text = text.format(seconds=detail)
        self.database_label.setText(text)
        self.database_label.setAccessibleName(self.database_label.text())
        self.database_label.show()

    def show_sync(self, done: int, total: int, text: str) -> None:
        """How far the sync pass is, stage by stage."""
        self.sync_bar.show()
        self.sync_bar.setMaximum(max(total, 0))
        self.sync_bar.setValue(done)
        stage = text.rpartition(":")[2]
        stages = {
            "connecting": self.tr("Connecting"),
            "checking": self.tr("Checking"),
            "headers": self.tr("Headers %v/%m"),
            "bodies": self.tr("Messages %v/%m"),
            "done": self.tr("Done"),
            "clustering": self.tr("Clustering"),
        }
        self.sync_bar.setFormat(stages.get(stage, stage))

    def sync_done(self) -> None:
        """The pass ended."""
        self.sync_bar.hide()

    def sending(self, done: int, total: int) -> None:
        """Replies handled so far; total 0 while the outbox looks at what is due."""
        self.send_bar.setMaximum(total)
        self.send_bar.setValue(done)
        self.send_bar.setFormat(self.tr("Sending %v/%m"))
        self.send_bar.show()
        self.cancel_send.show()

    def sending_done(self) -> None:
        """The outbox run ended (sent, stopped or failed)."""
        self.send_bar.hide()
        self.cancel_send.hide()

    def show_outbox(self, counts: OutboxCounts) -> None:
        """How many replies wait, how many failed, and how many are in doubt (an agent decides)."""
        locale = QLocale()
        text = self.tr("Outbox: {waiting} waiting").format(waiting=locale.toString(counts.waiting))
        if counts.failed:
            text = self.tr("Outbox: {waiting} waiting, {failed} failed").format(
                waiting=locale.toString(counts.waiting), failed=locale.toString(counts.failed)
            )
        if counts.in_doubt:
            text = self.tr("{outbox}, {in_doubt} in doubt").format(
                outbox=text, in_doubt=locale.toString(counts.in_doubt)
            )
        if counts.handed_on:
            text = self.tr("{outbox}; {count} with other services").format(
                outbox=text, count=locale.toString(counts.handed_on)
            )
        self.outbox_label.setText(text)
        self.outbox_label.setAccessibleName(text)
