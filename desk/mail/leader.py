"""Who syncs the shared mailbox for the team: one holder of the account's sync lock at a time.

On PostgreSQL, syncing an account is reserved by a session-level advisory
lock, held on a connection of its own for as long as the holder leads (the
service, or, without one, one of the windows). The others *follow*: they read
``sync_leader`` and say "synced by …", never "offline", and try the lock
again every few seconds, so when the holder disappears another takes over:
its process ending closes the connection and frees the lock at once; a
machine that vanishes (a VPN gone) is noticed by TCP keepalives set on that
connection, within about 20 seconds. On SQLite (one agent) the only client
always leads.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desk.core.clock import utc_now
from desk.core.processes import this_host
from desk.store.models import Presence, SyncLeader

log = logging.getLogger(__name__)

# A dead peer is noticed after idle + interval × count seconds without an answer.
KEEPALIVE = {"tcp_keepalives_idle": 5, "tcp_keepalives_interval": 5, "tcp_keepalives_count": 3}
SERVICE_STALE_AFTER = timedelta(seconds=30)  # a service silent this long is taken for gone


def sync_lock_key(account: str) -> int:
    """The advisory-lock key reserving the sync of ``account`` (shared by every Desk)."""
    digest = hashlib.sha256(f"desk-sync:{account}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@dataclass(frozen=True, slots=True)
class LeaderInfo:
    """Who syncs an account, as the others show it."""

    holder: str
    kind: str  # "service" or "window"
    host: str
    since: datetime
    heartbeat_at: datetime
    last_sync_at: datetime | None
    last_error: str | None


def current_leader(session: Session, account_id: int) -> LeaderInfo | None:
    """The last recorded holder of the account's sync (None if nobody ever synced it)."""
    row = session.get(SyncLeader, account_id)
    if row is None:
        return None
    return LeaderInfo(
        row.holder,
        row.kind,
        row.host,
        row.since,
        row.heartbeat_at,
        row.last_sync_at,
        row.last_error,
    )


def service_present(session: Session, now: datetime) -> bool:
    """True when a ``desk serve`` is running for the team (its heartbeat is fresh)."""
    return (
        session.scalar(
            select(Presence.id)
            .where(Presence.kind == "service", Presence.heartbeat_at > now - SERVICE_STALE_AFTER)
            .limit(1)
        )
        is not None
    )


class SyncLeadership:
    """This client's claim to sync an account for the team: taken, kept alive, given back."""

    def __init__(
        self,
        engine: Engine,
        account_id: int,
        account: str,
        holder: str,
        kind: str,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.engine = engine
        self.account_id = account_id
        self.account = account
        self.holder = holder
        self.kind = kind
        self._clock = clock
        self._connection: Connection | None = None
        self._leading_since: datetime | None = None

    @property
    def shared(self) -> bool:
        """True on PostgreSQL, where other clients may lead."""
        return self.engine.dialect.name == "postgresql"

    @property
    def leading(self) -> bool:
        """True while this client holds the account's sync."""
        return self._leading_since is not None

    def try_lead(self) -> bool:
        """Take the sync if it is free, or confirm we still hold it; records the heartbeat."""
        if self.leading and self._alive():
            self._record(heartbeat_only=True)
            return True
        if self.shared and not self._lock():
            return False
        self._leading_since = self._clock()
        self._record(heartbeat_only=False)
        log.info("syncing %s for the team as %s", self.account, self.holder)
        return True

    def heartbeat(self) -> bool:
        """Keep the lead visibly alive; False if it was lost (the lock's connection died)."""
        if not self.leading:
            return False
        if not self._alive():
            return False
        self._record(heartbeat_only=True)
        return True

    def record_pass(self, error: str | None = None) -> None:
        """Note a finished pass (or why it failed) for the followers to show."""
        if not self.leading:
            return
        now = self._clock()
        values: dict[str, object] = {"heartbeat_at": now, "last_error": error}
        if error is None:
            values["last_sync_at"] = now
        with self.engine.begin() as connection:
            connection.execute(
                update(SyncLeader).where(SyncLeader.account_id == self.account_id).values(values)
            )

    def release(self) -> None:
        """Give the sync back (at exit, or when the service takes over)."""
        self._leading_since = None
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
            connection.commit()
        except DBAPIError:
            log.info("the sync lock's connection was already gone")
        finally:
            connection.close()

    # ---------------------------------------------------------------- inside
    @property
    def _key(self) -> int:
        return sync_lock_key(self.account)

    def _lock(self) -> bool:
        connection = self.engine.connect()
        try:
            for name, value in KEEPALIVE.items():
                connection.execute(text(f"SET {name} = {int(value)}"))
            locked = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key})
            got = bool(locked.scalar())
            connection.commit()
        except BaseException:
            connection.close()
            raise
        if not got:
            connection.close()
            return False
        self._connection = connection
        return True

    def _alive(self) -> bool:
        """Whether the lock is still ours (its connection answers)."""
        if not self.shared:
            return True
        if self._connection is None:
            self._leading_since = None
            return False
        try:
            self._connection.execute(text("SELECT 1"))
            self._connection.commit()
        except DBAPIError:
            log.warning("lost the sync lock of %s: its connection dropped", self.account)
            self._connection.invalidate()
            self._connection.close()
            self._connection = None
            self._leading_since = None
            return False
        return True

    def _record(self, *, heartbeat_only: bool) -> None:
        now = self._clock()
        with self.engine.begin() as connection:
            if heartbeat_only:
                connection.execute(
                    update(SyncLeader)
                    .where(SyncLeader.account_id == self.account_id)
                    .values(heartbeat_at=now)
                )
                return
            row = {
                "account_id": self.account_id,
                "holder": self.holder,
                "kind": self.kind,
                "host": this_host(),
                "since": self._leading_since or now,
                "heartbeat_at": now,
                "last_error": None,
            }
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            insert = dialect.insert(SyncLeader).values(row)
            connection.execute(
                insert.on_conflict_do_update(
                    index_elements=[SyncLeader.account_id],
                    set_={k: v for k, v in row.items() if k != "account_id"},
                )
            )
