"""The SQL helpers agree with Python on both backends: percentiles, durations, windows."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Float, literal, select, union_all

from desk.stats.sql import percentiles, seconds_between, within_days_after
from desk.store.database import Store
from desk.store.models import Folder, FolderKind, Message


def reference(values: list[float], fraction: float) -> float:
    """PostgreSQL's percentile_cont, written out in Python."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def as_query(values: list[float]) -> object:
    return union_all(*(select(literal(v, Float).label("v")) for v in values))


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40, deadline=None
)
@given(
    st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=60),
    st.sampled_from([0.0, 0.1, 0.5, 0.9, 0.99, 1.0]),
)
def test_percentiles_match_the_python_reference(
    store: Store, values: list[int], fraction: float
) -> None:
    data = [v / 1000 for v in values]
    with store.sessions() as session:
        (got, median) = percentiles(session, as_query(data), (fraction, 0.5))  # type: ignore[arg-type]
    assert got is not None and median is not None
    assert math.isclose(got, reference(data, fraction), rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(median, reference(data, 0.5), rel_tol=1e-9, abs_tol=1e-6)


def test_percentiles_of_nothing_are_none(store: Store) -> None:
    with store.sessions() as session:
        query = select(literal(1.0, Float).label("v")).where(literal(1) == 0)
        assert percentiles(session, query, (0.5, 0.9)) == (None, None)


def _message(key: str, when: datetime) -> Message:
    folder = Folder(kind=FolderKind.MAILDIR, name=key, locator=f"maildir:{key}")
    return Message(folder=folder, source_key=key, message_id=f"<{key}>", date=when, size=1)


def test_seconds_and_seven_day_windows_to_the_millisecond(store: Store, backend: str) -> None:
    base = datetime(2020, 3, 16, 10, 0, tzinfo=UTC)
    with store.sessions.begin() as session:
        session.add_all(
            [
                _message("a", base),
                _message("b", base + timedelta(days=7)),
                _message("c", base + timedelta(days=7, milliseconds=2)),
                _message("d", base + timedelta(hours=49, milliseconds=250)),
            ]
        )
    with store.sessions() as session:
        anchor = literal(base, Message.date.type)
        rows = dict(
            session.execute(
                select(
                    Message.source_key,
                    seconds_between(Message.date, anchor, backend),
                ).order_by(Message.source_key)
            ).all()
        )
        inside = set(
            session.scalars(
                select(Message.source_key).where(
                    within_days_after(Message.date, anchor, 7, backend)
                )
            )
        )
    assert rows["a"] == 0
    assert rows["b"] == 7 * 86400
    assert math.isclose(rows["d"], 49 * 3600 + 0.25, abs_tol=1e-6)
    # Strictly after the anchor, up to exactly seven days.
    assert inside == {"b", "d"}
