"""A settings file that cannot be written is explained in the window's language (item 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.config import AppDirs, Settings
from desk.store.database import Store
from desk.ui.settings_dialog import SettingsDialog
from desk.ui.tasks import TaskRunner
from tests.ui.conftest import settle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def app(empty_store: Store) -> App:
    """The app over an empty store, with default settings."""
    return App(settings=Settings(), dirs=AppDirs.discover(), store=empty_store)


def test_a_failed_save_is_said_in_french_with_the_path_as_it_is(
    qtbot: QtBot, app: App, runner: TaskRunner, tmp_path: Path, french: list[QTranslator]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the settings folder should be", encoding="utf-8")
    dialog = SettingsDialog(app, runner, config_path=blocker / "desk.toml")
    qtbot.addWidget(dialog)
    dialog.deadline_hours.setValue(24)
    dialog.save()
    settle(qtbot, runner)
    text = dialog.problem.text()
    assert str(blocker / "desk.toml") in text
    assert "The settings file" not in text  # not the core's English describe()
    assert dialog.problem.textFormat() == Qt.TextFormat.PlainText
    assert dialog.problem.isVisibleTo(dialog) and dialog.save_button.isEnabled()
