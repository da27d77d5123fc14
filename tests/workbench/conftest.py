"""The workbench's tests use the window's clustered demo store (no window needed)."""

from tests.support.team import pg_store, pg_url
from tests.ui.conftest import demo_store, demo_template

__all__ = ["demo_store", "demo_template", "pg_store", "pg_url"]
