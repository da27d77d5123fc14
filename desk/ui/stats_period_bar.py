"""The statistics' period row: first and last day, quick periods, refresh, and the busy bar.

Its strings keep the translation context ``StatsView`` (where they were
first written), so the translations already made carry over unchanged.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QProgressBar, QWidget

from desk.ui.stats_text import to_date, to_qdate
from desk.ui.widgets import push_button


class PeriodBar(QWidget):
    """Two date fields, Today / 7 days / 30 days, Refresh; says when a date changed."""

    dates_changed = Signal()  # by the agent (set_dates() is silent)
    last_days_requested = Signal(int)  # 1, 7 or 30: the days ending today
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = QDate.currentDate()
        self.from_edit = self._date_edit(
            "stats_from", today,
            QCoreApplication.translate("StatsView", "First day"),
            QCoreApplication.translate(
                "StatsView", "The first day of the period (included); the figures follow it."
            ),
        )  # fmt: skip
        self.to_edit = self._date_edit(
            "stats_to", today,
            QCoreApplication.translate("StatsView", "Last day"),
            QCoreApplication.translate(
                "StatsView", "The last day of the period (included); the figures follow it."
            ),
        )  # fmt: skip
        from_label = QLabel(QCoreApplication.translate("StatsView", "&From:"), self)
        from_label.setBuddy(self.from_edit)
        to_label = QLabel(QCoreApplication.translate("StatsView", "&To:"), self)
        to_label.setBuddy(self.to_edit)
        self.today_button = push_button(self,
            "stats_today", QCoreApplication.translate("StatsView", "To&day"),
            QCoreApplication.translate("StatsView", "Today"),
            QCoreApplication.translate("StatsView", "Shows today's figures."),
        )  # fmt: skip
        self.week_button = push_button(self,
            "stats_7_days", QCoreApplication.translate("StatsView", "&7 days"),
            QCoreApplication.translate("StatsView", "Last 7 days"),
            QCoreApplication.translate("StatsView", "Shows the last 7 days, today included."),
        )  # fmt: skip
        self.month_button = push_button(self,
            "stats_30_days", QCoreApplication.translate("StatsView", "&30 days"),
            QCoreApplication.translate("StatsView", "Last 30 days"),
            QCoreApplication.translate("StatsView", "Shows the last 30 days, today included."),
        )  # fmt: skip
        self.refresh_button = push_button(self,
            "stats_refresh", QCoreApplication.translate("StatsView", "&Refresh"),
            QCoreApplication.translate("StatsView", "Refresh"),
            QCoreApplication.translate(
                "StatsView", "Computes the figures again, as they stand now."
            ),
        )  # fmt: skip
        self.today_button.clicked.connect(lambda: self.last_days_requested.emit(1))
        self.week_button.clicked.connect(lambda: self.last_days_requested.emit(7))
        self.month_button.clicked.connect(lambda: self.last_days_requested.emit(30))
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.from_edit.dateChanged.connect(self.dates_changed)
        self.to_edit.dateChanged.connect(self.dates_changed)

        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(QCoreApplication.translate("StatsView", "Working"))
        self.busy_bar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 20)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (
            from_label, self.from_edit, to_label, self.to_edit, self.today_button,
            self.week_button, self.month_button, self.refresh_button,
        ):  # fmt: skip
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.busy_bar)

    def _date_edit(self, name: str, day: QDate, accessible: str, description: str) -> QDateEdit:
        edit = QDateEdit(day, self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setAccessibleName(accessible)
        edit.setAccessibleDescription(description)
        return edit

    def dates(self) -> tuple[date, date]:
        """The first and last day the fields say (the last may come before the first)."""
        return to_date(self.from_edit.date()), to_date(self.to_edit.date())

    def set_dates(self, first: date, last: date) -> None:
        """Put these days in the fields without :attr:`dates_changed`."""
        for edit, day in ((self.from_edit, first), (self.to_edit, last)):
            blocked = edit.blockSignals(True)
            edit.setDate(to_qdate(day))
            edit.blockSignals(blocked)

    def set_busy(self, computing: bool, working: bool) -> None:
        """Turn the busy bar while anything runs; no Refresh while computing."""
        self.busy_bar.setVisible(working)
        self.refresh_button.setEnabled(not computing)
