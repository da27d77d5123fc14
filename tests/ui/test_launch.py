"""``desk`` on a computer never set up: the set-up, then the window, through the real entry point.

Each test runs ``desk.cli.run`` as the desktop shortcut does and plays the
person with a timer that acts on whatever top-level window Qt shows next.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from pytestqt.qtbot import QtBot

from desk.cli import run
from desk.config import load_settings
from desk.ui.account_dialog import AccountDialog
from desk.ui.first_start_dialog import FirstStartWizard
from desk.ui.main_window import MainWindow
from tests.support.password_team import PASSWORD, PasswordTeam, password_team

__all__ = ["password_team"]  # the fixture, used by name
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

Step = Callable[[list[QWidget]], bool]  # acts when it sees its window; True when done


@pytest.fixture(autouse=True)
def process_as_before(qapp: QApplication) -> Iterator[None]:
    """Undo what ``desk`` does once per process to the application, for the tests after these.

    A real ``desk`` process translates its one application for good; the test
    session shares it, and a French translator left installed would turn
    every later test's English into French.
    """
    locale, switch = QLocale(), sys.getswitchinterval()
    yield
    for translator in qapp.findChildren(QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()
    qapp.setProperty("desk_language", None)
    QLocale.setDefault(locale)
    sys.setswitchinterval(switch)


def play(steps: list[Step]) -> QTimer:
    """Run ``steps`` in order, each as soon as the windows it waits for are shown."""
    remaining = list(steps)
    timer = QTimer()
    timer.setInterval(20)

    def tick() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        if remaining and remaining[0](shown):
            remaining.pop(0)
        if not remaining:
            timer.stop()

    timer.timeout.connect(tick)
    timer.start()
    return timer


def first(kind: type, shown: list[QWidget]) -> QWidget | None:
    return next((w for w in shown if isinstance(w, kind)), None)


def test_the_first_start_alone_saves_then_opens_the_window_and_the_mailbox_set_up(
    qtbot: QtBot, desk_home: Path
) -> None:
    seen: dict[str, QWidget] = {}

    def choose_alone(shown: list[QWidget]) -> bool:
        wizard = first(FirstStartWizard, shown)
        if wizard is None:
            return False
        assert isinstance(wizard, FirstStartWizard) and wizard.choice.alone.isChecked()
        wizard.button(QWizard.WizardButton.FinishButton).click()
        return True

    def account_dialog_opens(shown: list[QWidget]) -> bool:
        dialog = first(AccountDialog, shown)
        window = first(MainWindow, shown)
        if dialog is None or window is None:
            return False
        seen["window"] = window
        dialog.close()  # the person sets the mailbox later
        return True

    def close_window(shown: list[QWidget]) -> bool:
        if first(AccountDialog, shown) is not None:
            return False
        seen["window"].close()
        return True

    driver = play([choose_alone, account_dialog_opens, close_window])
    assert run([]) == 0
    driver.stop()
    assert "window" in seen
    settings_file = desk_home / "config" / "desk.toml"
    assert load_settings(settings_file).db_url is None
    assert (desk_home / "data" / "desk.sqlite3").exists()


def test_cancelling_the_first_start_saves_nothing_and_asks_again_next_time(
    qtbot: QtBot, desk_home: Path
) -> None:
    def cancel(shown: list[QWidget]) -> bool:
        wizard = first(FirstStartWizard, shown)
        if wizard is None:
            return False
        wizard.reject()
        return True

    driver = play([cancel])
    assert run([]) == 0
    driver.stop()
    assert not (desk_home / "config" / "desk.toml").exists()
    assert not (desk_home / "data" / "desk.sqlite3").exists()


@pytest.mark.postgres
def test_joining_a_team_opens_the_window_on_the_teams_database_as_the_person(
    qtbot: QtBot, desk_home: Path, password_team: PasswordTeam
) -> None:
    seen: dict[str, object] = {}

    def join(shown: list[QWidget]) -> bool:
        wizard = first(FirstStartWizard, shown)
        if wizard is None:
            return False
        assert isinstance(wizard, FirstStartWizard)
        if wizard.currentPage() is wizard.choice:
            wizard.choice.team.click()
            wizard.next()
            page = wizard.team
            page.server.setText(f"127.0.0.1:{password_team.server.port}")
            page.database.setText(password_team.database)
            page.login.setText(password_team.member)
            page.password.setText(PASSWORD)
            page.check()
            return False
        if not wizard.team.isComplete():
            return False  # the check is running
        wizard.button(QWizard.WizardButton.FinishButton).click()
        return True

    def window_as_the_member(shown: list[QWidget]) -> bool:
        window = first(MainWindow, shown)
        if not isinstance(window, MainWindow) or not window.queue_loaded:
            return False
        seen["url"] = window.app.store.url
        seen["account_dialog"] = first(AccountDialog, shown)
        window.close()
        return True

    driver = play([join, window_as_the_member])
    assert run([]) == 0
    driver.stop()
    assert password_team.member in str(seen["url"])
    assert seen["account_dialog"] is None  # a team member is never asked for the mailbox
