"""What the account dialog says: plain text from the server, one account-aware sentence per failure.

Items 13 and 15 of issue 16: a folder name the server chose is shown as written,
and failures are told in the window's language (never the core's English
``describe()``), naming the account the dialog edits where it matters.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTranslator
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.config import AppDirs, Settings
from desk.core.errors import DeskError, ErrorCode
from desk.store.database import Store
from desk.ui.account_dialog import AccountDialog
from desk.ui.account_reports import account_error_text, connection_texts
from desk.ui.error_text import error_sentence
from desk.ui.tasks import TaskRunner
from desk.workbench.accounts import ConnectionReport, checked_account
from tests.ui.conftest import settle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

HOSTILE = '<img src="/some/local/file.png"> <b>x</b> &amp;'
LOCAL = {
    "name": "scolarite",
    "address": "contact@example-edu.fr",
    "imap_host": "127.0.0.1",
    "imap_security": "none",
}


@pytest.fixture
def app(empty_store: Store) -> App:
    """The app over an empty store, with default settings."""
    return App(settings=Settings(), dirs=AppDirs.discover(), store=empty_store)


def test_folder_names_from_the_server_are_shown_as_written(
    qtbot: QtBot, app: App, runner: TaskRunner
) -> None:
    dialog = AccountDialog(app, runner)
    qtbot.addWidget(dialog)
    settle(qtbot, runner)
    config = checked_account({**LOCAL, "folders": [HOSTILE]})
    dialog._tested(config, ConnectionReport(("INBOX", HOSTILE), None, False, None))
    for label in (dialog.imap_result, dialog.folder_warning, dialog.problem):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in dialog.imap_result.text()
    assert "do not exist on the server: Sent." in dialog.folder_warning.text()

    dialog._failed(DeskError(ErrorCode.SERVER_ERROR, kind="IMAP", server="x", reason=HOSTILE))
    assert HOSTILE in dialog.problem.text()


def test_a_refused_login_and_a_broken_keyring_name_the_account() -> None:
    refused = DeskError(
        ErrorCode.LOGIN_FAILED,
        kind="IMAP",
        server="127.0.0.1:143",
        user="contact",
        account="scolarite",
        reason=b"Authentication failed.",
    )
    assert account_error_text(refused) == (
        "The IMAP server 127.0.0.1:143 refused the login of contact for the account "
        "scolarite: Authentication failed.. Check the user name and password."
    )
    keyring = DeskError(ErrorCode.KEYRING_UNAVAILABLE, account="scolarite", reason="no backend")
    assert account_error_text(keyring) == (
        "The system keyring cannot be used for the account scolarite (no backend)."
    )
    assert "--password-env" not in account_error_text(keyring)  # advice for the command line


def test_an_unreachable_server_during_a_test_is_not_working_offline() -> None:
    gone = DeskError(
        ErrorCode.SERVER_UNREACHABLE,
        kind="SMTP",
        server="127.0.0.1:2525",
        account="scolarite",
        reason="connection refused",
    )
    config = checked_account(LOCAL)
    texts = connection_texts(config, ConnectionReport(None, gone, True, gone))
    assert texts.imap == "IMAP failed: The SMTP server 127.0.0.1:2525 cannot be reached " + (
        "(connection refused)."
    )
    assert "offline" not in texts.smtp


def test_other_failures_are_told_by_the_shared_presenter(french: list[QTranslator]) -> None:
    invalid = DeskError(ErrorCode.ACCOUNT_INVALID, account="scolarite", reason="no folder to sync")
    assert account_error_text(invalid) == error_sentence(invalid)
    assert account_error_text(invalid) != invalid.describe()  # French, not the core's English
    assert "scolarite" in account_error_text(invalid)
    assert "no folder to sync" in account_error_text(invalid)  # the detail, as it was said


def test_bad_input_is_explained_in_french_in_a_french_window(
    qtbot: QtBot, app: App, runner: TaskRunner, french: list[QTranslator]
) -> None:
    dialog = AccountDialog(app, runner)
    qtbot.addWidget(dialog)
    settle(qtbot, runner)
    dialog.name.setText("scolarite")
    dialog.address.setText("contact")
    dialog.imap.host.setText("imap.example-edu.fr")
    dialog.imap.password.setText("secret")
    dialog.save()
    text = dialog.problem.text()
    assert "scolarite" in text and "is not an email address" in text  # the detail as said
    assert not text.startswith("The account")  # the sentence around it is French
