"""The one place Desk reads the time, always timezone-aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Return the current time in UTC (aware), for storing."""
    return datetime.now(UTC)
