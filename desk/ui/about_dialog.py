"""About Desk (Help ▸ About): the version an agent quotes to support, and where the logs are.

The version is pyproject.toml's (``desk.__version__``), the same one
``desk --version`` prints; the Qt and Python versions and the log folder are
what a support engineer asks for next.
"""

from __future__ import annotations

import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from desk import __version__
from desk.ui.widgets import close_buttons, plain_label


class AboutDialog(QDialog):
    """Desk's version, the libraries it runs on, and its log folder."""

    def __init__(self, logs: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Desk"))
        self.setAccessibleName(self.tr("About Desk"))
        self.setAccessibleDescription(self.tr("The version of Desk and where its logs are"))
        self.version = plain_label(self, "version")
        self.version.setText(self.tr("Desk {version}").format(version=__version__))
        font = self.version.font()
        font.setBold(True)
        self.version.setFont(font)
        purpose = plain_label(self, "purpose")
        purpose.setText(self.tr("Answers a shared mailbox cluster by cluster."))
        self.libraries = plain_label(self, "libraries")
        self.libraries.setText(
            self.tr("Qt {qt}, PySide6 {pyside}, Python {python}").format(
                qt=qVersion(), pyside=PySide6.__version__, python=platform.python_version()
            )
        )
        self.logs = plain_label(self, "logs")
        self.logs.setText(self.tr("Logs: {folder}").format(folder=str(logs)))
        self.logs.setWordWrap(True)
        for label in (self.version, self.libraries, self.logs):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = close_buttons(self, self.tr("Close the About box"))
        layout = QVBoxLayout(self)
        for widget in (self.version, purpose, self.libraries, self.logs, buttons):
            layout.addWidget(widget)
