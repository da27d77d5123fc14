"""The statistics' key figures: a titled grid of "name: value" pairs, two per line."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from desk.ui.stats_text import dash, figure_caption

COLUMNS = 2


class KeyFigures(QGroupBox):
    """One value label per figure, named for screen readers, ``figure_<key>`` for tests."""

    def __init__(self, title: str, names: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        grid = QGridLayout(self)
        self._values: dict[str, QLabel] = {}
        for index, (key, name) in enumerate(names.items()):
            caption = QLabel(figure_caption(name), self)
            value = QLabel(dash(), self)
            value.setObjectName(f"figure_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setAccessibleName(name)
            row, column = divmod(index, COLUMNS)
            grid.addWidget(caption, row, column * 2)
            grid.addWidget(value, row, column * 2 + 1)
            self._values[key] = value

    def keys(self) -> tuple[str, ...]:
        """The figures, in the order shown."""
        return tuple(self._values)

    def text(self, key: str) -> str:
        """The value shown for figure ``key``."""
        return self._values[key].text()

    def show_texts(self, texts: Mapping[str, str]) -> None:
        """Show each figure's value (keys not given keep theirs)."""
        for key, text in texts.items():
            self._values[key].setText(text)

    def clear_values(self) -> None:
        """A dash for every figure: there are none to show."""
        for value in self._values.values():
            value.setText(dash())
