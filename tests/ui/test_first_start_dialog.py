"""The first start's set-up, driven as a person would: alone, or joining a team checked for real."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desk.config import load_settings
from desk.ui.first_start_dialog import TEAM_PAGE, FirstStartWizard
from desk.ui.tasks import TaskRunner
from tests.support.password_team import PASSWORD, PasswordTeam, password_team
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle

__all__ = ["password_team"]  # the fixture, used by name
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_wizard(qtbot: QtBot, runner: TaskRunner, settings_path: Path) -> FirstStartWizard:
    wizard = FirstStartWizard(runner, settings_path, settings_path.parent / "data")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def finish(wizard: FirstStartWizard) -> None:
    wizard.button(QWizard.WizardButton.FinishButton).click()


def to_team_page(qtbot: QtBot, wizard: FirstStartWizard) -> None:
    wizard.choice.team.click()
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == TEAM_PAGE


def fill(qtbot: QtBot, wizard: FirstStartWizard, team: PasswordTeam, password: str) -> None:
    page = wizard.team
    for field, value in (
        (page.server, f"127.0.0.1:{team.server.port}"),
        (page.database, team.database),
        (page.login, team.member),
        (page.password, password),
    ):
        field.selectAll()
        qtbot.keyClicks(field, value)  # typed: textEdited fires as it does for a person


def test_alone_is_the_default_and_finish_writes_the_settings(
    qtbot: QtBot, runner: TaskRunner, desk_home: Path
) -> None:
    path = desk_home / "config" / "desk.toml"
    wizard = open_wizard(qtbot, runner, path)
    assert wizard.choice.alone.isChecked()
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    assert unnamed_controls(wizard) == []
    with qtbot.waitSignal(wizard.accepted):
        finish(wizard)
    assert wizard.works_alone and wizard.settings is not None
    assert wizard.settings.db_url is None
    assert path.exists()


def test_cancel_writes_nothing(qtbot: QtBot, runner: TaskRunner, desk_home: Path) -> None:
    path = desk_home / "config" / "desk.toml"
    wizard = open_wizard(qtbot, runner, path)
    with qtbot.waitSignal(wizard.rejected):
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not path.exists() and wizard.settings is None


def test_a_settings_file_that_cannot_be_written_is_said_and_the_set_up_stays_open(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    wizard = open_wizard(qtbot, runner, blocker / "desk.toml")
    finish(wizard)
    settle(qtbot, runner)
    assert wizard.isVisible() and wizard.settings is None
    assert "cannot be written" in wizard.choice.problem.text()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_a_server_that_is_not_one_is_said_before_connecting(
    qtbot: QtBot, runner: TaskRunner, desk_home: Path
) -> None:
    wizard = open_wizard(qtbot, runner, desk_home / "config" / "desk.toml")
    to_team_page(qtbot, wizard)
    qtbot.keyClicks(wizard.team.server, "db:port")
    wizard.team.check_button.click()
    assert not runner.pending
    assert "name:port" in wizard.team.problem.text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


@pytest.mark.postgres
def test_a_team_is_joined_only_after_a_check_that_passed_on_what_is_typed(
    qtbot: QtBot, runner: TaskRunner, desk_home: Path, password_team: PasswordTeam
) -> None:
    path = desk_home / "config" / "desk.toml"
    wizard = open_wizard(qtbot, runner, path)
    to_team_page(qtbot, wizard)
    finish_button = wizard.button(QWizard.WizardButton.FinishButton)
    assert unnamed_controls(wizard.team) == []

    fill(qtbot, wizard, password_team, "wrong")
    assert not finish_button.isEnabled()
    wizard.team.check_button.click()
    settle(qtbot, runner)
    assert "refused the login" in wizard.team.problem.text()
    assert not finish_button.isEnabled()

    wizard.team.password.selectAll()
    qtbot.keyClicks(wizard.team.password, PASSWORD)
    wizard.team.check_button.click()
    settle(qtbot, runner)
    assert wizard.team.problem.isHidden()
    assert password_team.member in wizard.team.result.text()
    assert finish_button.isEnabled()

    qtbot.keyClicks(wizard.team.login, "x")  # a changed field needs a new check
    assert not finish_button.isEnabled()
    wizard.team.login.backspace()
    wizard.team.login.textEdited.emit(wizard.team.login.text())
    wizard.team.check_button.click()
    settle(qtbot, runner)
    assert finish_button.isEnabled()

    with qtbot.waitSignal(wizard.accepted):
        finish(wizard)
    assert not wizard.works_alone
    settings = load_settings(path)
    assert settings.db_url is not None and password_team.member in settings.db_url
    assert dict(settings.account)["name"] == "scolarite"
    assert PASSWORD not in path.read_text(encoding="utf-8")
