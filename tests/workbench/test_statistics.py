"""The statistics as the window asks for them: where the period opens, the figures, the export."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.core.errors import DeskError, ErrorCode
from desk.stats.kpis import compute_kpis
from desk.store.database import Store
from desk.store.models import Message
from desk.workbench.statistics import (
    Period,
    compute_figures,
    export_figures,
    period_start,
)
from tests.ui.conftest import empty_store

__all__ = ["empty_store"]  # the fixture, used by name below


def test_the_period_opens_on_the_newest_message_s_day_in_the_local_zone(
    demo_store: Store,
) -> None:
    start = period_start(demo_store.sessions)
    with demo_store.sessions() as session:
        newest = session.scalar(select(func.max(Message.date)))
    assert newest is not None
    assert start.latest == newest.astimezone(start.zone).date()


def test_an_empty_store_has_no_newest_day(empty_store: Store) -> None:
    assert period_start(empty_store.sessions).latest is None


def test_the_figures_are_those_of_compute_kpis(demo_store: Store) -> None:
    start = period_start(demo_store.sessions)
    assert start.latest is not None
    period = Period(start.latest - timedelta(days=6), start.latest, start.zone)
    figures = compute_figures(demo_store.sessions, period, 48)
    with demo_store.sessions() as session:
        direct = compute_kpis(session, period, 48, figures.as_of)
    assert figures == direct
    assert figures.received > 0


def test_the_export_writes_the_figures_as_of_the_moment_given(
    demo_store: Store, tmp_path: Path
) -> None:
    start = period_start(demo_store.sessions)
    assert start.latest is not None
    period = Period(start.latest - timedelta(days=6), start.latest, start.zone)
    figures = compute_figures(demo_store.sessions, period, 48)
    out = tmp_path / "days.csv"
    written = export_figures(demo_store.sessions, period, out, "csv", "en", ";", 48, figures.as_of)
    with out.open(newline="", encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    assert written == len(figures.days) == len(rows) - 1


def test_an_export_to_a_missing_folder_raises_a_desk_error(
    demo_store: Store, tmp_path: Path
) -> None:
    start = period_start(demo_store.sessions)
    assert start.latest is not None
    period = Period(start.latest, start.latest, start.zone)
    with pytest.raises(DeskError) as raised:
        export_figures(
            demo_store.sessions, period, tmp_path / "absent" / "r.xlsx", "xlsx", "fr", ",", 48, None
        )
    assert raised.value.code is ErrorCode.EXPORT_UNWRITABLE
    assert not (tmp_path / "absent").exists()
