"""The work lists seen from the window: loading them, the open row, and the live claims.

The queue and the sender list load on a worker and keep the selected row by
its key. Opening a row lists its messages and claims those nobody else holds,
so two agents never answer the same message; leaving it gives them back.
Others' claims arrive live (a NOTIFY, or a lease that lapsed) and grey the
rows they hold. "Next for me" takes the most urgent cluster nobody holds.

Every call off the GUI thread is a function of :mod:`desk.workbench.worklist_tasks`
given plain values; the controller keeps its state on the GUI thread.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Signal

from desk.app import App
from desk.queue.claims import DEFAULT_LEASE as CLAIM_LEASE
from desk.ui.collector import CollectorPolicy
from desk.ui.models import MessageListModel, QueueModel
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import delay_timer
from desk.ui.work_panes import MessagesPane, WorkLists, select_row
from desk.workbench.dispatch import TakenCluster
from desk.workbench.worklist import QueueRow, weights_from_settings
from desk.workbench.worklist_tasks import (
    OpenedRow,
    Worklists,
    claim_again,
    fetch_message_rows,
    give_back,
    live_holders,
    load_sender_rows,
    load_worklists,
    open_row,
    take_next_cluster,
)

LAPSE_SLACK = timedelta(seconds=5)  # look again this long after a claim should have lapsed


class QueueController(QObject):
    """Loads the work lists, opens the selected row, and follows who holds what."""

    loading = Signal(str)  # what the status bar's busy part says ("" when done)
    queue_shown = Signal(int)  # the queue (re)loaded, with this many rows
    row_changing = Signal()  # another row is being opened (a search is left)
    target_changed = Signal()  # the messages an answer would go to may have changed
    answerability_changed = Signal()  # whether the shown row can be answered may have changed
    message_chosen = Signal(object, object)  # message id or None, the row's representative
    next_for_me_ready = Signal(bool)  # "Next for me" may be used again (or not)
    failed = Signal(object)  # an exception the agent should read
    told = Signal(str, int)  # a status-bar message and how long it shows (ms)

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        lists: WorkLists,
        messages: MessagesPane,
        collector: CollectorPolicy,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.lists = lists
        self.messages = messages
        self.collector = collector
        self.weights = weights_from_settings(app.settings)
        self.agent_id: int | None = None
        self.demo_anchor: tuple[datetime, datetime] | None = None  # last message, opened at
        self.current: QueueRow | None = None
        self.claimed: list[int] = []
        self.representative: str | None = None
        self.opened_at = datetime.now(UTC)
        self.activity: list[datetime] = []
        self.queue_task: Task[Worklists] | None = None
        self._senders_task: Task[list[QueueRow]] | None = None
        self._members_task: Task[OpenedRow] | None = None
        self._claims_task: Task[dict[str, tuple[str, int]]] | None = None
        self._claims_again = False  # claims changed while the last look was under way
        self._lapse_timer = delay_timer(
            self, int((CLAIM_LEASE + LAPSE_SLACK).total_seconds() * 1000), self.refresh_claims
        )
        self.model.fetch = partial(fetch_message_rows, app.store.sessions, None)

    @property
    def model(self) -> MessageListModel:
        """The open row's messages."""
        return self.messages.messages_model

    def set_agent(self, agent_id: int) -> None:
        """The agent is known: claims are theirs, others' are named in the lists."""
        self.agent_id = agent_id
        self.model.fetch = partial(fetch_message_rows, self.app.store.sessions, agent_id)

    # ------------------------------------------------------------------ loading
    def queue_now(self) -> datetime:
        """The moment deadlines are measured from (the demo's is its last message)."""
        if self.demo_anchor is None:
            return datetime.now(UTC)
        last, opened = self.demo_anchor
        return last + (datetime.now(UTC) - opened)

    def reload(self) -> None:
        """Rebuild the queue and the sender list on a worker; the selection is kept by key."""
        if self.queue_task is not None:
            self.queue_task.discard()
        self.loading.emit(QCoreApplication.translate("MainWindow", "Loading the queue…"))
        self.queue_task = self.runner.run(
            "load the queue",
            partial(
                load_worklists,
                self.app.store.sessions,
                self.queue_now(),
                self.agent_id,
                self.weights,
                with_senders=False,
            ),
            on_done=self._arrived,
        )

    def first_load(self, early: Worklists | None, *, others_write: bool) -> None:
        """The window's first queue: the one read while it loaded (``early``) when there is one.

        When others write to the database too (a team's), what they did between
        that reading and the window's listening sent no notice it heard: the
        queue is read once more behind the one shown.
        """
        if early is None:
            self.reload()
            return
        self.show_worklists(early)
        if others_write:
            self.reload()

    def _arrived(self, loaded: Worklists) -> None:
        self.queue_task = None
        self.loading.emit("")
        self.show_worklists(loaded)

    def show_worklists(self, loaded: Worklists) -> None:
        """The queue is in: show it at once, then load the sender list behind it."""
        self.lists.queue_model.set_rows(loaded.queue, loaded.now)
        self.queue_shown.emit(len(loaded.queue))
        if self._senders_task is not None:
            self._senders_task.discard()
        self._senders_task = self.runner.run(
            "load the sender list",
            load_sender_rows,
            self.app.store.sessions,
            self.agent_id,
            on_done=lambda senders: self._senders_arrived(senders, loaded.now),
        )
        if self.lists.active()[1] is self.lists.queue_model:
            self._keep_selection()

    def _senders_arrived(self, senders: list[QueueRow], now: datetime) -> None:
        self._senders_task = None
        self.lists.senders_model.set_rows(senders, now)
        if self.lists.active()[1] is self.lists.senders_model:
            self._keep_selection()

    def _keep_selection(self) -> None:
        """Select again the row shown before the reload (by key), else the nearest one."""
        key = self.current.key if self.current else None
        view, model = self.lists.active()
        row = model.row_of(key) if key else -1
        if row < 0 and model.rowCount():
            current = max(0, view.currentIndex().row())
            row = 0 if key is None else min(current, model.rowCount() - 1)
        if row >= 0:
            select_row(view, row)
        elif model.rowCount() == 0:
            self.show_row(None)

    # ------------------------------------------------------------------ moving
    def move(self, delta: int) -> None:
        """Select the next (+1) or previous (-1) row of the visible list."""
        view, model = self.lists.active()
        if not model.rowCount():
            return
        select_row(view, min(model.rowCount() - 1, max(0, view.currentIndex().row() + delta)))
        view.setFocus()

    def open_messages(self) -> None:
        """Move the focus to the selected row's messages."""
        view = self.messages.messages_view
        view.setFocus()
        if self.model.rowCount() and not view.currentIndex().isValid():
            view.setCurrentIndex(self.model.index(0, MessageListModel.FROM))

    def tab_changed(self) -> None:
        """The other list is shown: open its selected row."""
        view, model = self.lists.active()
        index = view.currentIndex()
        self.show_row(model.row_at(index.row()) if index.isValid() else None)

    def row_selected(self, model: QueueModel, index: QModelIndex) -> None:
        """A list's current row changed: open it, if that list is the one shown."""
        if model is not self.lists.active()[1]:
            return
        self.show_row(model.row_at(index.row()) if index.isValid() else None)

    # ------------------------------------------------------------------ the open row
    def show_row(self, row: QueueRow | None) -> None:
        """Open ``row``: its messages listed, those nobody else holds claimed."""
        if row is not None and self.current is not None and row.key == self.current.key:
            return
        self.release()
        self.current = row
        self.opened_at = datetime.now(UTC)
        self.activity = [self.opened_at]
        self.row_changing.emit()
        if self._members_task is not None:
            self._members_task.discard()
        if row is None:
            self.lists.breakdown.setText("")
            self.messages.show_row_title(None)
            self.model.set_ids([])
            self.target_changed.emit()
            self.message_chosen.emit(None, None)
            self.answerability_changed.emit()
            return
        self.lists.breakdown.setText(self.lists.queue_model.explain(row))
        self.messages.show_row_title(row)
        self._members_task = self.runner.run(
            "open the row",
            open_row,
            self.app.store.sessions,
            row,
            self.agent_id,
            on_done=self._opened,
        )
        self.answerability_changed.emit()

    def _opened(self, opened: OpenedRow) -> None:
        self._members_task = None
        self.claimed, self.representative = opened.claimed, opened.representative
        self.messages.show_ids(opened.ids)
        self.target_changed.emit()

    def reopen(self) -> None:
        """Open the open row afresh (after a search, or a correction changed its members)."""
        current, self.current = self.current, None
        self.show_row(current)

    def forget_row(self) -> None:
        """The row was answered: its claims went with the answer, nothing is open now."""
        self.claimed = []
        self.current = None

    def release(self) -> None:
        """Give back what this agent holds of the open row (left without answering)."""
        if self.claimed and self.agent_id is not None:
            self.runner.run(
                "release claims", give_back, self.app.store.sessions, self.agent_id, self.claimed
            )
        self.claimed = []

    def message_selected(self, index: QModelIndex) -> None:
        """Show the chosen message beside its row's representative."""
        mid = self.model.id_at(index.row()) if index.isValid() else None
        self.message_chosen.emit(mid, self.representative)
        self.note_activity()

    def toggle_exclusion(self) -> None:
        """Leave the selected message out of the answer, or put it back."""
        index = self.messages.messages_view.currentIndex()
        if index.isValid():
            self.model.toggle(index.row())

    def note_activity(self) -> None:
        """The agent did something on this row (its handling time counts it)."""
        self.activity.append(datetime.now(UTC))

    # ------------------------------------------------------------------ live claims
    def refresh_claims(self) -> None:
        """Look who holds what now (one query at a time), and grey what others hold."""
        rows = self.lists.queue_model.rows
        if not rows or self.agent_id is None:
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
            live_holders,
            self.app.store.sessions,
            rows,
            self.agent_id,
            on_done=self._holders_arrived,
        )

    def _holders_arrived(self, holders: dict[str, tuple[str, int]]) -> None:
        queue = self.lists.queue_model
        queue.set_holders(holders)
        if self._claims_again:
            self._claims_again = False
            self._claims_task = None
            self.refresh_claims()
        if holders:
            # A claim lapses without anyone writing (its window died): look again when it can.
            self._lapse_timer.start()
        if self.current is None:
            return
        now_held = holders.get(self.current.key, (None, 0))
        if now_held == (self.current.held_by, self.current.held_count):
            return
        updated = queue.row_at(queue.row_of(self.current.key))
        if updated is not None:
            self.current = updated
            self.lists.breakdown.setText(queue.explain(updated))
            if updated.held_by is None and not self.claimed and self.agent_id is not None:
                # Given back while this agent looks at it: theirs now, if still free.
                self.runner.run(
                    "claim what was freed",
                    claim_again,
                    self.app.store.sessions,
                    self.agent_id,
                    self.model.ids,
                    on_done=self._claimed_again,
                )
        self.model.refresh()
        self.answerability_changed.emit()

    def _claimed_again(self, claimed: list[int]) -> None:
        if self.current is not None and set(claimed) <= set(self.model.ids):
            self.claimed = claimed

    # ------------------------------------------------------------------ next for me
    def next_for_me(self, reachable: bool) -> None:
        """Take the most urgent cluster nobody holds (all of it), and open it."""
        if self.agent_id is None or not reachable:
            return
        ranked = [r.cluster_id for r in self.lists.queue_model.rows if r.cluster_id is not None]
        self.next_for_me_ready.emit(False)
        self.runner.run(
            "next for me",
            take_next_cluster,
            self.app.store.sessions,
            self.agent_id,
            ranked,
            list(self.claimed),
            on_done=self._taken,
            on_error=self._not_taken,
        )

    def _not_taken(self, exc: BaseException) -> None:
        self.next_for_me_ready.emit(True)
        self.failed.emit(exc)

    def _taken(self, taken: TakenCluster | None) -> None:
        self.next_for_me_ready.emit(True)
        if taken is None:
            self.told.emit(
                QCoreApplication.translate(
                    "MainWindow", "Nothing left that nobody holds: the queue is done or taken."
                ),
                8000,
            )
            return
        self.claimed = []  # what we held before was given back by take_next
        row = self.lists.queue_model.row_of(taken.key)
        if row < 0:
            self.reload()  # a cluster this window does not list yet
            return
        self.lists.tabs.setCurrentWidget(self.lists.queue_view)
        self.lists.queue_view.setCurrentIndex(self.lists.queue_model.index(row, 1))
        self.open_messages()
