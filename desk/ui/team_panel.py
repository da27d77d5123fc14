"""Who is connected, and what each agent holds since when: the team at a glance.

A tab beside the queue. It lists every running window and the service, from
their heartbeats (:mod:`desk.queue.presence`), with the messages and
clusters each agent holds. A team lead can give back an agent's claims (an
agent who left for lunch with a cluster open); PostgreSQL itself refuses that
to an agent, so the button is only a courtesy.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.app import App
from desk.queue.conflicts import Conflict, ConflictReason
from desk.ui.tasks import TaskRunner
from desk.ui.widgets import named
from desk.workbench.team import PresentAgent, present_agents, release_agent_claims


class TeamPanel(QWidget):
    """The present agents and the service, with what they hold; leads release claims."""

    released = Signal(int)  # how many claims a lead gave back

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.can_release = False  # a team lead (or the database's owner, or one agent alone)
        self.agents: list[PresentAgent] = []
        self._loading = False
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("teamTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Who"),
                self.tr("Where"),
                self.tr("Connected since"),
                self.tr("Holds"),
                self.tr("Last seen"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        named(
            self.table,
            self.tr("Team"),
            self.tr("Who is connected, what each agent holds and since when"),
        )
        self.summary = QLabel(self)
        self.summary.setObjectName("teamSummary")
        self.release_button = QPushButton(self.tr("&Release their claims"), self)
        self.release_button.setObjectName("releaseClaims")
        named(
            self.release_button,
            self.tr("Release their claims"),
            self.tr("Give the selected agent's messages back to the queue (team leads)"),
        )
        self.release_button.setEnabled(False)
        self.release_button.clicked.connect(self.release_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.release_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        """Load who is here now (on a worker); a refresh already under way is enough."""
        if self._loading:
            return
        self._loading = True
        self.runner.run(
            "who is here",
            present_agents,
            self.app.store.sessions,
            on_done=self._arrived,
            on_error=self._failed,
        )

    def _failed(self, _exc: BaseException) -> None:
        self._loading = False

    def _arrived(self, agents: list[PresentAgent]) -> None:
        self._loading = False
        selected = self.selected()
        self.agents = agents
        locale = QLocale()
        self.table.setRowCount(len(agents))
        for row, agent in enumerate(agents):
            service = agent.kind == "service"
            who = self.tr("The team's service") if service else agent.display_name
            holds = (
                self.tr("{messages}, {clusters}").format(
                    messages=self.tr("%n message(s)", "", agent.held_messages),
                    clusters=self.tr("%n cluster(s)", "", len(agent.held_clusters)),
                )
                if agent.held_messages
                else "—"
            )
            cells = (
                who,
                agent.host,
                locale.toString(_qt_time(agent.since), QLocale.FormatType.ShortFormat),
                holds,
                locale.toString(_qt_time(agent.heartbeat_at).time(), "HH:mm:ss"),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, agent.token)
                self.table.setItem(row, column, item)
            if selected is not None and agent.token == selected.token:
                self.table.selectRow(row)
        agents_here = sum(1 for a in agents if a.kind == "window")
        self.summary.setText(
            self.tr("{agents} agents connected; {held} messages held").format(
                agents=locale.toString(agents_here),
                held=locale.toString(sum(a.held_messages for a in agents)),
            )
        )
        self._selection_changed()

    # ---------------------------------------------------------------- releasing
    def selected(self) -> PresentAgent | None:
        """The agent chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.agents):
            return None
        return self.agents[rows[0].row()]

    def _selection_changed(self) -> None:
        agent = self.selected()
        self.release_button.setEnabled(
            self.can_release
            and agent is not None
            and agent.agent_id is not None
            and agent.held_messages > 0
        )

    def release_selected(self) -> None:
        """Give the selected agent's claims back to the queue."""
        agent = self.selected()
        if agent is None or agent.agent_id is None or not self.can_release:
            return
        self.runner.run(
            "release an agent's claims",
            release_agent_claims,
            self.app.store.sessions,
            agent.agent_id,
            on_done=self._released,
        )

    def _released(self, count: int) -> None:
        self.released.emit(count)
        self.refresh()


def conflict_text(conflict: Conflict) -> str:
    """One message that stopped an answer, and why, in the window's language."""
    translate = QCoreApplication.translate
    who = conflict.sender or str(conflict.message_id)
    reason = conflict.reason
    if reason is ConflictReason.ANSWERED:
        text = translate("TeamPanel", "{who}: answered meanwhile by someone else")
    elif reason is ConflictReason.REPLY_ON_ITS_WAY:
        text = translate("TeamPanel", "{who}: an answer is already on its way")
    elif reason is ConflictReason.HELD:
        text = translate("TeamPanel", "{who}: now held by {holder}")
    elif reason is ConflictReason.WROTE_AGAIN:
        text = translate("TeamPanel", "{who}: wrote again at {time}")
    elif reason is ConflictReason.CLOSED:
        text = translate("TeamPanel", "{who}: closed meanwhile")
    else:
        text = translate("TeamPanel", "{who}: no longer in the mailbox")
    when = QLocale().toString(_qt_time(conflict.at).time(), "HH:mm") if conflict.at else ""
    return text.format(who=who, holder=conflict.holder or "?", time=when)


def _qt_time(moment: datetime) -> QDateTime:
    """A stored (UTC) moment as Qt shows it: in the computer's time zone."""
    return QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000))
