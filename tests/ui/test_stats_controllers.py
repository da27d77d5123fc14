"""The statistics' controllers: the latest computation wins, one export at a time."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk.app import App
from desk.ui.stats_export_controller import ExportController
from desk.ui.stats_figures_controller import FiguresController
from desk.ui.tasks import TaskRunner
from desk.workbench.statistics import Kpis, Period, Start
from tests.ui.conftest import settle


def _start(qtbot: QtBot, figures: FiguresController) -> Start:
    with qtbot.waitSignal(figures.started, timeout=20_000) as blocker:
        figures.start()
    start = blocker.args[0]
    assert isinstance(start, Start) and start.latest is not None
    return start


def test_only_the_period_last_asked_for_is_answered(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    figures = FiguresController(desk_app.store.sessions, runner, 48)
    start = _start(qtbot, figures)
    assert start.latest is not None
    computed: list[Kpis] = []
    busy: list[bool] = []
    figures.computed.connect(computed.append)
    figures.busy_changed.connect(busy.append)
    week = Period(start.latest - timedelta(days=6), start.latest, start.zone)
    day = Period(start.latest, start.latest, start.zone)
    figures.compute(week)
    figures.compute(day)
    assert figures.computing
    settle(qtbot, runner)
    assert [k.period for k in computed] == [day]
    assert not figures.computing and busy[-1] is False

    figures.compute(week)
    figures.cancel()
    settle(qtbot, runner)
    assert [k.period for k in computed] == [day]  # cancelled: no answer


def test_an_export_runs_alone_and_says_where_it_wrote(
    qtbot: QtBot, desk_app: App, runner: TaskRunner, tmp_path: Path
) -> None:
    start = _start(qtbot, FiguresController(desk_app.store.sessions, runner, 48))
    assert start.latest is not None
    period = Period(start.latest, start.latest, start.zone)
    exports = ExportController(desk_app.store.sessions, runner, 48)
    done: list[Path] = []
    failed: list[tuple[Path, BaseException]] = []
    exports.exported.connect(done.append)
    exports.failed.connect(lambda path, error: failed.append((path, error)))
    out = tmp_path / "days.csv"
    assert exports.export(period, out, "csv", language="en", delimiter=",", as_of=None)
    assert exports.exporting
    assert not exports.export(period, tmp_path / "b.csv", "csv", language="en", delimiter=",",
                              as_of=None)  # fmt: skip
    settle(qtbot, runner)
    assert done == [out] and out.exists() and not (tmp_path / "b.csv").exists()
    assert not exports.exporting

    bad = tmp_path / "absent" / "r.csv"
    assert exports.export(period, bad, "csv", language="en", delimiter=",", as_of=None)
    settle(qtbot, runner)
    assert [path for path, _ in failed] == [bad]
