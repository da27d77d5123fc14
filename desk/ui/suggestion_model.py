"""The queue with its "Suggested" column: the template agents used on similar messages.

Suggestions arrive on their own (a few seconds after the queue, from a
worker) and are kept by cluster id, so a queue reload keeps showing them
until the next ones come. Grouped by suggestion, the clusters sharing a
suggested template are listed together (in priority order within a group,
the groups by name, unsuggested rows last); ungrouped, the queue is in
priority order again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, Qt

from desk.ui.models import Index, QueueModel
from desk.workbench.suggestions import ClusterSuggestion
from desk.workbench.worklist import QueueRow


class SuggestedQueueModel(QueueModel):
    """The queue model plus the suggested template of each cluster, and grouping by it."""

    SUGGESTED = 7

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._suggestions: dict[int, ClusterSuggestion] = {}
        self._learnt: dict[int, int] = {}  # template id → messages answered with it
        self._ranks: dict[str, int] = {}  # row key → its place in priority order
        self._grouped = False

    def headers(self) -> list[str]:
        """Every column title, the suggestion's last."""
        return [*super().headers(), self.tr("Suggested")]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 8

    # ------------------------------------------------------------------ contents
    def set_rows(self, rows: Sequence[QueueRow], now: datetime) -> None:
        """Replace every row, arranged by suggestion when grouped."""
        self._ranks = {row.key: i for i, row in enumerate(rows)}
        super().set_rows(self._arranged(rows), now)

    def set_suggestions(
        self, suggestions: Mapping[int, ClusterSuggestion], learnt: Mapping[int, int]
    ) -> None:
        """Show these suggestions (cluster id → suggestion) and how much each was learnt from."""
        self._suggestions = dict(suggestions)
        self._learnt = dict(learnt)
        if self._grouped:
            self._rearrange()
        elif self.rowCount():
            self.dataChanged.emit(
                self.index(0, self.SUGGESTED), self.index(self.rowCount() - 1, self.SUGGESTED)
            )

    def suggestion(self, row: QueueRow | None) -> ClusterSuggestion | None:
        """The template suggested for a queue row (clusters only)."""
        if row is None or row.cluster_id is None:
            return None
        return self._suggestions.get(row.cluster_id)

    def suggested_rows(self, template_id: int) -> list[QueueRow]:
        """The queue's clusters whose suggestion is this template, in priority order."""
        rows = [
            row
            for row in self.rows
            if (found := self.suggestion(row)) is not None and found.template_id == template_id
        ]
        return sorted(rows, key=lambda row: self._ranks.get(row.key, 0))

    @property
    def grouped(self) -> bool:
        """True while clusters are grouped by suggested template."""
        return self._grouped

    def set_grouped(self, grouped: bool) -> None:
        """Group the clusters by suggested template, or go back to priority order."""
        if grouped != self._grouped:
            self._grouped = grouped
            self._rearrange()

    def _rearrange(self) -> None:
        self.beginResetModel()
        self._rows = self._arranged(sorted(self._rows, key=lambda r: self._ranks.get(r.key, 0)))
        self.endResetModel()

    def _arranged(self, rows: Sequence[QueueRow]) -> list[QueueRow]:
        if not self._grouped:
            return list(rows)

        def group(row: QueueRow) -> tuple[int, str, int]:
            found = self.suggestion(row)
            if found is None:
                return (1, "", 0)
            return (0, found.template_name.casefold(), found.template_id)

        return sorted(rows, key=group)  # stable: priority order within a group

    # ------------------------------------------------------------------ cells
    def percent(self, suggestion: ClusterSuggestion) -> str:
        """A confidence as agents read it ("97 %")."""
        value = QLocale().toString(int(suggestion.confidence * 100))
        return self.tr("{percent} %").format(percent=value)

    def suggestion_text(self, suggestion: ClusterSuggestion) -> str:
        """The cell: the template's name and the confidence."""
        return self.tr("{template} — {confidence}").format(
            template=suggestion.template_name, confidence=self.percent(suggestion)
        )

    def suggestion_tip(self, suggestion: ClusterSuggestion) -> str:
        """Where a suggestion comes from and how far to trust it."""
        count = self._learnt.get(suggestion.template_id, 0)
        return self.tr(
            "Suggested from similar messages among the {count} answered with this template; "
            "right {confidence} of the time at this score"
        ).format(count=QLocale().toString(count), confidence=self.percent(suggestion))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.column() != self.SUGGESTED:
            return super().data(index, role)
        found = self.suggestion(self.row_at(index.row()))
        if role == Qt.ItemDataRole.DisplayRole:
            return self.suggestion_text(found) if found else ""
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if found is None:
                return self.tr("No suggestion") if role != Qt.ItemDataRole.ToolTipRole else None
            return self.suggestion_tip(found)
        return super().data(index, role)
