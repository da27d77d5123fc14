"""Ctrl+Shift+H: hand the open cluster (its chosen messages) to another service.

Reads the team's services on a worker, asks with :class:`HandoffDialog`,
hands the messages on on a worker, then says what happened and reloads the
queue (the messages wait out of it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from desk.app import App
from desk.replies.handoffs import HandoffResult, Service
from desk.ui.handoff_dialog import HandoffDialog
from desk.ui.queue_controller import QueueController
from desk.ui.tasks import TaskRunner
from desk.workbench.handing_off import hand_off_messages, team_services

translate = QCoreApplication.translate


@dataclass(frozen=True)
class Host:
    """What the controller asks of the window, read when needed (the window changes them)."""

    account_id: Callable[[], int | None]
    agent_id: Callable[[], int | None]
    say: Callable[[str], None]  # the status bar
    inform: Callable[[str, str], None]  # a message box that needs reading


class HandoffController(QObject):
    """Hands the open cluster's chosen messages to a service, after the agent confirms."""

    handed = Signal(object)  # the HandoffResult
    failed = Signal(object)  # an exception the agent should read

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        queue: QueueController,
        host: Host,
        parent: QWidget,
        ask: Callable[[list[Service], int], HandoffDialog] | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.runner, self.queue, self.host = app, runner, queue, host
        self.parent_widget = parent
        self.ask = ask or (lambda services, count: HandoffDialog(services, count, parent))

    def hand_off(self) -> None:
        """Start: nothing chosen or no mailbox is said; otherwise read the services."""
        ids = self.queue.model.included_ids()
        if not ids:
            self.host.say(translate("MainWindow", "Choose a cluster to hand off first."))
            return
        if self.host.account_id() is None:
            self.host.say(
                translate("MainWindow", "Set up the mailbox first: the forward leaves from it.")
            )
            return
        self.runner.run(
            "read services",
            team_services,
            self.app.store.sessions,
            on_done=partial(self._ask, ids),
            on_error=self.failed.emit,
        )

    def _ask(self, ids: list[int], services: list[Service]) -> None:
        dialog = self.ask(services, len(ids))
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            service = dialog.chosen()
            note, tell = dialog.note.toPlainText(), dialog.tell.isChecked()
        finally:
            dialog.deleteLater()
        account_id = self.host.account_id()
        if service is None or account_id is None:
            return
        self.runner.run(
            "hand off",
            partial(
                hand_off_messages,
                self.app.store.sessions,
                account_id,
                ids,
                service,
                note=note,
                tell_person=tell,
                agent_id=self.host.agent_id(),
            ),
            on_done=partial(self._handed, service),
            on_error=self.failed.emit,
        )

    def _handed(self, service: Service, result: HandoffResult) -> None:
        if result.waiting:
            self.host.say(
                self.tr(
                    "Handed %n message(s) to {service} ({reference}).", "", len(result.waiting)
                ).format(service=service.name, reference=result.reference)
            )
            self.queue.forget_row()
        if result.refused:
            lines = [f"{mid}: {why}" for mid, why in result.refused[:20]]
            self.host.inform(
                translate("MainWindow", "Some messages were not handed on"),
                self.tr("%n message(s) stayed in the queue:", "", len(result.refused))
                + "\n"
                + "\n".join(lines),
            )
        self.queue.reload()
        self.handed.emit(result)
