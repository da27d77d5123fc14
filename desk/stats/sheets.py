"""The exports' tables as typed values: one header and rows of dates, numbers and words.

CSV and XLSX show the same tables; this module decides their columns once,
with values typed (``datetime``, ``date``, ``int``, ``float``, ``str``,
None for empty), and each writer renders the types its own way: XLSX keeps
them as typed cells, CSV writes them as text. Times are shown in the period's
time zone (spreadsheets have none), and the header says which.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from desk.stats.forecast import TeamForecast
from desk.stats.kpis import Kpis
from desk.stats.labels import labels
from desk.stats.period import Period
from desk.stats.quality import Quality, QualityRow
from desk.stats.rows import MessageRow

Value = datetime | date | int | float | str | None


@dataclass(frozen=True)
class Sheet:
    """One table: a name (the XLSX tab), its header and its rows (iterated once)."""

    name: str
    header: tuple[str, ...]
    rows: Iterable[tuple[Value, ...]]


def _local(moment: datetime | None, period: Period) -> datetime | None:
    """A naive local time in the period's zone (what a spreadsheet can show)."""
    return None if moment is None else moment.astimezone(period.zone).replace(tzinfo=None)


def message_header(period: Period, language: str, deadline_hours: int) -> tuple[str, ...]:
    """The per-message export's column titles (times in ``period``'s zone)."""
    words = labels(language)
    zone = period.zone_name
    return (
        words["message"],
        words["received_at"].format(zone=zone),
        words["first_answer_at"].format(zone=zone),
        words["response_h"],
        words["within_deadline"].format(hours=deadline_hours),
        words["agent"],
        words["template"],
        words["cluster"],
        words["category"],
        words["handling_s"],
        words["recontacts_col"],
        words["status"],
    )


def message_sheet(
    rows: Iterable[MessageRow], period: Period, language: str, deadline_hours: int
) -> Sheet:
    """One row per message: the ``--per-message`` export."""
    words = labels(language)
    yes, no = words["yes"], words["no"]

    def values() -> Iterator[tuple[Value, ...]]:
        for row in rows:
            within = row.within_deadline
            yield (
                row.message_id,
                _local(row.received_at, period),
                _local(row.first_answer_at, period),
                None if row.response_s is None else round(row.response_s / 3600, 3),
                None if within is None else yes if within else no,
                row.agent,
                row.template,
                row.cluster_id,
                row.category,
                round(row.handling_ms / 1000, 1),
                row.recontacts,
                row.status,
            )

    return Sheet(
        words["sheet_messages"], message_header(period, language, deadline_hours), values()
    )


def day_sheet(kpis: Kpis, language: str) -> Sheet:
    """Received, answered and backlog per local day."""
    words = labels(language)
    return Sheet(
        words["sheet_days"],
        (words["day"], words["received"], words["answered"], words["backlog"]),
        [(p.start.date(), p.received, p.answered, p.backlog) for p in kpis.days],
    )


def hour_sheet(kpis: Kpis, language: str) -> Sheet:
    """Received and answered per local hour of the day, over the period."""
    words = labels(language)
    return Sheet(
        words["sheet_hours"],
        (words["hour"], words["received"], words["answered"]),
        [(h.hour, h.received, h.answered) for h in kpis.hours],
    )


def _hours(ms: int) -> float:
    return round(ms / 3_600_000, 2)


def _minutes(ms: float | None) -> float | None:
    return None if ms is None else round(ms / 60_000, 2)


def agent_sheet(kpis: Kpis, language: str) -> Sheet:
    """The per-agent table."""
    words = labels(language)
    return Sheet(
        words["agents"],
        (
            words["agent"],
            words["actions"],
            words["sends"],
            words["answered"],
            words["hours_col"],
            words["minutes_per_answer"],
            words["per_send"],
        ),
        [
            (
                a.name,
                a.actions,
                a.sends,
                a.answered,
                _hours(a.active_ms),
                _minutes(a.ms_per_answer),
                None if a.answered_per_send is None else round(a.answered_per_send, 2),
            )
            for a in kpis.agents
        ],
    )


def group_sheet(kpis: Kpis, language: str, kind: str) -> Sheet:
    """The per-template (``kind="templates"``) or per-category table."""
    words = labels(language)
    key, unnamed, groups = (
        ("template", "no_template", kpis.templates)
        if kind == "templates"
        else ("category", "no_category", kpis.categories)
    )
    return Sheet(
        words[kind],
        (
            words[key],
            words["replies"],
            words["answered"],
            words["hours_col"],
            words["minutes_per_answer"],
        ),
        [
            (
                g.key or words[unnamed],
                g.replies,
                g.answered,
                _hours(g.active_ms),
                _minutes(g.ms_per_answer),
            )
            for g in groups
        ],
    )


def summary_rows(kpis: Kpis, language: str) -> list[tuple[str, Any]]:
    """The summary's (label, typed value) pairs; durations in hours, shares as fractions."""
    words = labels(language)
    response = kpis.response
    hours = kpis.deadline_hours

    def in_hours(seconds: float | None) -> float | None:
        return None if seconds is None else round(seconds / 3600, 3)

    return [
        (words["received"], kpis.received),
        (words["answered"], kpis.answered),
        (words["backlog_start"], kpis.backlog_start),
        (words["backlog_end"], kpis.backlog_end),
        (f"{words['median']} ({words['hours_unit']})", in_hours(response.median_s)),
        (f"{words['p90']} ({words['hours_unit']})", in_hours(response.p90_s)),
        (words["within"].format(hours=hours), response.share_within_deadline),
        (words["pending"], response.pending),
        (words["actions"], kpis.actions),
        (words["sends"], kpis.sends),
        (f"{words['active']} ({words['hours_unit']})", _hours(kpis.active_ms)),
        (f"{words['per_answer']} ({words['minutes_unit']})", _minutes(kpis.ms_per_answer)),
        (words["per_action"], kpis.answered_per_action),
        (words["per_send"], kpis.answered_per_send),
        (words["recontacts"], kpis.recontact_share),
    ]


def summary_sheet(kpis: Kpis, language: str) -> Sheet:
    """The summary as a two-column table."""
    words = labels(language)
    return Sheet(
        words["sheet_summary"], (words["indicator"], words["value"]), summary_rows(kpis, language)
    )


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def quality_sheets(quality: Quality, language: str) -> list[Sheet]:
    """Quality per agent and per template, and hand-offs per service (shares in %)."""
    words = labels(language)
    columns = tuple(
        f"{words[key]} (%)" for key in ("q_edited", "q_again", "q_reopened", "q_handed", "q_fcr")
    )

    def rows(groups: list[QualityRow], unnamed: str) -> list[tuple[Value, ...]]:
        return [
            (
                row.name or words[unnamed],
                row.answered,
                _percent(row.edited_share),
                _percent(row.share(row.recontacted)),
                _percent(row.share(row.reopened)),
                _percent(row.share(row.handed_off)),
                _percent(row.share(row.resolved_first_time)),
            )
            for row in groups
        ]

    services = Sheet(
        words["s_sheet"],
        (
            words["service"], words["s_handed"], words["q_answered"], words["s_failed"],
            words["s_overdue"], words["s_wait_hours"],
        ),
        [
            (
                row.service, row.handed, row.answered, row.failed, row.overdue,
                None if row.median_wait_hours is None else round(row.median_wait_hours, 1),
            )
            for row in quality.services
        ],
    )  # fmt: skip
    return [
        Sheet(
            words["q_agents_sheet"],
            (words["agent"], words["q_answered"], *columns),
            rows(quality.agents, "nobody"),
        ),
        Sheet(
            words["q_templates_sheet"],
            (words["template"], words["q_answered"], *columns),
            rows(quality.templates, "no_template"),
        ),
        services,
    ]


def forecast_sheet(team: TeamForecast, period: Period, language: str) -> Sheet:
    """The backlog every 6 hours before the forecast's moment, then projected every 6 hours."""
    words = labels(language)
    past: list[tuple[Value, ...]] = [
        (_local(moment, period), count, None) for moment, count in team.history
    ]
    future: list[tuple[Value, ...]] = [
        (_local(team.now + timedelta(hours=hours), period), None, round(backlog, 1))
        for hours, backlog in team.forecast.projection[6::6]
    ]
    return Sheet(
        words["forecast_sheet"],
        (
            words["f_moment"].format(zone=period.zone_name),
            words["forecast_waiting"],
            words["forecast_projected"],
        ),
        past + future,
    )
