"""The team lead's statistics as the window asks for them: start, figures, export.

The statistics view reaches the store and :mod:`desk.stats` through here
only. Each function takes plain values (a session factory, a period, a
path) and returns plain values, so the view runs them on its task runner's
workers and nothing here knows about widgets. The figures are exactly
those of ``desk stats export``: :func:`compute_figures` is
:func:`~desk.stats.kpis.compute_kpis`, and :func:`export_figures` writes
them "as of" the moment the screen showed, so the file says what the
screen said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desk.stats.export import FORMATS, Format, export_stats
from desk.stats.forecast import TeamForecast, team_forecast
from desk.stats.kpis import Kpis, compute_kpis
from desk.stats.period import Period, local_zone
from desk.stats.quality import Quality, QualityRow, compute_quality
from desk.stats.tables import AgentRow, GroupRow
from desk.store.models import Message

__all__ = [
    "FORMATS",
    "AgentRow",
    "Format",
    "GroupRow",
    "Kpis",
    "Period",
    "Quality",
    "QualityRow",
    "Start",
    "TeamForecast",
    "compute_figures",
    "export_figures",
    "period_start",
]

Sessions = sessionmaker[Session]


@dataclass(frozen=True)
class Start:
    """What the view needs before its first figures: the zone and the newest message's day.

    ``latest`` is None for an empty store; the view then opens on today.
    """

    zone: ZoneInfo
    latest: date | None


def period_start(sessions: Sessions) -> Start:
    """The machine's time zone and the day (in it) of the newest message in the store.

    The view opens on the days up to that one, so a past surge is shown as
    it was rather than an empty "this week". Reading the zone reads
    ``/etc/localtime``: a file, hence a worker's job too.
    """
    zone = local_zone()
    with sessions() as session:
        newest: datetime | None = session.scalar(select(func.max(Message.date)))
    return Start(zone, newest.astimezone(zone).date() if newest is not None else None)


def compute_figures(sessions: Sessions, period: Period, deadline_hours: int) -> Kpis:
    """The period's key figures, tables and chart series (``desk stats``' own)."""
    with sessions() as session:
        return compute_kpis(session, period, deadline_hours)


def compute_forecast(sessions: Sessions, now: datetime, deadline_hours: int) -> TeamForecast:
    """The backlog forecast at ``now`` (the figures' "as of"), and the backlog before it."""
    with sessions() as session:
        return team_forecast(session, now, deadline_hours)


def compute_quality_figures(sessions: Sessions, period: Period) -> Quality:
    """The period's quality per agent and per template (edits, re-contacts, hand-offs…)."""
    with sessions() as session:
        return compute_quality(session, period)


def export_figures(
    sessions: Sessions,
    period: Period,
    path: Path,
    fmt: Format,
    language: str,
    delimiter: str,
    deadline_hours: int,
    as_of: datetime | None,
) -> int:
    """Write the period's statistics to ``path`` in ``fmt``; the rows (or report days) written.

    ``as_of`` is the moment of the figures on screen, so the export repeats
    them even if replies were sent since.
    """
    with sessions() as session:
        return export_stats(
            session,
            period,
            path,
            fmt,
            language=language,
            delimiter=delimiter,
            deadline_hours=deadline_hours,
            as_of=as_of,
        )
