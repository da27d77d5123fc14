"""Turn database driver failures into Desk errors a user can act on."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from desk.core.errors import DeskError, ErrorCode

_SQLITE_MESSAGES: tuple[tuple[str, ErrorCode], ...] = (
    ("database is locked", ErrorCode.DB_LOCKED),
    ("database table is locked", ErrorCode.DB_LOCKED),
    ("readonly database", ErrorCode.DB_READ_ONLY),
    ("unable to open database file", ErrorCode.DB_READ_ONLY),
    ("file is not a database", ErrorCode.DB_CORRUPT),
    ("database disk image is malformed", ErrorCode.DB_CORRUPT),
)


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def classify(url: str, exc: BaseException) -> DeskError | None:
    """The Desk error for a driver failure, or None when it is not one we explain."""
    text = str(exc).lower()
    for needle, code in _SQLITE_MESSAGES:
        if needle in text:
            return DeskError(code, url=safe_url(url))
    is_postgres = make_url(url).get_backend_name() == "postgresql"
    if is_postgres and isinstance(exc, DBAPIError):  # noqa: SIM102 - one question each
        if exc.connection_invalidated or "connection" in text:
            return DeskError(ErrorCode.DB_UNREACHABLE, url=safe_url(url), reason=str(exc.orig))
    return None


@contextmanager
def translated_errors(url: str) -> Iterator[None]:
    """Re-raise locked/read-only/corrupt/unreachable failures as :class:`DeskError`."""
    try:
        yield
    except DeskError:
        raise
    except Exception as exc:
        desk_error = classify(url, exc)
        if desk_error is None:
            raise
        raise desk_error from exc


def connection_lost(exc: BaseException) -> bool:
    """True when ``exc`` means the database could not be reached (not a refused statement).

    What a window on a shaky VPN must tell apart: a dropped or refused
    connection (retry later, keep the agent's work) from a statement the
    database refused (a bug, or a role without the right).
    """
    if isinstance(exc, DeskError):
        return exc.code is ErrorCode.DB_UNREACHABLE
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated) or isinstance(exc, OperationalError)
    # Not imported here: one agent alone on SQLite never loads the PostgreSQL driver, and an
    # error can only be psycopg's once something has.
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.OperationalError)
