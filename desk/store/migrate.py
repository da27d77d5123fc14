"""Schema migrations run from code: at start-up and by ``desk db upgrade``.

The scripts ship inside the package (``desk.store:migrations``) so a frozen
build migrates without an ini file. Before anything is written, the database is
checked: one made by a newer Desk, or a file that is not a database, is refused
and left byte-for-byte untouched.

With a team on PostgreSQL, many clients of a new version start at once: the
upgrade runs in one transaction under an advisory lock, so the first migrates
and the others wait, then find the schema at head and do nothing. Agents'
logins do not own the tables; one meeting an older schema is told to ask for
the upgrade (``DB_NEEDS_UPGRADE``), and one meeting the current schema runs no
DDL at all.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from desk.core.errors import DeskError, ErrorCode
from desk.store.engine import sqlite_path
from desk.store.errors import safe_url, translated_errors

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# The advisory lock every Desk takes to migrate a PostgreSQL database (same scheme as
# the sync's per-account locks: the first 8 bytes of a SHA-256, signed).
MIGRATION_LOCK_KEY = int.from_bytes(
    hashlib.sha256(b"desk-migrate").digest()[:8], "big", signed=True
)
INSUFFICIENT_PRIVILEGE = "42501"  # SQLSTATE: "must be owner of table …", "permission denied …"
# A script's file name starts with its revision id ("0010_reply_in_doubt.py" is revision
# "0010", revising "0009"): tests/store/test_migrate.py holds every script to it.
SCRIPT_NAME = re.compile(r"(\d{4})_\w+\.py")
VERSION_TABLE = "alembic_version"


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migration scripts."""
    from alembic.config import Config  # noqa: PLC0415 - Alembic loads only to migrate

    config = Config()
    config.set_main_option("script_location", "desk.store:migrations")
    return config


@cache
def script_revisions() -> tuple[str, ...]:
    """The packaged scripts' revisions, oldest first, read from their file names.

    Alembic is not needed to learn them: opening a current database (every
    start but the first after an upgrade) then never imports it, a tenth of a
    second of the window's start (bench.ui).
    """
    versions = files("desk.store.migrations").joinpath("versions")
    found = (SCRIPT_NAME.fullmatch(entry.name) for entry in versions.iterdir())
    revisions = tuple(sorted(match.group(1) for match in found if match))
    assert revisions, "no migration script is packaged"
    return revisions


def known_revisions() -> frozenset[str]:
    """Every revision this version of Desk knows how to read."""
    return frozenset(script_revisions())


def head_revision() -> str:
    """The revision a fully migrated database has."""
    return script_revisions()[-1]


def _sqlite_revisions_read_only(url: str) -> list[str] | None:
    """Read the stamped revisions of an existing SQLite file without writing to it.

    Returns None when the file does not exist yet. A read-only URI connection
    cannot change the file, so a corrupt or too-new database stays as it was.
    """
    path = sqlite_path(url)
    if path is None or not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error as exc:
        raise DeskError(ErrorCode.DB_READ_ONLY, url=safe_url(url)) from exc
    try:
        with translated_errors(url):
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                if tables:
                    raise DeskError(ErrorCode.DB_CORRUPT, url=safe_url(url))
                return []
            return [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as exc:
        code = ErrorCode.DB_LOCKED if "locked" in str(exc) else ErrorCode.DB_CORRUPT
        raise DeskError(code, url=safe_url(url)) from exc
    finally:
        conn.close()


def _refuse_unknown(url: str, revisions: list[str]) -> None:
    unknown = [rev for rev in revisions if rev not in known_revisions()]
    if unknown:
        raise DeskError(ErrorCode.DB_TOO_NEW, url=safe_url(url), revision=", ".join(unknown))


def preflight(url: str) -> None:
    """Refuse, before any write, a SQLite file that is corrupt or from a newer Desk."""
    revisions = _sqlite_revisions_read_only(url)
    if revisions is not None:
        _refuse_unknown(url, revisions)


def current_revisions(engine: Engine) -> list[str]:
    """The revisions stamped in the database (empty for a new one)."""
    with engine.connect() as conn:
        return _revisions(conn)


def _revisions(conn: Connection) -> list[str]:
    """The stamped revisions (what Alembic's ``get_current_heads`` reads), without Alembic."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return []
    stamped = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars()
    return sorted(stamped)


def _needs_upgrade(url: str, revisions: list[str]) -> DeskError:
    return DeskError(
        ErrorCode.DB_NEEDS_UPGRADE,
        url=safe_url(url),
        revision=", ".join(revisions) or "(none)",
        needed=head_revision(),
    )


def check_schema(engine: Engine) -> None:
    """Refuse a schema this Desk cannot work with, without writing anything.

    Raises ``DB_TOO_NEW`` for a revision this Desk does not know (a newer Desk
    upgraded it) and ``DB_NEEDS_UPGRADE`` for an older one. A long-running
    client calls it after reconnecting: the team may have upgraded meanwhile.
    """
    url = engine.url.render_as_string(hide_password=False)
    with translated_errors(url):
        revisions = current_revisions(engine)
    _refuse_unknown(url, revisions)
    if revisions != [head_revision()]:
        raise _needs_upgrade(url, revisions)


def upgrade(engine: Engine, url: str) -> bool:
    """Bring the database to the newest schema this Desk knows, refusing newer ones.

    Returns whether this call changed the schema. At head it writes nothing
    (no lock, no transaction), so a login without DDL rights opens a current
    database. On PostgreSQL the upgrade holds ``pg_advisory_xact_lock`` in its
    own transaction and looks at the revision again once it has the lock: a
    client that waited finds the work done, or done by a newer Desk.
    """
    head = head_revision()
    with translated_errors(url):
        revisions = current_revisions(engine)
        _refuse_unknown(url, revisions)
        if revisions == [head]:
            return False
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
                revisions = _revisions(conn)
                _refuse_unknown(url, revisions)
                if revisions == [head]:
                    return False
            from alembic import command  # noqa: PLC0415 - Alembic loads only to migrate

            config = alembic_config()
            config.attributes["connection"] = conn
            try:
                command.upgrade(config, "head")
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
                    # PostgreSQL rolls the whole upgrade back: nothing was changed.
                    raise _needs_upgrade(url, revisions) from exc
                raise
    log.info("upgraded %s from %s to %s", safe_url(url), ", ".join(revisions) or "nothing", head)
    return True
