"""The team lead's statistics: a period's key figures, tables and charts, and their export.

The figures are exactly those of ``desk stats export``, computed on a worker
while a busy bar turns (:class:`~desk.ui.stats_figures_controller.FiguresController`
over :mod:`desk.workbench.statistics`); the exports write them with the same
moment ("as of") the screen shows, so the file says what the screen said
(:class:`~desk.ui.stats_export_controller.ExportController`). The period
opens on the last seven days up to the newest message in the store (a past
surge is shown as it was, not an empty "this week"). A reversed or empty
period is told in words; nothing here raises at the team lead.

This module composes the pieces: the words are built in :mod:`desk.ui.stats_text`,
the charts are :class:`~desk.ui.stats_chart.BarChart`, the tables
:class:`~desk.ui.stats_table.RowsModel`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.app import App
from desk.ui.stats_chart import BarChart, Series
from desk.ui.stats_export_controller import ExportController
from desk.ui.stats_figures_controller import FiguresController
from desk.ui.stats_forecast import ForecastPanel
from desk.ui.stats_key_figures import KeyFigures
from desk.ui.stats_period_bar import PeriodBar
from desk.ui.stats_quality import QualityPanel
from desk.ui.stats_table import RowsModel, rows_table
from desk.ui.stats_text import (
    agent_rows,
    announce,
    category_rows,
    computed_text,
    date_text,
    day_chart_summary,
    duration_text,
    failure_text,
    figure_names,
    figure_texts,
    hour_chart_summary,
    percent_text,
    reversed_text,
    template_rows,
    to_date,
)
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import close_buttons, delay_timer, plain_label, push_button
from desk.workbench.statistics import (
    FORMATS,
    Format,
    Kpis,
    Period,
    Quality,
    Start,
    TeamForecast,
    compute_forecast,
    compute_quality_figures,
)

__all__ = ["BarChart", "Series", "StatsDialog", "StatsView", "duration_text", "percent_text"]

RECOMPUTE_DELAY_MS = 400  # after the last change of a date, before computing
DEFAULT_DAYS = 7


class StatsView(QWidget):
    """Pick a period, read its figures, tables and charts, export them to Word, CSV or XLSX."""

    # The figures' keys, in the order on screen.
    FIGURES: ClassVar[tuple[str, ...]] = (
        "received", "answered", "backlog_start", "backlog_end", "median", "p90", "within",
        "pending", "recontacts", "actions", "sends", "active", "per_send",
    )  # fmt: skip

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._deadline = app.settings.deadline_hours
        self._zone: ZoneInfo | None = None
        self._kpis: Kpis | None = None
        self._starting = True
        self._runner = runner
        self._forecasting: Task[TeamForecast] | None = None
        self._grading: Task[Quality] | None = None
        self._figures = FiguresController(app.store.sessions, runner, self._deadline, self)
        self._exports = ExportController(app.store.sessions, runner, self._deadline, self)
        self._build()
        self._figures.started.connect(self._started)
        self._figures.computed.connect(self._computed)
        self._figures.failed.connect(self._failed)
        self._figures.busy_changed.connect(self._refresh_busy)
        self._exports.busy_changed.connect(self._refresh_busy)
        self._exports.exported.connect(self._exported)
        self._exports.failed.connect(self._export_failed)
        self._refresh_busy()
        self.message_label.setText(self.tr("Finding the newest messages…"))
        self._figures.start()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.period_bar = PeriodBar(self)
        bar = self.period_bar
        self.from_edit, self.to_edit, self.busy_bar = bar.from_edit, bar.to_edit, bar.busy_bar
        self.today_button, self.week_button = bar.today_button, bar.week_button
        self.month_button, self.refresh_button = bar.month_button, bar.refresh_button
        bar.last_days_requested.connect(self.set_last_days)
        bar.refresh_requested.connect(self.compute)
        bar.dates_changed.connect(self._dates_changed)

        # Status lines show paths and failure reasons: plain text, whatever they contain.
        self.zone_label = plain_label(self)
        self.message_label = plain_label(self, "stats_message")
        self.message_label.setWordWrap(True)

        self.key_figures = KeyFigures(self.tr("Key figures"), figure_names(self._deadline), self)

        self.day_chart = BarChart(self)
        self.day_chart.setObjectName("chart_days")
        self.hour_chart = BarChart(self)
        self.hour_chart.setObjectName("chart_hours")
        charts = QWidget(self)
        charts_layout = QVBoxLayout(charts)
        charts_layout.addWidget(self.day_chart, 1)
        charts_layout.addWidget(self.hour_chart, 1)

        self.agent_model = RowsModel(
            [
                self.tr("Agent"), self.tr("Answered"), self.tr("Sends"), self.tr("Actions"),
                self.tr("Active time"), self.tr("Time per message"),
                self.tr("Messages per send"),
            ],
            (1, 2, 3, 4, 5, 6),
            self,
        )  # fmt: skip
        self.template_model = RowsModel(
            [
                self.tr("Template"), self.tr("Replies"), self.tr("Answered"),
                self.tr("Active time"), self.tr("Time per message"),
            ],
            (1, 2, 3, 4),
            self,
        )  # fmt: skip
        self.category_model = RowsModel(
            [
                self.tr("Category"), self.tr("Replies"), self.tr("Answered"),
                self.tr("Active time"), self.tr("Time per message"),
            ],
            (1, 2, 3, 4),
            self,
        )  # fmt: skip
        self.agent_table = rows_table(self,
            "table_agents", self.agent_model, self.tr("Per agent"),
            self.tr("Per agent: messages answered, sends, actions and active handling time."),
        )  # fmt: skip
        self.template_table = rows_table(self,
            "table_templates", self.template_model, self.tr("Per template"),
            self.tr("Per template: replies sent, messages answered and active handling time."),
        )  # fmt: skip
        self.category_table = rows_table(self,
            "table_categories", self.category_model, self.tr("Per category"),
            self.tr("Per category: replies sent, messages answered and active handling time."),
        )  # fmt: skip

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("stats_tabs")
        self.tabs.addTab(charts, self.tr("C&harts"))
        self.tabs.addTab(self.agent_table, self.tr("Per &agent"))
        self.tabs.addTab(self.template_table, self.tr("Per te&mplate"))
        self.tabs.addTab(self.category_table, self.tr("Per &category"))
        self.forecast = ForecastPanel(self)
        self.tabs.addTab(self.forecast, self.tr("&Forecast"))
        self.quality = QualityPanel(self)
        self.tabs.addTab(self.quality, self.tr("&Quality"))
        self.tabs.setAccessibleName(self.tr("Charts and tables"))
        self.tabs.setAccessibleDescription(
            self.tr("Charts of the period, and tables per agent, per template and per category.")
        )

        self.export_buttons: dict[Format, QPushButton] = {
            "docx": push_button(self,
                "export_docx", self.tr("Export to &Word…"), self.tr("Export to Word"),
                self.tr("Writes the report with its tables and a chart to a Word file."),
            ),
            "csv": push_button(self,
                "export_csv", self.tr("Export to CS&V…"), self.tr("Export to CSV"),
                self.tr("Writes one line per day to a CSV file for a spreadsheet."),
            ),
            "xlsx": push_button(self,
                "export_xlsx", self.tr("Export to E&xcel…"), self.tr("Export to Excel"),
                self.tr("Writes every table to an Excel (.xlsx) workbook, one tab each."),
            ),
        }  # fmt: skip
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _checked=False, f=fmt: self.export(f))
        self.export_status = plain_label(self, "stats_export_status")
        self.export_status.setWordWrap(True)
        self.export_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        export_row = QHBoxLayout()
        export_row.addWidget(self.export_status, 1)
        for button in self.export_buttons.values():
            export_row.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.period_bar)
        layout.addWidget(self.zone_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.key_figures)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(export_row)

        order: Sequence[QWidget] = (
            self.from_edit, self.to_edit, self.today_button, self.week_button,
            self.month_button, self.refresh_button, self.tabs, self.day_chart, self.hour_chart,
            *self.export_buttons.values(),
        )  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self._timer = delay_timer(self, RECOMPUTE_DELAY_MS, self.compute)
        self._show_empty_charts()

    # ------------------------------------------------------------------ public state
    @property
    def kpis(self) -> Kpis | None:
        """The figures on screen (None before the first ones, or for a reversed period)."""
        return self._kpis

    def figure_text(self, key: str) -> str:
        """The text shown for figure ``key`` (one of :attr:`FIGURES`)."""
        return self.key_figures.text(key)

    def period(self) -> Period | None:
        """The period the date fields say, or None when reversed or the zone is not known yet."""
        if self._zone is None:
            return None
        first, last = self.period_bar.dates()
        if last < first:
            return None
        return Period(first, last, self._zone)

    def set_period(self, first: date, last: date) -> None:
        """Put these days in the date fields; the figures follow after a short pause."""
        self.period_bar.set_dates(first, last)
        self._dates_changed()

    def set_last_days(self, days: int) -> None:
        """The ``days`` days ending today (1: today alone), computed at once."""
        today = to_date(QDate.currentDate())
        self.set_period(today - timedelta(days=days - 1), today)
        self.compute()

    def language(self) -> str:
        """The export language: the settings', else the user's locale's (French or English)."""
        language = self._app.settings.language or ""
        if language in ("fr", "en"):
            return language
        return "fr" if QLocale().language() == QLocale.Language.French else "en"

    def csv_delimiter(self) -> str:
        """``;`` where the decimal separator is a comma (what spreadsheets there expect)."""
        return ";" if QLocale().decimalPoint() == "," else ","

    def shutdown(self) -> None:
        """Forget every pending answer (the window is closing)."""
        self._timer.stop()
        self._figures.shutdown()
        self._exports.shutdown()

    # ------------------------------------------------------------------ computing
    def _started(self, start: Start) -> None:
        self._starting = False
        self._zone = start.zone
        self.zone_label.setText(
            self.tr("Days run from midnight to midnight in the time zone {zone}.").format(
                zone=start.zone.key
            )
        )
        last = start.latest or to_date(QDate.currentDate())
        self.set_period(last - timedelta(days=DEFAULT_DAYS - 1), last)
        self.compute()

    def _dates_changed(self) -> None:
        if self._zone is not None:
            self._timer.start()

    def compute(self) -> None:
        """Compute the period's figures on a worker (an earlier computation's answer is dropped)."""
        self._timer.stop()
        self._figures.cancel()
        if self._zone is None:
            return
        first, last = self.period_bar.dates()
        if last < first:
            self._show(None)
            self._say(reversed_text(first, last))
            return
        self._figures.compute(Period(first, last, self._zone))
        self._say(self.tr("Computing the figures…"))

    def _computed(self, kpis: Kpis) -> None:
        self._show(kpis)
        self._say(computed_text(kpis))
        if self._forecasting is not None:
            self._forecasting.discard()
        self._forecasting = self._runner.run(
            "forecast",
            compute_forecast,
            self._app.store.sessions,
            # As things stood at the end of the period (now, for a period up to today).
            min(kpis.as_of, kpis.period.end),
            self._deadline,
            on_done=self._forecast_ready,
            on_error=self._failed,
        )
        if self._grading is not None:
            self._grading.discard()
        self._grading = self._runner.run(
            "quality",
            compute_quality_figures,
            self._app.store.sessions,
            kpis.period,
            on_done=self.quality.show_quality,
            on_error=self._failed,
        )

    def _forecast_ready(self, team: TeamForecast) -> None:
        self._forecasting = None
        self.forecast.show_forecast(team)

    def _failed(self, error: BaseException) -> None:
        self._starting = False
        self._refresh_busy()
        self._say(
            self.tr("The figures could not be computed: {reason}").format(
                reason=failure_text(error)
            )
        )

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        announce(self.message_label, text)

    def _refresh_busy(self) -> None:
        computing = self._starting or self._figures.computing
        exporting = self._exports.exporting
        self.period_bar.set_busy(computing, computing or exporting)
        ready = self._kpis is not None and not self._figures.computing and not exporting
        for button in self.export_buttons.values():
            button.setEnabled(ready)

    # ------------------------------------------------------------------ showing
    def _show(self, kpis: Kpis | None) -> None:
        self._kpis = kpis
        self._refresh_busy()
        if kpis is None:
            self.key_figures.clear_values()
            for model in (self.agent_model, self.template_model, self.category_model):
                model.set_rows([])
            self._show_empty_charts()
            return
        self.key_figures.show_texts(figure_texts(kpis))
        self.agent_model.set_rows(agent_rows(kpis))
        self.template_model.set_rows(template_rows(kpis))
        self.category_model.set_rows(category_rows(kpis))
        self._show_charts(kpis)

    def _show_empty_charts(self) -> None:
        nothing = self.tr("No figures to show.")
        self.day_chart.set_data(self.tr("Messages per day: received and answered"), [], [], nothing)
        self.hour_chart.set_data(self.tr("Messages per hour of the day"), [], [], nothing)

    def _show_charts(self, kpis: Kpis) -> None:
        received, answered = self.tr("Received"), self.tr("Answered")
        days, hours = kpis.days, kpis.hours
        self.day_chart.set_data(
            self.tr("Messages per day: received and answered"),
            [date_text(p.start.date(), short=True) for p in days],
            [
                Series(received, tuple(p.received for p in days)),
                Series(answered, tuple(p.answered for p in days)),
            ],
            day_chart_summary(kpis),
            label_step=max(1, len(days) // 10 + (1 if len(days) % 10 else 0)),
        )
        self.hour_chart.set_data(
            self.tr("Messages per hour of the day"),
            [str(h.hour) for h in hours],
            [
                Series(received, tuple(h.received for h in hours)),
                Series(answered, tuple(h.answered for h in hours)),
            ],
            hour_chart_summary(kpis),
            label_step=3,
        )

    # ------------------------------------------------------------------ exporting
    def _ask_save_path(self, fmt: Format, suggested: str) -> Path | None:
        """Where to write an export, or None (tests override)."""
        filters = {
            "docx": self.tr("Word documents (*.docx)"),
            "csv": self.tr("CSV files (*.csv)"),
            "xlsx": self.tr("Excel workbooks (*.xlsx)"),
        }
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the statistics"), suggested, filters[fmt]
        )
        return Path(name) if name else None

    def export(self, fmt: Format) -> None:
        """Ask where, then write the figures on screen in ``fmt`` on a worker."""
        kpis = self._kpis
        if fmt not in FORMATS or kpis is None or self._exports.exporting:
            return
        period = kpis.period
        suggested = self.tr("statistics {first} {last}.{extension}").format(
            first=period.first.isoformat(), last=period.last.isoformat(), extension=fmt
        )
        path = self._ask_save_path(fmt, suggested)
        if path is None:
            return
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        self.export_status.setText(self.tr("Exporting to {path}…").format(path=str(path)))
        self._exports.export(
            period, path, fmt,
            language=self.language(), delimiter=self.csv_delimiter(), as_of=kpis.as_of,
        )  # fmt: skip

    def _exported(self, path: Path) -> None:
        self._tell_export(self.tr("Statistics exported to {path}.").format(path=str(path)))

    def _export_failed(self, _path: Path, error: BaseException) -> None:
        self._tell_export(self.tr("The export failed: {reason}").format(reason=failure_text(error)))

    def _tell_export(self, text: str) -> None:
        self.export_status.setText(text)
        announce(self.export_status, text)


class StatsDialog(QDialog):
    """The statistics in their own window; Escape or Close closes it."""

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Statistics"))
        self.setAccessibleName(self.tr("Statistics"))
        self.setAccessibleDescription(
            self.tr("A period's key figures, charts and tables, and their export.")
        )
        self.view = StatsView(app, runner, self)
        buttons = close_buttons(self, self.tr("Closes the statistics."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * 45)

    def done(self, result: int) -> None:
        """Drop pending answers when the window closes."""
        self.view.shutdown()
        super().done(result)
