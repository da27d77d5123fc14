"""What the mailbox did, told in the window: new mail, replies sent or failed, the outbox.

:class:`~desk.ui.mailbox_controller.MailboxController` runs the sync passes
and outbox runs; this reads their outcomes for the agent: the status bar's
progress and counts, a message box naming the replies that failed, and a
queue reload when the mail or the outbox changed what there is to answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal

from desk.app import App
from desk.mail.outbox import SendReport
from desk.ui.mailbox_controller import MailboxController
from desk.ui.status_bar import DeskStatusBar
from desk.ui.tasks import TaskRunner
from desk.workbench.answer_tasks import read_outbox_counts
from desk.workbench.answering import OutboxCounts
from desk.workbench.mailbox import SyncOutcome

LISTED = 30  # failed replies named in the message box
translate = QCoreApplication.translate


class MailReports(QObject):
    """Turns the mailbox controller's signals into the status bar and the agent's messages."""

    reload_wanted = Signal()  # new mail, or replies went: the queue changed

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        mailbox: MailboxController,
        status: DeskStatusBar,
        inform: Callable[[str, str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.status = status
        self.inform = inform  # the window's, looked up when called (tests answer for it)
        self.last_send_report: SendReport | None = None
        self.outbox = OutboxCounts(0, 0, 0)  # as the status bar shows it
        self._leader_synced_at: datetime | None = None  # the team's syncer's last pass seen
        status.show_connection(mailbox.state.value, mailbox.detail)
        mailbox.state_changed.connect(status.show_connection)
        mailbox.sync_progress.connect(status.show_sync)
        mailbox.synced.connect(self._synced)
        mailbox.send_started.connect(lambda: status.sending(0, 0))
        mailbox.send_progress.connect(status.sending)
        mailbox.sent.connect(self._sent)
        mailbox.send_failed.connect(self._send_failed)
        status.cancel_send.clicked.connect(mailbox.cancel_sending)

    def count_outbox(self) -> None:
        """Read the outbox's counts again (on a worker) for the status bar."""
        self.runner.run(
            "outbox counts", read_outbox_counts, self.app.store.sessions, on_done=self.show_outbox
        )

    def show_outbox(self, counts: OutboxCounts) -> None:
        """Show how many replies wait, go out, failed or are in doubt."""
        self.outbox = counts
        self.status.show_outbox(counts)

    def _synced(self, outcome: SyncOutcome) -> None:
        self.status.sync_done()
        if outcome.following:
            # Another client synced for the team: what it stored is in the shared store.
            synced_at = outcome.leader.last_sync_at if outcome.leader is not None else None
            if synced_at != self._leader_synced_at:
                self._leader_synced_at = synced_at
                self.reload_wanted.emit()
            return
        if outcome.new or outcome.gone or outcome.clustered:
            self.status.showMessage(
                translate("MainWindow", "{count} new messages.").format(
                    count=QLocale().toString(outcome.new)
                ),
                8000,
            )
            self.reload_wanted.emit()

    def _sent(self, report: SendReport) -> None:
        self.status.sending_done()
        self.last_send_report = report
        self.count_outbox()
        if report.sent or report.recovered_sent:
            self.status.showMessage(
                translate("MainWindow", "{count} replies sent.").format(
                    count=QLocale().toString(report.sent + report.recovered_sent)
                ),
                8000,
            )
        if report.errors:
            lines = [f"{to}: {reason}" for _rid, to, reason in report.errors[:LISTED]]
            self.inform(
                translate("MainWindow", "Some replies could not be sent"),
                translate("MainWindow", "{count} replies failed:").format(
                    count=QLocale().toString(len(report.errors))
                )
                + "\n"
                + "\n".join(lines),
            )
        if report.sent or report.failed:
            self.reload_wanted.emit()

    def _send_failed(self, text: str) -> None:
        self.status.sending_done()
        self.status.showMessage(
            translate(
                "MainWindow", "Sending stopped: {error}. The replies stay in the outbox."
            ).format(error=text),
            30000,
        )
        self.count_outbox()
