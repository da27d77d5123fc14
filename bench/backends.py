"""The throwaway PostgreSQL the benchmarks measure on, as the tests start it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from desk.store.database import Store, open_store
from tests.support.postgres import PostgresServer, find_bin_dir


@contextmanager
def throwaway_postgres_store() -> Iterator[Store | None]:
    """A migrated store in a private PostgreSQL, stopped afterwards; None when not installed."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        print("PostgreSQL: not installed, skipped")
        yield None
        return
    server = PostgresServer(bin_dir)
    server.start()
    try:
        store = open_store(server.create_database())
        try:
            yield store
        finally:
            store.close()
    finally:
        server.stop()
