"""The shared mailbox's set-up dialog, driven from the keyboard against the real peers."""

from __future__ import annotations

import shutil
import ssl
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QWidget
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.config import AppDirs, Settings, load_settings
from desk.mail.account import (
    AccountConfig,
    Endpoint,
    Security,
    account_from_mapping,
    store_password,
)
from desk.mail.tls import fingerprint
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from desk.ui.account_dialog import AccountDialog
from desk.ui.tasks import TaskRunner
from tests.conftest import MemoryKeyring
from tests.support.dovecot import ImapAccount, free_port
from tests.support.smtp import SmtpServer
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle

# The offscreen platform (no display) cannot pass a window's size limits on; that is not ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PIN = "AB:" * 31 + "AB"  # as an admin would paste it; saved as 64 lower-case hex digits


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


def open_dialog(qtbot: QtBot, app: App, runner: TaskRunner) -> AccountDialog:
    dialog = AccountDialog(app, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle(qtbot, runner)  # the keyring read
    return dialog


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key (QTest knows ASCII keys only: "é" goes as a key with that text)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Select what the field holds and type over it, as a user would."""
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(qtbot, widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)


def choose(qtbot: QtBot, combo: QComboBox, data: str) -> None:
    """Pick the entry holding ``data`` with the arrow keys."""
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def fill(
    qtbot: QtBot,
    dialog: AccountDialog,
    mailbox: ImapAccount,
    smtp: SmtpServer | None = None,
    *,
    password: str | None = None,
    imap_port: int | None = None,
    folders: str = "INBOX",
) -> None:
    """Type the test peers' settings into the dialog (no TLS: both are on 127.0.0.1)."""
    type_into(qtbot, dialog.name, "scolarite")
    type_into(qtbot, dialog.address, "contact@example-edu.fr")
    type_into(qtbot, dialog.folders, folders)
    type_into(qtbot, dialog.imap.host, "127.0.0.1")
    choose(qtbot, dialog.imap.security, "none")
    type_into(qtbot, dialog.imap.port, str(imap_port or mailbox.port))
    type_into(qtbot, dialog.imap.user, mailbox.user)
    type_into(qtbot, dialog.imap.password, mailbox.password if password is None else password)
    if smtp is not None:
        type_into(qtbot, dialog.smtp.host, "127.0.0.1")
        choose(qtbot, dialog.smtp.security, "none")
        type_into(qtbot, dialog.smtp.port, str(smtp.port))


def press(qtbot: QtBot, button: QWidget) -> None:
    qtbot.keyClick(button, Qt.Key.Key_Space)


def test_connection_succeeds_against_the_real_servers(
    qtbot: QtBot,
    make_app: MakeApp,
    runner: TaskRunner,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
) -> None:
    with imap_account.session() as client:
        client.create("Sent")
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    fill(qtbot, dialog, imap_account, smtp_server)
    press(qtbot, dialog.test_button)
    # Busy while the worker talks to the servers; the form stays editable.
    assert not dialog.test_button.isEnabled()
    assert dialog.busy.isVisible()
    assert dialog.name.isEnabled()
    settle(qtbot, runner)
    assert dialog.test_button.isEnabled() and not dialog.busy.isVisible()
    assert dialog.imap_result.text().startswith("IMAP: connected.")
    assert "INBOX" in dialog.imap_result.text() and "Sent" in dialog.imap_result.text()
    assert dialog.smtp_result.text() == "SMTP: connected."
    assert dialog.folder_warning.isHidden() and dialog.problem.isHidden()
    assert smtp_server.connections >= 1
    assert unnamed_controls(dialog) == []
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.isVisible()


def test_a_wrong_password_names_the_account(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner, imap_account: ImapAccount
) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    fill(qtbot, dialog, imap_account, password="not-the-password")
    press(qtbot, dialog.test_button)
    settle(qtbot, runner)
    text = dialog.imap_result.text()
    assert text.startswith("IMAP failed:")
    assert "refused the login" in text and "scolarite" in text and imap_account.user in text
    assert dialog.smtp_result.text() == "SMTP: no server set, so no replies can be sent."
    assert unnamed_controls(dialog) == []


def test_a_closed_port_says_unreachable(
    qtbot: QtBot,
    make_app: MakeApp,
    runner: TaskRunner,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
) -> None:
    closed = free_port(avoid={imap_account.port, imap_account.ssl_port, smtp_server.port})
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    fill(qtbot, dialog, imap_account, smtp_server, imap_port=closed)
    press(qtbot, dialog.test_button)
    settle(qtbot, runner)
    assert "cannot be reached" in dialog.imap_result.text()
    assert f"127.0.0.1:{closed}" in dialog.imap_result.text()
    assert dialog.smtp_result.text() == "SMTP: connected."  # each server on its own


def test_a_refused_certificate_shows_what_to_pin(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner, imap_account: ImapAccount
) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    fill(qtbot, dialog, imap_account)
    choose(qtbot, dialog.imap.security, "ssl")
    type_into(qtbot, dialog.imap.port, str(imap_account.ssl_port))
    press(qtbot, dialog.test_button)
    settle(qtbot, runner)
    presented = fingerprint(ssl.PEM_cert_to_DER_cert(imap_account.cert_path.read_text()))
    assert "refused" in dialog.imap_result.text()
    assert presented in dialog.imap_result.text()


def test_no_tls_to_a_remote_host_is_refused_before_connecting(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner
) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    type_into(qtbot, dialog.name, "scolarite")
    type_into(qtbot, dialog.address, "contact@example-edu.fr")
    type_into(qtbot, dialog.imap.host, "imap.example-edu.fr")
    choose(qtbot, dialog.imap.security, "none")
    type_into(qtbot, dialog.imap.password, "secret")
    press(qtbot, dialog.test_button)
    assert runner.pending == []  # no worker, no connection
    assert "IMAP without TLS is only allowed towards this machine" in dialog.problem.text()
    assert dialog.imap_result.isHidden() and dialog.test_button.isEnabled()
    assert unnamed_controls(dialog) == []


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        ("imap_port", "70000", "IMAP port 70000 is not between 1 and 65535"),
        ("imap_port", "imap", "imap_port must be a whole number"),
        ("address", "", "the shared mailbox address is missing"),
        ("address", "contact", "is not an email address"),
        ("folders", " , ", "no folder to sync"),
        ("imap_pin", "12:34", "is not a SHA-256 fingerprint"),
    ],
)
def test_bad_input_is_explained_and_kept(
    qtbot: QtBot,
    make_app: MakeApp,
    runner: TaskRunner,
    desk_home: Path,
    field: str,
    text: str,
    words: str,
) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    type_into(qtbot, dialog.name, "scolarite")
    type_into(qtbot, dialog.address, "contact@example-edu.fr")
    type_into(qtbot, dialog.imap.host, "imap.example-edu.fr")
    type_into(qtbot, dialog.imap.password, "secret")
    widget = dialog.findChild(QWidget, field)
    assert widget is not None
    type_into(qtbot, widget, text)
    for button in (dialog.test_button, dialog.save_button):
        press(qtbot, button)
        assert runner.pending == []
        assert words in dialog.problem.text()
        assert dialog.isVisible()
    assert dialog.imap.host.text() == "imap.example-edu.fr"  # nothing the agent typed is lost
    assert not (desk_home / "config" / "desk.toml").exists()


def test_a_missing_folder_is_a_warning(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner, imap_account: ImapAccount
) -> None:
    with imap_account.session() as client:
        client.create("Archives")
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    fill(qtbot, dialog, imap_account, folders="INBOX, Archives, Parents")
    type_into(qtbot, dialog.processed_folder, "Traités")
    press(qtbot, dialog.test_button)
    settle(qtbot, runner)
    assert dialog.imap_result.text().startswith("IMAP: connected.")
    warning = dialog.folder_warning.text()
    assert "do not exist on the server: Parents, Sent, Traités." in warning
    assert "Archives" not in warning and "INBOX" not in warning
    assert unnamed_controls(dialog) == []


def test_save_writes_the_file_and_the_keyring(
    qtbot: QtBot,
    make_app: MakeApp,
    runner: TaskRunner,
    memory_keyring: MemoryKeyring,
) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    type_into(qtbot, dialog.name, "scolarite")
    type_into(qtbot, dialog.address, "contact@example-edu.fr")
    type_into(qtbot, dialog.display_name, "Service scolarité")
    type_into(qtbot, dialog.folders, "INBOX, Parents")
    type_into(qtbot, dialog.sent_folder, "Envoyés")
    type_into(qtbot, dialog.processed_folder, "Traités")
    type_into(qtbot, dialog.rate_limit, "30")
    type_into(qtbot, dialog.imap.host, "imap.example-edu.fr")
    type_into(qtbot, dialog.imap.user, "contact")
    type_into(qtbot, dialog.imap.password, "imap-secret")
    type_into(qtbot, dialog.imap.pin, PIN)
    type_into(qtbot, dialog.smtp.host, "smtp.example-edu.fr")
    choose(qtbot, dialog.smtp.security, "ssl")
    type_into(qtbot, dialog.smtp.user, "contact")
    type_into(qtbot, dialog.smtp.password, "smtp-secret")
    qtbot.keyClick(dialog.smtp.password, Qt.Key.Key_Return)  # Save is the default button
    settle(qtbot, runner)

    assert dialog.result() == QDialog.DialogCode.Accepted
    expected = AccountConfig(
        name="scolarite",
        address="contact@example-edu.fr",
        display_name="Service scolarité",
        imap=Endpoint("imap.example-edu.fr", 993, Security.SSL, "contact", "ab" * 32),
        smtp=Endpoint("smtp.example-edu.fr", 465, Security.SSL, "contact"),
        folders=("INBOX", "Parents"),
        sent_folder="Envoyés",
        processed_folder="Traités",
        rate_limit_per_minute=30,
    )
    assert dialog.saved_config == expected and saved == [expected]
    written = dict(load_settings().account)
    assert account_from_mapping(written) == expected
    assert written["imap_port"] == 993 and written["folders"] == ["INBOX", "Parents"]
    assert memory_keyring.store == {
        ("desk", "scolarite:imap"): "imap-secret",
        ("desk", "scolarite:smtp"): "smtp-secret",
    }


def test_the_dialog_opens_on_the_saved_account(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    account = {
        "name": "scolarite",
        "address": "contact@example-edu.fr",
        "imap_host": "imap.example-edu.fr",
        "imap_security": "starttls",
        "imap_user": "contact",
        "imap_ca_file": "/etc/ssl/corporate.pem",
        "smtp_host": "smtp.example-edu.fr",
        "smtp_port": 2525,
        "folders": ["INBOX", "Parents"],
        "rate_limit_per_minute": 20,
    }
    store_password("scolarite", "imap", "imap-secret")
    store_password("scolarite", "smtp", "smtp-secret")
    dialog = open_dialog(qtbot, make_app(Settings(account=tuple(account.items()))), runner)
    assert dialog.name.text() == "scolarite"
    assert dialog.folders.text() == "INBOX, Parents"
    assert dialog.sent_folder.text() == "Sent"
    assert dialog.rate_limit.value() == 20
    assert (dialog.imap.security.currentData(), dialog.imap.port.text()) == ("starttls", "143")
    assert (dialog.smtp.security.currentData(), dialog.smtp.port.text()) == ("starttls", "2525")
    assert dialog.imap.password.text() == "imap-secret"
    assert dialog.smtp.password.text() == "smtp-secret"

    # Ports follow the security until the agent types one.
    choose(qtbot, dialog.imap.security, "ssl")
    assert dialog.imap.port.text() == "993"
    choose(qtbot, dialog.smtp.security, "ssl")
    assert dialog.smtp.port.text() == "2525"  # typed (in the file): kept
    type_into(qtbot, dialog.smtp.port, "")
    choose(qtbot, dialog.smtp.security, "starttls")
    assert dialog.smtp.port.text() == "587"

    # Emptying the SMTP password means "use the IMAP one": the stored one goes.
    type_into(qtbot, dialog.smtp.password, "")
    qtbot.keyClick(dialog.smtp.password, Qt.Key.Key_Return)
    settle(qtbot, runner)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert memory_keyring.store == {("desk", "scolarite:imap"): "imap-secret"}
    written = dict(load_settings().account)
    assert written["imap_ca_file"] == "/etc/ssl/corporate.pem"  # a key the dialog does not show
    assert dialog.saved_config == account_from_mapping(written)
    assert dialog.saved_config is not None and dialog.saved_config.imap.port == 993


def test_escape_cancels_without_writing(
    qtbot: QtBot,
    make_app: MakeApp,
    runner: TaskRunner,
    desk_home: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    type_into(qtbot, dialog.name, "scolarite")
    type_into(qtbot, dialog.imap.host, "imap.example-edu.fr")
    type_into(qtbot, dialog.imap.password, "secret")
    qtbot.keyClick(dialog.imap.password, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    settle(qtbot, runner)
    assert dialog.saved_config is None
    assert not (desk_home / "config" / "desk.toml").exists()
    assert memory_keyring.store == {}


def test_cancel_during_a_test_drops_the_answer(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner, imap_account: ImapAccount
) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    fill(qtbot, dialog, imap_account)
    press(qtbot, dialog.test_button)
    assert len(runner.pending) == 1
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    settle(qtbot, runner)
    assert dialog.imap_result.text() == "" and dialog.smtp_result.text() == ""


def test_a_broken_keyring_is_explained_and_nothing_is_lost(
    qtbot: QtBot, make_app: MakeApp, runner: TaskRunner, desk_home: Path
) -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse memory keyring fixture restores it
    account = {"name": "scolarite", "imap_host": "imap.example-edu.fr"}
    dialog = open_dialog(qtbot, make_app(Settings(account=tuple(account.items()))), runner)
    assert "keyring cannot be used" in dialog.problem.text()  # reading the passwords
    type_into(qtbot, dialog.address, "contact@example-edu.fr")
    type_into(qtbot, dialog.imap.password, "secret")
    press(qtbot, dialog.save_button)
    settle(qtbot, runner)
    assert "keyring cannot be used for the account scolarite" in dialog.problem.text()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert dialog.imap.password.text() == "secret"
    assert not (desk_home / "config" / "desk.toml").exists()


def test_every_control_is_named(qtbot: QtBot, make_app: MakeApp, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, make_app(Settings()), runner)
    assert unnamed_controls(dialog) == []
