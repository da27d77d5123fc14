"""A team database on a PostgreSQL that checks passwords: a member, an outsider, a mailbox.

For the first start's tests: joining a team must prove the password was
given (and saved where libpq finds it), which a server trusting every login
cannot show.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from psycopg import sql

from desk.store.database import open_store
from desk.team import add_member, init_team
from desk.workbench.first_start import TeamAddress
from tests.support.accounts import add_account_row
from tests.support.postgres import PostgresServer

PASSWORD = "correct horse battery staple"


@dataclass
class PasswordTeam:
    """A team database on the password-checking server: a member, an outsider, a mailbox."""

    server: PostgresServer
    database: str
    member: str = "amina_first"
    outsider: str = "outsider_first"

    def address(self, login: str | None = None, database: str | None = None) -> TeamAddress:
        return TeamAddress(
            "127.0.0.1", self.server.port, database or self.database, login or self.member
        )


def _admin(server: PostgresServer) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True
    )


@pytest.fixture(scope="module")
def password_team(password_postgres_server: PostgresServer) -> Iterator[PasswordTeam]:
    server = password_postgres_server
    url = server.create_database()
    team = PasswordTeam(server, url.rsplit("/", 1)[1])
    owner = open_store(url)
    try:
        init_team(owner.engine)
        add_member(owner.engine, team.member, "agent", PASSWORD)
        add_account_row(owner)
        with _admin(server) as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(team.outsider), sql.Literal(PASSWORD)
                )
            )
        yield team
    finally:
        owner.close()
        with _admin(server) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(team.database))
            )
            for name in (team.member, team.outsider):
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
