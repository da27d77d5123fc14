"""The agent's main window: the queue, the selected cluster's messages, the message, the answer.

Left, the queue (clusters and lone messages by priority; a second tab lists
people with several open messages). Middle, the messages behind the
selected row, each with a check box to leave it out of the answer. Right,
the message being read and, under it, the answer pane. The similarity
slider, the search field and the status bar sit around them.

The window composes one controller per concern and wires them together:
the work lists and claims (:mod:`desk.ui.queue_controller`), search
(:mod:`desk.ui.search_controller`), corrections of the grouping
(:mod:`desk.ui.corrections_controller`), answering
(:mod:`desk.ui.answering_controller`) and its undo window
(:mod:`desk.ui.undo_controller`), the mailbox (:mod:`desk.ui.mailbox_controller`,
told by :mod:`desk.ui.mail_reports`), the team (:mod:`desk.ui.team_controller`)
and the dialogs (:mod:`desk.ui.window_dialogs`). The window never touches
the database or the network itself: every call goes through the task runner
to a function of :mod:`desk.workbench` and comes back as plain values.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.app import App
from desk.config import Settings
from desk.core.errors import DeskError
from desk.mail.account import AccountConfig
from desk.ui import message_boxes
from desk.ui.answer_panel import AnswerPanel
from desk.ui.answering_controller import AnsweringController
from desk.ui.asks_more import LeaveOut, LeaveOutQuestion
from desk.ui.collector import CollectorPolicy
from desk.ui.corrections_controller import CorrectionsController, ask_merge_target
from desk.ui.error_text import error_sentence
from desk.ui.handoff_controller import HandoffController, Host
from desk.ui.mail_reports import MailReports
from desk.ui.mailbox_controller import MailboxController
from desk.ui.message_view import MessageView
from desk.ui.models import MessageListModel
from desk.ui.queue_controller import QueueController
from desk.ui.search_controller import SearchController
from desk.ui.status_bar import DeskStatusBar
from desk.ui.suggestions_controller import SuggestionsController
from desk.ui.tasks import Task, TaskRunner
from desk.ui.team_controller import TeamController
from desk.ui.team_panel import TeamPanel
from desk.ui.team_updates import TeamUpdates
from desk.ui.undo_controller import UndoBar, UndoController
from desk.ui.widgets import named
from desk.ui.window_dialogs import WindowDialogs
from desk.ui.window_menus import build_menus
from desk.ui.work_panes import (
    MessagesPane,
    SearchBar,
    WorkLists,
    select_row,
    splitter,
    stacked,
)
from desk.workbench.answer_tasks import AnswerQueued
from desk.workbench.answering import AgentInfo, OutboxCounts, QueuedAnswer
from desk.workbench.clustering import Clustering
from desk.workbench.early import EarlyOpening
from desk.workbench.opening import DeskOpened, account_config, open_desk
from desk.workbench.worklist import QueueRow, weights_from_settings
from desk.workbench.worklist_tasks import OpenedRow, Worklists, open_row

log = logging.getLogger(__name__)


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
        self.agent: AgentInfo | None = None
        self.account_id: int | None = None
        self.clustering = Clustering(app.store.sessions, app.cluster_threshold())
        self.account_error: str | None = None
        try:
            config = account_config(app.settings)
        except DeskError as exc:
            config, self.account_error = None, error_sentence(exc, doing="reading the account")
        self.mailbox = MailboxController(app, runner, self.clustering, config, self)
        # Others' claims, answers and new mail arrive by NOTIFY; a dropped database shows.
        self.team = TeamController(app, runner, self)
        # Started by the application (launch.py); tests keep Python's own collector.
        self.collector = CollectorPolicy(runner, self)
        self.mailbox.heavy_work = self.collector.paused
        self.queue_loaded = False
        self.setWindowTitle(self.tr("Desk — shared mailbox"))
        self.setObjectName("mainWindow")
        named(self, self.tr("Desk"), self.tr("Answer the shared mailbox cluster by cluster"))
        self._build()
        self._compose()
        self.suggestions = SuggestionsController(self)  # suggested templates, answered by them
        self.dialogs = WindowDialogs(app, runner, self)
        self.menus = build_menus(self)
        self.quit_action = self.menus.quit
        self.next_for_me_action = self.menus.next_for_me
        self.check_replies_action = self.menus.check
        self.team_updates = TeamUpdates(
            self.team,
            self.queue,
            self.answering,
            self.reports,
            self.mailbox,
            self.answer,
            self.team_panel,
            self.status,
            self.next_for_me_action,
            self,
        )
        self._connect()

    # ================================================================== layout
    def _build(self) -> None:
        central = QWidget(self)
        self.search_bar = SearchBar(self.clustering.threshold, central)
        self.search, self.slider = self.search_bar.search, self.search_bar.slider
        self.slider_label = self.search_bar.slider_label

        self.team_panel = TeamPanel(self.app, self.runner, central)
        self.lists = WorkLists(self.team_panel, central)
        self.queue_model, self.queue_view = self.lists.queue_model, self.lists.queue_view
        self.senders_model, self.senders_view = self.lists.senders_model, self.lists.senders_view
        self.tabs, self.breakdown = self.lists.tabs, self.lists.breakdown

        self.messages_model = MessageListModel(self.runner, lambda _ids: [], self)
        self.messages_pane = MessagesPane(self.messages_model, central)
        self.messages_view = self.messages_pane.messages_view
        self.messages_title = self.messages_pane.messages_title
        self.move_button = self.messages_pane.move_button
        self.merge_button = self.messages_pane.merge_button

        self.message_view = MessageView(self.app, self.runner, central)
        self.answer = AnswerPanel(self.app, self.runner, central)
        self.undo_bar = UndoBar(central)
        self.undo_label = self.undo_bar.label
        right = splitter(Qt.Orientation.Vertical, central, (self.message_view, 1, 360))
        right.addWidget(stacked(right, self.answer, self.undo_bar))
        right.setStretchFactor(1, 1)
        right.setSizes([360, 440])
        panes = ((self.lists, 3, 430), (self.messages_pane, 2, 300), (right, 4, 550))
        layout = QVBoxLayout(central)
        layout.addWidget(self.search_bar)
        layout.addWidget(splitter(Qt.Orientation.Horizontal, central, *panes), 1)
        self.setCentralWidget(central)
        self.resize(1280, 800)
        self.setTabOrder(self.search, self.slider)
        self.setTabOrder(self.slider, self.tabs)
        self.setTabOrder(self.tabs, self.queue_view)
        self.setTabOrder(self.queue_view, self.messages_view)
        self.status = DeskStatusBar(self)
        self.setStatusBar(self.status)
        # The parts tests and the bench look at, under the window's own names.
        self.connection_label = self.status.connection_label
        self.outbox_label = self.status.outbox_label
        self.busy_label = self.status.busy_label
        self.cancel_send = self.status.cancel_send

    def _compose(self) -> None:
        """The controllers, each over the panes it drives."""
        app, runner = self.app, self.runner
        self.queue = QueueController(
            app, runner, self.lists, self.messages_pane, self.collector, self
        )
        self.searching = SearchController(
            app, runner, self.search, self.messages_pane, self.queue, self.queue_view, self
        )
        self.corrections = CorrectionsController(
            runner,
            self.clustering,
            self.search_bar,
            self.messages_pane,
            self.queue,
            # Looked up when asked: a test answers for the agent by replacing the method.
            lambda candidates: self.choose_merge_target(candidates),  # noqa: PLW0108
            self,
        )
        self.undo = UndoController(app, runner, self.undo_bar, self)
        self.handoffs = HandoffController(app, runner, self.queue, Host(
            lambda: self.account_id, lambda: self.agent.id if self.agent else None,
            lambda text: self.statusBar().showMessage(text, 8000), self.inform), self)  # fmt: skip
        self.answering = AnsweringController(
            app,
            runner,
            self,
            self.answer,
            self.queue,
            self.searching,
            self.undo,
            self.mailbox,
            self.team,
            self,
        )
        self.reports = MailReports(
            app,
            runner,
            self.mailbox,
            self.status,
            lambda title, text: self.inform(title, text),  # noqa: PLW0108 - looked up when called
            self,
        )

    def _connect(self) -> None:
        queue = self.queue
        for view, model in (
            (self.queue_view, self.queue_model),
            (self.senders_view, self.senders_model),
        ):
            view.selectionModel().currentRowChanged.connect(
                lambda current, _previous, m=model: queue.row_selected(m, current)
            )
            view.activated.connect(lambda _index: queue.open_messages())
        self.tabs.currentChanged.connect(lambda _index: queue.tab_changed())
        self.messages_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: queue.message_selected(current)
        )
        self.messages_model.exclusions_changed.connect(self._target_changed)
        queue.loading.connect(self.busy_label.setText)
        queue.queue_shown.connect(self._queue_shown)
        queue.target_changed.connect(self._target_changed)
        queue.answerability_changed.connect(self.answering.update)
        queue.message_chosen.connect(self.message_view.show_message)
        queue.next_for_me_ready.connect(
            lambda ready: self.next_for_me_action.setEnabled(ready and self.team.reachable)
        )
        queue.failed.connect(self._show_error)
        queue.told.connect(self.status.showMessage)
        self.searching.results_shown.connect(self._target_changed)
        self.corrections.busy.connect(self.busy_label.setText)
        self.corrections.failed.connect(self._show_error)
        self.handoffs.failed.connect(self._show_error)
        self.handoffs.handed.connect(lambda _result: self.reports.count_outbox())
        self.message_view.move_out_requested.connect(self.corrections.move_out_message)
        self.answer.state_changed.connect(queue.note_activity)
        self.move_button.clicked.connect(self.move_out)
        self.merge_button.clicked.connect(self.merge)
        self.answering.outbox_changed.connect(self.reports.show_outbox)
        self.answering.reload_wanted.connect(self.reload_queue)
        self.answering.failed.connect(self._show_error)
        self.undo.told.connect(self.status.showMessage)
        self.undo.undone.connect(self.reports.show_outbox)
        self.undo.undone.connect(lambda _counts: self.reload_queue())
        self.reports.reload_wanted.connect(self.reload_queue)
        self.dialogs.account_replaced.connect(self._account_replaced)
        self.dialogs.account_saved.connect(self._account_saved)
        self.dialogs.settings_changed.connect(self._settings_changed)
        self.dialogs.templates_changed.connect(self.answer.load_templates)
        self.dialogs.outbox_changed.connect(self.reports.count_outbox)
        self.dialogs.outbox_changed.connect(self.reload_queue)
        self.runner.unhandled.connect(self._unhandled)
        self.runner.busy_changed.connect(self._busy)

    # ================================================================== start
    def start(self, early: EarlyOpening | None = None) -> None:
        """Load who the agent is, the queue and the templates; open the mailbox.

        ``early``: the desk and its queue, already being read since before the
        window's code loaded (``desk gui``); used when it was read for this
        window's agent and mailbox.
        """
        if early is not None and (early.login, early.demo) == (self._login, self._demo):
            self.runner.run("open the desk", early.result, on_done=self._desk_open)
            return
        self.runner.run(
            "open the desk",
            partial(
                open_desk,
                self.app.store.sessions,
                self._login,
                demo=self._demo,
                config=self.mailbox.config,
            ),
            on_done=self._desk_open,
        )

    def _desk_open(self, opened: DeskOpened) -> None:
        self.agent, self.account_id = opened.agent, opened.account_id
        if opened.last_message_at is not None:
            self.queue.demo_anchor = (opened.last_message_at, datetime.now(UTC))
        self.queue.set_agent(opened.agent.id)
        self.answer.agent_id = opened.agent.id
        self.mailbox.holder = opened.agent.display_name
        self.team.start(opened.agent)  # listening before the first load: nothing slips between
        self.team_panel.can_release = opened.can_release
        self.team_panel.refresh()
        self.reports.show_outbox(opened.counts)
        self._tell_replies_to_check(opened.counts.in_doubt + opened.counts.failed)
        self._update_answerability()
        self.answer.load_templates()
        self.queue.first_load(opened.worklists, others_write=self.team.shared)
        self.mailbox.start()

    def _tell_replies_to_check(self, count: int) -> None:
        """At start, replies in doubt or failed (perhaps while no window was open) are named."""
        if count:
            self.status.showMessage(
                self.tr(
                    "%n reply(ies) to check (in doubt or failed): Answer ▸ Replies to check…",
                    "",
                    count,
                )
            )

    # ================================================================== the work lists
    def queue_now(self) -> datetime:
        """The moment deadlines are measured from (the demo's is its last message)."""
        return self.queue.queue_now()

    def reload_queue(self) -> None:
        """Rebuild the queue and the sender list on a worker; the selection is kept by key."""
        self.queue.reload()

    def _queue_shown(self, count: int) -> None:
        self.collector.settled()
        self.queue_loaded = True
        self.suggestions.queue_shown()
        self.setWindowTitle(
            self.tr("Desk — {count} to answer").format(count=QLocale().toString(count))
        )

    @staticmethod
    def _select(view: QTableView, row: int) -> None:
        select_row(view, row)

    def move_in_queue(self, delta: int) -> None:
        """Select the next (+1) or previous (-1) row of the visible list."""
        self.queue.move(delta)

    def next_for_me(self) -> None:
        """Take the most urgent cluster nobody holds (all of it), and open it."""
        self.queue.next_for_me(self.team.reachable)

    def _target_changed(self) -> None:
        current = self.queue.current
        cluster_id = current.cluster_id if current and not self.searching.searching else None
        self.answer.set_target(self.messages_model.included_ids(), cluster_id)
        self._update_answerability()

    def _refresh_claims(self) -> None:
        self.queue.refresh_claims()

    def _open_row(self, row: QueueRow, agent_id: int | None) -> OpenedRow:
        """Open a row here and now (tests and the bench; the window does it on a worker)."""
        return open_row(self.app.store.sessions, row, agent_id)

    # The open row's state, under the names tests and the bench read.
    @property
    def _current(self) -> QueueRow | None:
        return self.queue.current

    @property
    def _claimed(self) -> list[int]:
        return self.queue.claimed

    @property
    def _opened_at(self) -> datetime:
        return self.queue.opened_at

    @property
    def _queue_task(self) -> Task[Worklists] | None:
        return self.queue.queue_task

    @property
    def _pending_answer(self) -> tuple[list[int], datetime] | None:
        return self.answering.pending

    # ================================================================== corrections
    def move_out(self) -> None:
        """Take the selected message out of its cluster; the decision persists."""
        self.corrections.move_out()

    def merge(self) -> None:
        """Merge the selected cluster into another cluster the agent picks."""
        self.corrections.merge()

    def choose_merge_target(self, candidates: list[QueueRow]) -> int | None:
        """Ask which cluster to merge into (tests answer for the agent)."""
        return ask_merge_target(self, candidates)

    # ================================================================== answering
    def _update_answerability(self) -> None:
        self.answering.update()

    def send_answer(self) -> None:
        """Confirm, then queue the previewed replies (held back for the undo window)."""
        self.answering.send_answer()

    def _queue_answer(
        self,
        drafts: Sequence[object],
        template_id: int | None,
        cluster_id: int | None,
        opened_at: datetime,
        activity: list[datetime],
    ) -> AnswerQueued:
        """Queue an answer here and now (tests; the window does it on a worker)."""
        return self.answering.queueing(drafts, template_id, cluster_id, opened_at, activity)()  # type: ignore[arg-type]

    def answers_queued(self, queued: QueuedAnswer, counts: OutboxCounts) -> None:
        """Replies are in the outbox: say what was refused, offer undo, send after it, reload."""
        self.answering.answers_queued(queued, counts)

    def ask_leave_out(self, flagged: int, total: int, who: Sequence[str]) -> LeaveOut:
        """Ask whether messages that also ask something else get this reply (tests answer)."""
        return LeaveOutQuestion(flagged, total, who, self).ask()

    def confirm(self, title: str, text: str) -> bool:
        """Ask yes or no (tests answer for the agent); shown as written."""
        return message_boxes.confirm(self, title, text)

    def inform(self, title: str, text: str) -> None:
        """Tell the agent something that needs reading (tests collect it); shown as written."""
        message_boxes.inform(self, title, text)

    def _show_error(self, exc: BaseException) -> None:
        self.inform(self.tr("Something went wrong"), error_sentence(exc))
        self.answer.refresh_state()

    def _unhandled(self, name: str, exc: BaseException) -> None:
        log.debug("unhandled failure of %s shown in the status bar", name)
        self.statusBar().showMessage(
            self.tr("Background work failed: {error}").format(
                error=error_sentence(exc, doing=name)
            ),
            15000,
        )

    # ================================================================== status bar
    @property
    def outbox(self) -> OutboxCounts:
        """The outbox's counts, as the status bar shows them."""
        return self.reports.outbox

    def _busy(self, count: int) -> None:
        if count == 0 and self.busy_label.text():
            self.busy_label.setText("")

    @property
    def last_send_report(self) -> object:
        """The outbox's last report (the bench reads it)."""
        return self.reports.last_send_report

    # ================================================================== dialogs
    def _account_replaced(self, config: AccountConfig) -> None:
        self.account_error = None
        self.mailbox.replace_account(config)

    def _account_saved(self, account_id: int) -> None:
        self.account_id = account_id
        self._update_answerability()

    def _settings_changed(self, settings: Settings) -> None:
        """Apply new settings now: undo window, deadline, similarity (language at next start)."""
        self.app.settings = settings
        self.queue.weights = weights_from_settings(settings)
        threshold = round(self.app.cluster_threshold())
        if threshold != self.slider.value():
            self.slider.setValue(threshold)  # regroups
        else:
            self.reload_queue()

    # ================================================================== closing
    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before quitting while replies are going out or still held for undo."""
        if self.mailbox.sending or self.undo.pending:
            question = self.tr(
                "Replies are being sent or wait in the undo window. Quit anyway? "
                "They stay in the outbox and go out at the next start."
            )
            if not self.confirm(self.tr("Quit Desk"), question):
                event.ignore()
                return
        self.collector.stop()
        self.queue.release()
        self.mailbox.stop()
        self.team.stop()
        self.runner.stop_all()
        event.accept()
