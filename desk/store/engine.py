"""Engines for SQLite (embedded default) and PostgreSQL (team mode), set up the same way."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

DEFAULT_BUSY_TIMEOUT_S = 5.0


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return URL.create("sqlite+pysqlite", database=str(path)).render_as_string()


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def make_engine(url: str, *, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a bounded wait on locks.

    WAL lets agents read while the ingest or sync writes. ``busy_timeout`` bounds
    how long a write waits for another program's lock before failing clearly.
    ``synchronous=NORMAL``: a commit is safe from a killed process, and a power cut
    can undo the last seconds of commits (never corrupt the file); what must survive
    a power cut commits with :func:`durable_transaction`.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": busy_timeout_s})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
            (mode,) = cursor.execute("PRAGMA journal_mode").fetchone()
            if str(mode).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    return engine


@contextmanager
def durable_transaction(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()`` whose commit is on the disk when it returns, even on SQLite.

    PostgreSQL's commits are (``synchronous_commit`` on). SQLite runs
    ``synchronous=NORMAL``, which leaves a WAL commit in the OS's cache until the
    next checkpoint; this transaction's connection commits with ``FULL`` (the WAL
    is synced, with every commit before it), then goes back to ``NORMAL``. The
    outbox's "sending" commits need it: after a power cut, a reply the server was
    handed must not come back ``queued``.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA synchronous=FULL")  # not transactional:
        connection.rollback()  # ends SQLAlchemy's implicit begin, keeps the setting
        try:
            with connection.begin():
                yield connection
        finally:
            try:
                connection.rollback()  # whatever a failure left, before the pragma
                connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
                connection.rollback()
            except Exception:  # a connection left FULL is never reused
                connection.invalidate()
