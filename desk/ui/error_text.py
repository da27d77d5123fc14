"""Errors told in the window's language: one presenter for every failure the window shows.

The core raises :class:`DeskError` with a code and parameters and keeps its
English :meth:`DeskError.describe` for logs and the command line. The window
never shows that English: :func:`error_sentence` turns the code into a
translated sentence and logs the technical detail, so an agent working in
French reads French and a team lead reading the log finds the exact cause.
Parameters that come from outside (an operating-system reason, a server's
answer) stay as they were said: they are details, not prose of ours.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from desk.core.errors import DeskError, ErrorCode

log = logging.getLogger(__name__)


# Each entry builds its sentence when asked, so the translator installed at that time is used.
_SENTENCES: dict[ErrorCode, Callable[[], str]] = {
    ErrorCode.DB_TOO_NEW: lambda: QCoreApplication.translate(
        "ErrorText",
        "The database was created by a newer version of Desk. It was left untouched; "
        "please install the newer Desk.",
    ),
    ErrorCode.DB_NEEDS_UPGRADE: lambda: QCoreApplication.translate(
        "ErrorText",
        "The database is older than this Desk and was not upgraded; nothing was written. "
        "Ask the team lead to upgrade it.",
    ),
    ErrorCode.DB_LOCKED: lambda: QCoreApplication.translate(
        "ErrorText",
        "The database is locked by another program. Nothing was written; "
        "close the other program or try again.",
    ),
    ErrorCode.DB_READ_ONLY: lambda: QCoreApplication.translate(
        "ErrorText", "The database is read-only. Nothing was written; check the file's permissions."
    ),
    ErrorCode.DB_CORRUPT: lambda: QCoreApplication.translate(
        "ErrorText",
        "The database is not a valid Desk database (it may be damaged). It was left untouched.",
    ),
    ErrorCode.DB_UNREACHABLE: lambda: QCoreApplication.translate(
        "ErrorText", "The database cannot be reached: {reason}"
    ),
    ErrorCode.SOURCE_NOT_FOUND: lambda: QCoreApplication.translate(
        "ErrorText", "No mailbox found at {path}."
    ),
    ErrorCode.SOURCE_UNKNOWN_KIND: lambda: QCoreApplication.translate(
        "ErrorText",
        "{path} is not a Maildir, an mbox file, a folder of .eml files or an .eml file.",
    ),
    ErrorCode.CONFIG_INVALID: lambda: QCoreApplication.translate(
        "ErrorText", "The settings file {path} is invalid: {reason}"
    ),
    ErrorCode.ACCOUNT_INVALID: lambda: QCoreApplication.translate(
        "ErrorText", "The account {account} is not usable: {reason}."
    ),
    ErrorCode.PASSWORD_MISSING: lambda: QCoreApplication.translate(
        "ErrorText", "No password is stored for the account {account}. Nothing was sent or fetched."
    ),
    ErrorCode.KEYRING_UNAVAILABLE: lambda: QCoreApplication.translate(
        "ErrorText",
        "The system's password store cannot be used for the account {account} ({reason}).",
    ),
    ErrorCode.SERVER_UNREACHABLE: lambda: QCoreApplication.translate(
        "ErrorText",
        "The {kind} server {server} cannot be reached ({reason}). Working offline: "
        "nothing was lost, and the work resumes when it is back.",
    ),
    ErrorCode.LOGIN_FAILED: lambda: QCoreApplication.translate(
        "ErrorText",
        "The {kind} server {server} refused the login of {user}: {reason}. "
        "Check the user name and password.",
    ),
    ErrorCode.CERT_REFUSED: lambda: QCoreApplication.translate(
        "ErrorText",
        "The {kind} server {server} presented a certificate that was refused: {reason}. "
        "Nothing was sent. If this is your organisation's own server, pin its certificate "
        "(SHA-256 {fingerprint}) in the account settings.",
    ),
    ErrorCode.SERVER_ERROR: lambda: QCoreApplication.translate(
        "ErrorText", "The {kind} server {server} answered an error: {reason}"
    ),
    ErrorCode.FOLDER_NOT_FOUND: lambda: QCoreApplication.translate(
        "ErrorText", "The folder {folder} does not exist on {server}."
    ),
    ErrorCode.SYNC_BUSY: lambda: QCoreApplication.translate(
        "ErrorText",
        "Another Desk is already bringing in the mail of {account}; this one waits for it.",
    ),
    ErrorCode.TEMPLATE_NOT_FOUND: lambda: QCoreApplication.translate(
        "ErrorText", "This reply template no longer exists (perhaps a colleague deleted it)."
    ),
    ErrorCode.TEMPLATE_NAME_TAKEN: lambda: QCoreApplication.translate(
        "ErrorText", "A reply template named “{existing}” already exists; choose another name."
    ),
    ErrorCode.TEMPLATE_INVALID: lambda: QCoreApplication.translate(
        "ErrorText", "The reply template's {field} is not valid."
    ),
    ErrorCode.TEMPLATE_FILE_UNREADABLE: lambda: QCoreApplication.translate(
        "ErrorText", "{path} cannot be read as reply templates: {reason}. Nothing was imported."
    ),
    ErrorCode.AGENT_NOT_FOUND: lambda: QCoreApplication.translate(
        "ErrorText", "This agent no longer exists."
    ),
    ErrorCode.STATS_BAD_DATE: lambda: QCoreApplication.translate(
        "ErrorText", "“{value}” is not a date."
    ),
    ErrorCode.STATS_PERIOD_REVERSED: lambda: QCoreApplication.translate(
        "ErrorText", "The period ends before it starts; give the earlier date first."
    ),
    ErrorCode.STATS_BAD_ZONE: lambda: QCoreApplication.translate(
        "ErrorText", "“{value}” is not a known time zone."
    ),
    ErrorCode.STATS_BAD_EXPORT: lambda: QCoreApplication.translate(
        "ErrorText", "This export cannot be made: {reason}"
    ),
    ErrorCode.EXPORT_UNWRITABLE: lambda: QCoreApplication.translate(
        "ErrorText", "Cannot write {path}: {reason}. Nothing was exported."
    ),
    ErrorCode.TEAM_NEEDS_POSTGRES: lambda: QCoreApplication.translate(
        "ErrorText", "Team mode needs a PostgreSQL database. Nothing was changed."
    ),
    ErrorCode.TEAM_NOT_OWNER: lambda: QCoreApplication.translate(
        "ErrorText", "The login {login} may not manage the team: {reason}. Nothing was changed."
    ),
    ErrorCode.TEAM_NOT_INITIALISED: lambda: QCoreApplication.translate(
        "ErrorText", "The team is not set up in this database yet; ask the administrator."
    ),
    ErrorCode.TEAM_BAD_NAME: lambda: QCoreApplication.translate(
        "ErrorText", "“{name}” cannot be a team member's login: {reason}. Nobody was changed."
    ),
    ErrorCode.TEAM_BAD_ROLE: lambda: QCoreApplication.translate(
        "ErrorText", "“{role}” is not a team role; choose agent or lead."
    ),
    ErrorCode.TEAM_BAD_PASSWORD: lambda: QCoreApplication.translate(
        "ErrorText", "No usable password for {name}: {reason}. Nobody was added."
    ),
    ErrorCode.TEAM_MEMBER_EXISTS: lambda: QCoreApplication.translate(
        "ErrorText", "A login named “{name}” already exists; choose another name. Nobody was added."
    ),
    ErrorCode.TEAM_MEMBER_UNKNOWN: lambda: QCoreApplication.translate(
        "ErrorText", "“{name}” is not a member of the team. Nothing was changed."
    ),
    ErrorCode.TEAM_LOGIN_REFUSED: lambda: QCoreApplication.translate(
        "ErrorText",
        "The database refused the login {login}: {reason}. Check the login and its password. "
        "Nothing was saved.",
    ),
    ErrorCode.TEAM_NOT_MEMBER: lambda: QCoreApplication.translate(
        "ErrorText",
        "{login} can connect to the database but is not a member of the team; ask the team "
        "lead to add this login. Nothing was saved.",
    ),
    ErrorCode.TEAM_NOT_ALLOWED: lambda: QCoreApplication.translate(
        "ErrorText",
        "The database refused: {login} may not do this (only team leads may). Nothing changed.",
    ),
}


class _Blank(dict[str, Any]):
    """Formatting parameters where a missing one reads as nothing rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def fill_details(template: str, params: Mapping[str, Any]) -> str:
    """A translated sentence with an error's parameters put in, as a person reads them."""
    return template.format_map(_Blank({key: _plain(value) for key, value in params.items()}))


def _plain(value: object) -> str:
    """A parameter as a person reads it: bytes decoded, tuples joined, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, tuple | list):
        return ", ".join(_plain(part) for part in value)
    return str(value)


def error_sentence(error: BaseException, *, doing: str = "") -> str:
    """What went wrong, as one sentence in the window's language; logs the technical detail.

    ``doing`` names the work that failed in the log (\"sending\", \"export\").
    An error that is not one of Desk's (a bug, an operating-system failure)
    is said plainly with its own text, which is all there is to say.
    """
    if isinstance(error, DeskError):
        log.info("%s: %s %s", doing or "error shown", error.code.value, error.params)
        sentence = _SENTENCES.get(error.code)
        if sentence is None:  # a code added without its sentence: still say something
            return fill_details(str(error.code.value), error.params)
        return fill_details(sentence(), error.params)
    log.info("%s: %s: %s", doing or "error shown", type(error).__name__, error)
    if isinstance(error, OSError) and error.strerror:
        where = error.filename
        if where:
            return QCoreApplication.translate("ErrorText", "{what}: {path}").format(
                what=error.strerror, path=where
            )
        return error.strerror
    return QCoreApplication.translate("ErrorText", "Unexpected error: {detail}").format(
        detail=str(error) or type(error).__name__
    )


def known_codes() -> frozenset[ErrorCode]:
    """The codes with a translated sentence (tests check none is missing)."""
    return frozenset(_SENTENCES)
