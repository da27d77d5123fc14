"""Answering from the window: whether Send may go, confirming, queueing, and what came of it.

The answer pane (:mod:`desk.ui.answer_panel`) prepares the drafts; this
controller says why Send is blocked (no account, the database out of reach,
another agent holding the messages), asks the agent to confirm, and queues
the confirmed drafts on a worker
(:func:`desk.workbench.answer_tasks.queue_confirmed_answer`). The queued
replies are held for the undo window; conflicts found at send time refuse
the whole answer and keep the draft. If the database drops while an answer
is being recorded, whether it was is told once the database is back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal
from PySide6.QtWidgets import QStatusBar

from desk.app import App
from desk.mail.drafts import ReplyDraft
from desk.ui.answer_panel import AnswerPanel
from desk.ui.asks_more import LeaveOut
from desk.ui.mailbox_controller import MailboxController
from desk.ui.queue_controller import QueueController
from desk.ui.search_controller import SearchController
from desk.ui.tasks import TaskRunner
from desk.ui.team_controller import TeamController
from desk.ui.team_panel import conflict_text
from desk.ui.undo_controller import UndoController
from desk.workbench.answer_tasks import AnswerQueued, queue_confirmed_answer, was_recorded
from desk.workbench.answering import AgentInfo, OutboxCounts, QueuedAnswer
from desk.workbench.team import connection_lost

PENDING_SLACK = timedelta(seconds=5)  # clocks of window and database may differ a little
CONFIRM_SHOWN = 5  # recipients named in the confirmation
LISTED = 20  # refusals and conflicts named in a message box
translate = QCoreApplication.translate


class AnsweringHost(Protocol):
    """What the controller needs of the window: who answers, and how to ask and tell."""

    @property
    def agent(self) -> AgentInfo | None: ...
    @property
    def account_id(self) -> int | None: ...
    @property
    def account_error(self) -> str | None: ...
    def inform(self, title: str, text: str) -> None: ...
    def confirm(self, title: str, text: str) -> bool: ...
    def ask_leave_out(self, flagged: int, total: int, who: Sequence[str]) -> LeaveOut: ...
    def statusBar(self) -> QStatusBar: ...


class AnsweringController(QObject):
    """Sends the answer the pane prepared, after confirming, and tells what became of it."""

    outbox_changed = Signal(object)  # OutboxCounts after queueing
    reload_wanted = Signal()  # the queue changed: answered rows go
    failed = Signal(object)  # an exception the agent should read

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        host: AnsweringHost,
        answer: AnswerPanel,
        queue: QueueController,
        search: SearchController,
        undo: UndoController,
        mailbox: MailboxController,
        team: TeamController,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.host = host
        self.answer = answer
        self.queue = queue
        self.search = search
        self.undo = undo
        self.mailbox = mailbox
        self.team = team
        self.pending: tuple[list[int], datetime] | None = None  # confirmed, not back yet
        answer.send_requested.connect(self.send_answer)
        answer.send_confirmed.connect(self.send_drafts)

    # ------------------------------------------------------------------ may it go
    def update(self) -> None:
        """Say in the answer pane why Send may not go now (or let it go)."""
        host = self.host
        current = self.queue.current
        reason = None
        if host.account_error:
            reason = translate("MainWindow", "The mailbox account is not valid: {error}").format(
                error=host.account_error
            )
        elif not self.mailbox.configured:
            reason = translate(
                "MainWindow", "Set up the mailbox account to send (File → Mailbox account)."
            )
        elif not self.team.reachable:
            reason = translate("MainWindow", "The database cannot be reached: reconnecting…")
        elif host.agent is None or host.account_id is None:
            reason = translate("MainWindow", "Opening the desk…")
        elif current is not None and current.held_by and not self.search.searching:
            reason = translate("MainWindow", "{name} is answering some of these messages.").format(
                name=current.held_by
            )
        self.answer.can_answer_reason = reason
        self.answer.refresh_state()

    # ------------------------------------------------------------------ sending
    def send_answer(self) -> None:
        """Confirm, then queue the previewed replies (held back for the undo window)."""
        reason = self.answer.blocking_reason()
        if reason is not None:
            self.host.statusBar().showMessage(reason, 5000)
            return
        drafts = self.answer.drafts
        messages = len({m for d in drafts for m in d.message_ids})
        flagged = sorted(self.answer.asking_more)
        if flagged:
            # Some also ask something else: the agent decides whether they get this reply.
            who = [d.to_addr for d in drafts if set(d.message_ids) & set(flagged)]
            choice = self.host.ask_leave_out(len(flagged), messages, who)
            if choice is LeaveOut.LEAVE_OUT:
                self.queue.model.exclude(flagged)  # as unticking them would
                self.answer.send_when_ready(flagged)
            if choice is LeaveOut.SEND_ALL:
                self.send_drafts(drafts)
            return
        first = [d.to_addr for d in drafts[:CONFIRM_SHOWN]]
        more = len(drafts) - len(first)
        locale = QLocale()
        text = translate(
            "MainWindow", "Answer {messages} messages with one reply to each of {people} people?"
        ).format(messages=locale.toString(messages), people=locale.toString(len(drafts)))
        text += "\n\n" + "\n".join(first)
        if more > 0:
            text += "\n" + translate("MainWindow", "and {more} more").format(
                more=locale.toString(more)
            )
        if self.host.confirm(translate("MainWindow", "Send the answer"), text):
            self.send_drafts(drafts)

    def send_drafts(self, drafts: Sequence[ReplyDraft]) -> None:
        """Queue these confirmed drafts (held back for the undo window)."""
        template = self.answer.template
        call = self.queueing(
            drafts,
            template.id if template else None,
            self.answer.cluster_id,
            self.queue.opened_at,
            self.queue.activity,
        )
        self.answer.send_button.setEnabled(False)
        self.pending = (
            sorted({m for d in drafts for m in d.message_ids}),
            datetime.now(UTC) - PENDING_SLACK,
        )
        self.runner.run("queue the answer", call, on_done=self._queued, on_error=self._not_queued)

    def queueing(
        self,
        drafts: Sequence[ReplyDraft],
        template_id: int | None,
        cluster_id: int | None,
        opened_at: datetime,
        activity: Sequence[datetime],
    ) -> Callable[[], AnswerQueued]:
        """The queueing call, with the agent, the account and the undo window read now."""
        agent, account_id = self.host.agent, self.host.account_id
        assert agent is not None and account_id is not None
        return partial(
            queue_confirmed_answer,
            self.app.store.sessions,
            account_id,
            list(drafts),
            agent_id=agent.id,
            template_id=template_id,
            cluster_id=cluster_id,
            hold_seconds=self.app.settings.undo_seconds,
            opened_at=opened_at,
            activity=list(activity),
            edited=self.answer.edited,
        )

    def _not_queued(self, exc: BaseException) -> None:
        if connection_lost(exc):
            # Whether it was recorded is told when the database is back; the draft stays.
            self.host.statusBar().showMessage(
                translate(
                    "MainWindow", "The database dropped while the answer was being recorded."
                ),
                8000,
            )
            self.answer.refresh_state()
            return
        self.pending = None
        self.failed.emit(exc)

    def _queued(self, result: AnswerQueued) -> None:
        self.pending = None
        if result.queued.conflicts:
            self.outbox_changed.emit(result.counts)
            self._tell_conflicts(result.queued)
            return
        self.queue.forget_row()
        self.answer.clear_after_send()
        self.answers_queued(result.queued, result.counts)

    def answers_queued(self, queued: QueuedAnswer, counts: OutboxCounts) -> None:
        """Replies are in the outbox: say what was refused, offer undo, send after it, reload."""
        self.outbox_changed.emit(counts)
        if queued.refused:
            lines = [f"{who}: {why}" for who, why in queued.refused[:LISTED]]
            self.host.inform(
                translate("MainWindow", "Some replies were not queued"),
                translate("MainWindow", "{count} replies were refused:").format(
                    count=QLocale().toString(len(queued.refused))
                )
                + "\n"
                + "\n".join(lines),
            )
        if queued.reply_ids:
            seconds = self.app.settings.undo_seconds
            self.undo.offer(queued, seconds)
            self.mailbox.send_after(seconds)
        self.reload_wanted.emit()

    def _tell_conflicts(self, queued: QueuedAnswer) -> None:
        """Nothing was sent: say which messages changed and why; the draft stays as it was."""
        lines = [conflict_text(c) for c in queued.conflicts[:LISTED]]
        if len(queued.conflicts) > LISTED:
            lines.append(
                translate("MainWindow", "and {more} more").format(
                    more=QLocale().toString(len(queued.conflicts) - LISTED)
                )
            )
        self.host.inform(
            translate("MainWindow", "Nothing was sent"),
            translate(
                "MainWindow",
                "Some of these messages changed since you opened them, so the answer was "
                "not sent to anyone. Your text is kept; check the messages and send again.",
            )
            + "\n\n"
            + "\n".join(lines),
        )
        self.answer.refresh_state()
        self.reload_wanted.emit()

    # ------------------------------------------------------------------ after a drop
    def database_back(self) -> None:
        """The database answers again: was the answer confirmed just before the drop recorded?"""
        agent = self.host.agent
        if self.pending is None or agent is None:
            return
        ids, since = self.pending
        self.pending = None
        self.runner.run(
            "was the answer recorded",
            was_recorded,
            self.app.store.sessions,
            agent.id,
            ids,
            since,
            on_done=lambda found: self._tell_recorded(found, len(ids)),
        )

    def _tell_recorded(self, replies: tuple[int, ...], messages: int) -> None:
        if replies:
            self.host.inform(
                translate("MainWindow", "Your answer was recorded"),
                translate(
                    "MainWindow",
                    "The database came back: the answer you confirmed just before the "
                    "connection dropped was recorded ({count} replies); it goes out as usual.",
                ).format(count=QLocale().toString(len(replies))),
            )
            self.answer.clear_after_send()
            self.queue.current = None
            self.reload_wanted.emit()
        else:
            self.host.inform(
                translate("MainWindow", "Your answer was not recorded"),
                translate(
                    "MainWindow",
                    "The database came back, but the answer you confirmed just before the "
                    "connection dropped was not recorded ({count} messages). Your text is "
                    "still here: check it and send it again.",
                ).format(count=QLocale().toString(messages)),
            )
            self.answer.refresh_state()
