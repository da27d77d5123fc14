"""The shared mailbox seen from the window: sync on a schedule, send after the undo window, state.

All network work runs as jobs on the task runner. The controller keeps the
connection state the status bar shows (not set up, connecting, connected,
offline with the next retry, refused with why) and retries with backoff
after a failure, so an agent on a shaky VPN keeps reading and preparing
replies while it is offline: the store is local, replies wait in the outbox.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from desk.app import App
from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import AccountConfig
from desk.mail.outbox import SendReport
from desk.ui.error_text import error_sentence
from desk.ui.tasks import Job, Task, TaskRunner
from desk.workbench.answer_tasks import next_reply_due
from desk.workbench.clustering import Clustering
from desk.workbench.mailbox import (
    MailboxSession,
    Progress,
    Stopping,
    SyncOutcome,
    open_mailbox_session,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

SYNC_EVERY_MS = 60_000
# While another client syncs for the team, how often to look whether it still does
# (and take over when it is gone: the lock frees at once, or within ~20 s of keepalives).
FOLLOW_EVERY_MS = 10_000
RETRY_FIRST_S = 5
RETRY_MAX_S = 300


class Connection(StrEnum):
    """What the status bar says about the mailbox."""

    NOT_SET_UP = "not_set_up"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    FOLLOWING = "following"  # another client (the service, a colleague's window) syncs
    OFFLINE = "offline"
    REFUSED = "refused"  # wrong password, certificate refused: retrying will not help soon


_REFUSALS = {
    ErrorCode.LOGIN_FAILED,
    ErrorCode.CERT_REFUSED,
    ErrorCode.ACCOUNT_INVALID,
    ErrorCode.PASSWORD_MISSING,
    ErrorCode.KEYRING_UNAVAILABLE,
    ErrorCode.FOLDER_NOT_FOUND,
}


def _code(exc: BaseException) -> ErrorCode | None:
    return exc.code if isinstance(exc, DeskError) else None


def heavy_pass(
    job: Job,
    work: Callable[[Progress, Stopping], T],
    heavy: Callable[[], AbstractContextManager[None]],
) -> T:
    """Run a sync pass or an outbox run on its worker, under the window's collector policy."""
    with heavy():
        return work(job.progress, lambda: job.stopping)


class MailboxController(QObject):
    """Runs sync passes and outbox runs for the window, one of each at a time."""

    state_changed = Signal(str, str)  # Connection value, detail (error text or retry delay)
    sync_progress = Signal(int, int, str)
    synced = Signal(object)  # SyncOutcome
    send_progress = Signal(int, int)
    send_started = Signal()
    sent = Signal(object)  # SendReport
    send_failed = Signal(str)

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        clustering: Clustering,
        config: AccountConfig | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.clustering = clustering
        self.config = config
        self.state = Connection.NOT_SET_UP if config is None else Connection.CONNECTING
        self.detail = ""
        self._session: MailboxSession | None = None
        self._sync_task: Task[SyncOutcome] | None = None
        self._send_task: Task[SendReport] | None = None
        self._send_again = False
        self._failures = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        self._send_timer = QTimer(self)
        self._send_timer.setSingleShot(True)
        self._send_timer.timeout.connect(self.send_now)
        # Wraps each sync pass and outbox run on its worker (the window's collector policy).
        self.heavy_work: Callable[[], AbstractContextManager[None]] = nullcontext
        # How the team sees this window when it syncs for them (the agent's name).
        self.holder = ""

    # ------------------------------------------------------------------ state
    @property
    def configured(self) -> bool:
        """True when a mailbox account is set up."""
        return self.config is not None

    @property
    def syncing(self) -> bool:
        """True while a sync pass runs."""
        return self._sync_task is not None

    @property
    def sending(self) -> bool:
        """True while the outbox runs."""
        return self._send_task is not None

    def _set_state(self, state: Connection, detail: str = "") -> None:
        self.state, self.detail = state, detail
        self.state_changed.emit(state.value, detail)

    # ------------------------------------------------------------------ start and stop
    def start(self) -> None:
        """Open the mailbox: passwords, a first pass, then what a crash left in the outbox."""
        if self.config is None:
            self._set_state(Connection.NOT_SET_UP)
            return
        self._set_state(Connection.CONNECTING)
        self.runner.run(
            "read passwords",
            partial(
                open_mailbox_session,
                self.app.store,
                self.config,
                dict(os.environ),
                clustering=self.clustering,
                data_dir=self.app.dirs.data,
                holder=self.holder,
                promise_hours=self.app.settings.deadline_hours,
            ),
            on_done=self._session_ready,
            on_error=self._failed,
        )

    def _session_ready(self, session: MailboxSession) -> None:
        self._session = session
        self.sync_now()
        if session.config.smtp is not None:
            self.send_now()

    def replace_account(self, config: AccountConfig | None) -> None:
        """Use another account (after the account dialog saved one)."""
        self.stop()
        self.config = config
        self._failures = 0
        self.start()

    def stop(self) -> None:
        """Stop timers and running jobs; the outbox resumes at the next start."""
        self._timer.stop()
        self._send_timer.stop()
        for task in (self._sync_task, self._send_task):
            if task is not None:
                task.discard()
        self._sync_task = self._send_task = None
        session, self._session = self._session, None
        if session is not None:
            self.runner.run("close mailbox", session.close)

    # ------------------------------------------------------------------ sync
    def sync_now(self) -> None:
        """Run a sync pass now (F5), unless one runs or there is no account."""
        self._timer.stop()
        if self._session is None or self._sync_task is not None:
            return
        session = self._session
        self._sync_task = self.runner.run_job(
            "sync",
            heavy_pass,
            session.sync,
            self.heavy_work,
            on_done=self._synced,
            on_error=self._failed,
            on_progress=self.sync_progress.emit,
        )

    def _synced(self, outcome: SyncOutcome) -> None:
        self._sync_task = None
        self._failures = 0
        if outcome.following:
            leader = outcome.leader
            self._set_state(Connection.FOLLOWING, leader.holder if leader is not None else "")
            self.synced.emit(outcome)
            self._timer.start(FOLLOW_EVERY_MS)
            return
        self._set_state(Connection.CONNECTED)
        self.synced.emit(outcome)
        self._timer.start(SYNC_EVERY_MS)

    def _failed(self, exc: BaseException) -> None:
        self._sync_task = None
        text = error_sentence(exc, doing="mailbox")
        self._failures += 1
        if _code(exc) in _REFUSALS:
            self._set_state(Connection.REFUSED, text)
            self._timer.start(RETRY_MAX_S * 1000)
            return
        delay = min(RETRY_MAX_S, RETRY_FIRST_S * 2 ** (self._failures - 1))
        self._set_state(Connection.OFFLINE, str(delay))
        log.warning("mailbox offline (%s); retrying in %s s", exc, delay)
        self._timer.start(delay * 1000)

    # ------------------------------------------------------------------ send
    def send_after(self, seconds: float) -> None:
        """Run the outbox once the undo window has passed."""
        self._send_timer.start(max(0, int(seconds * 1000)) + 200)

    def send_now(self) -> None:
        """Run the outbox now (it sends only what is due)."""
        self._send_timer.stop()
        if self._session is None or self.config is None or self.config.smtp is None:
            return
        if self._send_task is not None:
            self._send_again = True
            return
        session = self._session
        self.send_started.emit()
        self._send_task = self.runner.run_job(
            "send",
            heavy_pass,
            session.send,
            self.heavy_work,
            on_done=self._sent,
            on_error=self._send_error,
            on_progress=lambda done, total, _text: self.send_progress.emit(done, total),
        )

    def cancel_sending(self) -> None:
        """Stop after the reply being sent; the rest stays queued."""
        if self._send_task is not None and self._send_task.job is not None:
            self._send_task.job.stop()

    def _sent(self, report: SendReport) -> None:
        self._send_task = None
        self.sent.emit(report)
        if self._send_again:
            self._send_again = False
            self.send_now()
            return
        if report.cancelled:
            return  # the agent stopped it: the rest waits until they send again
        if report.offline:
            self._set_state(Connection.OFFLINE, str(RETRY_FIRST_S * 6))
            self._send_timer.start(RETRY_FIRST_S * 1000 * 6)
            return
        # Replies still held (undo window, a busy server's retry time) go when due.
        self.runner.run(
            "next reply due", next_reply_due, self.app.store.sessions, on_done=self._schedule_next
        )

    def _schedule_next(self, seconds: float | None) -> None:
        if seconds is not None and self._send_task is None:
            self.send_after(seconds)

    def _send_error(self, exc: BaseException) -> None:
        self._send_task = None
        self.send_failed.emit(error_sentence(exc, doing="sending"))
        self._send_timer.start(RETRY_MAX_S * 1000)
