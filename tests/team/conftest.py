"""A team database on the throwaway PostgreSQL: the owner's store, and stores connected as members.

Logins are roles of the whole PostgreSQL cluster, shared by every test
database: each member's name carries its database's number, and every login
in the team's groups is dropped when the test ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from desk.cluster.service import ClusterService
from desk.mail.ingest import ingest_source
from desk.mail.sources import open_source
from desk.store.database import Store, open_store
from desk.store.models import Message
from desk.team import AGENT_GROUP, LEAD_GROUP, add_member, init_team
from desk.team.guard import INSUFFICIENT_PRIVILEGE, sqlstate
from tests.support.accounts import add_account_row
from tests.support.mail import simple_message, write_maildir
from tests.support.postgres import PostgresServer

PASSWORD = "correct horse battery staple"


class Team:
    """An initialised team database and the members' connections to it."""

    def __init__(self, server: PostgresServer, url: str) -> None:
        self.server = server
        self.url = url
        self.database = str(make_url(url).database)
        self.owner = open_store(url)
        self._stores: list[Store] = []
        try:
            init_team(self.owner.engine)
        except BaseException:
            self.owner.close()
            raise

    def name(self, base: str) -> str:
        """A login unique to this test's database (``ana`` → ``ana_12``)."""
        return f"{base}_{self.database.rsplit('_', 1)[1]}"

    def add(self, base: str, role: str = "agent") -> tuple[str, int]:
        """Add a member; their login and agent id."""
        name = self.name(base)
        return name, add_member(self.owner.engine, name, role, PASSWORD)

    def url_as(self, name: str, database: str | None = None) -> str:
        """The database's URL with this login."""
        return URL.create(
            "postgresql+psycopg",
            username=name,
            password=PASSWORD,
            host="127.0.0.1",
            port=self.server.port,
            database=database or self.database,
        ).render_as_string(hide_password=False)

    def connect(self, name: str) -> Store:
        """A store connected as this login (closed when the test ends)."""
        store = open_store(self.url_as(name))
        self._stores.append(store)
        return store

    def close(self) -> None:
        """Close every store, then drop every login of the team's groups (cluster-wide)."""
        for store in self._stores:
            store.close()
        self.owner.close()
        drop_team_logins(self.server)


def drop_team_logins(server: PostgresServer) -> None:
    """Drop every login in desk_agent or desk_lead: the next test starts with no members."""
    with psycopg.connect(
        f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True
    ) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT r.rolname FROM pg_auth_members m"
                " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member"
                " WHERE g.rolname IN (%s, %s) AND r.rolcanlogin",
                (AGENT_GROUP, LEAD_GROUP),
            )
        ]
        for name in names:
            try:
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))
            except psycopg.errors.DependentObjectsStillExist:
                # Left holding rights by a failed test: at least off the team for the next.
                conn.execute(
                    sql.SQL("REVOKE {}, {} FROM {}").format(
                        sql.Identifier(AGENT_GROUP),
                        sql.Identifier(LEAD_GROUP),
                        sql.Identifier(name),
                    )
                )


@pytest.fixture
def team_url(postgres_server: PostgresServer, postgres_template: str) -> str:
    """A fresh migrated PostgreSQL database (team roles not set up yet)."""
    return postgres_server.create_database(template=postgres_template)


@pytest.fixture
def team(postgres_server: PostgresServer, team_url: str) -> Iterator[Team]:
    """A migrated database where ``init_team`` ran, as its owner (the superuser)."""
    built = Team(postgres_server, team_url)
    try:
        yield built
    finally:
        built.close()


def seed_mail(store: Store, root: Path, count: int = 6) -> list[int]:
    """Messages asking the same thing, clustered, and an account to answer from; message ids."""
    maildir = write_maildir(root / "Maildir", [simple_message(n) for n in range(count)])
    ingest_source(store.sessions, open_source(maildir), workers=0)
    ClusterService(store.sessions, 85.0, workers=0).update()
    add_account_row(store)
    with store.sessions() as session:
        return list(session.scalars(select(Message.id).order_by(Message.id)))


def refused(exc: BaseException) -> bool:
    """True when PostgreSQL refused for lack of a right (SQLSTATE 42501)."""
    return isinstance(exc, DBAPIError) and sqlstate(exc) == INSUFFICIENT_PRIVILEGE
