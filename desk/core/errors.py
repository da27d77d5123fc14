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
    DB_LOCKED = "db-locked"
    DB_READ_ONLY = "db-read-only"
    DB_CORRUPT = "db-corrupt"
    DB_UNREACHABLE = "db-unreachable"
    SOURCE_NOT_FOUND = "source-not-found"
    SOURCE_UNKNOWN_KIND = "source-unknown-kind"
    CONFIG_INVALID = "config-invalid"


_DESCRIPTIONS: dict[ErrorCode, str] = {
    ErrorCode.DB_TOO_NEW: (
        "The database {url} was created by a newer version of Desk (revision {revision}). "
        "It was left untouched; please upgrade Desk."
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
