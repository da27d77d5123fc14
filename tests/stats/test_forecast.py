"""The backlog forecast against cases worked out by hand: steady flow, 13× surge, nobody working."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.mail.drafts import ReplyDraft
from desk.mail.outbox import mark_sent
from desk.mail.queueing import queue_replies
from desk.stats.forecast import Pace, backlog_history, forecast, measure
from desk.store.database import Store
from desk.store.models import Agent, EventKind, HandlingEvent
from tests.replies.test_acks import arrive, mail
from tests.support.accounts import add_account_row

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def test_a_steady_flow_the_team_keeps_up_with() -> None:
    # λ = 10/h; 3 agents answering 5 an hour each: c = 15/h. 100 new requests.
    result = forecast([0.0] * 100, Pace(10, 3, 5))
    assert result.cleared_in_hours == pytest.approx(100 / (15 - 10))  # 20 h
    assert result.breaking_now == 0  # the last one waits 100/15 = 6.7 h
    assert result.breaking_later == 0
    assert result.agents_needed == 2  # 10/h arrive: 2 agents at 5/h keep up
    assert result.projection[20] == (20.0, 0.0) and result.projection[10] == (10.0, 50.0)


def test_a_surge_of_13_times_the_usual_flow() -> None:
    # 130/h arrive, 1,000 requests waiting for 10 h, the team answers 15/h.
    result = forecast([10.0] * 1000, Pace(130, 3, 5))
    assert result.cleared_in_hours is None  # it grows at 115/h
    # The request k places from the front is answered at 10 + (k+1)/15 h: late from k+1 = 571.
    assert result.breaking_now == 1000 - 570
    # Every arrival of the week waits more than 48 h: (1000 + 115 t)/15 ≥ 66.7 h.
    assert result.breaking_later == 130 * 168
    assert result.agents_needed == 26  # 130/h must be answered: 26 agents at 5/h
    assert result.projection[1] == (1.0, 1115.0)


def test_a_backlog_that_drains_but_too_slowly_for_the_oldest() -> None:
    # 400 requests, 40 h old; 20/h answered, 2/h arrive.
    result = forecast([40.0] * 400, Pace(2, 4, 5))
    assert result.cleared_in_hours == pytest.approx(400 / 18)
    assert result.breaking_now == 400 - 160  # within the 8 h left: 160 answered
    # An arrival at t waits (400 − 18t)/20 h: at most 20 h, never late.
    assert result.breaking_later == 0
    assert result.agents_needed == 10  # 400 in 8 h: 50/h, 10 agents at 5/h


def test_late_arrivals_while_a_big_backlog_drains() -> None:
    # 2,000 new requests, 30/h answered, 10/h arrive: arrivals wait (2000 − 20t)/30 h,
    # more than 48 h while t < (2000 − 1440)/20 = 28 h: 280 of them.
    result = forecast([0.0] * 2000, Pace(10, 6, 5))
    assert result.breaking_later == 280
    assert result.breaking_now == 2000 - 1440


def test_nobody_at_work_cannot_be_estimated() -> None:
    result = forecast([5.0, 1.0], Pace(3, 0, None))
    assert not result.can_estimate
    assert (result.cleared_in_hours, result.breaking_now, result.agents_needed) == (None,) * 3


def test_an_empty_backlog() -> None:
    result = forecast([], Pace(4, 2, 5))
    assert result.cleared_in_hours == 0.0
    assert (result.breaking_now, result.breaking_later, result.agents_needed) == (0, 0, 1)
    assert result.projection[0] == (0.0, 0.0)


def test_requests_already_late_count_as_breaking_and_ask_for_no_agents() -> None:
    result = forecast([60.0, 50.0], Pace(0, 1, 5))
    assert result.breaking_now == 2 and result.agents_needed == 0


def test_the_pace_is_measured_from_the_store(store: Store, tmp_path: Path) -> None:
    account = add_account_row(store)
    week = [NOW - timedelta(hours=h) for h in (2, 30, 100)]
    ids = arrive(
        store,
        tmp_path,
        [mail(f"p{i}@example.org", name=f"P {i}", when=w) for i, w in enumerate(week)],
    )
    with store.sessions.begin() as session:
        agent = Agent(login="ana", display_name="Ana")
        session.add(agent)
        session.flush()
        for hours_ago in (1.2, 1.5, 26.0):  # two distinct agent-hours
            start = NOW - timedelta(hours=hours_ago)
            session.add(
                HandlingEvent(agent_id=agent.id, kind=EventKind.SEND, started_at=start,
                              ended_at=start, active_ms=1000)
            )  # fmt: skip
        queued = queue_replies(session, account, [ReplyDraft((ids[2],), "p2@example.org", "", "x")])
        mark_sent(session, queued.queued[0], NOW - timedelta(hours=1))
    with store.sessions() as session:
        ages, pace = measure(session, NOW)
        assert session.scalars(select(Agent.id)).all()
    assert sorted(ages) == pytest.approx([2.0, 30.0])
    assert pace.arrivals_per_hour == pytest.approx(3 / 168)
    assert pace.agents_per_hour == pytest.approx(2 / 168)
    assert pace.answers_per_agent_hour == pytest.approx(1 / 2)


def test_the_backlog_history_counts_who_waited_at_each_step(store: Store, tmp_path: Path) -> None:
    account = add_account_row(store)
    arrivals = [NOW - timedelta(hours=h) for h in (100, 30, 2)]
    people = [mail(f"p{i}@example.org", name=f"P {i}", when=w) for i, w in enumerate(arrivals)]
    ids = arrive(store, tmp_path, people)
    with store.sessions.begin() as session:  # the oldest answered 50 h after it came
        queued = queue_replies(session, account, [ReplyDraft((ids[0],), "p0@example.org", "", "x")])
        mark_sent(session, queued.queued[0], NOW - timedelta(hours=50))
    with store.sessions() as session:
        history = dict(backlog_history(session, NOW))
    assert history[NOW - timedelta(hours=168)] == 0
    assert history[NOW - timedelta(hours=96)] == 1  # the first, unanswered yet
    assert history[NOW - timedelta(hours=48)] == 0  # answered at −50 h
    assert history[NOW - timedelta(hours=24)] == 1  # the second came at −30 h
    assert history[NOW] == 2
