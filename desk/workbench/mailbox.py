"""The window's mailbox work, headless: one sync pass that clusters what it brought, one outbox run.

The window runs these on a worker with a progress callback and a stop
check; the same engines ``desk sync`` and ``desk send`` drive do the work.
One :class:`MailboxSession` lives as long as the window: it keeps the IMAP
connection open between passes (an incremental pass then costs one round
trip) and the cluster service loaded (new mail joins clusters incrementally).

In a team (PostgreSQL) one client syncs for everybody: the service when it
runs, else the window that holds the account's sync lock. The other windows
*follow*: a pass reports who syncs instead of syncing, and the queue comes
from the store they share. A window without the mailbox password only ever
follows. While a service is present, a window syncs only when the lock is
free (the service restarting or just killed) and gives it back after the
pass; it leaves sending to the service.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desk.core.clock import utc_now
from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import AccountConfig, account_passwords
from desk.mail.folder_sync import Stage
from desk.mail.handover import journal_path
from desk.mail.leader import LeaderInfo, SyncLeadership, current_leader, service_present
from desk.mail.outbox import Outbox, OutboxListener, SendReport
from desk.mail.sync import MailboxSync
from desk.replies.after_pass import after_sync_pass
from desk.store.database import Store
from desk.store.models import Account
from desk.workbench.clustering import Clustering

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], object]
Stopping = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    """What a pass brought: new messages, how many were clustered, folders that changed.

    ``leader`` is set when this window did not sync because another client does
    (the service, or another agent's window): it says who, and when they last did.
    """

    new: int
    clustered: int
    gone: int
    cancelled: bool
    leader: LeaderInfo | None = None
    following: bool = False


class _SyncProgress:
    def __init__(self, progress: Progress, stopping: Stopping) -> None:
        self._progress = progress
        self._stopping = stopping

    def stage(self, folder: str, stage: Stage, done: int, total: int) -> None:
        self._progress(done, total, f"{folder}:{stage.value}")

    def cancelled(self) -> bool:
        return self._stopping()


class _SendProgress(OutboxListener):
    def __init__(self, progress: Progress, stopping: Stopping) -> None:
        self._progress = progress
        self._stopping = stopping

    def sent(self, done: int, total: int) -> None:
        self._progress(done, total, "sending")

    def cancelled(self) -> bool:
        return self._stopping()


class MailboxSession:
    """One account's sync engine and cluster service, for the window's lifetime.

    Calls are serialised: the window never runs two passes at once, and the
    lock makes sure of it even if it tried.
    """

    def __init__(
        self,
        store: Store,
        config: AccountConfig,
        imap_password: str | None,
        smtp_password: str | None,
        *,
        clustering: Clustering,
        journal: Path | None = None,
        workers: int | None = None,
        holder: str = "",
        promise_hours: int = 48,
    ) -> None:
        """``imap_password`` None: this window never syncs (it follows the team's syncer).
        ``holder``: how the others see this window when it syncs for them (the agent).
        ``promise_hours``: the answer time promised, which acknowledgements fall back on."""
        self.store = store
        self.config = config
        self._imap_password = imap_password
        self._smtp_password = smtp_password
        self._journal = journal
        self._clustering = clustering
        self._workers = workers
        self._sync: MailboxSync | None = None
        self._leadership: SyncLeadership | None = None
        self._holder = holder or config.name
        self._promise_hours = promise_hours
        self._lock = threading.Lock()

    @property
    def shared(self) -> bool:
        """True when the store is a team's (PostgreSQL): someone else may sync and send."""
        return self.store.engine.dialect.name == "postgresql"

    def _account_id(self) -> int | None:
        with self.store.sessions() as session:
            return session.scalar(select(Account.id).where(Account.name == self.config.name))

    def _following(self) -> SyncOutcome:
        """Not syncing: who does, for the status bar."""
        if self._sync is not None:
            self._sync.drop_connection()  # no idle IMAP connection while another syncs
        account_id = self._account_id()
        leader = None
        if account_id is not None:
            with self.store.sessions() as session:
                leader = current_leader(session, account_id)
        return SyncOutcome(0, 0, 0, False, leader=leader, following=True)

    def _service_runs(self) -> bool:
        if not self.shared:
            return False
        with self.store.sessions() as session:
            return service_present(session, utc_now())

    def _give_up_lead(self) -> None:
        if self._leadership is not None and self._leadership.leading:
            self._leadership.release()

    def sync(self, progress: Progress, stopping: Stopping) -> SyncOutcome:
        """One pass over the account's folders, then cluster the messages it completed."""
        with self._lock:
            if self._imap_password is None:
                return self._following()
            if self._sync is None:
                self._sync = MailboxSync(
                    self.store.sessions,
                    self.config,
                    self._imap_password,
                    workers=self._workers,
                    listener=_SyncProgress(progress, stopping),
                )
                self._leadership = SyncLeadership(
                    self.store.engine,
                    self._sync.account_id,
                    self.config.name,
                    self._holder,
                    "window",
                )
                self._sync.leadership = self._leadership
            else:
                self._sync.listener = _SyncProgress(progress, stopping)
            try:
                reports = self._sync.sync_once()
            except DeskError as exc:
                if exc.code is ErrorCode.SYNC_BUSY:
                    return self._following()
                self._sync.drop_connection()  # the next pass starts from a fresh connection
                raise
            except Exception:
                self._sync.drop_connection()  # the next pass starts from a fresh connection
                raise
            if self._service_runs():
                # Covered for a service that is present but not syncing (it is restarting,
                # or was killed and its presence has not gone stale): give the lock back.
                self._give_up_lead()
            new_ids = [mid for report in reports for mid in report.completed_ids]
            clustered = 0
            if new_ids and not stopping():
                progress(0, 0, "clustering")
                clustered = self._clustering.add(new_ids).clustered
            if not stopping():  # every pass: overdue requests get their status update
                after_sync_pass(
                    self.store.sessions,
                    self.config.name,
                    new_ids,
                    promise_hours=self._promise_hours,
                )
            return SyncOutcome(
                new=sum(r.new for r in reports),
                clustered=clustered,
                gone=sum(r.gone for r in reports),
                cancelled=any(r.cancelled for r in reports),
            )

    def send(self, progress: Progress, stopping: Stopping) -> SendReport:
        """Recover, send what is due, file it: one outbox run (none when the service sends)."""
        if self._service_runs():
            return SendReport(by_service=True)
        outbox = Outbox(
            self.store.sessions,
            self.config,
            imap_password=self._imap_password,
            smtp_password=self._smtp_password,
            listener=_SendProgress(progress, stopping),
            journal=self._journal,
        )
        return outbox.run()

    def close(self) -> None:
        """Log out (at exit)."""
        with self._lock:
            self._give_up_lead()
            if self._sync is not None:
                self._sync.close()
                self._sync = None


_NO_PASSWORD = {ErrorCode.PASSWORD_MISSING, ErrorCode.KEYRING_UNAVAILABLE}


def open_mailbox_session(
    store: Store,
    config: AccountConfig,
    environ: dict[str, str],
    *,
    clustering: Clustering,
    data_dir: Path,
    holder: str,
    promise_hours: int = 48,
) -> MailboxSession:
    """The account's session, with its passwords read (from ``environ`` or the keyring).

    In a team the service syncs and sends, so an agent's window without the
    mailbox password still opens: it follows the team's syncer.
    """
    imap_password: str | None
    try:
        imap_password, smtp_password = account_passwords(config, environ)
    except DeskError as exc:
        team = store.engine.dialect.name == "postgresql"
        if not team or exc.code not in _NO_PASSWORD:
            raise
        imap_password = smtp_password = None
    return MailboxSession(
        store,
        config,
        imap_password,
        smtp_password,
        clustering=clustering,
        journal=journal_path(data_dir, store.url, config.name),
        holder=holder,
        promise_hours=promise_hours,
    )
