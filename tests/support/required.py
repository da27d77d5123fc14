"""What a test needs from the machine: skipped on a developer's laptop, a failure in CI.

A test that needs the shared corpus beside the repository, a real server,
LibreOffice or an X server skips with the reason when it is missing, so a
newcomer's partial machine still runs the rest; under ``CI=true`` (or
``DESK_REQUIRE_SERVERS``) everything is installed by ``scripts/test.sh`` and
the shared folder is always there, so a missing piece is a broken set-up
that must not pass green.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def required() -> bool:
    """True where every tool and the shared corpus must be present (CI, or asked for)."""
    return bool(
        os.environ.get("CI")
        or os.environ.get("DESK_REQUIRE_SERVERS")
        or os.environ.get("DESK_REQUIRE_POSTGRES")
    )


def missing(reason: str) -> NoReturn:
    """Skip the test for ``reason``; fail it instead where everything must be present."""
    if required():
        pytest.fail(f"{reason} (required here: CI or DESK_REQUIRE_SERVERS is set)")
    pytest.skip(reason)
