"""The shared mailbox's set-up: its servers, folders and passwords, with "Test connection".

The dialog edits ``[account]`` of desk.toml (the keys
:func:`desk.mail.account.account_from_mapping` reads) and keeps the passwords
in the OS keyring, never in the file. Input is checked by the same function
the command line uses, so the dialog refuses exactly what ``desk sync`` would
refuse. The mailbox fields (:mod:`desk.ui.mailbox_fields`) and each server's
(:mod:`desk.ui.server_box`) are parts of their own; everything that touches
the network, the keyring or the disk is a function of
:mod:`desk.workbench.accounts` run in a :class:`~desk.ui.tasks.TaskRunner`
worker: the dialog stays usable meanwhile and Cancel simply drops the answer.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.app import App
from desk.core.errors import DeskError
from desk.mail.account import AccountConfig, Security
from desk.ui.account_reports import account_error_text, connection_texts
from desk.ui.mailbox_fields import MailboxFields
from desk.ui.server_box import ServerBox
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import result_label
from desk.workbench.accounts import (
    KEPT_KEYS,
    ConnectionReport,
    StoredPasswords,
    account_name,
    account_values,
    check_connection,
    checked_account,
    read_passwords,
    write_account,
)

T = TypeVar("T")


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
        self.mailbox = MailboxFields(self)
        self.imap = ServerBox("imap", self)
        self.smtp = ServerBox("smtp", self)
        self.name = self.mailbox.name
        self.address = self.mailbox.address
        self.display_name = self.mailbox.display_name
        self.folders = self.mailbox.folders
        self.sent_folder = self.mailbox.sent_folder
        self.processed_folder = self.mailbox.processed_folder
        self.rate_limit = self.mailbox.rate_limit
        self._build()
        self.mailbox.prefill(self._current)
        self.imap.prefill(self._current, Security.SSL)
        self.smtp.prefill(self._current, Security.STARTTLS)
        self._read_stored_passwords()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        servers = QHBoxLayout()
        servers.addWidget(self.imap)
        servers.addWidget(self.smtp)

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
        layout.addWidget(self.mailbox)
        layout.addLayout(servers)
        layout.addLayout(test_row)
        for label in (self.problem, self.imap_result, self.smtp_result, self.folder_warning):
            layout.addWidget(label)
        layout.addWidget(self.buttons)

        order: list[QWidget] = self.mailbox.fields()
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

    def _result_label(self, name: str, description: str) -> QLabel:
        return result_label(self, name, description)

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setAccessibleName(text)  # a screen reader reads the result itself
        label.setVisible(bool(text))

    # ------------------------------------------------------------------ stored passwords
    def _read_stored_passwords(self) -> None:
        name = account_name(self._current)
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
            self._show(self.problem, account_error_text(stored.problem, "reading passwords"))
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
        values: dict[str, object] = {
            key: self._current[key] for key in KEPT_KEYS if key in self._current
        }
        values.update(self.mailbox.values())
        values.update(self.imap.values())
        if self.smtp.host.text().strip():
            values.update(self.smtp.values())
        return values

    def _checked(self) -> AccountConfig | None:
        """The account the fields describe, or None with the reason shown in the dialog."""
        try:
            config = checked_account(self.form_values())
        except DeskError as exc:
            self._show(self.problem, account_error_text(exc, "checking the account"))
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
        texts = connection_texts(config, report)
        self._show(self.imap_result, texts.imap)
        self._show(self.smtp_result, texts.smtp)
        self._show(self.folder_warning, texts.folders)
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
                write_account,
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
        """``[account]`` as written (see :func:`desk.workbench.accounts.account_values`)."""
        return account_values(config, self._current)

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
        self._show(self.problem, account_error_text(exc))

    def done(self, result: int) -> None:
        """Close; answers still on their way (a test, a keyring read) are dropped unread."""
        for task in self._tasks:
            task.discard()
        self._tasks = []
        self._testing = self._saving = None
        super().done(result)
