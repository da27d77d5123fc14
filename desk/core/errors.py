"""Errors that carry a code and parameters, never finished prose.

The core raises these; the CLI prints :meth:`DeskError.describe` and the UI maps
``code`` to a translated sentence. Keeping prose out of the core keeps it
translatable and keeps tests independent of wording.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Every failure a user can be told about."""

    DB_TOO_NEW = "db-too-new"
    DB_NEEDS_UPGRADE = "db-needs-upgrade"
    DB_LOCKED = "db-locked"
    DB_READ_ONLY = "db-read-only"
    DB_CORRUPT = "db-corrupt"
    DB_UNREACHABLE = "db-unreachable"
    SOURCE_NOT_FOUND = "source-not-found"
    SOURCE_UNKNOWN_KIND = "source-unknown-kind"
    CONFIG_INVALID = "config-invalid"
    ACCOUNT_INVALID = "account-invalid"
    PASSWORD_MISSING = "password-missing"
    KEYRING_UNAVAILABLE = "keyring-unavailable"
    SERVER_UNREACHABLE = "server-unreachable"
    LOGIN_FAILED = "login-failed"
    CERT_REFUSED = "cert-refused"
    SERVER_ERROR = "server-error"
    FOLDER_NOT_FOUND = "folder-not-found"
    SYNC_BUSY = "sync-busy"
    TEMPLATE_NOT_FOUND = "template-not-found"
    TEMPLATE_NAME_TAKEN = "template-name-taken"
    TEMPLATE_INVALID = "template-invalid"
    TEMPLATE_FILE_UNREADABLE = "template-file-unreadable"
    AGENT_NOT_FOUND = "agent-not-found"
    STATS_BAD_DATE = "stats-bad-date"
    STATS_PERIOD_REVERSED = "stats-period-reversed"
    STATS_BAD_ZONE = "stats-bad-zone"
    STATS_BAD_EXPORT = "stats-bad-export"
    EXPORT_UNWRITABLE = "export-unwritable"
    TEAM_NEEDS_POSTGRES = "team-needs-postgres"
    TEAM_NOT_OWNER = "team-not-owner"
    TEAM_NOT_INITIALISED = "team-not-initialised"
    TEAM_BAD_NAME = "team-bad-name"
    TEAM_BAD_ROLE = "team-bad-role"
    TEAM_BAD_PASSWORD = "team-bad-password"
    TEAM_MEMBER_EXISTS = "team-member-exists"
    TEAM_MEMBER_UNKNOWN = "team-member-unknown"
    TEAM_NOT_ALLOWED = "team-not-allowed"
    TEAM_LOGIN_REFUSED = "team-login-refused"
    TEAM_NOT_MEMBER = "team-not-member"


_DESCRIPTIONS: dict[ErrorCode, str] = {
    ErrorCode.DB_TOO_NEW: (
        "The database {url} was created by a newer version of Desk (revision {revision}). "
        "It was left untouched; please upgrade Desk."
    ),
    ErrorCode.DB_NEEDS_UPGRADE: (
        "The database {url} is at schema revision {revision} and this Desk needs {needed}; "
        "it was not upgraded and nothing was written. Ask the team lead or the database's "
        "owner to upgrade it (`desk db upgrade`, or by starting the Desk service)."
    ),
    ErrorCode.DB_LOCKED: (
        "The database {url} is locked by another program. Nothing was written; "
        "close the other program or try again."
    ),
    ErrorCode.DB_READ_ONLY: (
        "The database {url} is read-only. Nothing was written; check the file's permissions."
    ),
    ErrorCode.DB_CORRUPT: (
        "The database {url} is not a valid Desk database (it may be corrupt). "
        "It was left untouched."
    ),
    ErrorCode.DB_UNREACHABLE: "The database {url} cannot be reached: {reason}",
    ErrorCode.SOURCE_NOT_FOUND: "No mailbox found at {path}.",
    ErrorCode.SOURCE_UNKNOWN_KIND: (
        "{path} is not a Maildir, an mbox file, a folder of .eml files or an .eml file."
    ),
    ErrorCode.CONFIG_INVALID: "The settings file {path} is invalid: {reason}",
    ErrorCode.ACCOUNT_INVALID: "The account {account} is not usable: {reason}.",
    ErrorCode.PASSWORD_MISSING: (
        "No password for the account {account} in {where}. Nothing was sent or fetched."
    ),
    ErrorCode.KEYRING_UNAVAILABLE: (
        "The system keyring cannot be used for the account {account} ({reason}); "
        "give the password with --password-env instead."
    ),
    ErrorCode.SERVER_UNREACHABLE: (
        "The {kind} server {server} of the account {account} cannot be reached ({reason}). "
        "Working offline: nothing was lost, and the work resumes when it is back."
    ),
    ErrorCode.LOGIN_FAILED: (
        "The {kind} server {server} refused the login of {user} for the account {account}: "
        "{reason}. Check the user name and password."
    ),
    ErrorCode.CERT_REFUSED: (
        "The {kind} server {server} of the account {account} presented a certificate "
        "that was refused: {reason}. Nothing was sent. If this is your organisation's own "
        "server, pin its certificate (SHA-256 {fingerprint}) in the account settings."
    ),
    ErrorCode.SERVER_ERROR: "The {kind} server {server} answered an error: {reason}",
    ErrorCode.FOLDER_NOT_FOUND: (
        "The folder {folder} does not exist on {server} for the account {account}."
    ),
    ErrorCode.SYNC_BUSY: (
        "Another Desk is already syncing the account {account}; this one did not sync."
    ),
    ErrorCode.TEMPLATE_NOT_FOUND: "There is no reply template number {template_id}.",
    ErrorCode.TEMPLATE_NAME_TAKEN: (
        "A reply template named {existing!r} already exists; choose another name than {name!r}."
    ),
    ErrorCode.TEMPLATE_INVALID: "The reply template's {field} is invalid: {value!r}.",
    ErrorCode.TEMPLATE_FILE_UNREADABLE: (
        "{path} cannot be read as reply templates: {reason}. Nothing was imported."
    ),
    ErrorCode.AGENT_NOT_FOUND: "There is no agent number {agent_id}.",
    ErrorCode.STATS_BAD_DATE: "{value!r} is not a date; write it as YYYY-MM-DD (2020-03-16).",
    ErrorCode.STATS_PERIOD_REVERSED: (
        "The period ends ({last}) before it starts ({first}); give the earlier date first."
    ),
    ErrorCode.STATS_BAD_ZONE: "{value!r} is not a known time zone (e.g. Europe/Paris, UTC).",
    ErrorCode.STATS_BAD_EXPORT: "This export cannot be made: {reason}",
    ErrorCode.EXPORT_UNWRITABLE: "Cannot write {path}: {reason}. Nothing was exported.",
    ErrorCode.TEAM_NEEDS_POSTGRES: (
        "Team mode needs a PostgreSQL database; {url} is {kind}. Nothing was changed."
    ),
    ErrorCode.TEAM_NOT_OWNER: (
        "The database login {login} may not manage the team: {reason}. Connect as the "
        "database's owner (a login with CREATEROLE that owns Desk's tables). Nothing was changed."
    ),
    ErrorCode.TEAM_NOT_INITIALISED: (
        "The team roles do not exist in this database yet; run `desk team init` first."
    ),
    ErrorCode.TEAM_BAD_NAME: (
        "{name!r} cannot be a team member's login: {reason}. Nobody was changed."
    ),
    ErrorCode.TEAM_BAD_ROLE: "{role!r} is not a team role; choose agent or lead.",
    ErrorCode.TEAM_NOT_ALLOWED: (
        "The database refused: {login} may not {what} (only team leads may). Nothing changed."
    ),
    ErrorCode.TEAM_BAD_PASSWORD: "No usable password for {name}: {reason}. Nobody was added.",
    ErrorCode.TEAM_MEMBER_EXISTS: (
        "A database login named {name!r} already exists; choose another name. Nobody was added."
    ),
    ErrorCode.TEAM_MEMBER_UNKNOWN: (
        "{name!r} is not a member of the team (see `desk team list`). Nothing was changed."
    ),
    ErrorCode.TEAM_LOGIN_REFUSED: (
        "The database {url} refused the login {login}: {reason}. Check the login and its "
        "password. Nothing was saved."
    ),
    ErrorCode.TEAM_NOT_MEMBER: (
        "{login} can connect to {url} but is not a member of its team; the team lead adds "
        "them with `desk team add {login} --role agent`. Nothing was saved."
    ),
}


class DeskError(Exception):
    """A failure with a stable code and the parameters needed to explain it."""

    def __init__(self, code: ErrorCode, **params: Any) -> None:
        super().__init__(code.value, params)
        self.code = code
        self.params = params

    def describe(self) -> str:
        """An English sentence for logs and the CLI (the UI translates by code)."""
        return _DESCRIPTIONS[self.code].format(**self.params)

    def __str__(self) -> str:
        return self.describe()
