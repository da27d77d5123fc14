"""The shared mailbox's set-up: its servers, folders and passwords, with "Test connection".

The dialog edits ``[account]`` of desk.toml (the keys
:func:`desk.mail.account.account_from_mapping` reads) and keeps the passwords
in the OS keyring, never in the file. Input is checked by the same function
the command line uses, so the dialog refuses exactly what ``desk sync`` would
refuse, with the same explanation. Everything that touches the network, the
keyring or the disk runs in a :class:`~desk.ui.tasks.TaskRunner` worker; the
dialog stays usable meanwhile and Cancel simply drops the answer.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import keyring
from keyring.errors import KeyringError, PasswordDeleteError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk.app import App
from desk.config import save_settings
from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import (
    ACCOUNT_KEYS,
    DEFAULT_PORTS,
    KEYRING_SERVICE,
    AccountConfig,
    Security,
    account_from_mapping,
    find_password,
    keyring_user,
    store_password,
)
from desk.mail.imap import probe
from desk.mail.smtp import SmtpConnection
from desk.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)
T = TypeVar("T")

TEST_TIMEOUT_S = 15.0
# Keys of [account] the dialog does not show but keeps as the user wrote them.
KEPT_KEYS = ("imap_ca_file", "smtp_ca_file", "password_env", "smtp_password_env")
# How many folder names the test result lists before "…".
SHOWN_FOLDERS = 6
MAX_RATE_LIMIT = 10_000


@dataclass(frozen=True)
class ConnectionReport:
    """What "Test connection" found, per server (a worker's answer: plain data).

    ``imap_folders`` is None when IMAP failed (``imap_error`` says why).
    ``smtp_error`` is None when SMTP worked or was not tested
    (``smtp_tested`` is False when no SMTP server is set).
    """

    imap_folders: tuple[str, ...] | None
    imap_error: DeskError | None
    smtp_tested: bool
    smtp_error: DeskError | None


@dataclass(frozen=True)
class StoredPasswords:
    """The passwords the keyring holds for an account (None: none kept), read in a worker."""

    imap: str | None
    smtp: str | None
    problem: DeskError | None = None


def _as_desk_error(exc: Exception, kind: str, config: AccountConfig) -> DeskError:
    """Any failure of a test as a DeskError, so the dialog has one way to explain it."""
    if isinstance(exc, DeskError):
        return exc
    endpoint = config.imap if kind == "IMAP" or config.smtp is None else config.smtp
    return DeskError(
        ErrorCode.SERVER_ERROR,
        kind=kind,
        server=endpoint.describe(),
        reason=str(exc) or type(exc).__name__,
    )


def check_connection(
    config: AccountConfig, imap_password: str, smtp_password: str | None
) -> ConnectionReport:
    """Log in to IMAP (listing the folders) and to SMTP, each on its own; runs in a worker."""
    folders: tuple[str, ...] | None = None
    imap_error = smtp_error = None
    try:
        folders = tuple(probe(config, imap_password, timeout=TEST_TIMEOUT_S))
    except Exception as exc:  # every failure is a result to show, not a crash
        imap_error = _as_desk_error(exc, "IMAP", config)
        log.info("connection test of %s: %s", config.name, imap_error)
    if config.smtp is not None:
        try:
            with SmtpConnection(config, smtp_password, timeout=TEST_TIMEOUT_S):
                pass
        except Exception as exc:  # idem
            smtp_error = _as_desk_error(exc, "SMTP", config)
            log.info("connection test of %s: %s", config.name, smtp_error)
    return ConnectionReport(folders, imap_error, config.smtp is not None, smtp_error)


def missing_folders(config: AccountConfig, on_server: Sequence[str]) -> list[str]:
    """The configured folders (synced, Sent, processed) the server does not have.

    IMAP names are case-sensitive except INBOX, which every server has in
    some case.
    """
    present = set(on_server)
    has_inbox = any(name.upper() == "INBOX" for name in on_server)
    wanted = [*config.folders, config.sent_folder]
    if config.processed_folder:
        wanted.append(config.processed_folder)
    missing: list[str] = []
    for name in wanted:
        found = has_inbox if name.upper() == "INBOX" else name in present
        if not found and name not in missing:
            missing.append(name)
    return missing


def read_passwords(name: str) -> StoredPasswords:
    """The account's IMAP and SMTP passwords from the keyring; runs in a worker."""
    found: dict[str, str | None] = {"imap": None, "smtp": None}
    for server in found:
        try:
            found[server] = find_password(name, server, None, {})
        except DeskError as exc:
            if exc.code is not ErrorCode.PASSWORD_MISSING:
                return StoredPasswords(None, None, exc)
    return StoredPasswords(found["imap"], found["smtp"])


def save_account(
    path: Path,
    values: Mapping[str, object],
    name: str,
    imap_password: str,
    smtp_password: str,
    forget_smtp_password: bool,
) -> None:
    """Keep the passwords in the keyring, then write ``[account]``; runs in a worker.

    The keyring comes first: when it fails, nothing at all was written and
    the dialog still holds everything the agent typed.
    """
    if imap_password:
        store_password(name, "imap", imap_password)
    if smtp_password:
        store_password(name, "smtp", smtp_password)
    elif forget_smtp_password:  # an emptied SMTP password means "the IMAP one"
        try:
            keyring.delete_password(KEYRING_SERVICE, keyring_user(name, "smtp"))
        except PasswordDeleteError:
            pass
        except KeyringError as exc:
            raise DeskError(ErrorCode.KEYRING_UNAVAILABLE, account=name, reason=str(exc)) from exc
    save_settings({"account": values}, path)


def _text(value: object) -> str:
    return "" if value is None else str(value)


class _ServerFields:
    """The widgets of one server (IMAP or SMTP) and the port that follows its security."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.host = QLineEdit()
        self.port = QLineEdit()
        self.security = QComboBox()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin = QLineEdit()
        self.port_typed = False
        for widget, part in (
            (self.host, "host"),
            (self.port, "port"),
            (self.security, "security"),
            (self.user, "user"),
            (self.password, "password"),
            (self.pin, "pin"),
        ):
            widget.setObjectName(f"{kind}_{part}")
        self.port.textEdited.connect(self._port_edited)
        self.security.currentIndexChanged.connect(self._security_changed)

    def chosen_security(self) -> Security:
        data = self.security.currentData()
        return Security(data) if data else Security.SSL

    def default_port(self) -> int:
        return DEFAULT_PORTS[(self.kind, self.chosen_security())]

    def _port_edited(self, text: str) -> None:
        # An emptied port follows the security again; a typed one stays as typed.
        self.port_typed = bool(text.strip())

    def _security_changed(self, _index: int) -> None:
        if not self.port_typed:
            self.port.setText(str(self.default_port()))

    def prefill(self, data: Mapping[str, object], default_security: Security) -> None:
        prefix = self.kind
        self.host.setText(_text(data.get(f"{prefix}_host")))
        self.user.setText(_text(data.get(f"{prefix}_user")))
        self.pin.setText(_text(data.get(f"{prefix}_pinned_sha256")))
        security = _text(data.get(f"{prefix}_security")).lower() or default_security.value
        index = self.security.findData(security)
        self.security.setCurrentIndex(index if index >= 0 else 0)
        port = _text(data.get(f"{prefix}_port"))
        self.port_typed = bool(port)
        self.port.setText(port or str(self.default_port()))

    def values(self) -> dict[str, object]:
        prefix = self.kind
        port = self.port.text().strip()
        return {
            f"{prefix}_host": self.host.text().strip(),
            f"{prefix}_port": port or None,
            f"{prefix}_security": self.chosen_security().value,
            f"{prefix}_user": self.user.text().strip(),
            f"{prefix}_pinned_sha256": self.pin.text().strip(),
        }


class AccountDialog(QDialog):
    """Set up the shared mailbox: fields, "Test connection", and Save (file + keyring).

    After the dialog is accepted, :attr:`saved_config` is the account as saved
    (the main window starts syncing with it) and :attr:`saved_values` the
    ``[account]`` keys written. :attr:`saved` carries the same config.
    """

    saved = Signal(object)  # AccountConfig, just before the dialog closes

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        config_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._runner = runner
        self._config_path = config_path or app.settings_file
        self._current = dict(app.settings.account)
        self._tasks: list[Task[Any]] = []
        self._testing: Task[ConnectionReport] | None = None
        self._saving: Task[None] | None = None
        self._stored_smtp_for: str | None = None  # the account whose SMTP password was read
        self._focus_result = False
        self.saved_config: AccountConfig | None = None
        self.saved_values: dict[str, object] | None = None

        self.setWindowTitle(self.tr("Shared mailbox"))
        self.setAccessibleName(self.tr("Shared mailbox set-up"))
        self.setAccessibleDescription(
            self.tr("The servers, folders and passwords Desk uses to read and answer the mailbox.")
        )
        self.imap = _ServerFields("imap")
        self.smtp = _ServerFields("smtp")
        self._build()
        self._prefill()
        self._read_stored_passwords()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("display_name")
        self.folders = QLineEdit()
        self.folders.setObjectName("folders")
        self.sent_folder = QLineEdit()
        self.sent_folder.setObjectName("sent_folder")
        self.processed_folder = QLineEdit()
        self.processed_folder.setObjectName("processed_folder")
        self.rate_limit = QSpinBox()
        self.rate_limit.setObjectName("rate_limit")
        self.rate_limit.setRange(0, MAX_RATE_LIMIT)
        self.rate_limit.setSpecialValueText(self.tr("No limit"))
        self.processed_folder.setPlaceholderText(self.tr("Optional"))
        self.address.setPlaceholderText(self.tr("contact@example.org"))

        mailbox = QGroupBox(self.tr("Mailbox"))
        form = QFormLayout(mailbox)
        self._row(
            form,
            self.tr("Account &name:"),
            self.name,
            self.tr("Account name"),
            self.tr("A short name for this mailbox; its passwords are kept under it."),
        )
        self._row(
            form,
            self.tr("Mailbox a&ddress:"),
            self.address,
            self.tr("Mailbox address"),
            self.tr("The shared address replies are sent from."),
        )
        self._row(
            form,
            self.tr("Display na&me:"),
            self.display_name,
            self.tr("Display name"),
            self.tr("The name recipients see beside the address (optional)."),
        )
        self._row(
            form,
            self.tr("&Folders to sync:"),
            self.folders,
            self.tr("Folders to sync"),
            self.tr("The server folders Desk reads, separated by commas."),
        )
        self._row(
            form,
            self.tr("S&ent folder:"),
            self.sent_folder,
            self.tr("Sent folder"),
            self.tr("The server folder where sent replies are filed."),
        )
        self._row(
            form,
            self.tr("&Processed folder:"),
            self.processed_folder,
            self.tr("Processed folder"),
            self.tr("Answered messages are moved to this folder (optional)."),
        )
        self._row(
            form,
            self.tr("Rate &limit (messages per minute):"),
            self.rate_limit,
            self.tr("Rate limit in messages per minute"),
            self.tr("The most replies sent in one minute; zero means no limit."),
        )

        servers = QHBoxLayout()
        servers.addWidget(self._server_box(self.imap))
        servers.addWidget(self._server_box(self.smtp))

        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.setObjectName("test_button")
        self.test_button.setAutoDefault(False)
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.test_button.setAccessibleDescription(
            self.tr("Log in to both servers with these settings, without saving them.")
        )
        self.test_button.clicked.connect(self.test)
        self.busy = QProgressBar()
        self.busy.setObjectName("busy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(self.tr("Working"))
        self.busy.setAccessibleDescription(self.tr("Desk is talking to the servers."))
        self.busy.hide()
        self.status = QLabel()
        self.status.setObjectName("status")
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.busy, 1)
        test_row.addWidget(self.status, 1)

        self.problem = self._result_label(
            "problem", self.tr("What needs fixing before the account can be used.")
        )
        self.imap_result = self._result_label(
            "imap_result", self.tr("What the incoming mail server answered to the test.")
        )
        self.smtp_result = self._result_label(
            "smtp_result", self.tr("What the outgoing mail server answered to the test.")
        )
        self.folder_warning = self._result_label(
            "folder_warning", self.tr("Configured folders the server does not have.")
        )

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save_button")
        self.save_button.setDefault(True)
        self.save_button.setAccessibleName(self.tr("Save"))
        self.save_button.setAccessibleDescription(
            self.tr("Check the settings, then keep them and the passwords.")
        )
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAccessibleDescription(self.tr("Close without saving anything."))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(mailbox)
        layout.addLayout(servers)
        layout.addLayout(test_row)
        for label in (self.problem, self.imap_result, self.smtp_result, self.folder_warning):
            layout.addWidget(label)
        layout.addWidget(self.buttons)

        order: list[QWidget] = [
            self.name,
            self.address,
            self.display_name,
            self.folders,
            self.sent_folder,
            self.processed_folder,
            self.rate_limit,
        ]
        for fields in (self.imap, self.smtp):
            order += [
                fields.host,
                fields.port,
                fields.security,
                fields.user,
                fields.password,
                fields.pin,
            ]
        order += [
            self.test_button,
            self.problem,
            self.imap_result,
            self.smtp_result,
            self.folder_warning,
            self.save_button,
            cancel,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _row(
        self, form: QFormLayout, text: str, field: QWidget, name: str, description: str
    ) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        field.setAccessibleName(name)
        field.setAccessibleDescription(description)
        form.addRow(label, field)

    def _server_box(self, fields: _ServerFields) -> QGroupBox:
        imap = fields.kind == "imap"
        box = QGroupBox(
            self.tr("Incoming mail (IMAP)") if imap else self.tr("Outgoing mail (SMTP)")
        )
        form = QFormLayout(box)
        for security, text in (
            (Security.SSL, self.tr("SSL/TLS")),
            (Security.STARTTLS, self.tr("STARTTLS")),
            (Security.NONE, self.tr("None (this computer only)")),
        ):
            fields.security.addItem(text, security.value)
        fields.pin.setPlaceholderText(self.tr("Optional: 64 hexadecimal digits"))
        if imap:
            rows = (
                (
                    self.tr("&Host:"),
                    fields.host,
                    self.tr("IMAP server"),
                    self.tr("The name or address of the incoming mail server."),
                ),
                (
                    self.tr("P&ort:"),
                    fields.port,
                    self.tr("IMAP port"),
                    self.tr(
                        "Follows the security unless you type one: 993 (SSL/TLS) or 143 (STARTTLS)."
                    ),
                ),
                (
                    self.tr("Securit&y:"),
                    fields.security,
                    self.tr("IMAP security"),
                    self.tr(
                        "How the connection is protected; no protection only towards this computer."
                    ),
                ),
                (
                    self.tr("&User:"),
                    fields.user,
                    self.tr("IMAP user"),
                    self.tr("The user name to log in to the incoming mail server."),
                ),
                (
                    self.tr("Pass&word:"),
                    fields.password,
                    self.tr("IMAP password"),
                    self.tr("Kept in the system keyring, never in the settings file."),
                ),
                (
                    self.tr("Certificate p&in:"),
                    fields.pin,
                    self.tr("IMAP certificate pin"),
                    self.tr(
                        "Accept exactly the certificate with this SHA-256 fingerprint (optional)."
                    ),
                ),
            )
        else:
            fields.host.setPlaceholderText(self.tr("Optional"))
            fields.password.setPlaceholderText(self.tr("Same as IMAP"))
            rows = (
                (
                    self.tr("Ser&ver:"),
                    fields.host,
                    self.tr("SMTP server"),
                    self.tr("The name or address of the outgoing mail server (optional)."),
                ),
                (
                    self.tr("Po&rt:"),
                    fields.port,
                    self.tr("SMTP port"),
                    self.tr(
                        "Follows the security unless you type one: 465 (SSL/TLS) or 587 (STARTTLS)."
                    ),
                ),
                (
                    self.tr("Se&curity:"),
                    fields.security,
                    self.tr("SMTP security"),
                    self.tr(
                        "How the connection is protected; no protection only towards this computer."
                    ),
                ),
                (
                    self.tr("U&ser:"),
                    fields.user,
                    self.tr("SMTP user"),
                    self.tr("The user name to log in to the outgoing server; empty: no login."),
                ),
                (
                    self.tr("P&assword:"),
                    fields.password,
                    self.tr("SMTP password"),
                    self.tr("Empty: the IMAP password is used. Kept in the system keyring."),
                ),
                (
                    self.tr("Certificate pi&n:"),
                    fields.pin,
                    self.tr("SMTP certificate pin"),
                    self.tr(
                        "Accept exactly the certificate with this SHA-256 fingerprint (optional)."
                    ),
                ),
            )
        for text, field, name, description in rows:
            self._row(form, text, field, name, description)
        # The drop-down list a screen reader meets when the combo box opens.
        fields.security.view().setAccessibleName(self.tr("Security choices"))
        fields.security.view().setAccessibleDescription(
            self.tr("SSL/TLS, STARTTLS, or no protection (this computer only).")
        )
        return box

    def _result_label(self, name: str, description: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        # Reachable and selectable from the keyboard: a fingerprint can be copied from here.
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        label.setAccessibleDescription(description)
        label.hide()
        return label

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setAccessibleName(text)  # a screen reader reads the result itself
        label.setVisible(bool(text))

    # ------------------------------------------------------------------ prefill
    def _prefill(self) -> None:
        data = self._current
        self.name.setText(_text(data.get("name")))
        self.address.setText(_text(data.get("address")))
        self.display_name.setText(_text(data.get("display_name")))
        folders = data.get("folders", ["INBOX"])
        if isinstance(folders, list | tuple):
            self.folders.setText(", ".join(str(folder) for folder in folders))
        else:
            self.folders.setText(_text(folders))
        self.sent_folder.setText(_text(data.get("sent_folder")) or "Sent")
        self.processed_folder.setText(_text(data.get("processed_folder")))
        rate = data.get("rate_limit_per_minute")
        if isinstance(rate, int) and not isinstance(rate, bool):
            self.rate_limit.setValue(rate)
        self.imap.prefill(data, Security.SSL)
        self.smtp.prefill(data, Security.STARTTLS)

    def _current_name(self) -> str | None:
        try:
            return account_from_mapping(self._current).name if self._current else None
        except DeskError:
            name = self._current.get("name")
            return name if isinstance(name, str) and name else None

    def _read_stored_passwords(self) -> None:
        name = self._current_name()
        if name is None:
            return
        self._start(
            self._runner.run(
                "read account passwords",
                read_passwords,
                name,
                on_done=lambda stored: self._passwords_read(name, stored),
                on_error=self._failed,
            )
        )

    def _passwords_read(self, name: str, stored: StoredPasswords) -> None:
        if stored.problem is not None:
            self._show(self.problem, stored.problem.describe())
            return
        # What the agent already typed wins over what the keyring had.
        if stored.imap and not self.imap.password.text():
            self.imap.password.setText(stored.imap)
        if stored.smtp:
            self._stored_smtp_for = name
            if not self.smtp.password.text():
                self.smtp.password.setText(stored.smtp)

    # ------------------------------------------------------------------ checking
    def form_values(self) -> dict[str, object]:
        """The ``[account]`` mapping the fields say (plus kept keys), before checking."""
        folders = [part.strip() for part in self.folders.text().split(",") if part.strip()]
        values: dict[str, object] = {
            key: self._current[key] for key in KEPT_KEYS if key in self._current
        }
        values.update(
            {
                "name": self.name.text().strip(),
                "address": self.address.text().strip(),
                "display_name": self.display_name.text().strip(),
                "folders": folders,
                "sent_folder": self.sent_folder.text().strip(),
                "processed_folder": self.processed_folder.text().strip(),
                "rate_limit_per_minute": self.rate_limit.value() or None,
                **self.imap.values(),
            }
        )
        if self.smtp.host.text().strip():
            values.update(self.smtp.values())
        return values

    def _checked(self) -> AccountConfig | None:
        """The account the fields describe, or None with the reason shown in the dialog."""
        try:
            config = account_from_mapping(self.form_values())
            if not self.address.text().strip():
                raise DeskError(
                    ErrorCode.ACCOUNT_INVALID,
                    account=config.name,
                    reason="the shared mailbox address is missing",
                )
        except DeskError as exc:
            self._show(self.problem, exc.describe())
            return None
        self._show(self.problem, "")
        return config

    def _passwords(self) -> tuple[str, str | None]:
        imap_password = self.imap.password.text()
        return imap_password, self.smtp.password.text() or imap_password

    # ------------------------------------------------------------------ test
    def test(self) -> None:
        """Check the fields, then log in to both servers in a worker and show what each said."""
        if self._testing is not None:
            return
        for label in (self.imap_result, self.smtp_result, self.folder_warning):
            self._show(label, "")
        config = self._checked()
        if config is None:
            return
        imap_password, smtp_password = self._passwords()
        if not imap_password:
            self._show(self.problem, self.tr("Type the IMAP password to test the connection."))
            self.imap.password.setFocus()
            return
        self._focus_result = self.test_button.hasFocus()
        self.test_button.setEnabled(False)
        self._set_busy(self.tr("Testing the connection…"))
        self._testing = self._start(
            self._runner.run(
                "test account connection",
                check_connection,
                config,
                imap_password,
                smtp_password,
                on_done=lambda report: self._tested(config, report),
                on_error=self._test_failed,
            )
        )

    def _tested(self, config: AccountConfig, report: ConnectionReport) -> None:
        self._testing = None
        self.test_button.setEnabled(True)
        self._set_busy("")
        if report.imap_folders is not None:
            names = list(report.imap_folders[:SHOWN_FOLDERS])
            if len(report.imap_folders) > SHOWN_FOLDERS:
                names.append("…")
            self._show(
                self.imap_result,
                self.tr("IMAP: connected. Folders on the server ({count}): {names}.").format(
                    count=len(report.imap_folders), names=", ".join(names)
                ),
            )
            missing = missing_folders(config, report.imap_folders)
            if missing:
                self._show(
                    self.folder_warning,
                    self.tr(
                        "Warning: these folders do not exist on the server: {folders}. "
                        "Create them or correct their names."
                    ).format(folders=", ".join(missing)),
                )
        elif report.imap_error is not None:
            self._show(
                self.imap_result,
                self.tr("IMAP failed: {reason}").format(reason=report.imap_error.describe()),
            )
        if not report.smtp_tested:
            self._show(self.smtp_result, self.tr("SMTP: no server set, so no replies can be sent."))
        elif report.smtp_error is None:
            self._show(self.smtp_result, self.tr("SMTP: connected."))
        else:
            self._show(
                self.smtp_result,
                self.tr("SMTP failed: {reason}").format(reason=report.smtp_error.describe()),
            )
        if self._focus_result:
            self.imap_result.setFocus()

    def _test_failed(self, exc: BaseException) -> None:
        self._testing = None
        self.test_button.setEnabled(True)
        self._set_busy("")
        self._failed(exc)

    # ------------------------------------------------------------------ save
    def save(self) -> None:
        """Check the fields, keep the passwords and ``[account]`` (in a worker), then close."""
        if self._saving is not None:
            return
        config = self._checked()
        if config is None:
            return
        imap_password, _ = self._passwords()
        if not imap_password and not config.password_env:
            self._show(
                self.problem,
                self.tr("Type the IMAP password: Desk keeps it in the system keyring."),
            )
            self.imap.password.setFocus()
            return
        values = self.values_to_save(config)
        forget_smtp = self._stored_smtp_for == config.name and not self.smtp.password.text()
        self.save_button.setEnabled(False)
        self._set_busy(self.tr("Saving…"))
        self._saving = self._start(
            self._runner.run(
                "save account",
                save_account,
                self._config_path,
                values,
                config.name,
                imap_password,
                self.smtp.password.text(),
                forget_smtp,
                on_done=lambda _none: self._saved(config, values),
                on_error=self._save_failed,
            )
        )

    def values_to_save(self, config: AccountConfig) -> dict[str, object]:
        """``[account]`` as written: every key the checked config needs, None for the others.

        Written from the checked config (ports as numbers, fingerprints
        normalised), so the file loads back into exactly this account. Keys
        the dialog does not show (CA files, password variables) are kept;
        stale ones (an emptied field, an unknown key) are removed.
        """
        smtp = config.smtp
        values: dict[str, object] = {
            "name": config.name,
            "address": config.address,
            "display_name": config.display_name or None,
            "imap_host": config.imap.host,
            "imap_port": config.imap.port,
            "imap_security": config.imap.security.value,
            "imap_user": config.imap.user or None,
            "imap_pinned_sha256": config.imap.pinned_sha256,
        }
        if smtp is not None:
            values.update(
                {
                    "smtp_host": smtp.host,
                    "smtp_port": smtp.port,
                    "smtp_security": smtp.security.value,
                    "smtp_user": smtp.user or None,
                    "smtp_pinned_sha256": smtp.pinned_sha256,
                }
            )
        values.update(
            {
                "folders": list(config.folders),
                "sent_folder": config.sent_folder,
                "processed_folder": config.processed_folder,
                "rate_limit_per_minute": config.rate_limit_per_minute,
            }
        )
        for key in sorted(ACCOUNT_KEYS | set(self._current)):
            if key not in values:
                values[key] = self._current.get(key) if key in KEPT_KEYS else None
        return values

    def _saved(self, config: AccountConfig, values: dict[str, object]) -> None:
        self._saving = None
        self._set_busy("")
        self.saved_config = config
        self.saved_values = values
        self.saved.emit(config)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = None
        self.save_button.setEnabled(True)
        self._set_busy("")
        self._failed(exc)

    # ------------------------------------------------------------------ plumbing
    def _start(self, task: Task[T]) -> Task[T]:
        self._tasks = [pending for pending in self._tasks if not pending.finished]
        self._tasks.append(task)
        return task

    def _set_busy(self, text: str) -> None:
        """Show the busy bar with ``text`` beside it; an empty text hides both."""
        self.busy.setVisible(bool(text))
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        text = exc.describe() if isinstance(exc, DeskError) else str(exc) or type(exc).__name__
        self._show(self.problem, text)

    def done(self, result: int) -> None:
        """Close; answers still on their way (a test, a keyring read) are dropped unread."""
        for task in self._tasks:
            task.discard()
        self._tasks = []
        self._testing = self._saving = None
        super().done(result)
