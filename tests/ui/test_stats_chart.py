"""The hand-painted bar chart: it paints in the palette's colours and says its figures in words."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPalette, QTextDocument
from pytestqt.qtbot import QtBot

from desk.ui.stats_chart import BarChart, Series

HOSTILE = '<img src="/some/local/file.png"> <b>x</b> &amp;'


def _chart(qtbot: QtBot) -> BarChart:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(480, 300)
    palette = chart.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(255, 0, 0))
    chart.setPalette(palette)
    return chart


def _count(image: QImage, colour: QColor) -> int:
    return sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).rgb() == colour.rgb()
    )


def test_the_first_series_is_painted_in_the_highlight_colour(qtbot: QtBot) -> None:
    chart = _chart(qtbot)
    chart.set_data("Per day", ["1", "2", "3"], [Series("Received", (4, 9, 2))], "In words.")
    painted = chart.grab().toImage()
    bars = _count(painted, QColor(255, 0, 0))
    assert bars > 1_000

    chart.set_data("Per day", ["1", "2", "3"], [Series("Received", (0, 0, 0))], "Nothing.")
    legend = _count(chart.grab().toImage(), QColor(255, 0, 0))
    assert 0 < legend < bars / 20  # the legend's box alone: no bar for zero


def test_an_empty_or_tiny_chart_paints_without_failing(qtbot: QtBot) -> None:
    chart = _chart(qtbot)
    chart.set_data("Empty", [], [], "No figures to show.")
    chart.grab()
    chart.resize(20, 20)
    chart.set_data("Tiny", ["a"], [Series("s", (1,)), Series("t", (2,))], "Two.")
    chart.grab()
    chart.setFocus()
    chart.grab()
    assert chart.minimumSizeHint().height() > 0
    assert chart.sizeHint().width() > chart.minimumSizeHint().width()


def test_the_summary_is_its_accessible_description_and_a_plain_tooltip(qtbot: QtBot) -> None:
    chart = _chart(qtbot)
    chart.set_data("Per hour", ["0"], [Series("Received", (1,))], HOSTILE)
    assert chart.accessibleName() == "Per hour"
    assert chart.summary() == chart.accessibleDescription() == HOSTILE
    document = QTextDocument()
    document.setHtml(chart.toolTip())
    assert "<img" not in document.toHtml()
    assert document.toPlainText() == HOSTILE
