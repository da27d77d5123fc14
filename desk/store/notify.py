"""Live changes from the team database: LISTEN on the channel the 0008 triggers NOTIFY.

On PostgreSQL every write to claims, mail, messages, the outbox, clusters,
presence, the sync leader, templates and team settings sends one notification
per statement on ``desk_events`` (``{"kind": …, "ids": […] | null}``, see
``migrations/versions/0008_team_mode.py``). A window or the service listens on
a connection of its own, outside SQLAlchemy's pool: a pooled connection would
be handed to other work and lose its LISTEN.

Notifications sent while the listener is disconnected are lost for good, so
after every reconnection it hands out a ``resync`` change: the consumer reloads
everything. The consumer starts the listener *before* its first load, so
nothing can slip between the load and the LISTEN.

The connection must reach PostgreSQL itself or a session-pooling bouncer: a
transaction-pooling one (PgBouncer's default for many) does not keep a LISTEN.
SQLite (one agent) has nobody else writing: :func:`listener_for` gives None.
"""

from __future__ import annotations

import contextlib
import json
import logging
import selectors
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.engine import make_url

from desk.store.database import Store
from desk.store.errors import safe_url

log = logging.getLogger(__name__)

CHANNEL = "desk_events"
RESYNC = "resync"  # the kind handed out after a reconnection: reload everything

# TCP keepalives, so a connection through a VPN that died is noticed within about a
# minute instead of the operating system's two hours; the URL's own values win.
KEEPALIVES: dict[str, str] = {
    "keepalives": "1",
    "keepalives_idle": "30",
    "keepalives_interval": "10",
    "keepalives_count": "3",
    "connect_timeout": "10",
    "application_name": "desk-listener",
}


@dataclass(frozen=True)
class Change:
    """Rows of one kind changed: ``ids`` says which, None means "any: reload them all"."""

    kind: str
    ids: frozenset[int] | None

    def merged(self, other: Change) -> Change:
        """This change and another of the same kind as one; "all" absorbs any ids."""
        if other.kind != self.kind:
            raise ValueError(f"cannot merge a {other.kind!r} change into a {self.kind!r} one")
        if self.ids is None or other.ids is None:
            return Change(self.kind, None)
        return Change(self.kind, self.ids | other.ids)


def coalesce(changes: Iterable[Change]) -> list[Change]:
    """One change per kind, in the order kinds first appeared; ids unioned, None wins."""
    merged: dict[str, Change] = {}
    for change in changes:
        known = merged.get(change.kind)
        merged[change.kind] = change if known is None else known.merged(change)
    return list(merged.values())


def parse_payload(payload: str) -> Change | None:
    """The change a notification's JSON describes, or None for a payload Desk did not send."""
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        return None
    ids = data.get("ids")
    if ids is None:
        return Change(data["kind"], None)
    if not isinstance(ids, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in ids
    ):
        return None
    return Change(data["kind"], frozenset(ids))


def conninfo_for(url: str, **overrides: str) -> str:
    """The libpq conninfo for a SQLAlchemy PostgreSQL URL, with keepalives added.

    Translated by SQLAlchemy's own psycopg dialect, so hosts, ports, sockets and
    query options (``sslmode``…) mean what they mean for the store's engine,
    whatever driver its URL names. The result holds the password: never log it.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"only PostgreSQL can be listened to, not {safe_url(url)}")
    dialect = PGDialect_psycopg()  # type: ignore[no-untyped-call]  # SQLAlchemy has no hints here
    _args, kwargs = dialect.create_connect_args(  # type: ignore[no-untyped-call]
        parsed.set(drivername="postgresql+psycopg")
    )
    params = {key: str(value) for key, value in kwargs.items() if isinstance(value, str | int)}
    for key, value in (KEEPALIVES | overrides).items():
        params.setdefault(key, value)
    return make_conninfo("", **params)


@dataclass(frozen=True)
class Backoff:
    """Seconds to wait before reconnection attempt ``n`` (1, 2, 4 … up to ``cap_s``)."""

    first_s: float = 1.0
    factor: float = 2.0
    cap_s: float = 30.0

    def delay(self, failures: int) -> float:
        """The wait after ``failures`` consecutive failures (the lost connection is the first)."""
        return float(min(self.cap_s, self.first_s * self.factor ** max(0, failures - 1)))


class Phase(StrEnum):
    """Where the listener stands, for the status bar."""

    STOPPED = "stopped"  # not started yet
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    CLOSED = "closed"


@dataclass(frozen=True)
class ListenerState:
    """A snapshot of the listener: its phase, when it retries next and what went wrong.

    ``retry_in_s`` is set while reconnecting (0 once an attempt is due);
    ``error`` is the last failure's text, without the password; ``failures``
    counts consecutive failures (the lost connection is the first).
    """

    phase: Phase
    retry_in_s: float | None = None
    error: str | None = None
    failures: int = 0


class ChangeListener:
    """A dedicated LISTEN connection that turns notifications into :class:`Change` lists.

    One thread calls :meth:`start` then :meth:`wait` in a loop; any thread may
    read :attr:`state` or call :meth:`close`, which wakes a waiting
    :meth:`wait`. ``clock`` drives the reconnection schedule (tests step it);
    how long :meth:`wait` blocks is always real time. ``on_state`` is called
    with every new :class:`ListenerState`, on the thread that caused it (the
    waiting one, or the closing one): keep it short, hand it to the UI thread.
    """

    def __init__(
        self,
        conninfo: str,
        *,
        label: str,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.monotonic,
        on_state: Callable[[ListenerState], None] | None = None,
        channel: str = CHANNEL,
    ) -> None:
        self._conninfo = conninfo
        self.label = label  # the URL without its password, for logs and messages
        self.channel = channel
        self._backoff = backoff or Backoff()
        self._clock = clock
        self._on_state = on_state
        self._password = conninfo_to_dict(conninfo).get("password")
        self._conn: psycopg.Connection[Any] | None = None
        self._fd = -1
        self._lock = threading.Lock()  # held by whoever uses the connection
        self._closing = threading.Event()
        self._shut = False  # the connection and sockets are released for good
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        self._pending: list[Change] = []
        self._phase = Phase.STOPPED
        self._failures = 0
        self._error: str | None = None
        self._retry_at: float | None = None

    @classmethod
    def for_url(cls, url: str, **options: Any) -> ChangeListener:
        """A listener on the database of a SQLAlchemy URL (see :func:`conninfo_for`)."""
        return cls(conninfo_for(url), label=safe_url(url), **options)

    def __repr__(self) -> str:
        return f"<ChangeListener {self.label} {self._phase.value}>"

    # ------------------------------------------------------------------ what callers use
    @property
    def state(self) -> ListenerState:
        """Where the listener stands now (safe from any thread)."""
        retry_at = self._retry_at
        retry_in = None if retry_at is None else max(0.0, retry_at - self._clock())
        return ListenerState(self._phase, retry_in, self._error, self._failures)

    @property
    def backend_pid(self) -> int | None:
        """The server process of the LISTEN connection, while connected."""
        conn = self._conn
        return None if conn is None or conn.closed else int(conn.info.backend_pid)

    def start(self) -> None:
        """Connect and LISTEN now; if that fails, :meth:`wait` keeps retrying with backoff.

        Call it before loading what the notifications keep up to date.
        """
        try:
            with self._lock:
                if self._phase is not Phase.STOPPED:
                    raise RuntimeError(f"{self!r} was already started (or closed)")
                self._attempt(first=True)
        finally:
            if self._closing.is_set():
                self._finish_close()

    def wait(self, timeout: float) -> list[Change]:
        """The changes received, one per kind; blocks up to ``timeout`` s for the first.

        Returns at once what is pending, else waits for the first notification
        (or a reconnection, which gives ``resync``) and then takes everything
        else already received. An empty list means the time ran out or the
        listener was closed.
        """
        try:
            with self._lock:
                if self._phase is Phase.STOPPED:
                    raise RuntimeError(f"{self!r} was not started")
                return self._wait_locked(time.monotonic() + max(0.0, timeout))
        finally:
            # A close() from another thread while we held the lock left the rest to us.
            if self._closing.is_set():
                self._finish_close()

    def close(self) -> None:
        """Stop listening, from any thread; a :meth:`wait` in progress returns at once."""
        self._closing.set()
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        self._finish_close()

    def __enter__(self) -> ChangeListener:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ internals
    def _wait_locked(self, deadline: float) -> list[Change]:
        while not self._closing.is_set():
            if self._conn is None and self._retry_due():
                self._attempt(first=False)
            if self._conn is not None:
                self._receive()
            if self._pending:
                changes, self._pending = coalesce(self._pending), []
                return changes
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._block(remaining)
        return []

    def _finish_close(self) -> None:
        """Disconnect and free the sockets, unless a wait() holds the connection.

        That wait() sees the close request and comes back here once it let go.
        """
        if not self._lock.acquire(blocking=False):
            return
        try:
            if self._shut:
                return
            self._shut = True
            self._disconnect()
            self._set_phase(Phase.CLOSED)
            self._retry_at = None
            self._selector.close()
            self._wake_r.close()
            self._wake_w.close()
        finally:
            self._lock.release()

    def _attempt(self, *, first: bool) -> None:
        """Connect and LISTEN; a success after a failure or a loss queues ``resync``."""
        try:
            conn = psycopg.connect(self._conninfo, autocommit=True)
        except psycopg.Error as exc:
            self._failed(exc)
            return
        try:
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        except psycopg.Error as exc:
            conn.close()
            self._failed(exc)
            return
        self._conn, self._fd = conn, conn.fileno()
        self._selector.register(self._fd, selectors.EVENT_READ)
        if not first:
            self._pending.insert(0, Change(RESYNC, None))
        if self._failures:
            log.info("change listener on %s connected again", self.label)
        self._failures, self._error, self._retry_at = 0, None, None
        self._set_phase(Phase.CONNECTED)

    def _failed(self, exc: BaseException) -> None:
        """Note a failed attempt or a lost connection and schedule the next attempt."""
        self._failures += 1
        self._error = self._scrubbed(exc)
        delay = self._backoff.delay(self._failures)
        self._retry_at = self._clock() + delay
        log.warning("change listener on %s: %s; next try in %.0f s", self.label, self._error, delay)
        self._set_phase(Phase.RECONNECTING)

    def _retry_due(self) -> bool:
        return self._retry_at is not None and self._clock() >= self._retry_at

    def _receive(self) -> None:
        """Take the notifications already received without blocking; notice a lost link."""
        assert self._conn is not None
        try:
            for notify in self._conn.notifies(timeout=0):
                change = parse_payload(notify.payload)
                if change is None:
                    log.warning("ignored a notification Desk did not send: %.200r", notify.payload)
                else:
                    self._pending.append(change)
            if self._conn.broken:
                raise psycopg.OperationalError("the connection was lost")
        except psycopg.Error as exc:
            self._disconnect()
            self._failed(exc)

    def _block(self, remaining: float) -> None:
        """Sleep until data arrives, close() wakes us, a retry is due or ``remaining`` ends."""
        if self._conn is None and self._retry_at is not None:
            remaining = min(remaining, max(0.0, self._retry_at - self._clock()))
        for key, _events in self._selector.select(remaining):
            if key.fileobj is self._wake_r:
                with contextlib.suppress(OSError):
                    self._wake_r.recv(4096)

    def _disconnect(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(self._fd)
        self._fd = -1
        with contextlib.suppress(psycopg.Error, OSError):
            conn.close()

    def _set_phase(self, phase: Phase) -> None:
        self._phase = phase
        if self._on_state is not None:
            self._on_state(self.state)

    def _scrubbed(self, exc: BaseException) -> str:
        """The failure's text without the password, should libpq ever quote it."""
        text = str(exc).strip() or type(exc).__name__
        return text.replace(str(self._password), "***") if self._password else text


def listener_for(store: Store, **options: Any) -> ChangeListener | None:
    """A (not yet started) listener for a team store; None on SQLite, where nobody else writes."""
    if store.engine.dialect.name != "postgresql":
        return None
    return ChangeListener.for_url(store.url, **options)
