"""Adding, listing, re-roling and removing members, and every refusal, on the real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import select, text

from desk.core.clock import utc_now
from desk.core.errors import DeskError, ErrorCode
from desk.stats.events import record_event
from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from desk.store.models import Agent, EventKind, HandlingEvent, Presence
from desk.team import (
    Member,
    add_member,
    init_team,
    list_members,
    remove_member,
    set_role,
    team_role,
)
from tests.support.postgres import PostgresServer
from tests.team.conftest import PASSWORD, Team, drop_team_logins, seed_mail

pytestmark = pytest.mark.postgres


def test_add_list_change_role_and_remove(team: Team, tmp_path: Path) -> None:
    ids = seed_mail(team.owner, tmp_path)
    ana, ana_id = team.add("ana")
    lea = team.name("lea")
    lea_id = add_member(team.owner.engine, lea, "lead", PASSWORD, display_name="Léa Martin")
    seen_at = utc_now() - timedelta(minutes=3)
    with team.connect(ana).sessions.begin() as session:
        session.add(
            Presence(id="w1", agent_id=ana_id, login=ana, kind="window", heartbeat_at=seen_at)
        )
        record_event(session, ana_id, EventKind.SEND, ids[:2], seen_at, seen_at)
    assert list_members(team.owner.engine) == [
        Member(ana, "agent", True, seen_at),
        Member(lea, "lead", True, None),
    ]
    with team.owner.sessions.begin() as session:
        assert session.get_one(Agent, lea_id).display_name == "Léa Martin"

    set_role(team.owner.engine, ana, "lead")
    with team.connect(ana).sessions() as session:
        assert team_role(session) == "lead"
    set_role(team.owner.engine, ana, "agent")
    assert [m.role for m in list_members(team.owner.engine)] == ["agent", "lead"]

    remove_member(team.owner.engine, ana)
    assert [m.name for m in list_members(team.owner.engine)] == [lea]
    with pytest.raises(DeskError) as caught:
        open_store(team.url_as(ana))
    assert caught.value.code is ErrorCode.DB_UNREACHABLE
    assert f'role "{ana}" does not exist' in caught.value.describe()
    # The agent and their history stay: the statistics still count Ana's answers.
    with team.owner.sessions.begin() as session:
        assert session.scalars(select(Agent.login).order_by(Agent.id)).all() == [ana, lea]
        assert session.scalars(select(HandlingEvent.agent_id)).all() == [ana_id]
    # Back on the team: the same agent row, history and all.
    assert add_member(team.owner.engine, ana, "agent", PASSWORD) == ana_id


def test_remove_drops_a_login_that_holds_rights_of_its_own(team: Team) -> None:
    ana, _ = team.add("ana")
    with team.owner.engine.begin() as conn:
        conn.execute(text(f"GRANT SELECT ON template TO {ana}"))
    remove_member(team.owner.engine, ana)
    assert list_members(team.owner.engine) == []


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("x; drop table agent", "use lower-case letters"),
        ('ana"; DROP ROLE postgres; --', "use lower-case letters"),
        ("", "it is empty"),
        ("a" * 64, "longer than 63"),
        ("Ana", "use lower-case letters"),
        ("9lives", "use lower-case letters"),
        ("pg_monitor", "reserves it"),
        ("desk_lead", "reserves it"),
        ("public", "reserves it"),
    ],
)
def test_bad_names_are_refused_before_any_sql(team: Team, name: str, why: str) -> None:
    engine = team.owner.engine
    for attempt in (
        lambda: add_member(engine, name, "agent", PASSWORD),
        lambda: remove_member(engine, name),
        lambda: set_role(engine, name, "lead"),
    ):
        with pytest.raises(DeskError) as caught:
            attempt()
        assert caught.value.code is ErrorCode.TEAM_BAD_NAME
        assert why in caught.value.describe()
    with team.owner.sessions() as session:
        assert session.scalar(text("SELECT count(*) FROM agent")) == 0
        assert session.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = 'postgres'"))


def test_refusals_say_what_is_wrong_and_change_nothing(team: Team) -> None:
    engine = team.owner.engine
    ana, _ = team.add("ana")
    cases = [
        (lambda: add_member(engine, ana, "agent", PASSWORD), ErrorCode.TEAM_MEMBER_EXISTS),
        # A login that exists but is nobody's on the team: taken, and never dropped.
        (lambda: add_member(engine, "postgres", "agent", PASSWORD), ErrorCode.TEAM_MEMBER_EXISTS),
        (lambda: remove_member(engine, "postgres"), ErrorCode.TEAM_MEMBER_UNKNOWN),
        (lambda: remove_member(engine, team.name("nobody")), ErrorCode.TEAM_MEMBER_UNKNOWN),
        (lambda: set_role(engine, team.name("nobody"), "lead"), ErrorCode.TEAM_MEMBER_UNKNOWN),
        (lambda: set_role(engine, ana, "admin"), ErrorCode.TEAM_BAD_ROLE),
        (lambda: add_member(engine, team.name("bo"), "boss", PASSWORD), ErrorCode.TEAM_BAD_ROLE),
        (lambda: add_member(engine, team.name("bo"), "agent", ""), ErrorCode.TEAM_BAD_PASSWORD),
    ]
    for attempt, code in cases:
        with pytest.raises(DeskError) as caught:
            attempt()
        assert caught.value.code is code
    assert list_members(engine) == [Member(ana, "agent", True, None)]


def test_only_the_owner_manages_the_team(team: Team) -> None:
    (ana, _), (lea, _) = team.add("ana"), team.add("lea", "lead")
    for name in (ana, lea):
        engine = team.connect(name).engine
        for attempt in (
            lambda: init_team(engine),  # noqa: B023 - called within the iteration
            lambda: add_member(engine, team.name("eve"), "lead", PASSWORD),  # noqa: B023
            lambda: set_role(engine, name, "lead"),  # noqa: B023
            lambda: remove_member(engine, name),  # noqa: B023
        ):
            with pytest.raises(DeskError) as caught:
                attempt()
            assert caught.value.code is ErrorCode.TEAM_NOT_OWNER
            assert "lacks CREATEROLE" in caught.value.describe()
    assert [m.name for m in list_members(team.owner.engine)] == [ana, lea]


def test_members_wait_for_team_init_in_this_database(
    postgres_server: PostgresServer, team_url: str
) -> None:
    store = open_store(team_url)
    try:
        with pytest.raises(DeskError) as caught:
            add_member(store.engine, "ana", "agent", PASSWORD)
        assert caught.value.code is ErrorCode.TEAM_NOT_INITIALISED
    finally:
        store.close()


def test_team_mode_needs_postgresql(tmp_path: Path) -> None:
    store = open_store(sqlite_url(tmp_path / "desk.sqlite3"))
    engine = store.engine
    try:
        for attempt in (
            lambda: init_team(engine),
            lambda: add_member(engine, "ana", "agent", PASSWORD),
            lambda: list_members(engine),
            lambda: set_role(engine, "ana", "lead"),
            lambda: remove_member(engine, "ana"),
        ):
            with pytest.raises(DeskError) as caught:
                attempt()
            assert caught.value.code is ErrorCode.TEAM_NEEDS_POSTGRES
            assert "needs a PostgreSQL database" in caught.value.describe()
    finally:
        store.close()


@pytest.fixture
def createrole_owner(postgres_server: PostgresServer) -> Iterator[tuple[str, str]]:
    """A database owned by a login with CREATEROLE but not superuser: (login, database)."""
    database = postgres_server.create_database().rsplit("/", 1)[1]
    owner = f"owner_{database.rsplit('_', 1)[1]}"
    admin = f"host=127.0.0.1 port={postgres_server.port} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEROLE").format(sql.Identifier(owner)))
        conn.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                sql.Identifier(database), sql.Identifier(owner)
            )
        )
    yield owner, database
    drop_team_logins(postgres_server)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(database)))
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(owner)))


def test_an_owner_with_createrole_runs_the_team_without_superuser_rights(
    postgres_server: PostgresServer, createrole_owner: tuple[str, str]
) -> None:
    owner, database = createrole_owner

    def url(login: str) -> str:
        return f"postgresql+psycopg://{login}:pw@127.0.0.1:{postgres_server.port}/{database}"

    stores: list[Store] = []
    try:
        stores.append(owned := open_store(url(owner)))  # the owner migrates: its tables
        init_team(owned.engine)
        ana = f"ana_{owner}"
        ana_id = add_member(owned.engine, ana, "agent", PASSWORD)
        with owned.engine.begin() as conn:  # a right of its own makes the drop take a detour
            conn.execute(text(f"GRANT SELECT ON template TO {ana}"))
        stores.append(as_ana := open_store(url(ana)))
        now = utc_now()
        with as_ana.sessions.begin() as session:
            assert team_role(session) == "agent"
            record_event(session, ana_id, EventKind.OPEN, [], now, now)
        with owned.sessions() as session:
            assert team_role(session) == "owner"
        as_ana.close()
        remove_member(owned.engine, ana)
        assert list_members(owned.engine) == []
        with owned.sessions() as session:
            assert session.scalars(select(HandlingEvent.agent_id)).all() == [ana_id]
    finally:
        for store in stores:
            store.close()
