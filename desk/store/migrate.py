"""Schema migrations run from code: at start-up and by ``desk db upgrade``.

The scripts ship inside the package (``desk.store:migrations``) so a frozen
build migrates without an ini file. Before anything is written, the database is
checked: one made by a newer Desk, or a file that is not a database, is refused
and left byte-for-byte untouched.
"""

from __future__ import annotations

import sqlite3
from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from desk.core.errors import DeskError, ErrorCode
from desk.store.engine import sqlite_path
from desk.store.errors import safe_url, translated_errors


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migration scripts."""
    config = Config()
    config.set_main_option("script_location", "desk.store:migrations")
    return config


@cache
def known_revisions() -> frozenset[str]:
    """Every revision this version of Desk knows how to read."""
    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


def head_revision() -> str:
    """The revision a fully migrated database has."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None, "the migration scripts have no head"
    return head


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
        return list(MigrationContext.configure(conn).get_current_heads())


def upgrade(engine: Engine, url: str) -> None:
    """Bring the database to the newest schema this Desk knows, refusing newer ones."""
    with translated_errors(url):
        _refuse_unknown(url, current_revisions(engine))
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
