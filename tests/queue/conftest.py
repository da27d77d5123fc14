"""The queue's tests build their own small worlds (tests.support.team)."""

from tests.support.team import pg_store, pg_url

__all__ = ["pg_store", "pg_url"]
