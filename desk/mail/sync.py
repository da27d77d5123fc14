"""An account's mailbox kept in the store: one connection, every folder, reconnecting after drops.

:class:`MailboxSync` runs :class:`~desk.mail.folder_sync.FolderSync` passes
over the account's folders on a connection it keeps open between passes (an
incremental pass with nothing new then costs milliseconds). A dropped
connection is reopened with backoff and the pass carries on from what was
stored. On PostgreSQL only one client syncs an account at a time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import AccountConfig, save_account
from desk.mail.folder_sync import (
    FolderReport,
    FolderSync,
    QuietListener,
    Stage,
    SyncListener,
)
from desk.mail.imap import ConnectionLostError, ImapConnection
from desk.mail.leader import SyncLeadership, current_leader, sync_lock_key

__all__ = ["FolderReport", "MailboxSync", "QuietListener", "Stage", "SyncListener", "backoff_delay"]

log = logging.getLogger(__name__)


class MailboxSync:
    """Keeps an account's folders in the store, over one connection kept open between passes.

    A dropped connection is reopened with backoff (1, 2, 4 … 60 s) and the
    pass carries on from what was stored; ``retries`` bounds how many drops a
    single pass survives. On PostgreSQL only one client syncs an account at
    a time (an advisory lock, held for the pass or, with ``leadership``, for as
    long as this client leads); a second gets ``SYNC_BUSY``, naming the holder.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        config: AccountConfig,
        password: str,
        *,
        workers: int | None = None,
        listener: SyncListener | None = None,
        retries: int = 5,
        sleep: Callable[[float], object] = time.sleep,
        timeout: float = 30.0,
        leadership: SyncLeadership | None = None,
    ) -> None:
        self.sessions = sessions
        self.leadership = leadership
        self.config = config
        self._password = password
        self.workers = workers
        self.listener: SyncListener = listener or QuietListener()
        self.retries = retries
        self._sleep = sleep
        self._timeout = timeout
        self._connection: ImapConnection | None = None
        with sessions.begin() as session:
            self.account_id = save_account(session, config).id

    @property
    def connection(self) -> ImapConnection:
        """The open connection, opened when needed (DeskError when the server cannot be reached)."""
        if self._connection is None:
            for folder in self.config.folders[:1]:
                self.listener.stage(folder, Stage.CONNECTING, 0, 0)
            self._connection = ImapConnection(
                self.config, self._password, timeout=self._timeout
            ).open()
        return self._connection

    def drop_connection(self) -> None:
        """Forget the connection (after a drop, or to go offline)."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()

    def close(self) -> None:
        """Log out."""
        self.drop_connection()

    def __enter__(self) -> MailboxSync:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def sync_once(self) -> list[FolderReport]:
        """One pass over every folder of the account; reconnects after drops."""
        with self._exclusive():
            try:
                reports = [self._sync_folder(name) for name in self.config.folders]
            except Exception as exc:
                if self.leadership is not None:
                    self.leadership.record_pass(str(exc) or type(exc).__name__)
                raise
        if self.leadership is not None:
            self.leadership.record_pass()
        return reports

    def _sync_folder(self, name: str) -> FolderReport:
        total = FolderReport(folder=name)
        drops = 0
        while True:
            try:
                report = FolderSync(
                    self.sessions,
                    self.connection,
                    self.account_id,
                    self.config.name,
                    self.listener,
                    self.workers,
                ).run(name)
            except ConnectionLostError as exc:
                self.drop_connection()
                drops += 1
                if drops > self.retries:
                    raise DeskError(
                        ErrorCode.SERVER_UNREACHABLE,
                        kind="IMAP",
                        server=self.config.imap.describe(),
                        account=self.config.name,
                        reason=f"the connection dropped {drops} times ({exc})",
                    ) from exc
                delay = backoff_delay(drops)
                log.warning("IMAP connection lost (%s); reconnecting in %.0f s", exc, delay)
                self._sleep(delay)
                continue
            _merge(total, report)
            return total

    def _exclusive(self) -> Any:
        bind = self.sessions.kw["bind"]
        if self.leadership is not None:
            if not self.leadership.try_lead():
                with self.sessions() as session:
                    leader = current_leader(session, self.account_id)
                raise DeskError(
                    ErrorCode.SYNC_BUSY,
                    account=self.config.name,
                    holder=leader.holder if leader else "",
                    leader=leader,
                )
            return _nothing()
        if bind.dialect.name != "postgresql":
            return _nothing()
        return _advisory_lock(bind, self.config.name)


def backoff_delay(attempt: int) -> float:
    """Seconds to wait before reconnection ``attempt`` (1, 2, 4 … capped at 60)."""
    return float(min(60, 2 ** max(0, attempt - 1)))


def _merge(total: FolderReport, part: FolderReport) -> None:
    total.new += part.new
    total.bodies += part.bodies
    total.gone += part.gone
    total.flags_changed += part.flags_changed
    total.rekeyed += part.rekeyed
    total.uidvalidity_changed |= part.uidvalidity_changed
    total.unchanged = part.unchanged and not total.completed_ids and not total.new
    total.cancelled = part.cancelled
    total.completed_ids.extend(part.completed_ids)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _advisory_lock(bind: Any, account: str) -> Iterator[None]:
    key = sync_lock_key(account)
    with bind.connect() as connection:
        if not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            raise DeskError(ErrorCode.SYNC_BUSY, account=account)
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            connection.commit()
