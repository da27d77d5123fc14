"""PostgreSQL stores for the mail tests that race two transactions (tests.support.team)."""

from tests.support.team import pg_store, pg_url

__all__ = ["pg_store", "pg_url"]
