"""The agent's main window: the queue, the selected cluster's messages, the message, the answer.

Left, the queue (clusters and lone messages by priority; a second tab lists
people with several open messages). Middle, the messages behind the
selected row, each with a check box to leave it out of the answer. Right,
the message being read and, under it, the answer pane. The similarity
slider, the search field and the status bar sit around them.

The window never touches the database or the network itself: every call
goes through the task runner and comes back as plain rows.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QLocale, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSlider,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from desk.app import App
from desk.config import Settings, load_settings
from desk.core.errors import DeskError
from desk.mail.account import AccountConfig, account_from_mapping, save_account
from desk.mail.drafts import ReplyDraft
from desk.mail.outbox import SendReport
from desk.queue.claims import DEFAULT_LEASE as CLAIM_LEASE
from desk.queue.locks import database_now
from desk.queue.team_weights import team_weights
from desk.replies.defaults import install_default_templates
from desk.replies.templates import list_templates
from desk.store.errors import connection_lost
from desk.store.models import Message
from desk.store.notify import Change
from desk.store.search import search_messages
from desk.team.identity import connected_login, team_role
from desk.ui.answer_panel import AnswerPanel
from desk.ui.asks_more import LeaveOut, LeaveOutQuestion
from desk.ui.collector import CollectorPolicy
from desk.ui.mailbox_controller import MailboxController
from desk.ui.message_view import MessageView
from desk.ui.models import MessageListModel, QueueModel
from desk.ui.status_bar import DeskStatusBar
from desk.ui.suggestion_model import SuggestedQueueModel
from desk.ui.suggestions_controller import SuggestionsController
from desk.ui.tasks import Task, TaskRunner
from desk.ui.team_controller import TeamController
from desk.ui.team_panel import TeamPanel, conflict_text
from desk.ui.widgets import delay_timer, named
from desk.workbench.answering import (
    AgentInfo,
    OutboxCounts,
    QueuedAnswer,
    answer_recorded,
    claim_for_answer,
    current_agent,
    outbox_counts,
    queue_answer,
    release_claims,
    undo_answer,
)
from desk.workbench.clustering import Clustering
from desk.workbench.dispatch import TakenCluster, take_next
from desk.workbench.mailbox import SyncOutcome
from desk.workbench.worklist import (
    MessageRow,
    QueueRow,
    holders_by_row,
    load_queue,
    load_senders,
    message_rows,
    representative_text,
    row_members,
    weights_from_settings,
)

log = logging.getLogger(__name__)

PENDING_SLACK = timedelta(seconds=5)  # clocks of window and database may differ a little
CHANGES_DELAY_MS = 300  # others' changes are gathered this long, then applied at once
SEARCH_DELAY_MS = 250
REGROUP_DELAY_MS = 400
CONFIRM_SHOWN = 5


def _table(parent: QWidget, object_name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(object_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.horizontalHeader().setStretchLastSection(True)
    view.setTabKeyNavigation(False)
    return view


def account_of(app: App) -> AccountConfig | None:
    """The mailbox account the settings describe, or None when none is set up."""
    if not app.settings.account:
        return None
    return account_from_mapping(dict(app.settings.account))


class MainWindow(QMainWindow):
    """Desk's window for one agent."""

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        *,
        login: str | None = None,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self._login = login or getpass.getuser()
        # The demo mailbox is a week of 2020: its queue is seen as at its last message.
        self._demo = demo
        self._demo_anchor: tuple[datetime, datetime] | None = None
        self.agent: AgentInfo | None = None
        self.weights = weights_from_settings(app.settings)
        self.clustering = Clustering(app.store.sessions, app.cluster_threshold())
        self.account_error: str | None = None
        try:
            config = account_of(app)
        except DeskError as exc:
            config, self.account_error = None, exc.describe()
        self.mailbox = MailboxController(app, runner, self.clustering, config, self)
        # Others' claims, answers and new mail arrive by NOTIFY; a dropped database shows.
        self.team = TeamController(app, runner, self)
        self._pending_answer: tuple[list[int], datetime] | None = None  # confirmed, not back
        self._can_release = False  # may give back others' claims (a lead; one agent alone)
        self._claims_again = False  # claims changed while the last look was under way
        # Started by the application (launch.py); tests keep Python's own collector.
        self.collector = CollectorPolicy(runner, self)
        self.mailbox.heavy_work = self.collector.paused
        self.account_id: int | None = None
        self._current: QueueRow | None = None
        self._claimed: list[int] = []
        self._leader_synced_at: datetime | None = None  # the team's syncer's last pass seen
        self._opened_at = datetime.now(UTC)
        self._activity: list[datetime] = []
        self._queue_task: Task[tuple[list[QueueRow], list[QueueRow], datetime]] | None = None
        self._members_task: Task[tuple[list[int], list[int], str | None]] | None = None
        self._search_task: Task[list[int]] | None = None
        self._claims_task: Task[dict[str, tuple[str, int]]] | None = None
        self._representative: str | None = None
        self._undo: QueuedAnswer | None = None
        self._undo_left = 0
        self.queue_loaded = False
        self.setWindowTitle(self.tr("Desk — shared mailbox"))
        self.setObjectName("mainWindow")
        named(self, self.tr("Desk"), self.tr("Answer the shared mailbox cluster by cluster"))
        self._build()
        self.suggestions = SuggestionsController(self)  # suggested templates, answered by them
        self._build_actions()
        self._build_status()
        self._connect()

    # ================================================================== layout
    def _build(self) -> None:
        central = QWidget(self)
        self.search = QLineEdit(central)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search sender, subject and text (Ctrl+F)"))
        named(
            self.search,
            self.tr("Search messages"),
            self.tr("Full-text search; the results replace the message list, Escape clears"),
        )
        self.slider = QSlider(Qt.Orientation.Horizontal, central)
        self.slider.setObjectName("similarity")
        self.slider.setRange(60, 100)
        self.slider.setValue(round(self.clustering.threshold))
        self.slider.setPageStep(5)
        named(
            self.slider,
            self.tr("Similarity"),
            self.tr("How alike messages must be to share a cluster; moving it regroups at once"),
        )
        self.slider_label = QLabel(central)
        self.slider_label.setBuddy(self.slider)
        self._show_threshold(self.slider.value())
        top = QHBoxLayout()
        search_label = QLabel(self.tr("&Search:"), central)
        search_label.setBuddy(self.search)
        top.addWidget(search_label)
        top.addWidget(self.search, 2)
        top.addWidget(self.slider_label)
        top.addWidget(self.slider, 1)

        self.queue_model = SuggestedQueueModel(self)
        self.queue_view = _table(central, "queueView")
        self.queue_view.setModel(self.queue_model)
        self._size_queue_columns(self.queue_view)
        named(
            self.queue_view,
            self.tr("Queue"),
            self.tr(
                "Clusters and lone messages, most urgent first; Ctrl+Down and Ctrl+Up move, "
                "Enter opens"
            ),
        )
        self.senders_model = QueueModel(self)
        self.senders_view = _table(central, "sendersView")
        self.senders_view.setModel(self.senders_model)
        self._size_queue_columns(self.senders_view)
        named(
            self.senders_view,
            self.tr("Senders"),
            self.tr("People with several open messages: answer all of them at once"),
        )
        self.tabs = QTabWidget(central)
        self.tabs.setObjectName("queueTabs")
        named(self.tabs, self.tr("Work lists"), self.tr("The queue, or the people to answer"))
        self.tabs.addTab(self.queue_view, self.tr("&Queue"))
        self.tabs.addTab(self.senders_view, self.tr("Se&nders"))
        self.team_panel = TeamPanel(self.app, self.runner, central)
        self.tabs.addTab(self.team_panel, self.tr("T&eam"))
        self.breakdown = QLabel(central)
        self.breakdown.setObjectName("breakdown")
        self.breakdown.setWordWrap(True)
        self.breakdown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left = QWidget(central)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tabs, 1)
        left_layout.addWidget(self.breakdown)

        self.messages_model = MessageListModel(self.runner, self._fetch_rows, self)
        self.messages_view = _table(central, "messagesView")
        self.messages_view.setModel(self.messages_model)
        self.messages_view.resizeColumnToContents(MessageListModel.INCLUDE)
        self.messages_view.setColumnWidth(
            MessageListModel.ASKS_MORE,
            self.messages_model.marker_width(self.messages_view.fontMetrics()),
        )
        self.messages_view.setColumnWidth(MessageListModel.FROM, 140)
        self.messages_view.setColumnWidth(MessageListModel.SUBJECT, 180)
        named(
            self.messages_view,
            self.tr("Messages"),
            self.tr("The messages behind the selected row; Ctrl+E leaves one out of the answer"),
        )
        self.messages_title = QLabel(central)
        self.messages_title.setObjectName("messagesTitle")
        self.messages_title.setWordWrap(True)
        self.move_button = QPushButton(self.tr("Move &out of cluster"), central)
        self.move_button.setObjectName("moveOut")
        named(
            self.move_button,
            self.tr("Move out of cluster"),
            self.tr("Take the selected message out of this cluster (Ctrl+Shift+M)"),
        )
        self.merge_button = QPushButton(self.tr("&Merge into…"), central)
        self.merge_button.setObjectName("merge")
        named(
            self.merge_button,
            self.tr("Merge clusters"),
            self.tr("Merge this cluster into another one you choose (Ctrl+M)"),
        )
        middle = QWidget(central)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.messages_title)
        middle_layout.addWidget(self.messages_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.merge_button)
        middle_layout.addLayout(buttons)

        self.message_view = MessageView(self.app, self.runner, central)
        self.answer = AnswerPanel(self.app, self.runner, central)
        self.undo_bar = QWidget(central)
        self.undo_bar.setObjectName("undoBar")
        self.undo_label = QLabel(self.undo_bar)
        self.undo_button = QPushButton(self.tr("&Undo"), self.undo_bar)
        self.undo_button.setObjectName("undoButton")
        named(
            self.undo_button,
            self.tr("Undo the answer"),
            self.tr("Take back the replies before they leave (Ctrl+Z)"),
        )
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(0, 0, 0, 0)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        right = QSplitter(Qt.Orientation.Vertical, central)
        right.addWidget(self.message_view)
        answer_box = QWidget(right)
        answer_layout = QVBoxLayout(answer_box)
        answer_layout.setContentsMargins(0, 0, 0, 0)
        answer_layout.addWidget(self.answer, 1)
        answer_layout.addWidget(self.undo_bar)
        right.addWidget(answer_box)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 1)
        right.setSizes([360, 440])

        split = QSplitter(Qt.Orientation.Horizontal, central)
        split.addWidget(left)
        split.addWidget(middle)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 4)
        split.setSizes([430, 300, 550])
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.setCentralWidget(central)
        self.resize(1280, 800)
        self.setTabOrder(self.search, self.slider)
        self.setTabOrder(self.slider, self.tabs)
        self.setTabOrder(self.tabs, self.queue_view)
        self.setTabOrder(self.queue_view, self.messages_view)

    def _size_queue_columns(self, view: QTableView) -> None:
        """Widths from the font, not from the rows: measuring 5,000 rows stalled every reload."""
        metrics = view.fontMetrics()
        header = view.horizontalHeader()
        padding = 3 * metrics.horizontalAdvance(" ")
        samples = {
            QueueModel.PRIORITY: "8888",
            QueueModel.TITLE: "M" * 16,
            QueueModel.COUNT: "88888",
            QueueModel.WAITING: "88 d 88 h",
            QueueModel.LEFT: "overdue by 88 d 88 h",
        }
        titles = self.queue_model.headers()
        for column, sample in samples.items():
            width = max(
                metrics.horizontalAdvance(sample), metrics.horizontalAdvance(titles[column])
            )
            header.resizeSection(column, width + padding)
        # The suggestion next to what the cluster asks: at the end it was off-screen.
        header.moveSection(header.visualIndex(SuggestedQueueModel.SUGGESTED), QueueModel.TITLE + 1)
        header.resizeSection(
            SuggestedQueueModel.SUGGESTED, metrics.horizontalAdvance("M" * 12) + padding
        )

    def _action(
        self,
        text: str,
        shortcut: str | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
        tip: str,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.account_action = self._action(
            self.tr("Mailbox &account…"), None, self.open_account, self.tr("Set up the mailbox")
        )
        self.settings_action = self._action(
            self.tr("&Settings…"), "Ctrl+,", self.open_settings, self.tr("Language, undo window…")
        )
        self.sync_action = self._action(
            self.tr("S&ync now"), "F5", self.mailbox.sync_now, self.tr("Fetch new mail now")
        )
        self.quit_action = self._action(self.tr("&Quit"), "Ctrl+Q", self.close, self.tr("Quit"))
        for action in (self.account_action, self.settings_action, self.sync_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        go = menu.addMenu(self.tr("&Go"))
        self.next_action = self._action(
            self.tr("&Next in the queue"),
            "Ctrl+Down",
            lambda: self.move_in_queue(1),
            self.tr("Select the next cluster"),
        )
        self.previous_action = self._action(
            self.tr("&Previous in the queue"),
            "Ctrl+Up",
            lambda: self.move_in_queue(-1),
            self.tr("Select the previous cluster"),
        )
        self.open_action = self._action(
            self.tr("&Open the messages"),
            "Ctrl+O",
            self.open_messages,
            self.tr("Move to the selected cluster's messages"),
        )
        self.search_action = self._action(
            self.tr("&Search"), "Ctrl+F", self.focus_search, self.tr("Search all messages")
        )
        self.next_for_me_action = self._action(
            self.tr("Next for me"),
            "Ctrl+N",
            self.next_for_me,
            self.tr("Take the most urgent cluster nobody holds, and open it"),
        )
        for action in (
            self.next_for_me_action,
            self.next_action,
            self.previous_action,
            self.open_action,
            self.search_action,
        ):
            go.addAction(action)

        answer = menu.addMenu(self.tr("&Answer"))
        self.template_action = self._action(
            self.tr("Choose a &template"),
            "Ctrl+T",
            self.focus_templates,
            self.tr("Move to the template search"),
        )
        self.previous_recipient_action = self._action(
            self.tr("Pre&vious recipient"),
            "Alt+Left",
            lambda: self.answer.step(-1),
            self.tr("Preview the previous recipient's reply"),
        )
        self.next_recipient_action = self._action(
            self.tr("Ne&xt recipient"),
            "Alt+Right",
            lambda: self.answer.step(1),
            self.tr("Preview the next recipient's reply"),
        )
        self.send_action = self._action(
            self.tr("&Send the answer…"),
            "Ctrl+Return",
            self.send_answer,
            self.tr("Answer the chosen messages, after confirming"),
        )
        self.send_outbox_action = self._action(
            self.tr("Send the &outbox now"),
            "Ctrl+Shift+Return",
            self.mailbox.send_now,
            self.tr("Send the replies waiting in the outbox (after a stop, or offline)"),
        )
        self.undo_action = self._action(
            self.tr("&Undo the last answer"),
            "Ctrl+Z",
            self.undo_last,
            self.tr("Take back replies still in the undo window"),
        )
        self.exclude_action = self._action(
            self.tr("&Leave out / include the message"),
            "Ctrl+E",
            self.toggle_exclusion,
            self.tr("Leave the selected message out of the answer, or put it back"),
        )
        self.move_action = self._action(
            self.tr("&Move out of the cluster"),
            "Ctrl+Shift+M",
            self.move_out,
            self.tr("Take the selected message out of its cluster"),
        )
        self.merge_action = self._action(
            self.tr("Mer&ge clusters…"), "Ctrl+M", self.merge, self.tr("Merge two clusters")
        )
        for action in (
            self.template_action,
            self.previous_recipient_action,
            self.next_recipient_action,
            self.send_action,
            self.send_outbox_action,
            self.undo_action,
        ):
            answer.addAction(action)
        answer.addSeparator()
        for action in (self.exclude_action, self.move_action, self.merge_action):
            answer.addAction(action)
        answer.addSeparator()
        self.suggestions.add_actions(answer)

        tools = menu.addMenu(self.tr("&Tools"))
        self.templates_action = self._action(
            self.tr("&Templates…"),
            "Ctrl+Shift+T",
            self.open_templates,
            self.tr("Write and edit reply templates"),
        )
        self.stats_action = self._action(
            self.tr("&Statistics…"),
            "Ctrl+Shift+S",
            self.open_stats,
            self.tr("Handling-time statistics and exports"),
        )
        tools.addAction(self.templates_action)
        tools.addAction(self.stats_action)

        help_menu = menu.addMenu(self.tr("&Help"))
        self.help_action = self._action(
            self.tr("&Keyboard shortcuts"), "F1", self.open_help, self.tr("Every shortcut")
        )
        help_menu.addAction(self.help_action)

    def _build_status(self) -> None:
        self.status = DeskStatusBar(self)
        self.setStatusBar(self.status)
        # The parts tests and the bench look at, under the window's own names.
        self.connection_label = self.status.connection_label
        self.outbox_label = self.status.outbox_label
        self.busy_label = self.status.busy_label
        self.cancel_send = self.status.cancel_send
        self.status.show_connection(self.mailbox.state.value, self.mailbox.detail)

    def _connect(self) -> None:
        self.queue_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._row_selected(self.queue_model, current)
        )
        self.senders_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._row_selected(self.senders_model, current)
        )
        self.queue_view.activated.connect(lambda _index: self.open_messages())
        self.senders_view.activated.connect(lambda _index: self.open_messages())
        self.tabs.currentChanged.connect(self._tab_changed)
        self.messages_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._message_selected(current)
        )
        self.messages_model.exclusions_changed.connect(self._target_changed)
        self.answer.send_requested.connect(self.send_answer)
        self.answer.send_confirmed.connect(self._send_drafts)
        self.message_view.move_out_requested.connect(self.move_out_message)
        self.answer.state_changed.connect(self._note_activity)
        self.undo_button.clicked.connect(self.undo_last)
        self.move_button.clicked.connect(self.move_out)
        self.merge_button.clicked.connect(self.merge)
        self.cancel_send.clicked.connect(self.mailbox.cancel_sending)
        self._search_timer = delay_timer(self, SEARCH_DELAY_MS, self._run_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.installEventFilter(self)
        self._regroup_timer = delay_timer(self, REGROUP_DELAY_MS, self._regroup)
        self.slider.valueChanged.connect(self._slider_moved)
        self._changes_timer = delay_timer(self, CHANGES_DELAY_MS, self._apply_changes)
        self._changes: set[str] = set()
        self.team.changed.connect(self._team_changed)
        self.team.database_state.connect(self._database_state)
        self.team_panel.released.connect(self._claims_released)
        self._lapse_timer = delay_timer(
            self,
            int((CLAIM_LEASE + timedelta(seconds=5)).total_seconds() * 1000),
            self._refresh_claims,
        )
        self._undo_timer = QTimer(self)
        self._undo_timer.setInterval(1000)
        self._undo_timer.timeout.connect(self._undo_tick)
        self.mailbox.state_changed.connect(self.status.show_connection)
        self.mailbox.sync_progress.connect(self.status.show_sync)
        self.mailbox.synced.connect(self._synced)
        self.mailbox.send_started.connect(lambda: self.status.sending(0, 0))
        self.mailbox.send_progress.connect(self.status.sending)
        self.mailbox.sent.connect(self._sent)
        self.mailbox.send_failed.connect(self._send_failed)
        self.runner.unhandled.connect(self._unhandled)
        self.runner.busy_changed.connect(self._busy)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """Escape in the search field clears it and returns to the selected row's messages."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self.search.clear()
            self.queue_view.setFocus()
            return True
        return super().eventFilter(watched, event)

    # ================================================================== start
    def start(self) -> None:
        """Load who the agent is, the queue and the templates; open the mailbox."""
        self.runner.run(
            "open the desk",
            self._open_desk,
            self._login,
            on_done=self._desk_open,
        )

    def _open_desk(self, login: str) -> tuple[AgentInfo, OutboxCounts, int | None]:
        with self.app.store.sessions.begin() as session:
            if self._demo:
                last = session.scalar(select(func.max(Message.date)))
                if last is not None:
                    self._demo_anchor = (last, datetime.now(UTC))
            # In a team the agent is the database login: what PostgreSQL checks "who" against.
            agent = current_agent(session, connected_login(session) or login)
            role = team_role(session)
            self._can_release = role in (None, "lead", "owner")
            if not list_templates(session) and role != "agent":  # an agent may not write them
                # The mailbox writes in French whatever the agent's screen speaks: both sets.
                for language in ("fr", "en"):
                    install_default_templates(session, language)
            counts = outbox_counts(session)
        account_id = None
        config = self.mailbox.config
        if config is not None:
            with self.app.store.sessions.begin() as session:
                account_id = save_account(session, config).id
        return agent, counts, account_id

    def _desk_open(self, opened: tuple[AgentInfo, OutboxCounts, int | None]) -> None:
        self.agent, counts, self.account_id = opened
        self.answer.agent_id = self.agent.id
        self.mailbox.holder = self.agent.display_name
        self.team.start(self.agent)  # listening before the first load: nothing slips between
        self.team_panel.can_release = self._can_release
        self.team_panel.refresh()
        self._show_outbox(counts)
        self._update_answerability()
        self.answer.load_templates()
        self.reload_queue()
        self.mailbox.start()

    # ================================================================== the queue
    def queue_now(self) -> datetime:
        """The moment deadlines are measured from (the demo's is its last message)."""
        if self._demo_anchor is None:
            return datetime.now(UTC)
        last, opened = self._demo_anchor
        return last + (datetime.now(UTC) - opened)

    def reload_queue(self) -> None:
        """Rebuild the queue and the sender list on a worker; the selection is kept by key."""
        if self._queue_task is not None:
            self._queue_task.discard()
        agent_id = self.agent.id if self.agent else None
        self.busy_label.setText(self.tr("Loading the queue…"))
        self._queue_task = self.runner.run(
            "load the queue",
            self._load_queue,
            self.queue_now(),
            agent_id,
            on_done=self._queue_arrived,
        )

    def _load_queue(
        self, now: datetime, agent_id: int | None
    ) -> tuple[list[QueueRow], list[QueueRow], datetime]:
        with self.app.store.sessions() as session:
            weights = team_weights(session) or self.weights  # a team works one order
            return (
                load_queue(session, now, weights, agent_id),
                load_senders(session, datetime.now(UTC), agent_id),
                now,
            )

    def _queue_arrived(self, loaded: tuple[list[QueueRow], list[QueueRow], datetime]) -> None:
        rows, senders, now = loaded
        self._queue_task = None
        self.busy_label.setText("")
        key = self._current.key if self._current else None
        self.queue_model.set_rows(rows, now)
        self.senders_model.set_rows(senders, now)
        self.collector.settled()
        self.queue_loaded = True
        self.suggestions.queue_shown()
        view, model = self._active_list()
        row = model.row_of(key) if key else -1
        if row < 0 and model.rowCount():
            row = 0 if key is None else min(self._current_row(view), model.rowCount() - 1)
        if row >= 0:
            self._select(view, row)
        elif model.rowCount() == 0:
            self._show_row(None)
        self.setWindowTitle(
            self.tr("Desk — {count} to answer").format(count=QLocale().toString(len(rows)))
        )

    def _active_list(self) -> tuple[QTableView, QueueModel]:
        if self.tabs.currentIndex() == 1:
            return self.senders_view, self.senders_model
        return self.queue_view, self.queue_model

    @staticmethod
    def _current_row(view: QTableView) -> int:
        return max(0, view.currentIndex().row())

    @staticmethod
    def _select(view: QTableView, row: int) -> None:
        model = view.model()
        index = model.index(row, 0)
        view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        view.scrollTo(index)

    def move_in_queue(self, delta: int) -> None:
        """Select the next (+1) or previous (-1) row of the visible list."""
        view, model = self._active_list()
        if not model.rowCount():
            return
        row = min(model.rowCount() - 1, max(0, view.currentIndex().row() + delta))
        self._select(view, row)
        view.setFocus()

    def open_messages(self) -> None:
        """Move the focus to the selected row's messages."""
        self.messages_view.setFocus()
        if self.messages_model.rowCount() and not self.messages_view.currentIndex().isValid():
            self.messages_view.setCurrentIndex(self.messages_model.index(0, MessageListModel.FROM))

    def _tab_changed(self, _index: int) -> None:
        view, model = self._active_list()
        self._row_selected(model, view.currentIndex())

    def _row_selected(self, model: QueueModel, index: QModelIndex) -> None:
        if self.sender() is not None and model is not self._active_list()[1]:
            return
        self._show_row(model.row_at(index.row()) if index.isValid() else None)

    def _show_row(self, row: QueueRow | None) -> None:
        if row is not None and self._current is not None and row.key == self._current.key:
            return
        self._release_claims()
        self._current = row
        self._opened_at = datetime.now(UTC)
        self._activity = [self._opened_at]
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        if self._members_task is not None:
            self._members_task.discard()
        if row is None:
            self.breakdown.setText("")
            self.messages_title.setText(self.tr("Nothing to answer."))
            self.messages_title.setToolTip("")
            self.messages_model.set_ids([])
            self.answer.set_target([], None)
            self.message_view.show_message(None)
            self._update_answerability()
            return
        self.breakdown.setText(self.queue_model.explain(row))
        self.messages_title.setText(row.title or self.tr("(no subject)"))
        # The title says what the row asks; its subject line stays one hover away.
        self.messages_title.setToolTip(
            self.tr("Subject: {subject}").format(subject=row.subject) if row.subject else ""
        )
        self._members_task = self.runner.run(
            "open the row",
            self._open_row,
            row,
            self.agent.id if self.agent else None,
            on_done=self._row_opened,
        )
        self._update_answerability()

    def _open_row(
        self, row: QueueRow, agent_id: int | None
    ) -> tuple[list[int], list[int], str | None]:
        """The row's messages, those this agent now holds (not others'), its representative."""
        with self.app.store.sessions.begin() as session:
            ids = row_members(session, row)
            claimed: list[int] = []
            if agent_id is not None:
                result = claim_for_answer(session, agent_id, ids, database_now(session))
                claimed = sorted(result.claimed)
            return ids, claimed, representative_text(session, row.cluster_id)

    def _row_opened(self, opened: tuple[list[int], list[int], str | None]) -> None:
        ids, self._claimed, self._representative = opened
        self._members_task = None
        self.messages_model.set_ids(ids)
        if ids:
            self.messages_view.setCurrentIndex(self.messages_model.index(0, MessageListModel.FROM))
        self._target_changed()

    def _release_claims(self) -> None:
        if self._claimed and self.agent is not None:
            self.runner.run("release claims", self._release, self.agent.id, self._claimed)
        self._claimed = []

    def _release(self, agent_id: int, ids: list[int]) -> int:
        with self.app.store.sessions.begin() as session:
            return release_claims(session, agent_id, ids)

    def _fetch_rows(self, ids: Sequence[int]) -> list[MessageRow]:
        with self.app.store.sessions() as session:
            return message_rows(
                session, ids, datetime.now(UTC), self.agent.id if self.agent else None
            )

    def _message_selected(self, index: QModelIndex) -> None:
        mid = self.messages_model.id_at(index.row()) if index.isValid() else None
        self.message_view.show_message(mid, self._representative)
        self._note_activity()

    def _target_changed(self) -> None:
        cluster_id = self._current.cluster_id if self._current and not self._searching() else None
        self.answer.set_target(self.messages_model.included_ids(), cluster_id)
        self._update_answerability()

    def _searching(self) -> bool:
        return bool(self.search.text().strip())

    def toggle_exclusion(self) -> None:
        """Leave the selected message out of the answer, or put it back."""
        index = self.messages_view.currentIndex()
        if index.isValid():
            self.messages_model.toggle(index.row())

    def _note_activity(self) -> None:
        self._activity.append(datetime.now(UTC))

    def _refresh_claims(self) -> None:
        rows = self.queue_model.rows
        if not rows or self.agent is None:
            return
        if self.collector.busy:
            return  # a regroup, sync or send is running: the queue reloads after it
        if self._claims_task and not self._claims_task.finished:
            # The last look may have read the claims before this change: look once more
            # when it is back (one query at a time; another now only competes for the GIL).
            self._claims_again = True
            return
        self._claims_task = self.runner.run(
            "live claims",
            self._holders,
            rows,
            self.agent.id,
            on_done=self._holders_arrived,
        )

    def _holders(self, rows: list[QueueRow], agent_id: int) -> dict[str, tuple[str, int]]:
        with self.app.store.sessions() as session:
            return holders_by_row(session, rows, agent_id, database_now(session))

    def _holders_arrived(self, holders: dict[str, tuple[str, int]]) -> None:
        self.queue_model.set_holders(holders)
        if self._claims_again:
            self._claims_again = False
            self._claims_task = None
            self._refresh_claims()
        if holders:
            # A claim lapses without anyone writing (its window died): look again when it can.
            self._lapse_timer.start()
        if self._current is not None:
            now_held = holders.get(self._current.key, (None, 0))
            if now_held != (self._current.held_by, self._current.held_count):
                index = self.queue_model.row_of(self._current.key)
                updated = self.queue_model.row_at(index)
                if updated is not None:
                    self._current = updated
                    self.breakdown.setText(self.queue_model.explain(updated))
                    if updated.held_by is None and not self._claimed and self.agent is not None:
                        # Given back while this agent looks at it: theirs now, if still free.
                        self.runner.run(
                            "claim what was freed",
                            self._claim_shown,
                            self.agent.id,
                            self.messages_model.ids,
                            on_done=self._claimed_shown,
                        )
                self.messages_model.refresh()
                self._update_answerability()

    def _claim_shown(self, agent_id: int, ids: list[int]) -> list[int]:
        with self.app.store.sessions.begin() as session:
            result = claim_for_answer(session, agent_id, ids, database_now(session))
            return sorted(result.claimed)

    def _claimed_shown(self, claimed: list[int]) -> None:
        if self._current is not None and set(claimed) <= set(self.messages_model.ids):
            self._claimed = claimed

    # ================================================================== the team
    def _team_changed(self, changes: list[Change]) -> None:
        """Others changed something: gather a moment's worth, then update only that."""
        self._changes.update(change.kind for change in changes)
        self._changes_timer.start()

    def _apply_changes(self) -> None:
        kinds, self._changes = self._changes, set()
        if kinds & {"resync", "mail", "clusters", "messages", "settings"}:
            self.reload_queue()  # rows come or go; holders come with them
        elif "claims" in kinds:
            self._refresh_claims()
        if kinds & {"resync", "outbox"}:
            self.runner.run("outbox counts", self._counts, on_done=self._show_outbox)
        if kinds & {"resync", "templates"}:
            self.answer.load_templates()
        if kinds & {"resync", "presence", "claims"}:
            self.team_panel.refresh()
        if kinds & {"resync", "sync"} and self.mailbox.state.value == "following":
            self.mailbox.sync_now()  # who syncs for the team, and when they last did

    def _claims_released(self, count: int) -> None:
        self.statusBar().showMessage(
            self.tr("{count} claims given back to the queue.").format(
                count=QLocale().toString(count)
            ),
            8000,
        )
        self._refresh_claims()

    def _database_state(self, state: str, detail: str) -> None:
        """The database dropped (reconnecting, next try in ``detail`` s) or is back ("ok")."""
        self.status.show_database(state, detail)
        self.next_for_me_action.setEnabled(state == "ok")
        self._update_answerability()
        if state == "ok" and self._pending_answer is not None:
            ids, since = self._pending_answer
            self._pending_answer = None
            assert self.agent is not None
            self.runner.run(
                "was the answer recorded",
                self._recorded,
                self.agent.id,
                ids,
                since,
                on_done=lambda found: self._tell_recorded(found, len(ids)),
            )

    def _recorded(self, agent_id: int, ids: list[int], since: datetime) -> tuple[int, ...]:
        with self.app.store.sessions() as session:
            return answer_recorded(session, agent_id, ids, since)

    def _tell_recorded(self, replies: tuple[int, ...], messages: int) -> None:
        if replies:
            self.inform(
                self.tr("Your answer was recorded"),
                self.tr(
                    "The database came back: the answer you confirmed just before the "
                    "connection dropped was recorded ({count} replies); it goes out as usual."
                ).format(count=QLocale().toString(len(replies))),
            )
            self.answer.clear_after_send()
            self._current = None
            self.reload_queue()
        else:
            self.inform(
                self.tr("Your answer was not recorded"),
                self.tr(
                    "The database came back, but the answer you confirmed just before the "
                    "connection dropped was not recorded ({count} messages). Your text is "
                    "still here: check it and send it again."
                ).format(count=QLocale().toString(messages)),
            )
            self.answer.refresh_state()

    def next_for_me(self) -> None:
        """Take the most urgent cluster nobody holds (all of it), and open it."""
        if self.agent is None or not self.team.reachable:
            return
        ranked = [row.cluster_id for row in self.queue_model.rows if row.cluster_id is not None]
        self.next_for_me_action.setEnabled(False)
        self.runner.run(
            "next for me",
            self._take_next,
            self.agent.id,
            ranked,
            list(self._claimed),
            on_done=self._taken,
            on_error=self._not_taken,
        )

    def _take_next(
        self, agent_id: int, ranked: list[int], leaving: list[int]
    ) -> TakenCluster | None:
        with self.app.store.sessions.begin() as session:
            return take_next(session, agent_id, ranked, database_now(session), leaving=leaving)

    def _not_taken(self, exc: BaseException) -> None:
        self.next_for_me_action.setEnabled(True)
        self._show_error(exc)

    def _taken(self, taken: TakenCluster | None) -> None:
        self.next_for_me_action.setEnabled(self.team.reachable)
        if taken is None:
            self.statusBar().showMessage(
                self.tr("Nothing left that nobody holds: the queue is done or taken."), 8000
            )
            return
        self._claimed = []  # what we held before was given back by take_next
        row = self.queue_model.row_of(taken.key)
        if row < 0:
            self.reload_queue()  # a cluster this window does not list yet
            return
        self.tabs.setCurrentWidget(self.queue_view)
        self.queue_view.setCurrentIndex(self.queue_model.index(row, 1))
        self.open_messages()

    # ================================================================== search
    def focus_search(self) -> None:
        """Put the cursor in the search field."""
        self.search.setFocus()
        self.search.selectAll()

    def _run_search(self) -> None:
        if self._search_task is not None:
            self._search_task.discard()
        query = self.search.text().strip()
        if not query:
            current, self._current = self._current, None
            self._show_row(current)
            return
        self._search_task = self.runner.run(
            "search", self._search, query, on_done=lambda ids: self._search_arrived(query, ids)
        )

    def _search(self, query: str) -> list[int]:
        with self.app.store.sessions() as session:
            return search_messages(session, query)

    def _search_arrived(self, query: str, ids: list[int]) -> None:
        self._search_task = None
        self._representative = None
        self.messages_title.setText(
            self.tr("{count} messages match “{query}”").format(
                count=QLocale().toString(len(ids)), query=query
            )
        )
        self.messages_title.setToolTip("")
        self.messages_model.set_ids(ids)
        if ids:
            self.messages_view.setCurrentIndex(self.messages_model.index(0, MessageListModel.FROM))
        self._target_changed()

    # ================================================================== regroup, corrections
    def _show_threshold(self, value: int) -> None:
        self.slider_label.setText(
            self.tr("Si&milarity {value} %").format(value=QLocale().toString(value))
        )

    def _slider_moved(self, value: int) -> None:
        self._show_threshold(value)
        self._regroup_timer.start()

    def _regroup(self) -> None:
        threshold = float(self.slider.value())
        self.busy_label.setText(self.tr("Regrouping…"))
        self.runner.run(
            "regroup",
            self._regroup_on_worker,
            threshold,
            on_done=lambda _count: self.reload_queue(),
        )

    def _regroup_on_worker(self, threshold: float) -> int:
        with self.collector.paused():
            return self.clustering.regroup(threshold)

    def move_out(self) -> None:
        """Take the selected message out of its cluster; the decision persists."""
        mid = self.messages_model.id_at(self.messages_view.currentIndex().row())
        if mid is not None:
            self.move_out_message(mid)

    def move_out_message(self, message_id: int) -> None:
        """Take this message out of the open cluster (the reading pane's banner asks too)."""
        if self._current is None or self._current.cluster_id is None:
            return
        self.runner.run(
            "move out",
            self.clustering.move_out,
            message_id,
            on_done=lambda _cluster: self._after_correction(),
            on_error=self._show_error,
        )

    def merge(self) -> None:
        """Merge the selected cluster into another cluster the agent picks."""
        if self._current is None or self._current.cluster_id is None:
            return
        source = self._current.cluster_id
        candidates = [
            row
            for row in self.queue_model.rows
            if row.cluster_id is not None and row.cluster_id != source
        ]
        target = self.choose_merge_target(candidates)
        if target is None:
            return
        self.runner.run(
            "merge",
            self.clustering.merge,
            source,
            target,
            on_done=lambda _none: self._after_correction(),
            on_error=self._show_error,
        )

    def choose_merge_target(self, candidates: list[QueueRow]) -> int | None:
        """Ask which cluster to merge into (tests answer for the agent)."""
        labels = [
            self.tr("{title} ({count} open)").format(
                title=row.title, count=QLocale().toString(row.open_count)
            )
            for row in candidates
        ]
        if not labels:
            return None
        choice, ok = QInputDialog.getItem(
            self, self.tr("Merge clusters"), self.tr("Merge this cluster into:"), labels, 0, False
        )
        if not ok:
            return None
        return candidates[labels.index(choice)].cluster_id

    def _after_correction(self) -> None:
        current, self._current = self._current, None
        self.reload_queue()
        if current is not None:
            self._show_row(current)

    # ================================================================== answering
    def focus_templates(self) -> None:
        """Move to the template search."""
        self.answer.search.setFocus()
        self.answer.search.selectAll()

    def _update_answerability(self) -> None:
        reason = None
        if self.account_error:
            reason = self.tr("The mailbox account is not valid: {error}").format(
                error=self.account_error
            )
        elif not self.mailbox.configured:
            reason = self.tr("Set up the mailbox account to send (File → Mailbox account).")
        elif not self.team.reachable:
            reason = self.tr("The database cannot be reached: reconnecting…")
        elif self.agent is None or self.account_id is None:
            reason = self.tr("Opening the desk…")
        elif self._current is not None and self._current.held_by and not self._searching():
            reason = self.tr("{name} is answering some of these messages.").format(
                name=self._current.held_by
            )
        self.answer.can_answer_reason = reason
        self.answer.refresh_state()

    def send_answer(self) -> None:
        """Confirm, then queue the previewed replies (held back for the undo window)."""
        reason = self.answer.blocking_reason()
        if reason is not None:
            self.statusBar().showMessage(reason, 5000)
            return
        drafts = self.answer.drafts
        messages = len({m for d in drafts for m in d.message_ids})
        flagged = sorted(self.answer.asking_more)
        if flagged:
            # Some also ask something else: the agent decides whether they get this reply.
            who = [d.to_addr for d in drafts if set(d.message_ids) & set(flagged)]
            choice = self.ask_leave_out(len(flagged), messages, who)
            if choice is LeaveOut.LEAVE_OUT:
                self.messages_model.exclude(flagged)  # as unticking them would
                self.answer.send_when_ready(flagged)
            if choice is LeaveOut.SEND_ALL:
                self._send_drafts(drafts)
            return
        first = [d.to_addr for d in drafts[:CONFIRM_SHOWN]]
        more = len(drafts) - len(first)
        text = self.tr(
            "Answer {messages} messages with one reply to each of {people} people?"
        ).format(messages=QLocale().toString(messages), people=QLocale().toString(len(drafts)))
        text += "\n\n" + "\n".join(first)
        if more > 0:
            text += "\n" + self.tr("and {more} more").format(more=QLocale().toString(more))
        if self.confirm(self.tr("Send the answer"), text):
            self._send_drafts(drafts)

    def _send_drafts(self, drafts: Sequence[ReplyDraft]) -> None:
        """Queue these confirmed drafts (held back for the undo window)."""
        assert self.agent is not None and self.account_id is not None
        template = self.answer.template
        self.answer.send_button.setEnabled(False)
        self._pending_answer = (
            sorted({m for d in drafts for m in d.message_ids}),
            datetime.now(UTC) - PENDING_SLACK,
        )
        self.runner.run(
            "queue the answer",
            self._queue_answer,
            drafts,
            template.id if template else None,
            self.answer.cluster_id,
            self._opened_at,
            list(self._activity),
            on_done=self._answer_queued,
            on_error=self._answer_failed,
        )

    def ask_leave_out(self, flagged: int, total: int, who: Sequence[str]) -> LeaveOut:
        """Ask whether messages that also ask something else get this reply (tests answer)."""
        return LeaveOutQuestion(flagged, total, who, self).ask()

    def confirm(self, title: str, text: str) -> bool:
        """Ask yes or no (tests answer for the agent)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _queue_answer(
        self,
        drafts: Sequence[Any],
        template_id: int | None,
        cluster_id: int | None,
        opened_at: datetime,
        activity: list[datetime],
    ) -> tuple[QueuedAnswer, OutboxCounts]:
        assert self.agent is not None and self.account_id is not None
        with self.app.store.sessions.begin() as session:
            queued = queue_answer(
                session,
                self.account_id,
                list(drafts),
                agent_id=self.agent.id,
                template_id=template_id,
                cluster_id=cluster_id,
                hold_seconds=self.app.settings.undo_seconds,
                opened_at=opened_at,
                activity=activity,
                now=database_now(session),
            )
        with self.app.store.sessions() as session:
            return queued, outbox_counts(session)

    def _answer_failed(self, exc: BaseException) -> None:
        if connection_lost(exc):
            # Whether it was recorded is told when the database is back; the draft stays.
            self.statusBar().showMessage(
                self.tr("The database dropped while the answer was being recorded."), 8000
            )
            self.answer.refresh_state()
            return
        self._pending_answer = None
        self._show_error(exc)

    def _answer_queued(self, result: tuple[QueuedAnswer, OutboxCounts]) -> None:
        queued, counts = result
        self._pending_answer = None
        if queued.conflicts:
            self._show_outbox(counts)
            self._tell_conflicts(queued)
            return
        self._claimed = []
        self.answer.clear_after_send()
        self._current = None
        self.answers_queued(queued, counts)

    def answers_queued(self, queued: QueuedAnswer, counts: OutboxCounts) -> None:
        """Replies are in the outbox: say what was refused, offer undo, send after it, reload."""
        self._show_outbox(counts)
        if queued.refused:
            lines = [f"{who}: {why}" for who, why in queued.refused[:20]]
            self.inform(
                self.tr("Some replies were not queued"),
                self.tr("{count} replies were refused:").format(
                    count=QLocale().toString(len(queued.refused))
                )
                + "\n"
                + "\n".join(lines),
            )
        if queued.reply_ids:
            self._undo = queued
            self._undo_left = round(self.app.settings.undo_seconds)
            self._undo_tick(initial=True)
            self.mailbox.send_after(self.app.settings.undo_seconds)
        self.reload_queue()

    def _tell_conflicts(self, queued: QueuedAnswer) -> None:
        """Nothing was sent: say which messages changed and why; the draft stays as it was."""
        lines = [conflict_text(c) for c in queued.conflicts[:20]]
        if len(queued.conflicts) > 20:
            lines.append(
                self.tr("and {more} more").format(
                    more=QLocale().toString(len(queued.conflicts) - 20)
                )
            )
        self.inform(
            self.tr("Nothing was sent"),
            self.tr(
                "Some of these messages changed since you opened them, so the answer was "
                "not sent to anyone. Your text is kept; check the messages and send again."
            )
            + "\n\n"
            + "\n".join(lines),
        )
        self.answer.refresh_state()
        self.reload_queue()

    def _undo_tick(self, initial: bool = False) -> None:
        if self._undo is None:
            return
        if not initial:
            self._undo_left -= 1
        if self._undo_left <= 0:
            self._undo = None
            self.undo_bar.hide()
            self._undo_timer.stop()
            return
        self.undo_label.setText(
            self.tr("{count} replies leave in {seconds} s.").format(
                count=QLocale().toString(len(self._undo.reply_ids)),
                seconds=QLocale().toString(self._undo_left),
            )
        )
        self.undo_bar.show()
        if initial:
            self._undo_timer.start()

    def undo_last(self) -> None:
        """Take back the last answer's replies while they are still held."""
        if self._undo is None:
            return
        ids = list(self._undo.reply_ids)
        self._undo = None
        self.undo_bar.hide()
        self._undo_timer.stop()
        self.runner.run("undo", self._undo_on_worker, ids, on_done=self._undone)

    def _undo_on_worker(self, ids: list[int]) -> tuple[int, OutboxCounts]:
        with self.app.store.sessions.begin() as session:
            taken = undo_answer(session, ids)
        with self.app.store.sessions() as session:
            return taken, outbox_counts(session)

    def _undone(self, result: tuple[int, OutboxCounts]) -> None:
        taken, counts = result
        self._show_outbox(counts)
        self.statusBar().showMessage(
            self.tr("{count} replies taken back.").format(count=QLocale().toString(taken)), 8000
        )
        self.reload_queue()

    def inform(self, title: str, text: str) -> None:
        """Tell the agent something that needs reading (tests collect it)."""
        QMessageBox.information(self, title, text)

    def _show_error(self, exc: BaseException) -> None:
        text = exc.describe() if isinstance(exc, DeskError) else str(exc)
        self.inform(self.tr("Something went wrong"), text)
        self.answer.refresh_state()

    def _unhandled(self, name: str, exc: BaseException) -> None:
        log.debug("unhandled failure of %s shown in the status bar", name)
        text = exc.describe() if isinstance(exc, DeskError) else str(exc)
        self.statusBar().showMessage(
            self.tr("Background work failed: {error}").format(error=text), 15000
        )

    # ================================================================== mailbox, status bar
    def _synced(self, outcome: SyncOutcome) -> None:
        self.status.sync_done()
        if outcome.following:
            # Another client synced for the team: what it stored is in the shared store.
            synced_at = outcome.leader.last_sync_at if outcome.leader is not None else None
            if synced_at != self._leader_synced_at:
                self._leader_synced_at = synced_at
                self.reload_queue()
            return
        if outcome.new or outcome.gone or outcome.clustered:
            self.statusBar().showMessage(
                self.tr("{count} new messages.").format(count=QLocale().toString(outcome.new)),
                8000,
            )
            self.reload_queue()

    def _sent(self, report: SendReport) -> None:
        self.status.sending_done()
        self.last_send_report = report
        self.runner.run("outbox counts", self._counts, on_done=self._show_outbox)
        if report.sent or report.recovered_sent:
            self.statusBar().showMessage(
                self.tr("{count} replies sent.").format(
                    count=QLocale().toString(report.sent + report.recovered_sent)
                ),
                8000,
            )
        if report.errors:
            lines = [f"{to}: {reason}" for _rid, to, reason in report.errors[:30]]
            self.inform(
                self.tr("Some replies could not be sent"),
                self.tr("{count} replies failed:").format(
                    count=QLocale().toString(len(report.errors))
                )
                + "\n"
                + "\n".join(lines),
            )
        if report.sent or report.failed:
            self.reload_queue()

    def _send_failed(self, text: str) -> None:
        self.status.sending_done()
        self.statusBar().showMessage(
            self.tr("Sending stopped: {error}. The replies stay in the outbox.").format(error=text),
            30000,
        )
        self.runner.run("outbox counts", self._counts, on_done=self._show_outbox)

    def _counts(self) -> OutboxCounts:
        with self.app.store.sessions() as session:
            return outbox_counts(session)

    def _show_outbox(self, counts: OutboxCounts) -> None:
        self.status.show_outbox(counts)
        self.outbox = counts

    def _busy(self, count: int) -> None:
        if count == 0 and self.busy_label.text():
            self.busy_label.setText("")

    # ================================================================== dialogs
    @staticmethod
    def _run_dialog(dialog: QDialog) -> bool:
        """Show a dialog modally and free it afterwards (dialogs are not kept between uses)."""
        try:
            return bool(dialog.exec())
        finally:
            dialog.deleteLater()

    def open_help(self) -> None:
        """List every shortcut."""
        from desk.ui.help_dialog import HelpDialog  # noqa: PLC0415

        self._run_dialog(HelpDialog(self.actions(), self))

    def open_account(self) -> None:
        """Set up or change the mailbox account."""
        from desk.ui.account_dialog import AccountDialog  # noqa: PLC0415

        dialog = AccountDialog(self.app, self.runner, self)
        if self._run_dialog(dialog) and dialog.saved_config is not None:
            self.account_error = None
            self.mailbox.replace_account(dialog.saved_config)
            self.runner.run(
                "account", self._save_account, dialog.saved_config, on_done=self._account_saved
            )

    def _save_account(self, config: AccountConfig) -> int:

        with self.app.store.sessions.begin() as session:
            return save_account(session, config).id

    def _account_saved(self, account_id: int) -> None:
        self.account_id = account_id
        self._update_answerability()

    def open_settings(self) -> None:
        """Language, undo window, similarity, deadline."""
        from desk.ui.settings_dialog import SettingsDialog  # noqa: PLC0415

        if self._run_dialog(SettingsDialog(self.app, self.runner, self)):
            self.runner.run("reload settings", self._read_settings, on_done=self._settings_changed)

    def _read_settings(self) -> Settings:
        return load_settings(self.app.settings_file).with_db_url(self.app.settings.db_url)

    def _settings_changed(self, settings: Settings) -> None:
        """Apply new settings now: undo window, deadline, similarity (language at next start)."""
        self.app.settings = settings
        self.weights = weights_from_settings(settings)
        threshold = round(self.app.cluster_threshold())
        if threshold != self.slider.value():
            self.slider.setValue(threshold)  # regroups
        else:
            self.reload_queue()

    def open_templates(self) -> None:
        """The template editor; the picker refreshes after it."""
        from desk.ui.template_editor import TemplateEditor  # noqa: PLC0415

        editor = TemplateEditor(self.app, self.runner, self)
        editor.templates_changed.connect(self.answer.load_templates)
        self._run_dialog(editor)

    def open_stats(self) -> None:
        """The statistics view with its exports."""
        from desk.ui.stats_view import StatsDialog  # noqa: PLC0415

        self._run_dialog(StatsDialog(self.app, self.runner, self))

    # ================================================================== closing
    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before quitting while replies are going out or still held for undo."""
        if self.mailbox.sending or self._undo is not None:
            question = self.tr(
                "Replies are being sent or wait in the undo window. Quit anyway? "
                "They stay in the outbox and go out at the next start."
            )
            if not self.confirm(self.tr("Quit Desk"), question):
                event.ignore()
                return
        self.collector.stop()
        self._release_claims()
        self.mailbox.stop()
        self.team.stop()
        self.runner.stop_all()
        event.accept()
