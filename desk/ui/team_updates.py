"""What the team changed, applied to the window: only the parts it touched, a moment later.

:class:`~desk.ui.team_controller.TeamController` hands over the changes
others made (claims, new mail, answers, templates, presence …) and whether
the database is reachable. Changes are gathered for :data:`CHANGES_DELAY_MS`
and applied at once: the queue reloads only when rows may come or go, the
claims alone are looked at again when only they changed, and so on.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QObject
from PySide6.QtGui import QAction

from desk.ui.answer_panel import AnswerPanel
from desk.ui.answering_controller import AnsweringController
from desk.ui.mail_reports import MailReports
from desk.ui.mailbox_controller import MailboxController
from desk.ui.queue_controller import QueueController
from desk.ui.status_bar import DeskStatusBar
from desk.ui.team_controller import TeamController
from desk.ui.team_panel import TeamPanel
from desk.ui.widgets import delay_timer
from desk.workbench.team import Change

CHANGES_DELAY_MS = 300  # others' changes are gathered this long, then applied at once
RELOADING = {"resync", "mail", "clusters", "messages", "settings"}  # rows may come or go


class TeamUpdates(QObject):
    """Applies others' changes and the database's comings and goings to the window."""

    def __init__(
        self,
        team: TeamController,
        queue: QueueController,
        answering: AnsweringController,
        reports: MailReports,
        mailbox: MailboxController,
        answer: AnswerPanel,
        team_panel: TeamPanel,
        status: DeskStatusBar,
        next_for_me: QAction,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.answering = answering
        self.reports = reports
        self.mailbox = mailbox
        self.answer = answer
        self.team_panel = team_panel
        self.status = status
        self.next_for_me = next_for_me
        self._kinds: set[str] = set()
        self._timer = delay_timer(self, CHANGES_DELAY_MS, self.apply)
        team.changed.connect(self.gather)
        team.database_state.connect(self.database_state)
        team_panel.released.connect(self.claims_released)

    def gather(self, changes: list[Change]) -> None:
        """Others changed something: gather a moment's worth, then update only that."""
        self._kinds.update(change.kind for change in changes)
        self._timer.start()

    def apply(self) -> None:
        """Update what the gathered changes touched."""
        kinds, self._kinds = self._kinds, set()
        if kinds & RELOADING:
            self.queue.reload()  # rows come or go; holders come with them
        elif "claims" in kinds:
            self.queue.refresh_claims()
        if kinds & {"resync", "outbox"}:
            self.reports.count_outbox()
        if kinds & {"resync", "templates"}:
            self.answer.load_templates()
        if kinds & {"resync", "presence", "claims"}:
            self.team_panel.refresh()
        if kinds & {"resync", "sync"} and self.mailbox.state.value == "following":
            self.mailbox.sync_now()  # who syncs for the team, and when they last did

    def claims_released(self, count: int) -> None:
        """A lead gave an agent's claims back: say so, and grey the rows no more."""
        self.status.showMessage(
            QCoreApplication.translate(
                "MainWindow", "{count} claims given back to the queue."
            ).format(count=QLocale().toString(count)),
            8000,
        )
        self.queue.refresh_claims()

    def database_state(self, state: str, detail: str) -> None:
        """The database dropped (reconnecting, next try in ``detail`` s) or is back ("ok")."""
        self.status.show_database(state, detail)
        self.next_for_me.setEnabled(state == "ok")
        self.answering.update()
        if state == "ok":
            self.answering.database_back()
