"""What the account dialog says: the result of "Test connection", and why something failed.

The dialog edits one account, so its sentences about a refused login or an
unusable keyring name that account, and a server that cannot be reached
during a test is just that (not "working offline", which is what the window
says while it syncs). Every other failure is told by the window's shared
presenter, :func:`~desk.ui.error_text.error_sentence`. Strings keep the
dialog's translation context, ``AccountDialog``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import AccountConfig
from desk.ui.error_text import error_sentence, fill_details
from desk.workbench.accounts import ConnectionReport, missing_folders

# How many folder names the test result lists before "…".
SHOWN_FOLDERS = 6

_SENTENCES: dict[ErrorCode, Callable[[], str]] = {
    ErrorCode.LOGIN_FAILED: lambda: QCoreApplication.translate(
        "AccountDialog",
        "The {kind} server {server} refused the login of {user} for the account {account}: "
        "{reason}. Check the user name and password.",
    ),
    ErrorCode.KEYRING_UNAVAILABLE: lambda: QCoreApplication.translate(
        "AccountDialog", "The system keyring cannot be used for the account {account} ({reason})."
    ),
    ErrorCode.SERVER_UNREACHABLE: lambda: QCoreApplication.translate(
        "AccountDialog", "The {kind} server {server} cannot be reached ({reason})."
    ),
}


def account_error_text(error: BaseException, doing: str = "account set-up") -> str:
    """Why the account could not be read, tested or saved, as one sentence for the agent."""
    if isinstance(error, DeskError):
        sentence = _SENTENCES.get(error.code)
        if sentence is not None:
            return fill_details(sentence(), error.params)
    return error_sentence(error, doing=doing)


@dataclass(frozen=True)
class ConnectionTexts:
    """What the dialog shows after a test: one line per server, and missing folders (or "")."""

    imap: str
    smtp: str
    folders: str


def connection_texts(config: AccountConfig, report: ConnectionReport) -> ConnectionTexts:
    """The test's result in sentences (folder names as the server gave them)."""
    imap = folders = ""
    if report.imap_folders is not None:
        names = list(report.imap_folders[:SHOWN_FOLDERS])
        if len(report.imap_folders) > SHOWN_FOLDERS:
            names.append("…")
        imap = QCoreApplication.translate(
            "AccountDialog", "IMAP: connected. Folders on the server ({count}): {names}."
        ).format(count=len(report.imap_folders), names=", ".join(names))
        missing = missing_folders(config, report.imap_folders)
        if missing:
            folders = QCoreApplication.translate(
                "AccountDialog",
                "Warning: these folders do not exist on the server: {folders}. "
                "Create them or correct their names.",
            ).format(folders=", ".join(missing))
    elif report.imap_error is not None:
        imap = QCoreApplication.translate("AccountDialog", "IMAP failed: {reason}").format(
            reason=account_error_text(report.imap_error, "connection test")
        )
    if not report.smtp_tested:
        smtp = QCoreApplication.translate(
            "AccountDialog", "SMTP: no server set, so no replies can be sent."
        )
    elif report.smtp_error is None:
        smtp = QCoreApplication.translate("AccountDialog", "SMTP: connected.")
    else:
        smtp = QCoreApplication.translate("AccountDialog", "SMTP failed: {reason}").format(
            reason=account_error_text(report.smtp_error, "connection test")
        )
    return ConnectionTexts(imap, smtp, folders)
