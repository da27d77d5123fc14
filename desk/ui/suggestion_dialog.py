"""The review before answering every open cluster suggested one template, in one pass.

Each cluster whose suggestion is the template is listed with its title, the
first lines of its representative, its open messages and the suggestion's
confidence, ticked. The agent unticks what should not get this answer and
confirms once ("Send to N people"). A cluster another agent holds, or whose
replies would need the agent's words (a placeholder without value), is
shown unticked and cannot be ticked, with the reason beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.ui.widgets import named
from desk.workbench.by_suggestion import ReviewCluster


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """A cluster in the review: its queue title, its suggestion's confidence, its drafts."""

    title: str
    confidence: float
    cluster: ReviewCluster


class SuggestionDialog(QDialog):
    """Review the clusters suggested a template, untick some, send to the rest at once."""

    TITLE, ASKS, COUNT, CONFIDENCE, NOTE = range(5)

    def __init__(
        self, template_name: str, entries: Sequence[ReviewEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.template_name = template_name
        self.entries = list(entries)
        self.setObjectName("suggestionDialog")
        self.setWindowTitle(
            self.tr("Answer by suggestion: {template}").format(template=template_name)
        )
        named(
            self,
            self.tr("Answer by suggestion"),
            self.tr("The clusters suggested this template; untick those that should not get it"),
        )
        self.table = QTableWidget(len(self.entries), 5, self)
        self.table.setObjectName("suggestedClusters")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Cluster"),
                self.tr("Asks"),
                self.tr("Open messages"),
                self.tr("Confidence"),
                self.tr("Note"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            self.ASKS, QHeaderView.ResizeMode.Stretch
        )
        named(
            self.table,
            self.tr("Clusters to answer"),
            self.tr("Space ticks or unticks the selected cluster"),
        )
        for row, entry in enumerate(self.entries):
            self._fill(row, entry)
        self.table.resizeColumnToContents(self.TITLE)
        self.table.setColumnWidth(self.TITLE, min(self.table.columnWidth(self.TITLE), 280))
        self.table.resizeRowsToContents()
        self.summary = QLabel(self)
        self.summary.setObjectName("suggestionSummary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendSuggested")
        self.send_button.setDefault(True)
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        named(
            self.send_button,
            self.tr("Send to the ticked clusters"),
            self.tr("Queue one reply per person of every ticked cluster, held for the undo window"),
        )
        named(self.cancel_button, self.tr("Cancel"), self.tr("Close without sending anything"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(900, 520)
        self.table.itemChanged.connect(lambda _item: self._update())
        self._update()

    def _fill(self, row: int, entry: ReviewEntry) -> None:
        locale = QLocale()
        cluster = entry.cluster
        title = QTableWidgetItem(entry.title or self.tr("(no subject)"))
        flags = Qt.ItemFlag.ItemIsSelectable
        if cluster.answerable:
            flags |= Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
        title.setFlags(flags)
        ticked = Qt.CheckState.Checked if cluster.answerable else Qt.CheckState.Unchecked
        title.setCheckState(ticked)
        asks = QTableWidgetItem(cluster.representative)
        asks.setToolTip(cluster.representative)
        count = QTableWidgetItem(locale.toString(cluster.open_count))
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        percent = locale.toString(int(entry.confidence * 100))
        confidence = QTableWidgetItem(self.tr("{percent} %").format(percent=percent))
        note = QTableWidgetItem(self.note(cluster))
        note.setToolTip(note.text())
        for column, item in enumerate((title, asks, count, confidence, note)):
            if column != self.TITLE:
                item.setFlags(flags & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.table.setItem(row, column, item)

    def note(self, cluster: ReviewCluster) -> str:
        """Why a cluster cannot be ticked, or what is left out of it."""
        locale = QLocale()
        parts = []
        if cluster.held_by:
            parts.append(self.tr("held by {name}").format(name=cluster.held_by))
        elif cluster.syntax:
            parts.append(self.tr("the template has a brace problem: fix it in the editor"))
        elif cluster.missing:
            parts.append(
                self.tr("needs your words: {placeholders} has no value for someone").format(
                    placeholders=", ".join(cluster.missing)
                )
            )
        elif not cluster.drafts:
            parts.append(self.tr("nothing left to answer here"))
        if cluster.left_out:
            parts.append(
                self.tr("{count} that also ask something else left out").format(
                    count=locale.toString(cluster.left_out)
                )
            )
        return "; ".join(parts)

    # ------------------------------------------------------------------ ticks
    def tickable(self, row: int) -> bool:
        """True when the cluster at ``row`` may be ticked."""
        item = self.table.item(row, self.TITLE)
        return item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsUserCheckable)

    def ticked(self, row: int) -> bool:
        """True when the cluster at ``row`` gets the answer."""
        item = self.table.item(row, self.TITLE)
        return (
            item is not None and self.tickable(row) and item.checkState() == Qt.CheckState.Checked
        )

    def set_ticked(self, row: int, ticked: bool) -> None:
        """Tick or untick the cluster at ``row`` (nothing happens to one that cannot be)."""
        item = self.table.item(row, self.TITLE)
        if item is not None and self.tickable(row):
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def chosen(self) -> list[ReviewCluster]:
        """The ticked clusters: those the answer goes to."""
        return [e.cluster for row, e in enumerate(self.entries) if self.ticked(row)]

    def _update(self) -> None:
        chosen = self.chosen()
        locale = QLocale()
        messages = sum(len(c.message_ids) for c in chosen)
        people = sum(len(c.drafts) for c in chosen)
        self.summary.setText(
            self.tr(
                "{messages} messages in {clusters} clusters will get template {template}."
            ).format(
                messages=locale.toString(messages),
                clusters=locale.toString(len(chosen)),
                template=self.template_name,
            )
        )
        self.send_button.setText(
            self.tr("&Send to 1 person")
            if people == 1
            else self.tr("&Send to {people} people").format(people=locale.toString(people))
        )
        self.send_button.setEnabled(people > 0)
