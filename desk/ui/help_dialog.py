"""The shortcuts help (F1): every action of the window with its keys, read from the actions.

Built from the window's own actions, so a shortcut added there is listed
here without anyone remembering to document it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.ui.widgets import close_buttons


class HelpDialog(QDialog):
    """A table of what each shortcut does."""

    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.setAccessibleDescription(self.tr("Every action of the window and its keys"))
        listed = [a for a in actions if not a.shortcut().isEmpty()]
        self.table = QTableWidget(len(listed), 2, self)
        self.table.setObjectName("shortcuts")
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Shortcuts"))
        self.table.setAccessibleDescription(self.tr("Keys on the left, what they do on the right"))
        for row, action in enumerate(listed):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            what = action.text().replace("&", "").rstrip("…")
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.resizeColumnToContents(0)
        intro = QLabel(
            self.tr(
                "Everything works from the keyboard: Tab moves between panes, the arrows move "
                "within a list, Space ticks a check box, Escape closes a dialog."
            ),
            self,
        )
        intro.setWordWrap(True)
        buttons = close_buttons(self, self.tr("Close the shortcuts list"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 560)

    def rows(self) -> list[tuple[str, str]]:
        """(keys, action) as listed."""
        rows = []
        for r in range(self.table.rowCount()):
            keys, what = self.table.item(r, 0), self.table.item(r, 1)
            rows.append((keys.text() if keys else "", what.text() if what else ""))
        return rows
