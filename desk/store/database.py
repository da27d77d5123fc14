"""Opening a store: checked, migrated, and ready to hand out sessions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from desk.store.engine import DEFAULT_BUSY_TIMEOUT_S, make_engine, sqlite_path
from desk.store.errors import translated_errors
from desk.store.migrate import check_schema, preflight, upgrade


@dataclass
class Store:
    """A migrated database: its engine and the session factory callers open sessions from.

    Functions elsewhere take a ``Session`` and never open one (SQLAlchemy's
    advice); whoever runs an operation opens ``store.sessions.begin()``.
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        """Release every pooled connection (and SQLite's WAL files with them)."""
        self.engine.dispose()


def _probe_writable(engine: Engine, url: str) -> None:
    """Fail now, not at the agent's first answer, when the SQLite file cannot be written.

    SQLite opens a file it may not write read-only without complaint and only
    refuses the first write; this attempts a no-op write and rolls it back.
    """
    with translated_errors(url), engine.connect() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
        conn.rollback()


def open_store(
    url: str, *, migrate: bool = True, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S
) -> Store:
    """Open (creating if needed) the database at ``url`` and bring its schema up to date.

    Raises :class:`~desk.core.errors.DeskError` for a database that is locked,
    read-only, corrupt, unreachable or made by a newer Desk, and for an older
    one this login may not upgrade (or, with ``migrate=False``, that is not
    current); in each case nothing has been written.
    """
    preflight(url)
    engine = make_engine(url, busy_timeout_s=busy_timeout_s)
    try:
        if migrate:
            upgrade(engine, url)
        else:
            check_schema(engine)
        if sqlite_path(url) is not None:
            _probe_writable(engine, url)
    except BaseException:
        engine.dispose()
        raise
    return Store(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
