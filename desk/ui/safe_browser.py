"""A rich-text view for a message's HTML that never fetches anything, local or remote."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget


class SafeBrowser(QTextBrowser):
    """A read-only rich-text view that never fetches anything.

    Returning "nothing" is not enough in Qt 6: for a null answer the
    document reads local files itself, and the image handler then loads an
    ``<img src>`` path straight from the disk. So images get a transparent
    pixel and every other resource (style sheets, pages) an empty text; the
    view never follows a link itself (``setOpenLinks(False)``).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setSearchPaths([])
        self._blank = QImage(1, 1, QImage.Format.Format_ARGB32)
        self._blank.fill(Qt.GlobalColor.transparent)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Nothing, for every URL: a transparent pixel for images, empty text otherwise."""
        del name
        if type == QTextDocument.ResourceType.ImageResource.value:
            return self._blank
        return ""
