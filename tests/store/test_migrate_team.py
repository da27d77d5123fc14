"""Schema upgrades with a team: one client migrates while the others wait; agents' logins.

Agents' logins do not own the tables: they meet a current schema without any
DDL, an older one with a clear DB_NEEDS_UPGRADE, and a newer one with
DB_TOO_NEW, at start-up and (``check_schema``) after reconnecting.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from desk.core.errors import DeskError, ErrorCode
from desk.queue.claims import claim_messages
from desk.store.database import open_store
from desk.store.migrate import (
    MIGRATION_LOCK_KEY,
    alembic_config,
    check_schema,
    current_revisions,
    head_revision,
    upgrade,
)
from desk.store.models import Agent
from desk.store.notify import listener_for
from tests.support.changes import NOW, SAFETY_S, add_messages, changes_after, populate
from tests.support.postgres import PostgresServer

REPO = Path(__file__).resolve().parents[2]
PREVIOUS = "0007"  # the revision before head, for "an older schema"
FUTURE = "f00dfeedbeef"
_roles = itertools.count(1)


def _upgrade_to(url: str, revision: str) -> None:
    """Migrate as the owner to ``revision`` (not necessarily head)."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def _stamp(url: str, revision: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        engine.dispose()


def _revision_of(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        return current_revisions(engine)
    finally:
        engine.dispose()


def _superuser(server: PostgresServer, url: str) -> psycopg.Connection[Any]:
    database = make_url(url).database
    return psycopg.connect(
        f"host=127.0.0.1 port={server.port} user=postgres dbname={database}", autocommit=True
    )


@pytest.fixture
def agent_login(postgres_server: PostgresServer) -> Iterator[Callable[[str], str]]:
    """``agent_login(url)``: the URL of the same database for a new login that owns nothing.

    Like a team agent's: SELECT, INSERT, UPDATE, DELETE on the tables, the
    sequences for new ids, and nothing else. Dropped after the test.
    """
    made: list[tuple[str, str]] = []

    def make(url: str) -> str:
        role = f"desk_agent_{next(_roles)}"
        with _superuser(postgres_server, url) as conn:
            conn.execute(f"CREATE ROLE {role} LOGIN")
            conn.execute(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
            )
            conn.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
        made.append((role, url))
        return make_url(url).set(username=role).render_as_string(hide_password=False)

    try:
        yield make
    finally:
        for role, url in made:
            with _superuser(postgres_server, url) as conn:
                conn.execute(f"DROP OWNED BY {role}")
                conn.execute(f"DROP ROLE {role}")


class StatementLog:
    """Every SQL statement any engine sends while it is active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        self.statements.append(statement)

    def __enter__(self) -> StatementLog:
        event.listen(Engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(Engine, "before_cursor_execute", self._record)

    def ddl(self) -> list[str]:
        pattern = re.compile(r"^\s*(CREATE|ALTER|DROP|GRANT|REVOKE|COMMENT|TRUNCATE)\b", re.I)
        return [s for s in self.statements if pattern.match(s)]


# ---------------------------------------------------------------------- many clients at once

_CLIENT = """
import logging, sys
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
import desk
from desk.store.database import open_store
print("ready", desk.__file__, flush=True)
sys.stdin.readline()
open_store(sys.argv[1]).close()
print("done", flush=True)
"""


@pytest.mark.postgres
def test_four_clients_opening_an_empty_database_at_once_migrate_it_once(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.create_database()
    clients = [
        subprocess.Popen(
            [sys.executable, "-c", _CLIENT, url],
            cwd=REPO,
            env=dict(os.environ),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    try:
        for client in clients:  # all imported and connected to nothing yet
            assert client.stdout is not None and client.stdin is not None
            ready = client.stdout.readline().split()
            assert ready[:1] == ["ready"], client.communicate(timeout=SAFETY_S)
            assert Path(ready[1]).is_relative_to(REPO), "the worktree's desk is under test"
        for client in clients:  # go, all together
            assert client.stdin is not None
            client.stdin.write("go\n")
            client.stdin.flush()
        results = [client.communicate(timeout=SAFETY_S * 4) for client in clients]
    finally:
        for client in clients:
            if client.poll() is None:
                client.kill()
                client.wait()
    for client, (out, err) in zip(clients, results, strict=True):
        assert client.returncode == 0, err
        assert out.strip() == "done", err
    migrated = [err for _out, err in results if "desk.store.migrate: upgraded" in err]
    assert len(migrated) == 1, [err for _out, err in results]
    assert migrated[0].count("Running upgrade") == len(_chain()), "the whole chain, once"
    assert _revision_of(url) == [head_revision()]


def _chain() -> list[str]:
    from alembic.script import ScriptDirectory

    return [rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()]


def _blocked_on_the_migration_lock(url: str) -> None:
    """Return once a session of this database waits for an advisory lock (fails after SAFETY_S)."""
    engine = create_engine(url)
    deadline = time.monotonic() + SAFETY_S
    try:
        while True:
            with engine.connect() as conn:
                waiting = conn.scalar(
                    text(
                        "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                        " WHERE l.locktype = 'advisory' AND NOT l.granted"
                        " AND d.datname = current_database()"
                    )
                )
            if waiting:
                return
            assert time.monotonic() < deadline, "nobody waited for the migration lock"
            time.sleep(0.02)
    finally:
        engine.dispose()


def _upgrade_in_thread(url: str) -> tuple[threading.Thread, list[object]]:
    outcome: list[object] = []

    def run() -> None:
        engine = create_engine(url)
        try:
            outcome.append(upgrade(engine, url))
        except Exception as exc:  # handed to the test thread, which asserts on it
            outcome.append(exc)
        finally:
            engine.dispose()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("meanwhile", "expected"),
    [("head", False), (FUTURE, ErrorCode.DB_TOO_NEW)],
    ids=["migrated-by-the-first", "migrated-by-a-newer-desk"],
)
def test_a_client_that_waited_for_the_lock_looks_again(
    postgres_server: PostgresServer, meanwhile: str, expected: object
) -> None:
    url = postgres_server.create_database()
    _upgrade_to(url, PREVIOUS)
    holder_engine = create_engine(url)
    try:
        with holder_engine.connect() as holder:
            holder.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            thread, outcome = _upgrade_in_thread(url)
            _blocked_on_the_migration_lock(url)
            if meanwhile == "head":
                config = alembic_config()
                config.attributes["connection"] = holder
                command.upgrade(config, "head")
            else:
                holder.execute(
                    text("UPDATE alembic_version SET version_num = :r"), {"r": meanwhile}
                )
            holder.commit()  # releases the lock
        thread.join(SAFETY_S)
        assert not thread.is_alive()
    finally:
        holder_engine.dispose()
    if isinstance(expected, ErrorCode):
        assert len(outcome) == 1 and isinstance(outcome[0], DeskError), outcome
        assert outcome[0].code is expected
    else:
        assert outcome == [expected]  # it did not run the migrations again
    assert _revision_of(url) == [head_revision() if meanwhile == "head" else meanwhile]


# ---------------------------------------------------------------------- older and newer


@pytest.mark.parametrize("migrate", [True, False], ids=["migrating", "not-migrating"])
def test_a_newer_schema_is_refused(db_url: str, migrate: bool) -> None:
    _stamp(db_url, FUTURE)
    with pytest.raises(DeskError) as caught:
        open_store(db_url, migrate=migrate)
    assert caught.value.code is ErrorCode.DB_TOO_NEW
    assert FUTURE in caught.value.describe()
    assert _revision_of(db_url) == [FUTURE]


def test_check_schema_after_the_team_moved_on(db_url: str) -> None:
    store = open_store(db_url)
    try:
        check_schema(store.engine)  # current: nothing to say
        _stamp(db_url, FUTURE)  # a newer Desk upgraded it while this one ran
        with pytest.raises(DeskError) as caught:
            check_schema(store.engine)
        assert caught.value.code is ErrorCode.DB_TOO_NEW
        _stamp(db_url, PREVIOUS)
        with pytest.raises(DeskError) as caught:
            check_schema(store.engine)
        assert caught.value.code is ErrorCode.DB_NEEDS_UPGRADE
    finally:
        store.close()


def test_opening_an_older_schema_without_migrating_says_it_needs_an_upgrade(
    empty_db_url: str,
) -> None:
    _upgrade_to(empty_db_url, PREVIOUS)
    with pytest.raises(DeskError) as caught:
        open_store(empty_db_url, migrate=False)
    assert caught.value.code is ErrorCode.DB_NEEDS_UPGRADE
    assert caught.value.params["revision"] == PREVIOUS
    assert caught.value.params["needed"] == head_revision()
    assert _revision_of(empty_db_url) == [PREVIOUS]


# ---------------------------------------------------------------------- agents' logins


@pytest.mark.postgres
def test_an_agent_login_uses_a_current_schema_without_any_ddl(
    postgres_server: PostgresServer, postgres_template: str, agent_login: Callable[[str], str]
) -> None:
    owner_url = postgres_server.create_database(template=postgres_template)
    owner = open_store(owner_url)
    populate(owner)
    url = agent_login(owner_url)
    with StatementLog() as seen:
        store = open_store(url)
    try:
        assert seen.ddl() == []
        assert not any("advisory" in s for s in seen.statements), "no lock at head"
        check_schema(store.engine)
        listener = listener_for(store)
        assert listener is not None
        with listener:  # the agent listens, writes, and hears its own write
            ids: list[int] = []
            write = lambda: ids.extend(add_messages(store, 2))  # noqa: E731
            assert changes_after(store, listener, write) == {"mail": frozenset(ids)}

            def claim() -> None:
                with store.sessions.begin() as session:
                    claim_messages(session, 1, ids, NOW)

            assert changes_after(store, listener, claim) == {"claims": frozenset(ids)}
        with store.sessions.begin() as session:
            session.add(Agent(login="chloe", display_name="Chloé"))
    finally:
        store.close()
        owner.close()


@pytest.mark.postgres
@pytest.mark.parametrize("revision", [PREVIOUS, None], ids=["older", "empty"])
def test_an_agent_login_meeting_an_older_schema_is_told_to_ask_for_the_upgrade(
    postgres_server: PostgresServer, agent_login: Callable[[str], str], revision: str | None
) -> None:
    owner_url = postgres_server.create_database()
    if revision is not None:
        _upgrade_to(owner_url, revision)
    url = agent_login(owner_url)
    with pytest.raises(DeskError) as caught:
        open_store(url)
    error = caught.value
    assert error.code is ErrorCode.DB_NEEDS_UPGRADE
    assert error.params["revision"] == (revision or "(none)")
    assert error.params["needed"] == head_revision()
    assert "desk db upgrade" in error.describe()
    assert isinstance(error.__cause__, Exception)  # the refusal PostgreSQL gave, kept for logs
    assert _revision_of(owner_url) == ([revision] if revision else [])
    engine = create_engine(owner_url)
    try:
        with engine.connect() as conn:  # the failed attempt left no half-made schema
            columns = {c["name"] for c in inspect(conn).get_columns("reply")} if revision else set()
            assert "lease_owner" not in columns
            assert revision or inspect(conn).get_table_names() == []
    finally:
        engine.dispose()
