"""Tools > Acknowledgements and services…: the team lead's settings, checked, saved, refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL

from desk.replies.acks import DEFAULT_TEXTS, read_ack_settings
from desk.replies.handoffs import Service, read_services
from desk.store.database import Store, open_store
from desk.ui.notices_dialog import NoticesDialog
from desk.ui.tasks import TaskRunner
from tests.support.password_team import PASSWORD, PasswordTeam, password_team
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle

__all__ = ["password_team"]  # the fixture, used by name


@pytest.fixture
def dialog(qtbot: QtBot, runner: TaskRunner, empty_store: Store) -> Iterator[NoticesDialog]:
    opened = NoticesDialog(empty_store.sessions, runner, "scolarite")
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(opened.save_button.isEnabled, timeout=20_000)
    yield opened
    settle(qtbot, runner)


def test_the_settings_are_shown_changed_and_saved(
    qtbot: QtBot, dialog: NoticesDialog, empty_store: Store
) -> None:
    assert not dialog.enabled.isChecked() and dialog.period.value() == 24
    assert dialog.zone.text() == "Europe/Paris"
    assert dialog.text.toPlainText() == DEFAULT_TEXTS["fr"]
    assert unnamed_controls(dialog) == []
    dialog.enabled.setChecked(True)
    dialog.updates.setChecked(False)
    dialog.period.setValue(12)
    dialog.text.setPlainText("{salutation}, bien reçu ; réponse {réponse_prévue}.")
    dialog.which.setCurrentIndex(1)  # English: left as the default
    dialog.add_service(Service("Examens", "examens@example-edu.fr", 72))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.save_button.click()
    with empty_store.sessions() as session:
        acks = read_ack_settings(session, "scolarite")
        services = read_services(session)
    assert acks.enabled and not acks.updates and acks.period_hours == 12
    assert acks.texts == {"fr": "{salutation}, bien reçu ; réponse {réponse_prévue}."}
    assert services == [Service("Examens", "examens@example-edu.fr", 72)]


def test_restore_puts_the_default_back(dialog: NoticesDialog) -> None:
    dialog.text.setPlainText("Autre chose {salutation}")
    dialog.restore.click()
    assert dialog.text.toPlainText() == DEFAULT_TEXTS["fr"]
    assert dialog.chosen()[0].texts == {}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.zone.setText("Mars/Olympus"), "not a known time zone"),
        (lambda d: d.text.setPlainText("Bonjour {inconnu}"), "unknown"),
        (
            lambda d: (
                d.add_service(Service("X", "x@example.org"))
                or d.services.item(0, 1).setText("pas une adresse")
            ),
            "not an email address",
        ),
        (
            lambda d: (
                d.add_service(Service("X", "x@example.org"))
                or d.services.item(0, 2).setText("deux")
            ),
            "number of hours",
        ),
    ],
    ids=["zone", "placeholder", "address", "delay"],
)
def test_bad_input_is_said_and_nothing_is_saved(
    qtbot: QtBot, dialog: NoticesDialog, empty_store: Store, change: object, words: str
) -> None:
    change(dialog)  # type: ignore[operator]
    dialog.save_button.click()
    assert words in dialog.problem.text() and dialog.isVisible()
    with empty_store.sessions() as session:
        assert not read_ack_settings(session, "scolarite").enabled and not read_services(session)


@pytest.mark.postgres
def test_an_agent_is_told_only_team_leads_may(
    qtbot: QtBot, runner: TaskRunner, password_team: PasswordTeam, tmp_path: Path
) -> None:
    url = URL.create(
        "postgresql+psycopg", username=password_team.member, password=PASSWORD,
        host="127.0.0.1", port=password_team.server.port, database=password_team.database,
    ).render_as_string(hide_password=False)  # fmt: skip
    store = open_store(url)
    try:
        opened = NoticesDialog(store.sessions, runner, "scolarite")
        qtbot.addWidget(opened)
        opened.show()
        qtbot.waitUntil(opened.save_button.isEnabled, timeout=20_000)
        opened.enabled.setChecked(True)
        opened.save_button.click()
        qtbot.waitUntil(opened.problem.isVisible, timeout=20_000)
        assert "only team leads" in opened.problem.text()
        assert opened.result() != QDialog.DialogCode.Accepted
        settle(qtbot, runner)
    finally:
        store.close()
