"""The statistics window's Quality tab: per agent and per template, how well answers held.

Answered, then the shares: sent as the template wrote it or edited, the
sender writing again within 7 days, our answer answered within 7 days
(reopened), handed to another service first, and first contact resolution
(answered once, no re-contact). Definitions: :mod:`desk.stats.quality`.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desk.ui.stats_table import RowsModel, rows_table
from desk.ui.stats_text import duration_text, percent_text
from desk.ui.widgets import named
from desk.workbench.statistics import Quality, QualityRow


class QualityPanel(QWidget):
    """The period's quality: a line for everybody, then a table per agent and per template."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quality")
        self.total = QLabel(self.tr("The quality figures come with the others."), self)
        self.total.setObjectName("quality_total")
        self.total.setWordWrap(True)
        named(self.total, self.tr("Quality"), self.tr("The quality of every answer of the period."))
        headers = [
            self.tr("Answered"), self.tr("Edited"), self.tr("Wrote again"), self.tr("Reopened"),
            self.tr("Handed off"), self.tr("Resolved at first contact"),
        ]  # fmt: skip
        numeric = (1, 2, 3, 4, 5, 6)
        self.agent_model = RowsModel([self.tr("Agent"), *headers], numeric, self)
        self.template_model = RowsModel([self.tr("Template"), *headers], numeric, self)
        self.agent_table = rows_table(
            self, "quality_agents", self.agent_model, self.tr("Quality per agent"),
            self.tr("Per agent: answers edited, re-contacts, reopened, hand-offs, resolved first."),
        )  # fmt: skip
        self.template_table = rows_table(
            self, "quality_templates", self.template_model, self.tr("Quality per template"),
            self.tr("Per template: answers edited, re-contacts, reopened, hand-offs, resolved."),
        )  # fmt: skip
        self.service_model = RowsModel(
            [
                self.tr("Service"), self.tr("Handed on"), self.tr("Answered"), self.tr("Failed"),
                self.tr("Overdue"), self.tr("Median wait"),
            ],
            (1, 2, 3, 4, 5),
            self,
        )  # fmt: skip
        self.service_table = rows_table(
            self, "handoffs_services", self.service_model, self.tr("Hand-offs per service"),
            self.tr("Per service: requests handed on, answered, failed, overdue, median wait."),
        )  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(self.total)
        layout.addWidget(self.agent_table, 1)
        layout.addWidget(self.template_table, 1)
        layout.addWidget(self.service_table, 1)

    def _cells(self, row: QualityRow, name: str) -> list[str]:
        return [
            name,
            QLocale().toString(row.answered),
            percent_text(row.edited_share),
            percent_text(row.share(row.recontacted)),
            percent_text(row.share(row.reopened)),
            percent_text(row.share(row.handed_off)),
            percent_text(row.share(row.resolved_first_time)),
        ]

    def show_quality(self, quality: Quality) -> None:
        """Show the computed figures."""
        total = quality.total
        self.total.setText(
            self.tr(
                "%n request(s) first answered in the period. Resolved at first contact: {fcr}; "
                "edited: {edited}; the sender wrote again within 7 days: {again}; reopened: "
                "{reopened}; handed to another service first: {handed}.",
                "",
                total.answered,
            ).format(
                fcr=percent_text(total.share(total.resolved_first_time)),
                edited=percent_text(total.edited_share),
                again=percent_text(total.share(total.recontacted)),
                reopened=percent_text(total.share(total.reopened)),
                handed=percent_text(total.share(total.handed_off)),
            )
        )
        self.agent_model.set_rows(
            [self._cells(r, r.name or self.tr("(nobody)")) for r in quality.agents]
        )
        self.template_model.set_rows(
            [self._cells(r, r.name or self.tr("(no template)")) for r in quality.templates]
        )
        locale = QLocale()
        self.service_model.set_rows(
            [
                [
                    row.service,
                    locale.toString(row.handed),
                    locale.toString(row.answered),
                    locale.toString(row.failed),
                    locale.toString(row.overdue),
                    duration_text(None if row.median_wait_hours is None
                                  else row.median_wait_hours * 3600),
                ]
                for row in quality.services
            ]
        )  # fmt: skip
