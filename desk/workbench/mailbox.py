"""The window's mailbox work, headless: one sync pass that clusters what it brought, one outbox run.

The window runs these on a worker with a progress callback and a stop
check; the same engines ``desk sync`` and ``desk send`` drive do the work.
One :class:`MailboxSession` lives as long as the window: it keeps the IMAP
connection open between passes (an incremental pass then costs one round
trip) and the cluster service loaded (new mail joins clusters incrementally).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desk.mail.account import AccountConfig
from desk.mail.folder_sync import Stage
from desk.mail.outbox import Outbox, OutboxListener, SendReport
from desk.mail.sync import MailboxSync
from desk.store.database import Store
from desk.workbench.clustering import Clustering

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], object]
Stopping = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    """What a pass brought: new messages, how many were clustered, folders that changed."""

    new: int
    clustered: int
    gone: int
    cancelled: bool


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
        imap_password: str,
        smtp_password: str | None,
        *,
        clustering: Clustering,
        journal: Path | None = None,
        workers: int | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self._imap_password = imap_password
        self._smtp_password = smtp_password
        self._journal = journal
        self._clustering = clustering
        self._workers = workers
        self._sync: MailboxSync | None = None
        self._lock = threading.Lock()

    def sync(self, progress: Progress, stopping: Stopping) -> SyncOutcome:
        """One pass over the account's folders, then cluster the messages it completed."""
        with self._lock:
            if self._sync is None:
                self._sync = MailboxSync(
                    self.store.sessions,
                    self.config,
                    self._imap_password,
                    workers=self._workers,
                    listener=_SyncProgress(progress, stopping),
                )
            else:
                self._sync.listener = _SyncProgress(progress, stopping)
            try:
                reports = self._sync.sync_once()
            except Exception:
                self._sync.drop_connection()  # the next pass starts from a fresh connection
                raise
            new_ids = [mid for report in reports for mid in report.completed_ids]
            clustered = 0
            if new_ids and not stopping():
                progress(0, 0, "clustering")
                clustered = self._clustering.add(new_ids).clustered
            return SyncOutcome(
                new=sum(r.new for r in reports),
                clustered=clustered,
                gone=sum(r.gone for r in reports),
                cancelled=any(r.cancelled for r in reports),
            )

    def send(self, progress: Progress, stopping: Stopping) -> SendReport:
        """Recover, send what is due, file it: one outbox run."""
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
            if self._sync is not None:
                self._sync.close()
                self._sync = None
