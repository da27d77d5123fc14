"""The statistics in words: locale-aware numbers, the charts' sentences, failures told plainly."""

from __future__ import annotations

import errno
from datetime import timedelta

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.core.errors import DeskError, ErrorCode
from desk.ui.error_text import error_sentence
from desk.ui.stats_text import (
    computed_text,
    day_chart_summary,
    duration_text,
    failure_text,
    figure_names,
    figure_texts,
    hour_chart_summary,
    percent_text,
    reversed_text,
    template_rows,
)
from desk.workbench.statistics import Period, compute_figures, period_start


def test_durations_and_shares_read_as_people_say_them(qtbot: QtBot) -> None:
    assert duration_text(None) == "—"
    assert duration_text(45) == "45 s"
    assert duration_text(12 * 60) == "12 min"
    assert duration_text(3 * 3600 + 5 * 60) == "3 h 05 min"
    assert duration_text(52 * 3600) == "2 d 4 h"
    assert percent_text(None) == "—"
    assert percent_text(0.5) == f"{QLocale().toString(50.0, 'f', 1)}%"


def test_every_figure_has_a_name_and_a_value(qtbot: QtBot, desk_app: App) -> None:
    start = period_start(desk_app.store.sessions)
    assert start.latest is not None
    period = Period(start.latest - timedelta(days=6), start.latest, start.zone)
    kpis = compute_figures(desk_app.store.sessions, period, 48)
    names = figure_names(48)
    assert names["within"] == "Answered within 48 h"
    texts = figure_texts(kpis)
    assert list(texts) == list(names)
    assert texts["received"] == QLocale().toString(kpis.received)
    assert "Figures from" in computed_text(kpis)
    assert "busiest day" in day_chart_summary(kpis)
    assert "most messages arrived between" in hour_chart_summary(kpis)
    assert template_rows(kpis) == []  # nobody answered yet in the demo store

    quiet = Period(start.latest.replace(year=2001), start.latest.replace(year=2001), start.zone)
    nothing = compute_figures(desk_app.store.sessions, quiet, 48)
    assert "Nothing happened" in computed_text(nothing)
    assert "no message received" in day_chart_summary(nothing)
    assert hour_chart_summary(nothing) == "No message arrived in the period."
    assert "before it starts" in reversed_text(period.last, period.first)


def test_failures_are_told_by_the_window_s_presenter_not_the_core_s_english(
    qtbot: QtBot,
) -> None:
    unwritable = DeskError(ErrorCode.EXPORT_UNWRITABLE, path="/r.xlsx", reason="no such folder")
    assert failure_text(unwritable) == (
        "/r.xlsx cannot be written: no such folder. Nothing was exported."
    )
    reversed_period = DeskError(ErrorCode.STATS_PERIOD_REVERSED)
    assert failure_text(reversed_period) == "the period ends before it starts."
    locked = DeskError(ErrorCode.DB_LOCKED, url="sqlite:///desk.sqlite3")
    assert failure_text(locked) == error_sentence(locked)
    assert failure_text(locked) != locked.describe()
    gone = FileNotFoundError(errno.ENOENT, "No such file or directory", "/tmp/x")
    assert failure_text(gone) == error_sentence(gone)
    assert failure_text(RuntimeError("boom")) == "Unexpected error: boom"
