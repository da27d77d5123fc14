"""Active time (the two-minute pause rule) and recording events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from desk.stats.events import MAX_PAUSE, active_ms, record_event
from desk.store.database import Store
from desk.store.models import (
    Agent,
    EventKind,
    EventMessage,
    Folder,
    FolderKind,
    HandlingEvent,
    Message,
)

T0 = datetime(2020, 3, 16, 9, 0, tzinfo=UTC)


def s(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_short_gaps_count_and_long_pauses_do_not() -> None:
    # 0 -> 60 (counts), 60 -> 300 (a 4-minute pause: not counted), 300 -> 330 (counts).
    assert active_ms(s(0), s(330), [s(60), s(300)]) == 90_000


def test_a_gap_of_exactly_two_minutes_counts() -> None:
    assert active_ms(s(0), s(120)) == 120_000
    assert active_ms(s(0), s(120.001)) == 0


def test_moments_outside_the_event_are_clamped() -> None:
    assert active_ms(s(0), s(60), [s(-500), s(900)]) == 60_000


def test_an_event_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        active_ms(s(10), s(0))


moments = st.lists(st.integers(min_value=0, max_value=3_600_000), max_size=30)


@given(st.integers(min_value=0, max_value=3_600_000), moments)
def test_active_time_is_never_more_than_the_span(end_ms: int, activity: list[int]) -> None:
    end = T0 + timedelta(milliseconds=end_ms)
    points = [T0 + timedelta(milliseconds=m) for m in activity]
    assert 0 <= active_ms(T0, end, points) <= end_ms


@given(st.integers(min_value=0, max_value=3_600_000), moments, st.integers(0, 3_600_000))
def test_one_more_moment_never_lowers_active_time(
    end_ms: int, activity: list[int], extra: int
) -> None:
    end = T0 + timedelta(milliseconds=end_ms)
    points = [T0 + timedelta(milliseconds=m) for m in activity]
    added = [*points, T0 + timedelta(milliseconds=extra)]
    assert active_ms(T0, end, added) >= active_ms(T0, end, points)


@given(st.lists(st.integers(min_value=1, max_value=120_000), max_size=40))
def test_steady_activity_counts_in_full(gaps: list[int]) -> None:
    points = [T0]
    for gap in gaps:
        points.append(points[-1] + timedelta(milliseconds=gap))
    assert active_ms(T0, points[-1], points) == sum(gaps)


@given(st.lists(st.integers(min_value=1, max_value=600_000), min_size=1, max_size=40))
def test_active_time_is_the_sum_of_the_short_gaps(gaps: list[int]) -> None:
    points = [T0]
    for gap in gaps:
        points.append(points[-1] + timedelta(milliseconds=gap))
    expected = sum(g for g in gaps if timedelta(milliseconds=g) <= MAX_PAUSE)
    assert active_ms(T0, points[-1], points) == expected


def test_record_event_stores_the_event_and_its_messages(store: Store) -> None:
    with store.sessions.begin() as session:
        agent = Agent(login="amina", display_name="Amina")
        folder = Folder(kind=FolderKind.MAILDIR, name="x", locator="maildir:x")
        messages = [
            Message(folder=folder, source_key=str(i), message_id=f"<{i}@x>", date=T0, size=1)
            for i in range(3)
        ]
        session.add_all([agent, *messages])
        session.flush()
        ids = [m.id for m in messages]
        event_id = record_event(
            session,
            agent.id,
            EventKind.SEND,
            [*ids, ids[0]],
            s(0),
            s(400),
            activity=[s(60), s(340)],
        )
    with store.sessions() as session:
        event = session.get_one(HandlingEvent, event_id)
        assert event.kind is EventKind.SEND
        assert event.message_count == 3  # the repeated id counts once
        assert event.active_ms == 120_000  # 0-60 and 340-400; the 280 s pause is not work
        assert (event.started_at, event.ended_at) == (s(0), s(400))
        linked = session.scalars(
            select(EventMessage.message_id).where(EventMessage.event_id == event_id)
        ).all()
        assert sorted(linked) == sorted(ids)
