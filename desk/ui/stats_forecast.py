"""The statistics window's Forecast tab: will the backlog be cleared in time, at the current pace?

Sentences first (cleared when, how many requests will miss the promise, how
many agents would keep it; or why it cannot be estimated), then one chart:
the backlog of the last seven days and its projection, every six hours.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desk.ui.stats_chart import BarChart, Series
from desk.ui.widgets import named
from desk.workbench.statistics import TeamForecast

STEP_HOURS = 6


def _when(moment: float, form: str = "ddd d MMM HH:mm") -> str:
    local = QDateTime.fromSecsSinceEpoch(int(moment)).toLocalTime()
    return QLocale().toString(local, form)


class ForecastPanel(QWidget):
    """What the pace of the last days leads to, in words and in a chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forecast")
        self.text = QLabel(self)
        self.text.setObjectName("forecast_text")
        self.text.setWordWrap(True)
        named(self.text, self.tr("Forecast"), self.tr("The forecast in words."))
        self.chart = BarChart(self)
        self.chart.setObjectName("chart_forecast")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.chart, 1)
        self.clear()

    def clear(self) -> None:
        """Nothing computed yet."""
        self.text.setText(self.tr("The forecast comes with the figures."))
        self.chart.set_data(self.tr("Backlog"), [], [], self.tr("No forecast yet."))

    def sentences(self, team: TeamForecast) -> list[str]:
        """The forecast said as a team lead reads it."""
        result, locale = team.forecast, QLocale()
        now = team.now.timestamp()
        pace = result.pace
        lines = [
            self.tr(
                "%n request(s) waiting. Over the last 7 days: {arrivals} arrived a day, "
                "and agents worked {agent_hours} hours in all.",
                "",
                result.backlog,
            ).format(
                arrivals=locale.toString(pace.arrivals_per_hour * 24, "f", 1),
                agent_hours=locale.toString(round(pace.agents_per_hour * 24 * 7)),
            )
        ]
        if not result.can_estimate or pace.answers_per_agent_hour is None:
            lines.append(
                self.tr(
                    "Nobody answered in the last 7 days: the pace, and so the forecast, "
                    "cannot be estimated."
                )
            )
            return lines
        lines.append(
            self.tr("Each agent answers {rate} requests an hour.").format(
                rate=locale.toString(pace.answers_per_agent_hour, "f", 1)
            )
        )
        if result.cleared_in_hours is None:
            lines.append(self.tr("At this pace the backlog grows: it will not be cleared."))
        elif result.cleared_in_hours > 0:
            lines.append(
                self.tr("At this pace the backlog is cleared by {when}.").format(
                    when=_when(now + result.cleared_in_hours * 3600)
                )
            )
        lines.append(
            self.tr(
                "%n waiting request(s) will miss the {hours}-hour promise, and {later} of those "
                "arriving in the next 7 days.",
                "",
                result.breaking_now or 0,
            ).format(
                hours=locale.toString(int(result.promise_hours)),
                later=locale.toString(result.breaking_later or 0),
            )
        )
        lines.append(
            self.tr("Keeping the promise for every request that still can needs %n agent(s).", "",
                    result.agents_needed or 0)
        )  # fmt: skip
        return lines

    def show_forecast(self, team: TeamForecast) -> None:
        """Show a computed forecast."""
        lines = self.sentences(team)
        self.text.setText("\n".join(lines))
        self.text.setAccessibleDescription(" ".join(lines))
        past = [count for _moment, count in team.history]
        future = [
            math.ceil(backlog)
            for hours, backlog in team.forecast.projection[STEP_HOURS::STEP_HOURS]
        ]
        locale = QLocale()
        labels = [_when(moment.timestamp(), "d MMM") for moment, _count in team.history] + [
            _when(team.now.timestamp() + hours * 3600, "d MMM")
            for hours, _backlog in team.forecast.projection[STEP_HOURS::STEP_HOURS]
        ]
        series = [
            Series(self.tr("Waiting"), tuple(past) + (0,) * len(future)),
            Series(self.tr("Projected"), (0,) * len(past) + tuple(future)),
        ]
        summary = self.tr(
            "Backlog every 6 hours: {now} waiting now; {end} projected in 7 days."
        ).format(
            now=locale.toString(past[-1] if past else 0),
            end=locale.toString(future[-1] if future else 0) if future else "?",
        )
        self.chart.set_data(self.tr("Backlog and projection"), labels, series, summary, 4)
