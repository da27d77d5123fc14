"""The mailbox account's set-up without a window: check it, test it, keep it.

The account dialog gathers what the agent typed as the ``[account]`` mapping
of desk.toml and hands it here: :func:`checked_account` refuses exactly what
``desk sync`` would refuse, :func:`check_connection` logs in to both servers,
:func:`read_passwords` and :func:`write_account` use the OS keyring and the
settings file. The last three touch the network, the keyring or the disk:
the dialog runs them on a worker and shows the plain data they return.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desk.config import save_settings
from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import (
    ACCOUNT_KEYS,
    AccountConfig,
    account_from_mapping,
    find_password,
    forget_password,
    store_password,
)
from desk.mail.imap import probe
from desk.mail.smtp import SmtpConnection

log = logging.getLogger(__name__)

TEST_TIMEOUT_S = 15.0
# Keys of [account] the dialog does not show but keeps as the user wrote them.
KEPT_KEYS = ("imap_ca_file", "smtp_ca_file", "password_env", "smtp_password_env")


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


def checked_account(values: Mapping[str, object]) -> AccountConfig:
    """The account ``values`` describe, or :class:`DeskError` saying what is wrong.

    The same check as the command line's, plus the one the window needs: a
    shared address to send replies from.
    """
    config = account_from_mapping(values)
    if not str(values.get("address") or "").strip():
        raise DeskError(
            ErrorCode.ACCOUNT_INVALID,
            account=config.name,
            reason="the shared mailbox address is missing",
        )
    return config


def account_name(current: Mapping[str, object]) -> str | None:
    """The name of the account set up now (even a half-valid one), or None when there is none."""
    if not current:
        return None
    try:
        return account_from_mapping(current).name
    except DeskError:
        name = current.get("name")
        return name if isinstance(name, str) and name else None


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


def account_values(config: AccountConfig, current: Mapping[str, object]) -> dict[str, object]:
    """``[account]`` as written: every key the checked config needs, None for the others.

    Written from the checked config (ports as numbers, fingerprints
    normalised), so the file loads back into exactly this account. Keys of
    ``current`` (the section as it was) that the dialog does not show (CA
    files, password variables) are kept; stale ones (an emptied field, an
    unknown key) are removed.
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
    for key in sorted(ACCOUNT_KEYS | set(current)):
        if key not in values:
            values[key] = current.get(key) if key in KEPT_KEYS else None
    return values


def write_account(
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
        forget_password(name, "smtp")
    save_settings({"account": values}, path)
