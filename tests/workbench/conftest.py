"""The workbench's tests use the window's clustered demo store (no window needed)."""

from tests.ui.conftest import demo_store, demo_template

__all__ = ["demo_store", "demo_template"]
