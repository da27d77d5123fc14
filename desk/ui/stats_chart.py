"""A grouped bar chart painted with QPainter in the palette's colours, telling its figures in words.

The statistics need two small charts (messages per day, per hour). QtCharts
would draw them too, but it adds its own library (and QML-free widgets
module) to the installer for two bar charts; this widget is one screenful,
follows the palette (dark and high-contrast themes included) and needs
nothing else. Screen readers get the chart as a sentence: its accessible
description (:meth:`BarChart.summary`), which is its tooltip as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QFocusEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionFocusRect, QWidget

from desk.ui.widgets import plain_tooltip


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
        self.setToolTip(plain_tooltip(summary))
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
