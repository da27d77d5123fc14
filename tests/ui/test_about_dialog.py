"""Help ▸ About Desk: the version from pyproject.toml, the libraries, the log folder."""

from __future__ import annotations

import tomllib
from pathlib import Path

from PySide6.QtCore import QTimer, qVersion
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desk import __version__
from desk.app import App
from desk.ui.about_dialog import AboutDialog
from desk.ui.main_window import MainWindow
from desk.ui.tasks import TaskRunner
from tests.ui.accessibility import unnamed_controls

ROOT = Path(__file__).resolve().parents[2]


def _pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as project:
        return str(tomllib.load(project)["project"]["version"])


def test_the_version_comes_from_pyproject() -> None:
    assert __version__ == _pyproject_version()


def test_the_about_box_says_the_version_the_libraries_and_where_the_logs_are(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = AboutDialog(tmp_path / "log")
    qtbot.addWidget(dialog)
    assert dialog.version.text() == f"Desk {_pyproject_version()}"
    assert qVersion() in dialog.libraries.text() and "Python 3." in dialog.libraries.text()
    assert str(tmp_path / "log") in dialog.logs.text()
    assert unnamed_controls(dialog) == []


def test_help_about_opens_it_from_the_window(
    qtbot: QtBot, runner: TaskRunner, desk_app: App
) -> None:
    window = MainWindow(desk_app, runner, login="ana", demo=True)
    qtbot.addWidget(window)
    about = next(a for a in window.actions() if a.text() == "&About Desk…")
    seen: list[QDialog] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AboutDialog)
        seen.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_it)
    about.trigger()  # modal: returns once close_it has closed it
    assert len(seen) == 1 and seen[0].version.text().endswith(__version__)
