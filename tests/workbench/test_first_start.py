"""A workstation's first start: alone on SQLite, or joining a team's PostgreSQL, checked first.

The team tests run against a PostgreSQL that asks every login but the
superuser for its password (SCRAM over TCP), as a team's real server does.
"""

from __future__ import annotations

import stat
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from desk.config import load_settings
from desk.core.errors import DeskError, ErrorCode
from desk.store.database import open_store
from desk.store.models import Message
from desk.workbench.first_start import (
    DEFAULT_PORT,
    TeamAddress,
    check_team,
    join_team,
    needs_first_start,
    split_server,
    start_alone,
)
from desk.workbench.opening import account_config
from tests.support.password_team import PASSWORD, PasswordTeam, password_team

__all__ = ["password_team"]  # the fixture, used by name


# ---------------------------------------------------------------------------------- alone
def test_alone_writes_a_settings_file_of_comments_that_loads_as_the_defaults(
    desk_home: Path,
) -> None:
    path = desk_home / "config" / "desk.toml"
    assert needs_first_start(path)
    settings = start_alone(path)
    assert not needs_first_start(path)
    assert settings.db_url is None and settings.account == ()
    assert all(line.startswith("#") for line in path.read_text(encoding="utf-8").splitlines())


def test_alone_never_overwrites_a_settings_file(desk_home: Path) -> None:
    path = desk_home / "config" / "desk.toml"
    path.parent.mkdir(parents=True)
    path.write_text('[ui]\nlanguage = "en"\n', encoding="utf-8")
    assert start_alone(path).language == "en"
    assert path.read_text(encoding="utf-8") == '[ui]\nlanguage = "en"\n'


# ---------------------------------------------------------------------------------- addresses
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("db.example-edu.fr", ("db.example-edu.fr", DEFAULT_PORT)),
        (" db:6543 ", ("db", 6543)),
        ("10.0.0.5:5433", ("10.0.0.5", 5433)),
        ("[2001:db8::1]:5434", ("2001:db8::1", 5434)),
        ("2001:db8::1", ("2001:db8::1", DEFAULT_PORT)),
    ],
)
def test_a_server_is_a_name_with_an_optional_port(typed: str, expected: tuple[str, int]) -> None:
    assert split_server(typed) == expected


@pytest.mark.parametrize("typed", ["", "  ", "db:", "db:port", "db:70000", "db:0", "a b", ":5432"])
def test_a_server_that_is_not_one_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        split_server(typed)


def test_the_url_carries_no_password_and_quotes_odd_logins() -> None:
    url = TeamAddress("db", 5432, "desk", "jean@site").url()
    assert url == "postgresql+psycopg://jean%40site@db:5432/desk"


# ---------------------------------------------------------------------------------- team check
@pytest.mark.postgres
def test_a_member_with_the_right_password_gets_their_role_and_the_teams_mailbox(
    password_team: PasswordTeam,
) -> None:
    check = check_team(password_team.address(), PASSWORD)
    assert check.role == "agent"
    assert [m.name for m in check.mailboxes] == ["scolarite"]
    assert check.mailboxes[0].address == "contact@example-edu.fr"
    assert check.mailboxes[0].smtp is not None and check.mailboxes[0].smtp.port == 25


@pytest.mark.parametrize(
    ("login", "password"),
    [
        (None, "wrong password"),
        (None, ""),  # nothing given and nothing in the password file
        ("nobody_here", PASSWORD),
    ],
    ids=["wrong-password", "no-password", "unknown-login"],
)
@pytest.mark.postgres
def test_a_refused_login_says_so(
    password_team: PasswordTeam, login: str | None, password: str
) -> None:
    with pytest.raises(DeskError) as caught:
        check_team(password_team.address(login), password)
    assert caught.value.code is ErrorCode.TEAM_LOGIN_REFUSED
    assert PASSWORD not in caught.value.describe()


@pytest.mark.postgres
def test_a_login_outside_the_team_is_told_to_ask_the_lead(password_team: PasswordTeam) -> None:
    with pytest.raises(DeskError) as caught:
        check_team(password_team.address(password_team.outsider), PASSWORD)
    assert caught.value.code is ErrorCode.TEAM_NOT_MEMBER
    assert f"desk team add {password_team.outsider}" in caught.value.describe()


@pytest.mark.postgres
def test_a_database_that_does_not_exist_is_unreachable(password_team: PasswordTeam) -> None:
    with pytest.raises(DeskError) as caught:
        check_team(password_team.address(database="no_such_db"), PASSWORD)
    assert caught.value.code is ErrorCode.DB_UNREACHABLE
    assert "no_such_db" in caught.value.describe()


@pytest.mark.postgres
def test_a_server_that_is_not_there_is_unreachable(password_team: PasswordTeam) -> None:
    with pytest.raises(DeskError) as caught:
        check_team(TeamAddress("127.0.0.1", 1, "desk", "amina"), PASSWORD)
    assert caught.value.code is ErrorCode.DB_UNREACHABLE


@pytest.mark.postgres
def test_a_database_without_desk_is_not_a_team_yet(password_team: PasswordTeam) -> None:
    url = password_team.server.create_database()
    with pytest.raises(DeskError) as caught:
        check_team(
            TeamAddress("127.0.0.1", password_team.server.port, url.rsplit("/", 1)[1], "postgres"),
            "",
        )
    assert caught.value.code is ErrorCode.TEAM_NOT_INITIALISED


@pytest.mark.postgres
def test_a_database_from_a_newer_desk_is_refused_and_left_as_it_was(
    password_team: PasswordTeam,
) -> None:
    url = password_team.server.create_database()
    open_store(url).close()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(DeskError) as caught:
        check_team(
            TeamAddress("127.0.0.1", password_team.server.port, url.rsplit("/", 1)[1], "postgres"),
            "",
        )
    assert caught.value.code is ErrorCode.DB_TOO_NEW
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("9999_from_the_future",)
        ]


# ---------------------------------------------------------------------------------- joining
@pytest.mark.postgres
def test_joining_saves_the_url_the_mailbox_and_the_password_where_libpq_finds_it(
    password_team: PasswordTeam, desk_home: Path, tmp_path: Path
) -> None:
    path = desk_home / "config" / "desk.toml"
    check = check_team(password_team.address(), PASSWORD)
    settings = join_team(path, check, PASSWORD, check.mailboxes[0])

    assert PASSWORD not in path.read_text(encoding="utf-8")
    assert settings.db_url == password_team.address().url()
    assert account_config(settings) == check.mailboxes[0]
    pgpass = tmp_path / "pgpass"  # PGPASSFILE, set for every test
    assert PASSWORD in pgpass.read_text(encoding="utf-8")
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    # The saved settings open the team's store with no password given: libpq read the file.
    store = open_store(str(load_settings(path).db_url))
    try:
        with store.sessions() as session:
            assert session.scalar(text("SELECT session_user")) == password_team.member
            session.query(Message).count()  # allowed to read the team's mail
    finally:
        store.close()


@pytest.mark.postgres
def test_joining_with_an_empty_password_writes_no_password_line(
    password_team: PasswordTeam, desk_home: Path, tmp_path: Path
) -> None:
    check = check_team(password_team.address(), PASSWORD)
    join_team(desk_home / "config" / "desk.toml", check, "", None)
    assert not (tmp_path / "pgpass").exists()
    assert load_settings(desk_home / "config" / "desk.toml").account == ()
