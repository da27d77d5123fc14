"""The statistics window's Forecast tab, on the demo week: in words, in a chart, or why not."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desk.app import App
from desk.ui.tasks import TaskRunner
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle
from tests.ui.test_stats_view import answer_some, open_stats


def test_with_nobody_at_work_the_forecast_says_it_cannot_estimate(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    dialog = open_stats(qtbot, desk_app, runner)
    panel = dialog.view.forecast
    qtbot.waitUntil(lambda: "cannot be estimated" in panel.text.text(), timeout=20_000)
    assert "request(s) waiting" in panel.text.text() or "requests waiting" in panel.text.text()


def test_the_forecast_follows_the_weeks_pace(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    answer_some(desk_app)
    dialog = open_stats(qtbot, desk_app, runner)
    view = dialog.view
    view.tabs.setCurrentWidget(view.forecast)
    qtbot.waitUntil(lambda: "answers" in view.forecast.text.text(), timeout=20_000)
    settle(qtbot, runner)
    text = view.forecast.text.text()
    assert "Each agent answers" in text and "promise" in text and "agent" in text
    assert "Backlog every 6 hours" in view.forecast.chart.summary()
    assert unnamed_controls(view.forecast) == []


def test_the_quality_tab_shows_the_weeks_answers(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    answer_some(desk_app)
    dialog = open_stats(qtbot, desk_app, runner)
    panel = dialog.view.quality
    qtbot.waitUntil(lambda: "first answered" in panel.total.text(), timeout=20_000)
    settle(qtbot, runner)
    assert panel.total.text().startswith("6 request")
    assert [row[:2] for row in panel.agent_model.rows()] == [["Amina Diallo", "6"]]
    assert panel.template_model.rows()[0][0] == "Mot de passe"
    assert unnamed_controls(panel) == []
