"""Shared fixtures: an isolated Desk home per test, and stores on SQLite and PostgreSQL."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import settings
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from tests.support.postgres import PostgresServer, find_bin_dir
from tests.support.required import missing

# The real IMAP and SMTP peers (Dovecot, aiosmtpd) and the connection-dropping proxy.
pytest_plugins = ["tests.support.fixtures"]

SHARED = Path(__file__).resolve().parents[2] / "shared"
REALMAIL = SHARED / "corpora" / "realmail"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# CI replays the same examples every run, so a submission lands or fails on its own
# merits; a developer's runs keep exploring new ones (that is how they find bugs).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that need a QApplication as ``gui`` (``-m "not gui"`` is the headless loop)."""
    for item in items:
        if {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def desk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config, data, log and cache folders, and its own password file.

    ``PGPASSFILE``: the first-start set-up writes the team database's password
    where libpq reads it; a test must never touch the machine's ``~/.pgpass``.
    """
    home = tmp_path / "desk-home"
    monkeypatch.setenv("DESK_HOME", str(home))
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    return home


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict: tests never touch the machine's real one (and CI has none)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring."""
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def close_desk_logs() -> Iterator[None]:
    """Close the log files a test opened (the CLI sets logging up on every run)."""
    yield
    logger = logging.getLogger("desk")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


@pytest.fixture(scope="session")
def realmail() -> Path:
    """The shared corpus of real test messages; skipped when ../shared is absent."""
    if not (REALMAIL / "messages").is_dir():
        missing(f"shared corpus not found at {REALMAIL} (it sits beside the repository)")
    return REALMAIL


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One private PostgreSQL cluster for the whole run, stopped at the end."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        reason = "PostgreSQL server not installed (scripts/test.sh installs the Debian package)"
        missing(reason)
    server = PostgresServer(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def password_postgres_server() -> Iterator[PostgresServer]:
    """A second private cluster where logins other than the superuser need their password.

    The first one trusts every login, which is right for most tests and would
    hide whether a password was given at all.
    """
    bin_dir = find_bin_dir()
    if bin_dir is None:
        missing("PostgreSQL server not installed (scripts/test.sh installs the Debian package)")
    server = PostgresServer(bin_dir)
    try:
        server.start(passwords=True)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> str:
    """A migrated database that per-test databases are copied from."""
    url = postgres_server.create_database()
    open_store(url).close()
    return url.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that per-test databases are copied from."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    open_store(sqlite_url(path)).close()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """The database kind a store test runs on: each such test runs on both."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh, migrated database of the current backend."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "desk.sqlite3"
        shutil.copyfile(template, path)
        return sqlite_url(path)
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database(template=request.getfixturevalue("postgres_template"))


@pytest.fixture
def empty_db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database with no schema yet, of the current backend."""
    if backend == "sqlite":
        return sqlite_url(tmp_path / "empty.sqlite3")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An opened store on the current backend."""
    opened = open_store(db_url)
    try:
        yield opened
    finally:
        opened.close()
