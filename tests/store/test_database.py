"""Opening a store: locked, read-only and corrupt databases fail clearly and stay untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.core.errors import DeskError, ErrorCode
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from desk.store.errors import translated_errors
from desk.store.models import Agent


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_sqlite_database_is_created_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "desk.sqlite3"
    store = open_store(sqlite_url(path))
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()
    assert path.exists()


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text", "damaged-header"],
)
def test_corrupt_file_is_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "desk.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DeskError) as caught:
        open_store(sqlite_url(path))
    assert caught.value.code is ErrorCode.DB_CORRUPT
    assert "not a valid Desk database" in caught.value.describe()
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.sqlite3"]


def test_sqlite_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(DeskError) as caught:
        open_store(sqlite_url(path))
    assert caught.value.code is ErrorCode.DB_CORRUPT
    assert _digest(path) == before


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A migrated database that cannot be written, even by root (immutable flag)."""
    path = tmp_path / "ro" / "desk.sqlite3"
    open_store(sqlite_url(path)).close()
    targets = [path, path.parent]
    if os.geteuid() == 0:
        flagged = subprocess.run(
            ["chattr", "+i", *map(str, targets)], check=False, capture_output=True
        )
        if flagged.returncode != 0:
            pytest.skip(f"cannot make a file read-only for root here: {flagged.stderr!r}")
    else:
        path.chmod(0o444)
        path.parent.chmod(0o555)
    try:
        yield path
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", *map(str, targets)], check=True)
        else:
            path.parent.chmod(0o755)
            path.chmod(0o644)


def test_read_only_database_is_refused_at_open(read_only: Path) -> None:
    before = _digest(read_only)
    with pytest.raises(DeskError) as caught:
        open_store(sqlite_url(read_only))
    assert caught.value.code is ErrorCode.DB_READ_ONLY
    assert "read-only" in caught.value.describe()
    assert _digest(read_only) == before


def test_locked_database_fails_clearly_and_writes_nothing(tmp_path: Path) -> None:
    """File locks are SQLite's (PostgreSQL has row locks, which claims cover)."""
    path = tmp_path / "desk.sqlite3"
    db_url = sqlite_url(path)
    store = open_store(db_url, busy_timeout_s=0.2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with (
            pytest.raises(DeskError) as caught,
            translated_errors(db_url),
            store.sessions.begin() as session,
        ):
            session.add(Agent(login="amina", display_name="Amina"))
        assert caught.value.code is ErrorCode.DB_LOCKED
        assert "locked by another program" in caught.value.describe()
        with pytest.raises(DeskError) as at_open:
            open_store(db_url, busy_timeout_s=0.2)
        assert at_open.value.code is ErrorCode.DB_LOCKED
    finally:
        other.execute("ROLLBACK")
        other.close()
    with store.sessions() as session:
        assert session.scalar(select(func.count(Agent.id))) == 0
    store.close()


def test_unreachable_postgresql_is_a_clear_error() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(DeskError) as caught:
        open_store(f"postgresql+psycopg://desk@127.0.0.1:{port}/desk")
    assert caught.value.code is ErrorCode.DB_UNREACHABLE
    assert f"127.0.0.1:{port}" in caught.value.describe()
