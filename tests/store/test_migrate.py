"""Migrations: from nothing to head on both backends, models match, newer databases refused."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from desk.core.errors import DeskError, ErrorCode
from desk.store.database import open_store
from desk.store.engine import sqlite_path
from desk.store.migrate import head_revision, known_revisions
from desk.store.models import Base
from desk.store.search import include_name


def test_upgrade_from_empty_reaches_head_with_every_table(empty_db_url: str) -> None:
    store = open_store(empty_db_url)
    try:
        with store.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_heads() == (head_revision(),)
            tables = set(inspect(conn).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        store.close()


def test_migrations_match_the_models(db_url: str) -> None:
    """What autogenerate would add is empty: nobody changed a model without a migration."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_name": include_name})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_upgrade_twice_changes_nothing(db_url: str) -> None:
    open_store(db_url).close()
    store = open_store(db_url)
    try:
        with store.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_heads() == (head_revision(),)
    finally:
        store.close()


def test_every_revision_downgrades_and_upgrades_again(empty_db_url: str) -> None:
    from alembic import command

    from desk.store.migrate import alembic_config

    store = open_store(empty_db_url)
    try:
        config = alembic_config()
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        with store.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        with store.engine.connect() as conn:
            assert set(Base.metadata.tables) <= set(inspect(conn).get_table_names())
    finally:
        store.close()


def _stamp_future(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeedbeef'"))
        conn.execute(text("CREATE TABLE from_the_future (x INTEGER)"))
    engine.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_database_is_refused_and_left_untouched(db_url: str) -> None:
    _stamp_future(db_url)
    assert "f00dfeedbeef" not in known_revisions()
    path = sqlite_path(db_url)
    before = _digest(path) if path else None
    with pytest.raises(DeskError) as caught:
        open_store(db_url)
    assert caught.value.code is ErrorCode.DB_TOO_NEW
    assert "f00dfeedbeef" in caught.value.describe()
    assert "newer version of Desk" in caught.value.describe()
    if path:
        assert _digest(path) == before
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == "f00dfeedbeef"
        assert "from_the_future" in inspect(conn).get_table_names()
    engine.dispose()


def test_migration_history_has_a_single_head() -> None:
    from alembic.script import ScriptDirectory

    from desk.store.migrate import alembic_config

    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_revisions_read_from_file_names_are_alembics_own() -> None:
    """Desk learns its revisions without Alembic, from the scripts' names: they must agree."""
    from alembic.script import ScriptDirectory

    from desk.store.migrate import alembic_config, script_revisions

    scripts = ScriptDirectory.from_config(alembic_config())
    chain = list(reversed(list(scripts.walk_revisions())))  # oldest first
    assert script_revisions() == tuple(rev.revision for rev in chain)
    assert head_revision() == scripts.get_current_head()
    assert known_revisions() == {rev.revision for rev in chain}
    for before, after in itertools.pairwise(chain):
        assert after.down_revision == before.revision, "one line of history, in name order"
        assert Path(after.path).name.startswith(f"{after.revision}_")


@pytest.mark.parametrize("state", ["new", "head", "older", "newer"])
def test_the_stamped_revision_is_read_as_alembic_reads_it(empty_db_url: str, state: str) -> None:
    from desk.store.migrate import current_revisions

    engine = create_engine(empty_db_url)
    try:
        if state != "new":
            open_store(empty_db_url).close()
        stamp = {"older": "0003", "newer": "f00dfeedbeef"}.get(state)
        if stamp is not None:
            with engine.begin() as conn:
                conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": stamp})
        with engine.connect() as conn:
            alembic_reads = sorted(MigrationContext.configure(conn).get_current_heads())
        assert current_revisions(engine) == alembic_reads
        assert alembic_reads == {"new": [], "head": [head_revision()]}.get(state, [stamp])
    finally:
        engine.dispose()


def test_opening_a_current_database_does_not_load_alembic(db_url: str) -> None:
    """A tenth of a second of every start: Alembic loads only when there is work for it."""
    import subprocess
    import sys

    probe = (
        "import sys; from desk.store.database import open_store; "
        f"open_store({db_url!r}).close(); print('alembic' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False"


def test_sender_backfill_when_upgrading_from_0001(empty_db_url: str) -> None:
    from alembic import command

    from desk.store.migrate import alembic_config

    engine = create_engine(empty_db_url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO folder (kind, name, locator, created_at) "
                "VALUES ('maildir', 'x', 'maildir:x', CURRENT_TIMESTAMP)"
            )
        )
        for key, from_addr, from_name, reply_to in (
            ("a", "Parent@X.fr", "Parent", None),
            ("b", "noreply@formulaires.x.fr", "Formulaire de contact", "Camille@X.fr"),
        ):
            conn.execute(
                text(
                    "INSERT INTO message (folder_id, source_key, message_id, subject, from_name, "
                    "from_addr, reply_to_addr, to_addrs, cc_addrs, date, date_from_header, "
                    "ingested_at, text, attachments, parse_warnings, is_auto, size, status) "
                    "VALUES (1, :key, :key, '', :name, :addr, :reply, '[]', '[]', "
                    "CURRENT_TIMESTAMP, true, CURRENT_TIMESTAMP, '', '[]', '[]', false, 1, 'open')"
                ),
                {"key": key, "name": from_name, "addr": from_addr, "reply": reply_to},
            )
    engine.dispose()
    open_store(empty_db_url).close()
    engine = create_engine(empty_db_url)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT source_key, sender FROM message")).all())
    engine.dispose()
    assert rows == {"a": "parent@x.fr", "b": "camille@x.fr"}
