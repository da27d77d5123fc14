"""Fixtures for the team-mode store tests: a populated PostgreSQL store and its listener."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desk.store.database import Store, open_store
from desk.store.notify import ChangeListener, listener_for
from tests.support.changes import populate
from tests.support.postgres import PostgresServer


@pytest.fixture
def team_store(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Store]:
    """A migrated PostgreSQL store with two agents, an account and a folder."""
    opened = open_store(postgres_server.create_database(template=postgres_template))
    try:
        populate(opened)
        yield opened
    finally:
        opened.close()


@pytest.fixture
def listener(team_store: Store) -> Iterator[ChangeListener]:
    """A started listener on the team store, closed after the test."""
    found = listener_for(team_store)
    assert found is not None
    found.start()
    try:
        yield found
    finally:
        found.close()
