"""The report's charts as PNG images, drawn with matplotlib off screen (no display needed).

matplotlib is imported only here and only when a chart is drawn, through its
object API (``Figure`` + the Agg canvas), which never touches a GUI toolkit
or the global pyplot state, so it is safe in a worker thread and on a server.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, timedelta
from io import BytesIO
from typing import Any

from desk.stats.forecast import TeamForecast
from desk.stats.kpis import RESPONSE_BINS_H, Kpis
from desk.stats.labels import labels

WIDTH_IN, HEIGHT_IN, DPI = 6.3, 2.6, 150
RECEIVED_COLOUR, ANSWERED_COLOUR, BACKLOG_COLOUR = "#1f77b4", "#2ca02c", "#d62728"


def _figure() -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _png(figure: Any) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _date_axis(axes: Any, days: Sequence[date]) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter  # noqa: PLC0415

    locator = AutoDateLocator(maxticks=10)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    # Numbers only: matplotlib writes month names in English whatever the report's language.
    formatter = ConciseDateFormatter(  # type: ignore[no-untyped-call]
        locator,
        formats=["%Y", "%m/%Y", "%d", "%H:%M", "%H:%M", "%S"],
        zero_formats=["", "%Y", "%m/%Y", "%d/%m", "%H:%M", "%H:%M"],
        offset_formats=["", "%Y", "%m/%Y", "%d/%m/%Y", "%d/%m/%Y", "%d/%m/%Y %H:%M"],
    )
    axes.xaxis.set_major_formatter(formatter)
    if len(days) == 1:
        axes.set_xlim(days[0].toordinal() - 1, days[0].toordinal() + 1)


def volume_chart(kpis: Kpis, language: str) -> bytes:
    """Received and answered per day: bars for a short period, lines for a long one."""
    words = labels(language)
    figure, axes = _figure()
    days = [p.start.date() for p in kpis.days]
    received = [p.received for p in kpis.days]
    answered = [p.answered for p in kpis.days]
    if len(days) <= 31:
        from datetime import timedelta  # noqa: PLC0415

        shift = timedelta(hours=5)
        axes.bar(
            [d - shift for d in days],
            received,
            width=0.4,
            color=RECEIVED_COLOUR,
            label=words["received"],
        )
        axes.bar(
            [d + shift for d in days],
            answered,
            width=0.4,
            color=ANSWERED_COLOUR,
            label=words["answered"],
        )
    else:
        axes.plot(days, received, color=RECEIVED_COLOUR, linewidth=1, label=words["received"])
        axes.plot(days, answered, color=ANSWERED_COLOUR, linewidth=1, label=words["answered"])
    _date_axis(axes, days)
    axes.set_title(words["chart_volume"], fontsize=10)
    axes.legend(fontsize=8, frameon=False)
    return _png(figure)


def backlog_chart(kpis: Kpis, language: str) -> bytes:
    """Messages waiting for an answer at the end of each day."""
    words = labels(language)
    figure, axes = _figure()
    days = [p.start.date() for p in kpis.days]
    backlog = [p.backlog for p in kpis.days]
    # Filled under the same straight segments as the line (a stepped fill under a
    # straight line drew two shapes that disagree between two days).
    axes.fill_between(days, backlog, alpha=0.3, color=BACKLOG_COLOUR)
    axes.plot(
        days,
        backlog,
        color=BACKLOG_COLOUR,
        linewidth=1,
        marker="o" if len(days) <= 31 else None,
        markersize=3,
    )
    axes.set_ylim(bottom=0)
    _date_axis(axes, days)
    axes.set_title(words["chart_backlog"], fontsize=10)
    return _png(figure)


def response_chart(kpis: Kpis, language: str) -> bytes:
    """How many first answers came within each time band, and how many are still missing."""
    words = labels(language)
    figure, axes = _figure()
    unit = words["hours_unit"]
    edges = RESPONSE_BINS_H
    names = [f"≤{edges[0]}"]
    names += [f"{low}–{high}" for low, high in itertools.pairwise(edges)]
    names += [f">{edges[-1]}"]
    names = [f"{n} {unit}" for n in names]
    counts = list(kpis.response.distribution)
    colours = [
        ANSWERED_COLOUR if high <= kpis.deadline_hours else BACKLOG_COLOUR
        for high in (*edges, edges[-1] + 1)
    ]
    unanswered = kpis.response.late + kpis.response.pending - _late_answered(kpis)
    names.append(words["unanswered"])
    counts.append(unanswered)
    colours.append("#7f7f7f")
    axes.bar(range(len(counts)), counts, color=colours)
    axes.set_xticks(range(len(counts)), names, rotation=30, ha="right", fontsize=7)
    axes.set_title(words["chart_response"], fontsize=10)
    return _png(figure)


def _late_answered(kpis: Kpis) -> int:
    """Answered requests whose answer came after the deadline."""
    return kpis.response.answered - kpis.response.within_deadline


def forecast_chart(team: TeamForecast, language: str) -> bytes:
    """Requests waiting over the last 7 days, then projected at the current pace."""
    words = labels(language)
    figure, axes = _figure()
    past = [moment for moment, _count in team.history]
    axes.plot(
        past,
        [count for _moment, count in team.history],
        color=BACKLOG_COLOUR,
        label=words["forecast_waiting"],
    )
    if team.forecast.projection:
        axes.plot(
            [team.now + timedelta(hours=hours) for hours, _backlog in team.forecast.projection],
            [backlog for _hours, backlog in team.forecast.projection],
            color=BACKLOG_COLOUR,
            linestyle="--",
            label=words["forecast_projected"],
        )
    axes.axvline(team.now, color="#555555", linewidth=0.8)
    axes.set_title(words["chart_forecast"], fontsize=9)
    axes.set_ylim(bottom=0)
    axes.legend(fontsize=8, frameon=False)
    _date_axis(axes, [m.date() for m in past])
    return _png(figure)
