"""Will the backlog be cleared in time? A forecast for team leads (issue 18, item 4).

From the last days (7 by default): requests arriving per hour (λ), answers
per agent-hour (μ, an agent-hour being an hour in which an agent recorded
any handling event) and agent-hours per hour (s, how many agents worked on
average). The team answers c = μ·s requests an hour. Oldest first, the
request ``k`` places from the front, now ``a`` hours old, is answered in
(k+1)/c hours; one arriving ``t`` hours from now is answered once the
backlog ahead of it is: (B + λt)/c hours from now. So, at the current pace:

- the backlog is cleared in B/(c − λ) hours, never when c ≤ λ;
- a waiting request breaks the promise when a + (k+1)/c > promise; an
  arriving one when (B + λt)/c − t > promise, i.e. for t < (B − c·promise)/(c − λ)
  (counted over the horizon when the backlog keeps growing);
- keeping the promise needs c* = max(λ, max_k (k+1)/(promise − a_k)) over the
  requests that can still make it, hence ⌈c*/μ⌉ agents.

With no agent-hour in the window μ is unknown and the forecast says it
cannot estimate, rather than dividing by zero. Pure arithmetic here
(:func:`forecast`); the store is read by :func:`measure`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.stats.labels import fmt_number, labels
from desk.stats.sql import first_answers, in_backlog_scope, is_request
from desk.store.models import (
    HandlingEvent,
    Message,
    MessageStatus,
)

WINDOW = timedelta(days=7)
HORIZON_HOURS = 24 * 7


@dataclass(frozen=True)
class Pace:
    """The team's recent pace: arrivals and agent-hours per hour, answers per agent-hour."""

    arrivals_per_hour: float
    agents_per_hour: float
    answers_per_agent_hour: float | None  # None: nobody worked in the window

    @property
    def capacity(self) -> float | None:
        """Requests answered per hour at this pace (None when it cannot be told)."""
        if self.answers_per_agent_hour is None:
            return None
        return self.answers_per_agent_hour * self.agents_per_hour


@dataclass(frozen=True)
class Forecast:
    """What the current pace leads to; every figure None when it cannot be estimated."""

    backlog: int
    pace: Pace
    promise_hours: float
    cleared_in_hours: float | None  # None: never at this pace, or cannot estimate
    breaking_now: int | None  # waiting requests that will miss the promise
    breaking_later: int | None  # arrivals within the horizon that will miss it
    agents_needed: int | None  # to keep the promise for every request that still can
    projection: tuple[tuple[float, float], ...]  # (hours from now, backlog), hourly

    @property
    def can_estimate(self) -> bool:
        """False when nobody worked in the window (answers per agent-hour unknown)."""
        return self.pace.capacity is not None


def forecast(
    ages_hours: Sequence[float],
    pace: Pace,
    promise_hours: float = 48.0,
    horizon_hours: int = HORIZON_HOURS,
) -> Forecast:
    """The forecast for a backlog of requests of these ages (hours), oldest or not."""
    ages = sorted(ages_hours, reverse=True)  # oldest first: answered first
    backlog = len(ages)
    capacity, arrivals = pace.capacity, pace.arrivals_per_hour
    if capacity is None or pace.answers_per_agent_hour is None:
        return Forecast(backlog, pace, promise_hours, None, None, None, None, ())
    needed = max(
        [arrivals]
        + [(k + 1) / (promise_hours - a) for k, a in enumerate(ages) if a < promise_hours]
    )
    agents = math.ceil(needed / pace.answers_per_agent_hour - 1e-9) if needed > 0 else 0
    if capacity <= 0:
        breaking_now = backlog
    else:
        breaking_now = sum(1 for k, a in enumerate(ages) if a + (k + 1) / capacity > promise_hours)
    breaking_later = _late_arrivals(backlog, arrivals, capacity, promise_hours, horizon_hours)
    cleared: float | None = None
    if backlog == 0:
        cleared = 0.0
    elif capacity > arrivals:
        cleared = backlog / (capacity - arrivals)
    projection = tuple(
        (float(h), max(0.0, backlog + (arrivals - capacity) * h)) for h in range(horizon_hours + 1)
    )
    return Forecast(
        backlog, pace, promise_hours, cleared, breaking_now, breaking_later, agents, projection
    )


def _late_arrivals(
    backlog: int, arrivals: float, capacity: float, promise: float, horizon: float
) -> int:
    """Arrivals within ``horizon`` hours whose wait, (B + (λ − c)t)/c, exceeds the promise."""
    if arrivals <= 0:
        return 0
    if capacity <= 0:
        return math.floor(arrivals * horizon)
    slack = capacity * promise - backlog  # (λ − c)t must exceed this for a late arrival
    if capacity > arrivals:  # waits shrink: late while t < −slack / (c − λ)
        late_hours = min(max(-slack / (capacity - arrivals), 0.0), horizon)
    elif capacity < arrivals:  # waits grow: late once t > slack / (λ − c)
        late_hours = horizon - min(max(slack / (arrivals - capacity), 0.0), horizon)
    else:  # a constant wait of B/c
        late_hours = horizon if slack < 0 else 0.0
    return math.floor(arrivals * late_hours + 1e-9)


def measure(
    session: Session, now: datetime, window: timedelta = WINDOW
) -> tuple[list[float], Pace]:
    """The open requests' ages (hours) and the pace over ``window`` before ``now``."""
    start = now - window
    hours = window.total_seconds() / 3600
    open_dates = session.scalars(
        select(Message.date).where(Message.status == MessageStatus.OPEN, is_request())
    )
    ages = [max(0.0, (now - date).total_seconds() / 3600) for date in open_dates]
    arrived = session.scalar(
        select(func.count())
        .select_from(Message)
        .where(Message.date >= start, Message.date < now, is_request())
    )
    first = first_answers(now)
    answered = session.scalar(
        select(func.count()).where(first.c.first_at >= start, first.c.first_at < now)
    )
    agent_hours = {
        (agent, moment.replace(minute=0, second=0, microsecond=0))
        for agent, moment in session.execute(
            select(HandlingEvent.agent_id, HandlingEvent.started_at).where(
                HandlingEvent.started_at >= start, HandlingEvent.started_at < now
            )
        )
    }
    worked = len(agent_hours)
    pace = Pace(
        arrivals_per_hour=(arrived or 0) / hours,
        agents_per_hour=worked / hours,
        answers_per_agent_hour=(answered or 0) / worked if worked else None,
    )
    return ages, pace


HISTORY_STEP_HOURS = 6


@dataclass(frozen=True)
class TeamForecast:
    """The forecast at ``now``, with the backlog of the days before it (every 6 hours)."""

    now: datetime
    forecast: Forecast
    history: tuple[tuple[datetime, int], ...]


def backlog_history(
    session: Session,
    now: datetime,
    window: timedelta = WINDOW,
    step_hours: int = HISTORY_STEP_HOURS,
) -> list[tuple[datetime, int]]:
    """The number of requests waiting for their first answer at each step of ``window``.

    Requests closed without an answer are left out, as in the key figures' backlog.
    """
    start = now - window
    first = first_answers(now)
    rows = session.execute(
        select(Message.date, first.c.first_at)
        .outerjoin(first, first.c.message_id == Message.id)
        .where(
            in_backlog_scope(),
            Message.date < now,
            (first.c.first_at.is_(None)) | (first.c.first_at >= start),
        )
    ).all()
    points = []
    steps = int(window.total_seconds() // 3600 // step_hours)
    for step in range(steps + 1):
        moment = start + timedelta(hours=step * step_hours)
        waiting = sum(
            1
            for date, first_at in rows
            if date <= moment and (first_at is None or first_at > moment)
        )
        points.append((moment, waiting))
    return points


def team_forecast(session: Session, now: datetime, promise_hours: float) -> TeamForecast:
    """Measure, forecast, and the backlog's recent history, at ``now``."""
    ages, pace = measure(session, now)
    return TeamForecast(
        now, forecast(ages, pace, promise_hours), tuple(backlog_history(session, now))
    )


def forecast_sentences(team: TeamForecast, language: str) -> list[str]:
    """The forecast in the report's words (``desk.stats.labels``), in ``language``."""
    words, result = labels(language), team.forecast
    pace = result.pace
    lines = [
        words["forecast_state"].format(
            backlog=fmt_number(result.backlog, language),
            moment=team.now.strftime("%Y-%m-%d %H:%M"),
            arrivals=fmt_number(pace.arrivals_per_hour * 24, language, 1),
            agent_hours=fmt_number(round(pace.agents_per_hour * 24 * 7), language),
        )
    ]
    if not result.can_estimate or pace.answers_per_agent_hour is None:
        return [*lines, words["forecast_unknown"]]
    lines.append(
        words["forecast_rate"].format(rate=fmt_number(pace.answers_per_agent_hour, language, 1))
    )
    if result.cleared_in_hours is None:
        lines.append(words["forecast_grows"])
    elif result.cleared_in_hours > 0:
        cleared = team.now + timedelta(hours=result.cleared_in_hours)
        lines.append(words["forecast_cleared"].format(moment=cleared.strftime("%Y-%m-%d %H:%M")))
    lines.append(
        words["forecast_breaking"].format(
            now=fmt_number(result.breaking_now or 0, language),
            hours=fmt_number(result.promise_hours, language),
            later=fmt_number(result.breaking_later or 0, language),
        )
    )
    lines.append(
        words["forecast_agents"].format(agents=fmt_number(result.agents_needed or 0, language))
    )
    return lines
