"""A newer Desk takes over an older one's data; the older one then refuses it and writes nothing.

Version N is the code as it stood just before the newest migration was
added, taken from this repository's history (``git archive``) and run as its
own program on this environment's libraries: it makes a store the way a
user does (``desk demo --no-window``: ingest and cluster). This Desk (N+1)
opens it as at a start after an upgrade, and every row N wrote must still be
there, the same. Then N is started on the upgraded store: it must say the
store is newer and leave it byte for byte (SQLite) or row for row
(PostgreSQL) as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from desk.store.database import open_store
from desk.store.engine import sqlite_path
from desk.store.migrate import head_revision
from tests.support.required import missing

REPO = Path(__file__).resolve().parents[2]
VERSIONS = "desk/store/migrations/versions"
DEMO_SIZE = 300

pytestmark = pytest.mark.slow


def _git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, check=False)


def previous_version(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``desk`` package of the commit before the newest migration, unpacked; its folder."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        missing("the previous version comes from git history: no git or no repository here")
    newest = sorted(p.name for p in (REPO / VERSIONS).glob("[0-9]*.py"))[-1]
    added = _git("log", "--diff-filter=A", "--format=%H", "--", f"{VERSIONS}/{newest}")
    commit = added.stdout.decode().split()[-1:] if added.returncode == 0 else []
    if commit:
        before = f"{commit[0]}^"
    elif _git("cat-file", "-e", f"HEAD:{VERSIONS}/{newest}").returncode != 0:
        before = "HEAD"  # the newest migration is not committed yet: HEAD is the version before
    else:
        missing(f"the commit adding {newest} is not in this clone's history (a shallow clone?)")
    archive = _git("archive", "--format=tar", before, "desk")
    if archive.returncode != 0:
        missing(f"the commit before {newest} is not in this clone: {archive.stderr.decode()}")
    root = tmp_path_factory.mktemp("desk-previous")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(root, filter="data")
    return root


@pytest.fixture(scope="module")
def old_desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return previous_version(tmp_path_factory)


def run_old(old: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Version N's ``desk``, as its own process (its code first on the path)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESK_")}
    env.update(PYTHONPATH=str(old), DESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "desk", *args],
        cwd=old,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the schema stamp, in primary-key order."""
    rows = {}
    with engine.connect() as conn:
        inspector = inspect(conn)
        for table in sorted(inspector.get_table_names()):
            if table == "alembic_version":
                continue
            keys = inspector.get_pk_constraint(table)["constrained_columns"]
            columns = [c["name"] for c in inspector.get_columns(table)]
            order = ", ".join(f'"{k}"' for k in keys or columns)
            listed = ", ".join(f'"{c}"' for c in columns)
            query = text(f'SELECT {listed} FROM "{table}" ORDER BY {order}')
            rows[table] = [tuple(row) for row in conn.execute(query)]
    return rows


def fingerprint(url: str) -> str:
    """The SQLite file's bytes (every connection closed: nothing left in a WAL)."""
    path = sqlite_path(url)
    assert path is not None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_newer_desk_keeps_every_row_of_the_older_ones_store(
    old_desk: Path, empty_db_url: str, tmp_path: Path
) -> None:
    made = run_old(old_desk, tmp_path / "home", "--db", empty_db_url, "demo", "--no-window",
                   "--size", str(DEMO_SIZE))  # fmt: skip
    assert made.returncode == 0, made.stderr
    engine = create_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            old_revision = conn.scalar(text("SELECT version_num FROM alembic_version"))
        before = snapshot(engine)
    finally:
        engine.dispose()
    assert old_revision != head_revision()  # version N really is older than this Desk
    assert len(before["message"]) >= DEMO_SIZE * 0.9 and before["cluster"]

    store = open_store(empty_db_url)  # what this Desk does at every start
    try:
        after = snapshot(store.engine)
        with store.engine.connect() as conn:
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
    finally:
        store.close()
    for table, rows in before.items():
        old_width = len(rows[0]) if rows else 0
        # A new column appends to a table; the old columns keep their values.
        assert [row[:old_width] for row in after[table]] == rows, table


def test_the_older_desk_refuses_the_upgraded_store_and_writes_nothing(
    old_desk: Path, empty_db_url: str, tmp_path: Path
) -> None:
    made = run_old(old_desk, tmp_path / "home", "--db", empty_db_url, "demo", "--no-window",
                   "--size", str(DEMO_SIZE))  # fmt: skip
    assert made.returncode == 0, made.stderr
    open_store(empty_db_url).close()
    engine = create_engine(empty_db_url)
    try:
        before = snapshot(engine)
    finally:
        engine.dispose()
    is_sqlite = sqlite_path(empty_db_url) is not None
    file_before = fingerprint(empty_db_url) if is_sqlite else ""

    for command in (["db", "status"], ["demo", "--no-window", "--size", str(DEMO_SIZE)]):
        refused = run_old(old_desk, tmp_path / "home", "--db", empty_db_url, *command)
        assert refused.returncode != 0, command
        assert "newer version of Desk" in refused.stderr, refused.stderr

    if is_sqlite:
        assert fingerprint(empty_db_url) == file_before
    engine = create_engine(empty_db_url)
    try:
        assert snapshot(engine) == before
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
    finally:
        engine.dispose()
