"""The team lead's statistics: a period's key figures, tables and charts, and their export.

The figures are exactly those of ``desk stats export`` (:func:`desk.stats.kpis.compute_kpis`
for the period's days in the machine's time zone), computed on a worker while a
busy bar turns; the exports call :func:`desk.stats.export.export_stats` with the
same moment ("as of") the screen shows, so the file says what the screen said.
The period opens on the last seven days up to the newest message in the store
(a past surge is shown as it was, not an empty "this week"). A reversed or empty
period is told in words; nothing here raises at the team lead.

The two charts are drawn with QPainter in the palette's colours (no QtCharts)
and tell their figures in words to screen readers (accessible description).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTime,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QBrush,
    QFocusEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyleOptionFocusRect,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desk.app import App
from desk.core.errors import DeskError, ErrorCode
from desk.stats.export import FORMATS, Format, export_stats
from desk.stats.kpis import Kpis, compute_kpis
from desk.stats.period import Period, local_zone
from desk.store.models import Message
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import delay_timer, push_button

Sessions = sessionmaker[Session]
RECOMPUTE_DELAY_MS = 400  # after the last change of a date, before computing
DEFAULT_DAYS = 7


# --------------------------------------------------------------------------- workers


@dataclass(frozen=True)
class Start:
    """What the view needs before its first figures: the zone and the newest message's day."""

    zone: ZoneInfo
    latest: date | None


def _start(sessions: Sessions) -> Start:
    zone = local_zone()  # reads /etc/localtime: a file, so here on the worker
    with sessions() as session:
        newest: datetime | None = session.scalar(select(func.max(Message.date)))
    return Start(zone, newest.astimezone(zone).date() if newest is not None else None)


def _compute(sessions: Sessions, period: Period, deadline_hours: int) -> Kpis:
    with sessions() as session:
        return compute_kpis(session, period, deadline_hours)


def _export(
    sessions: Sessions,
    period: Period,
    path: Path,
    fmt: Format,
    language: str,
    delimiter: str,
    deadline_hours: int,
    as_of: datetime | None,
) -> int:
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


# --------------------------------------------------------------------------- formatting


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` (a status that appeared without focus moving)."""
    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def count_text(value: int) -> str:
    """A count in the user's locale (``1 234`` in French)."""
    return QLocale().toString(value)


def decimal_text(value: float | None, digits: int = 1) -> str:
    """A decimal number in the user's locale, or a dash when there is none."""
    if value is None:
        return QCoreApplication.translate("StatsView", "—")
    return QLocale().toString(float(value), "f", digits)


def percent_text(share: float | None) -> str:
    """A share (0–1) as a percentage in the user's locale."""
    if share is None:
        return QCoreApplication.translate("StatsView", "—")
    return QCoreApplication.translate("StatsView", "{value}%").format(
        value=QLocale().toString(share * 100, "f", 1)
    )


def duration_text(seconds: float | None) -> str:
    """A duration as people say it: 45 s, 12 min, 3 h 05 min, 2 d 4 h."""
    if seconds is None:
        return QCoreApplication.translate("StatsView", "—")
    total = round(seconds)
    locale = QLocale()
    if total < 60:
        return QCoreApplication.translate("StatsView", "{seconds} s").format(
            seconds=locale.toString(total)
        )
    minutes = round(seconds / 60)
    if minutes < 60:
        return QCoreApplication.translate("StatsView", "{minutes} min").format(
            minutes=locale.toString(minutes)
        )
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return QCoreApplication.translate("StatsView", "{hours} h {minutes} min").format(
            hours=locale.toString(hours), minutes=f"{minutes:02d}"
        )
    days, hours = divmod(hours, 24)
    return QCoreApplication.translate("StatsView", "{days} d {hours} h").format(
        days=locale.toString(days), hours=locale.toString(hours)
    )


def hours_text(milliseconds: float) -> str:
    """Active time in hours with one decimal (``2.5 h``)."""
    return QCoreApplication.translate("StatsView", "{hours} h").format(
        hours=QLocale().toString(milliseconds / 3_600_000, "f", 1)
    )


def minutes_text(milliseconds: float | None) -> str:
    """Time per message in minutes with one decimal, or a dash."""
    if milliseconds is None:
        return QCoreApplication.translate("StatsView", "—")
    return QCoreApplication.translate("StatsView", "{minutes} min").format(
        minutes=QLocale().toString(milliseconds / 60_000, "f", 1)
    )


def date_text(day: date, short: bool = False) -> str:
    """A day in the user's locale."""
    form = QLocale.FormatType.ShortFormat if short else QLocale.FormatType.LongFormat
    return QLocale().toString(QDate(day.year, day.month, day.day), form)


def moment_text(moment: datetime) -> str:
    """A date and time (as read on the wall clock of its zone) in the user's locale."""
    value = QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
    )
    return QLocale().toString(value, QLocale.FormatType.ShortFormat)


def to_date(qdate: QDate) -> date:
    """A QDate as a Python date."""
    return date(qdate.year(), qdate.month(), qdate.day())


def to_qdate(day: date) -> QDate:
    """A Python date as a QDate."""
    return QDate(day.year, day.month, day.day)


# --------------------------------------------------------------------------- tables


class RowsModel(QAbstractTableModel):
    """A read-only table of already formatted rows; numeric columns are right-aligned."""

    def __init__(self, headers: Sequence[str], numeric: Sequence[int], parent: QObject) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._numeric = set(numeric)
        self._rows: list[list[str]] = []

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self.endResetModel()

    def rows(self) -> list[list[str]]:
        """The rows as shown."""
        return [list(r) for r in self._rows]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows shown (a table has no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Columns shown."""
        return 0 if parent.isValid() else len(self._headers)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The cell's text, and right alignment for numbers."""
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class Series:
    """One set of bars of a chart: its name and a value per category."""

    name: str
    values: tuple[int, ...]


class BarChart(QWidget):
    """Grouped bars drawn with QPainter in the palette's colours.

    The first series is filled with the highlight colour, the second hatched in
    the text colour, so the two differ without relying on colour alone (and in
    high contrast). The accessible description says the figures in words.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._title = ""
        self._labels: tuple[str, ...] = ()
        self._series: tuple[Series, ...] = ()
        self._label_step = 1

    def set_data(
        self,
        title: str,
        labels: Sequence[str],
        series: Sequence[Series],
        summary: str,
        label_step: int = 1,
    ) -> None:
        """Show ``series`` over ``labels``; ``summary`` is what a screen reader says."""
        self._title = title
        self._labels = tuple(labels)
        self._series = tuple(series)
        self._label_step = max(1, label_step)
        self.setAccessibleName(title)
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        self.update()

    def summary(self) -> str:
        """The chart in words."""
        return self.accessibleDescription()

    def sizeHint(self) -> QSize:
        """Room for a legend, a dozen lines of bars and the labels."""
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 60, metrics.height() * 14)

    def minimumSizeHint(self) -> QSize:
        """Small enough for a narrow window, big enough to read."""
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 30, metrics.height() * 9)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Redraw with the focus frame."""
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Redraw without the focus frame."""
        super().focusOutEvent(event)
        self.update()

    def _brushes(self) -> list[tuple[QBrush, QPen]]:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        return [
            (QBrush(highlight), QPen(highlight)),
            (QBrush(text, Qt.BrushStyle.BDiagPattern), QPen(text)),
            (QBrush(text, Qt.BrushStyle.Dense4Pattern), QPen(text)),
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        """Legend, axis with its top value, bars, category labels."""
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        metrics = self.fontMetrics()
        line = metrics.height()
        text_pen = QPen(palette.color(QPalette.ColorRole.WindowText))
        grid_pen = QPen(palette.color(QPalette.ColorRole.Mid))
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        if self.hasFocus():
            option = QStyleOptionFocusRect()
            option.initFrom(self)
            option.backgroundColor = palette.color(QPalette.ColorRole.Window)
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter)
        painter.setPen(text_pen)
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self._title,
        )
        # legend
        x = area.left()
        y = area.top() + line * 1.2
        brushes = self._brushes()
        for index, series in enumerate(self._series):
            brush, pen = brushes[index % len(brushes)]
            box = QRectF(x, y + line * 0.2, line * 0.6, line * 0.6)
            painter.setPen(pen)
            painter.setBrush(brush)
            painter.drawRect(box)
            painter.setPen(text_pen)
            width = metrics.horizontalAdvance(series.name)
            painter.drawText(
                QRectF(box.right() + line * 0.3, y, width + 2, line),
                Qt.AlignmentFlag.AlignVCenter,
                series.name,
            )
            x = box.right() + line * 0.3 + width + line
        count = len(self._labels)
        top = max((max(s.values, default=0) for s in self._series), default=0)
        axis_text = QLocale().toString(top)
        left = area.left() + metrics.horizontalAdvance(axis_text) + line * 0.5
        plot = QRectF(left, y + line * 1.5, area.right() - left, area.bottom() - y - line * 3)
        if plot.height() <= line or plot.width() <= line or count == 0:
            return
        painter.setPen(grid_pen)
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.right(), plot.top()))
        painter.setPen(text_pen)
        painter.drawText(
            QRectF(area.left(), plot.top() - line / 2, left - area.left() - line * 0.3, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            axis_text,
        )
        painter.drawText(
            QRectF(area.left(), plot.bottom() - line / 2, left - area.left() - line * 0.3, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            QLocale().toString(0),
        )
        group = plot.width() / count
        bars = max(1, len(self._series))
        bar = group * 0.8 / bars
        for position, label in enumerate(self._labels):
            start = plot.left() + group * position + group * 0.1
            for index, series in enumerate(self._series):
                value = series.values[position] if position < len(series.values) else 0
                if top and value:
                    height = plot.height() * value / top
                    brush, pen = brushes[index % len(brushes)]
                    painter.setPen(pen)
                    painter.setBrush(brush)
                    painter.drawRect(
                        QRectF(start + bar * index, plot.bottom() - height, bar, height)
                    )
            if position % self._label_step == 0:
                painter.setPen(text_pen)
                painter.drawText(
                    QRectF(
                        plot.left() + group * position - group, plot.bottom() + 2, group * 3, line
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    label,
                )


# --------------------------------------------------------------------------- the view


class StatsView(QWidget):
    """Pick a period, read its figures, tables and charts, export them to Word, CSV or XLSX."""

    # key → label; the order is the order on screen.
    FIGURES: ClassVar[tuple[str, ...]] = (
        "received", "answered", "backlog_start", "backlog_end", "median", "p90", "within",
        "pending", "recontacts", "actions", "sends", "active", "per_send",
    )  # fmt: skip

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._runner = runner
        self._sessions = app.store.sessions
        self._deadline = app.settings.deadline_hours
        self._zone: ZoneInfo | None = None
        self._kpis: Kpis | None = None
        self._compute_task: Task[Kpis] | None = None
        self._tasks: list[Task[Any]] = []
        self._exporting = False
        self._build()
        self._set_computing(True)
        self.message_label.setText(self.tr("Finding the newest messages…"))
        self._track(
            self._runner.run(
                "statistics period", _start, self._sessions, on_done=self._started,
                on_error=self._failed,
            )
        )  # fmt: skip

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        today = QDate.currentDate()
        self.from_edit = QDateEdit(today, self)
        self.from_edit.setObjectName("stats_from")
        self.from_edit.setCalendarPopup(True)
        self.from_edit.setAccessibleName(self.tr("First day"))
        self.from_edit.setAccessibleDescription(
            self.tr("The first day of the period (included); the figures follow it.")
        )
        self.to_edit = QDateEdit(today, self)
        self.to_edit.setObjectName("stats_to")
        self.to_edit.setCalendarPopup(True)
        self.to_edit.setAccessibleName(self.tr("Last day"))
        self.to_edit.setAccessibleDescription(
            self.tr("The last day of the period (included); the figures follow it.")
        )
        from_label = QLabel(self.tr("&From:"), self)
        from_label.setBuddy(self.from_edit)
        to_label = QLabel(self.tr("&To:"), self)
        to_label.setBuddy(self.to_edit)

        self.today_button = push_button(self,
            "stats_today", self.tr("To&day"), self.tr("Today"),
            self.tr("Shows today's figures."),
        )  # fmt: skip
        self.week_button = push_button(self,
            "stats_7_days", self.tr("&7 days"), self.tr("Last 7 days"),
            self.tr("Shows the last 7 days, today included."),
        )  # fmt: skip
        self.month_button = push_button(self,
            "stats_30_days", self.tr("&30 days"), self.tr("Last 30 days"),
            self.tr("Shows the last 30 days, today included."),
        )  # fmt: skip
        self.refresh_button = push_button(self,
            "stats_refresh", self.tr("&Refresh"), self.tr("Refresh"),
            self.tr("Computes the figures again, as they stand now."),
        )  # fmt: skip
        self.today_button.clicked.connect(lambda: self.set_last_days(1))
        self.week_button.clicked.connect(lambda: self.set_last_days(7))
        self.month_button.clicked.connect(lambda: self.set_last_days(30))
        self.refresh_button.clicked.connect(self.compute)

        self.zone_label = QLabel(self)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(self.tr("Working"))
        self.busy_bar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 20)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("stats_message")
        self.message_label.setWordWrap(True)

        figures = QGroupBox(self.tr("Key figures"), self)
        grid = QGridLayout(figures)
        self._figure_labels: dict[str, QLabel] = {}
        self._figure_values: dict[str, QLabel] = {}
        columns = 2
        for index, key in enumerate(self.FIGURES):
            name = QLabel(figures)
            value = QLabel(self.tr("—"), figures)
            value.setObjectName(f"figure_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row, column = divmod(index, columns)
            grid.addWidget(name, row, column * 2)
            grid.addWidget(value, row, column * 2 + 1)
            self._figure_labels[key] = name
            self._figure_values[key] = value
        self._name_figures()

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
        self.agent_table = self._table(
            "table_agents", self.agent_model, self.tr("Per agent"),
            self.tr("Per agent: messages answered, sends, actions and active handling time."),
        )  # fmt: skip
        self.template_table = self._table(
            "table_templates", self.template_model, self.tr("Per template"),
            self.tr("Per template: replies sent, messages answered and active handling time."),
        )  # fmt: skip
        self.category_table = self._table(
            "table_categories", self.category_model, self.tr("Per category"),
            self.tr("Per category: replies sent, messages answered and active handling time."),
        )  # fmt: skip

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("stats_tabs")
        self.tabs.addTab(charts, self.tr("C&harts"))
        self.tabs.addTab(self.agent_table, self.tr("Per &agent"))
        self.tabs.addTab(self.template_table, self.tr("Per te&mplate"))
        self.tabs.addTab(self.category_table, self.tr("Per &category"))
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
        self.export_status = QLabel(self)
        self.export_status.setObjectName("stats_export_status")
        self.export_status.setWordWrap(True)
        self.export_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        period_row = QHBoxLayout()
        for widget in (
            from_label, self.from_edit, to_label, self.to_edit, self.today_button,
            self.week_button, self.month_button, self.refresh_button,
        ):  # fmt: skip
            period_row.addWidget(widget)
        period_row.addStretch(1)
        period_row.addWidget(self.busy_bar)
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_status, 1)
        for button in self.export_buttons.values():
            export_row.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(period_row)
        layout.addWidget(self.zone_label)
        layout.addWidget(self.message_label)
        layout.addWidget(figures)
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
        self.from_edit.dateChanged.connect(self._dates_changed)
        self.to_edit.dateChanged.connect(self._dates_changed)
        self._show_empty_charts()

    def _table(self, name: str, model: RowsModel, title: str, description: str) -> QTableView:
        table = QTableView(self)
        table.setObjectName(name)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setAccessibleName(title)
        table.setAccessibleDescription(description)
        return table

    def _name_figures(self) -> None:
        names = {
            "received": self.tr("Messages received"),
            "answered": self.tr("Messages answered"),
            "backlog_start": self.tr("Backlog at the start"),
            "backlog_end": self.tr("Backlog at the end"),
            "median": self.tr("First response, median"),
            "p90": self.tr("First response, 90th percentile"),
            "within": self.tr("Answered within {hours} h").format(hours=self._deadline),
            "pending": self.tr("Still within the deadline, unanswered"),
            "recontacts": self.tr("Senders who wrote again within 7 days"),
            "actions": self.tr("Agent actions"),
            "sends": self.tr("Replies sent (send actions)"),
            "active": self.tr("Active handling time"),
            "per_send": self.tr("Messages answered per send"),
        }
        for key, label in self._figure_labels.items():
            label.setText(self.tr("{name}:").format(name=names[key]))
            self._figure_values[key].setAccessibleName(names[key])

    # ------------------------------------------------------------------ public state
    @property
    def kpis(self) -> Kpis | None:
        """The figures on screen (None before the first ones, or for a reversed period)."""
        return self._kpis

    def figure_text(self, key: str) -> str:
        """The text shown for figure ``key`` (one of :attr:`FIGURES`)."""
        return self._figure_values[key].text()

    def period(self) -> Period | None:
        """The period the date fields say, or None when reversed or the zone is not known yet."""
        if self._zone is None:
            return None
        first, last = to_date(self.from_edit.date()), to_date(self.to_edit.date())
        if last < first:
            return None
        return Period(first, last, self._zone)

    def set_period(self, first: date, last: date) -> None:
        """Put these days in the date fields; the figures follow after a short pause."""
        for edit, day in ((self.from_edit, first), (self.to_edit, last)):
            blocked = edit.blockSignals(True)
            edit.setDate(to_qdate(day))
            edit.blockSignals(blocked)
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
        for task in self._tasks:
            task.discard()

    def _track(self, task: Task[Any]) -> Task[Any]:
        self._tasks = [t for t in self._tasks if not t.finished]
        self._tasks.append(task)
        return task

    # ------------------------------------------------------------------ computing
    def _started(self, start: Start) -> None:
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
        if self._compute_task is not None:
            self._compute_task.discard()
            self._compute_task = None
        if self._zone is None:
            return
        first, last = to_date(self.from_edit.date()), to_date(self.to_edit.date())
        if last < first:
            self._set_computing(False)
            self._show(None)
            self._say(
                self.tr(
                    "The period ends ({last}) before it starts ({first}): choose a last day "
                    "on or after the first day."
                ).format(first=date_text(first), last=date_text(last))
            )
            return
        period = Period(first, last, self._zone)
        self._set_computing(True)
        self._say(self.tr("Computing the figures…"))
        self._compute_task = self._runner.run(
            "statistics", _compute, self._sessions, period, self._deadline,
            on_done=self._computed, on_error=self._failed,
        )  # fmt: skip
        self._track(self._compute_task)

    def _computed(self, kpis: Kpis) -> None:
        self._compute_task = None
        self._set_computing(False)
        self._show(kpis)
        period = kpis.period
        if kpis.has_data:
            self._say(
                self.tr("Figures from {first} to {last}, as of {moment}.").format(
                    first=date_text(period.first),
                    last=date_text(period.last),
                    moment=moment_text(kpis.as_of.astimezone(period.zone)),
                )
            )
        else:
            self._say(
                self.tr(
                    "Nothing happened from {first} to {last}: no message arrived, was "
                    "answered or waited, and no agent action was recorded. Choose another period."
                ).format(first=date_text(period.first), last=date_text(period.last))
            )

    def _failed(self, error: BaseException) -> None:
        self._compute_task = None
        self._set_computing(False)
        self._say(
            self.tr("The figures could not be computed: {reason}").format(reason=_describe(error))
        )

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        announce(self.message_label, text)

    def _set_computing(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy or self._exporting)
        self.refresh_button.setEnabled(not busy)
        self._update_exports()

    def _update_exports(self) -> None:
        ready = self._kpis is not None and self._compute_task is None and not self._exporting
        for button in self.export_buttons.values():
            button.setEnabled(ready)

    # ------------------------------------------------------------------ showing
    def _show(self, kpis: Kpis | None) -> None:
        self._kpis = kpis
        self._update_exports()
        if kpis is None:
            for value in self._figure_values.values():
                value.setText(self.tr("—"))
            for model in (self.agent_model, self.template_model, self.category_model):
                model.set_rows([])
            self._show_empty_charts()
            return
        response = kpis.response
        within = percent_text(response.share_within_deadline)
        if response.share_within_deadline is not None:
            within = self.tr("{share} ({count} of {total})").format(
                share=within,
                count=count_text(response.within_deadline),
                total=count_text(response.within_deadline + response.late),
            )
        recontacts = count_text(kpis.recontacted)
        if kpis.recontact_share is not None:
            recontacts = self.tr("{count} ({share})").format(
                count=recontacts, share=percent_text(kpis.recontact_share)
            )
        texts = {
            "received": count_text(kpis.received),
            "answered": count_text(kpis.answered),
            "backlog_start": count_text(kpis.backlog_start),
            "backlog_end": count_text(kpis.backlog_end),
            "median": duration_text(response.median_s),
            "p90": duration_text(response.p90_s),
            "within": within,
            "pending": count_text(response.pending),
            "recontacts": recontacts,
            "actions": count_text(kpis.actions),
            "sends": count_text(kpis.sends),
            "active": hours_text(kpis.active_ms),
            "per_send": decimal_text(kpis.answered_per_send),
        }
        for key, text in texts.items():
            self._figure_values[key].setText(text)
        self.agent_model.set_rows(
            [
                [
                    row.name, count_text(row.answered), count_text(row.sends),
                    count_text(row.actions), hours_text(row.active_ms),
                    minutes_text(row.ms_per_answer), decimal_text(row.answered_per_send),
                ]
                for row in kpis.agents
            ]
        )  # fmt: skip
        for model, rows, none in (
            (self.template_model, kpis.templates, self.tr("(no template)")),
            (self.category_model, kpis.categories, self.tr("(no category)")),
        ):
            model.set_rows(
                [
                    [
                        row.key if row.key is not None else none, count_text(row.replies),
                        count_text(row.answered), hours_text(row.active_ms),
                        minutes_text(row.ms_per_answer),
                    ]
                    for row in rows
                ]
            )  # fmt: skip
        self._show_charts(kpis)

    def _show_empty_charts(self) -> None:
        nothing = self.tr("No figures to show.")
        self.day_chart.set_data(self.tr("Messages per day: received and answered"), [], [], nothing)
        self.hour_chart.set_data(self.tr("Messages per hour of the day"), [], [], nothing)

    def _show_charts(self, kpis: Kpis) -> None:
        received_name, answered_name = self.tr("Received"), self.tr("Answered")
        days = kpis.days
        day_labels = [date_text(p.start.date(), short=True) for p in days]
        received = tuple(p.received for p in days)
        answered = tuple(p.answered for p in days)
        if days and any(received):
            busiest = max(days, key=lambda p: p.received)
            day_summary = self.tr(
                "From {first} to {last}: {received} messages received and {answered} answered. "
                "The busiest day was {day}, with {count} received."
            ).format(
                first=date_text(kpis.period.first),
                last=date_text(kpis.period.last),
                received=count_text(sum(received)),
                answered=count_text(sum(answered)),
                day=date_text(busiest.start.date()),
                count=count_text(busiest.received),
            )
        else:
            day_summary = self.tr(
                "From {first} to {last}: no message received, {answered} answered."
            ).format(
                first=date_text(kpis.period.first),
                last=date_text(kpis.period.last),
                answered=count_text(sum(answered)),
            )
        self.day_chart.set_data(
            self.tr("Messages per day: received and answered"),
            day_labels,
            [Series(received_name, received), Series(answered_name, answered)],
            day_summary,
            label_step=max(1, len(days) // 10 + (1 if len(days) % 10 else 0)),
        )
        hours = kpis.hours
        hour_received = tuple(h.received for h in hours)
        hour_answered = tuple(h.answered for h in hours)
        if hours and any(hour_received):
            peak = max(hours, key=lambda h: h.received)
            hour_summary = self.tr(
                "Over the period, the most messages arrived between {start}:00 and {end}:00 "
                "({count} received); the most answers were sent between {answer_start}:00 and "
                "{answer_end}:00 ({answers} answered)."
            ).format(
                start=peak.hour,
                end=peak.hour + 1,
                count=count_text(peak.received),
                answer_start=max(hours, key=lambda h: h.answered).hour,
                answer_end=max(hours, key=lambda h: h.answered).hour + 1,
                answers=count_text(max(h.answered for h in hours)),
            )
        else:
            hour_summary = self.tr("No message arrived in the period.")
        self.hour_chart.set_data(
            self.tr("Messages per hour of the day"),
            [str(h.hour) for h in hours],
            [Series(received_name, hour_received), Series(answered_name, hour_answered)],
            hour_summary,
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
        if fmt not in FORMATS or kpis is None or self._exporting:
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
        self._exporting = True
        self._set_computing(self._compute_task is not None)
        self.export_status.setText(self.tr("Exporting to {path}…").format(path=str(path)))

        def done(_count: int) -> None:
            self._exporting = False
            self._set_computing(self._compute_task is not None)
            text = self.tr("Statistics exported to {path}.").format(path=str(path))
            self.export_status.setText(text)
            announce(self.export_status, text)

        def failed(error: BaseException) -> None:
            self._exporting = False
            self._set_computing(self._compute_task is not None)
            text = self.tr("The export failed: {reason}").format(reason=_describe(error))
            self.export_status.setText(text)
            announce(self.export_status, text)

        self._track(
            self._runner.run(
                "export statistics", _export, self._sessions, period, path, fmt,
                self.language(), self.csv_delimiter(), self._deadline, kpis.as_of,
                on_done=done, on_error=failed,
            )
        )  # fmt: skip


def _describe(error: BaseException) -> str:
    """A failure in a sentence for the team lead."""
    if isinstance(error, DeskError):
        params = error.params
        if error.code is ErrorCode.EXPORT_UNWRITABLE:
            return QCoreApplication.translate(
                "StatsView", "{path} cannot be written: {reason}. Nothing was exported."
            ).format(path=str(params.get("path", "")), reason=params.get("reason", ""))
        if error.code is ErrorCode.STATS_PERIOD_REVERSED:
            return QCoreApplication.translate("StatsView", "the period ends before it starts.")
        return error.describe()
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error) or type(error).__name__


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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        close.setAccessibleName(self.tr("Close"))
        close.setAccessibleDescription(self.tr("Closes the statistics."))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * 45)

    def done(self, result: int) -> None:
        """Drop pending answers when the window closes."""
        self.view.shutdown()
        super().done(result)
