"""The fallback table of a template: what to write when a recipient has no value for a placeholder.

One row per placeholder the text uses (and per placeholder that still has a
fallback typed, so nothing typed vanishes while the agent rewrites a
sentence). The first column names the placeholder in the template's
language, the second is the agent's text.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desk.replies.placeholders import BY_KEY
from desk.ui.widgets import plain_tooltip
from desk.workbench.templates import used_keys

_DATA = Qt.ItemDataRole.UserRole


class FallbackTable(QTableWidget):
    """The placeholders a text uses, each with its fallback text; ``edited`` when one is typed."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.fallbacks: dict[str, str] = {}
        self.keys: list[str] = []
        self.setObjectName("template_fallbacks")
        self.setHorizontalHeaderLabels(
            [self.tr("Placeholder"), self.tr("Text when the value is missing")]
        )
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.setTabKeyNavigation(False)
        self.setAccessibleName(self.tr("Fallbacks"))
        self.setAccessibleDescription(
            self.tr(
                "One row per placeholder the text uses: what to write instead when a recipient "
                "has no such value (for example “Madame, Monsieur”). Empty: such a reply "
                "cannot be sent."
            )
        )
        self.itemChanged.connect(self._item_changed)

    def start_from(self, fallbacks: Mapping[str, str]) -> None:
        """Start over from a template's saved fallbacks (rows come with the next rebuild)."""
        self.fallbacks = dict(fallbacks)
        self.keys = []

    def kept(self) -> dict[str, str]:
        """The fallbacks worth saving: typed, and for a placeholder that has a row."""
        keys = set(self.keys)
        return {k: v for k, v in self.fallbacks.items() if k in keys and v.strip()}

    def rebuild(self, body: str, language: str, ui_language: str, *, force: bool = False) -> None:
        """Rows for the placeholders of ``body``, named in ``language``, described in the UI's."""
        keys = used_keys(body)
        keys += [k for k, v in self.fallbacks.items() if v.strip() and k not in keys]
        if keys == self.keys and not force:
            return
        self.keys = keys
        blocked = self.blockSignals(True)
        try:
            self.setRowCount(len(keys))
            for row, key in enumerate(keys):
                placeholder = BY_KEY[key]
                name = QTableWidgetItem(placeholder.token(language))
                name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                name.setData(_DATA, key)
                name.setToolTip(
                    plain_tooltip(
                        placeholder.description_fr
                        if ui_language == "fr"
                        else placeholder.description_en
                    )
                )
                self.setItem(row, 0, name)
                text = QTableWidgetItem(self.fallbacks.get(key, ""))
                text.setData(_DATA, key)
                self.setItem(row, 1, text)
        finally:
            self.blockSignals(blocked)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        key = item.data(_DATA)
        if item.column() == 1 and isinstance(key, str):
            self.fallbacks[key] = item.text()
            self.edited.emit()

    def set_text(self, key: str, text: str) -> None:
        """Type ``text`` as the fallback of placeholder ``key`` (its row must be listed)."""
        row = self.keys.index(key)
        cell = self.item(row, 1)
        assert cell is not None
        cell.setText(text)
