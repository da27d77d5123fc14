"""The settings dialog, driven from the keyboard: values in, desk.toml out, comments kept."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QWidget
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.config import AppDirs, Settings, load_settings
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from desk.ui.settings_dialog import SettingsDialog
from desk.ui.tasks import TaskRunner
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle

# The offscreen platform (no display) cannot pass a window's size limits on; that is not ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MakeApp = Callable[[Settings], App]


@pytest.fixture
def make_app(sqlite_template: Path, tmp_path: Path) -> Iterator[MakeApp]:
    """Build the app over an empty migrated store, with the given settings."""
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(sqlite_template, path)
    store = open_store(sqlite_url(path))
    try:
        yield lambda settings: App(settings=settings, dirs=AppDirs.discover(), store=store)
    finally:
        store.close()


def open_dialog(
    qtbot: QtBot, app: App, runner: TaskRunner, config_path: Path | None = None
) -> SettingsDialog:
    dialog = SettingsDialog(app, runner, config_path=config_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Select what the field holds and type over it, as a user would."""
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def choose(qtbot: QtBot, combo: QComboBox, data: str | None) -> None:
    """Pick the entry holding ``data`` with the arrow keys."""
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


COMMENTED = """\
# Desk for the scolarité team
[ui]
language = "fr"   # the agents are French

[queue]
deadline_hours = 48   # the promise on the web site
size_weight = 25
"""


def test_the_dialog_shows_the_current_settings(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner
) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    assert dialog.language.currentData() is None
    assert dialog.language.currentText() == "Follow the system"
    assert dialog.undo_seconds.value() == 10
    assert dialog.threshold.value() == 85
    assert dialog.deadline_hours.value() == 48
    assert unnamed_controls(dialog) == []

    other = Settings(language="en", undo_seconds=30.0, cluster_threshold=90.0, deadline_hours=72)
    dialog = open_dialog(qtbot, make_app(other), runner)
    assert dialog.language.currentData() == "en"
    assert (dialog.undo_seconds.value(), dialog.threshold.value()) == (30, 90)
    assert dialog.deadline_hours.value() == 72


def test_a_round_trip_through_the_file(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner, desk_home: Path
) -> None:
    path = desk_home / "config" / "desk.toml"
    path.parent.mkdir(parents=True)
    path.write_text(COMMENTED, encoding="utf-8")
    dialog = open_dialog(qtbot, make_app(load_settings()), runner)
    assert dialog.language.currentData() == "fr"
    choose(qtbot, dialog.language, None)
    type_into(qtbot, dialog.undo_seconds, "25")
    type_into(qtbot, dialog.threshold, "78")
    type_into(qtbot, dialog.deadline_hours, "72")
    qtbot.keyClick(dialog.deadline_hours, Qt.Key.Key_Return)  # Save is the default button
    settle(qtbot, runner)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen == {
        "ui": {"language": None, "undo_seconds": 25},
        "cluster": {"threshold": 78},
        "queue": {"deadline_hours": 72},
    }
    settings = load_settings()
    assert settings.language is None and settings.undo_seconds == 25.0
    assert settings.cluster_threshold == 78.0 and settings.deadline_hours == 72
    assert settings.queue_weights == (("size_weight", 25.0),)
    text = path.read_text(encoding="utf-8")
    assert "# Desk for the scolarité team" in text
    assert "deadline_hours = 72   # the promise on the web site" in text
    assert "language" not in text

    # Opened again on what was saved, it shows it; saving unchanged writes nothing.
    again = open_dialog(qtbot, make_app(settings), runner)
    assert again.values() == dialog.chosen
    path.unlink()
    qtbot.keyClick(again.threshold, Qt.Key.Key_Return)
    settle(qtbot, runner)
    assert again.result() == QDialog.DialogCode.Accepted and again.chosen == dialog.chosen
    assert not path.exists()


def test_only_changed_settings_are_written(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner, desk_home: Path
) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    choose(qtbot, dialog.language, "fr")
    qtbot.keyClick(dialog.language, Qt.Key.Key_Return)
    settle(qtbot, runner)
    assert dialog.result() == QDialog.DialogCode.Accepted
    text = (desk_home / "config" / "desk.toml").read_text(encoding="utf-8")
    assert text.strip() == '[ui]\nlanguage = "fr"'  # the defaults keep following Desk's


def test_settings_go_back_to_the_file_given_with_config(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner, desk_home: Path, tmp_path: Path
) -> None:
    given = tmp_path / "team.toml"
    given.write_text(COMMENTED, encoding="utf-8")
    app = replace(make_app(load_settings(given)), config_file=given)
    assert app.settings_file == given
    dialog = open_dialog(qtbot, app, runner)
    assert dialog.language.currentData() == "fr"
    type_into(qtbot, dialog.deadline_hours, "72")
    qtbot.keyClick(dialog.deadline_hours, Qt.Key.Key_Return)
    settle(qtbot, runner)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert load_settings(given).deadline_hours == 72
    assert not (desk_home / "config" / "desk.toml").exists(), "not the default file"


def test_escape_cancels_without_writing(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner, desk_home: Path
) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    type_into(qtbot, dialog.undo_seconds, "60")
    qtbot.keyClick(dialog.undo_seconds, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    settle(qtbot, runner)
    assert dialog.chosen is None
    assert not (desk_home / "config").exists()


def test_a_failed_save_is_shown_and_keeps_the_values(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the settings folder should be", encoding="utf-8")
    dialog = open_dialog(qtbot, make_app(Settings()), runner, blocker / "desk.toml")
    type_into(qtbot, dialog.deadline_hours, "24")
    qtbot.keyClick(dialog.deadline_hours, Qt.Key.Key_Return)
    settle(qtbot, runner)
    assert dialog.isVisible() and dialog.chosen is None
    assert "cannot be written" in dialog.problem.text()
    assert dialog.deadline_hours.value() == 24 and dialog.save_button.isEnabled()
    assert unnamed_controls(dialog) == []


def test_the_spin_boxes_keep_to_their_ranges(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner
) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    type_into(qtbot, dialog.undo_seconds, "1")
    qtbot.keyClick(dialog.undo_seconds, Qt.Key.Key_Down)
    assert dialog.undo_seconds.value() == 0 and dialog.undo_seconds.text() == "Send at once"
    for _ in range(3):
        qtbot.keyClick(dialog.threshold, Qt.Key.Key_PageUp)
    assert dialog.threshold.value() == 100
    for _ in range(6):
        qtbot.keyClick(dialog.threshold, Qt.Key.Key_PageDown)
    assert dialog.threshold.value() == 60
    qtbot.keyClick(dialog.deadline_hours, Qt.Key.Key_Down)
    assert dialog.deadline_hours.value() == 47
