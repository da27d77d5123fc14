"""A shared mailbox's connection settings, checked, and where its password lives.

Settings come from ``[account]`` in desk.toml or from command-line flags and
are mirrored into the store's ``account`` row (folders, messages and replies
point at it). The password is never in either: it is read from the OS keyring,
or from an environment variable a script names (``--password-env``).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk.core.errors import DeskError, ErrorCode
from desk.store.models import Account

KEYRING_SERVICE = "desk"
_FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class Security(StrEnum):
    """How a connection is protected."""

    SSL = "ssl"  # implicit TLS (IMAPS 993, SMTPS 465)
    STARTTLS = "starttls"  # plain connection upgraded before login (IMAP 143, submission 587)
    NONE = "none"  # no TLS: only towards this machine


DEFAULT_PORTS = {
    ("imap", Security.SSL): 993,
    ("imap", Security.STARTTLS): 143,
    ("imap", Security.NONE): 143,
    ("smtp", Security.SSL): 465,
    ("smtp", Security.STARTTLS): 587,
    ("smtp", Security.NONE): 25,
}


def is_loopback(host: str) -> bool:
    """True for this machine's own names and addresses, where no TLS is acceptable."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normalise_fingerprint(text: str) -> str:
    """A SHA-256 certificate fingerprint as 64 lower-case hex digits (colons allowed in)."""
    cleaned = text.replace(":", "").replace(" ", "").lower()
    if not _FINGERPRINT.match(cleaned):
        raise DeskError(
            ErrorCode.ACCOUNT_INVALID,
            account="?",
            reason=f"{text!r} is not a SHA-256 fingerprint (64 hexadecimal digits)",
        )
    return cleaned


@dataclass(frozen=True)
class Endpoint:
    """One server: where it is, how it is protected, who logs in, which certificate is pinned.

    ``pinned_sha256`` accepts exactly that certificate (a self-signed corporate
    server) for this server only; ``ca_file`` adds a CA to trust. Otherwise the
    system's CAs and the host name are checked.
    """

    host: str
    port: int
    security: Security
    user: str
    pinned_sha256: str | None = None
    ca_file: str | None = None

    def describe(self) -> str:
        """``host:port`` for messages."""
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class AccountConfig:
    """Everything needed to read and answer one shared mailbox. No secrets."""

    name: str
    address: str
    imap: Endpoint
    smtp: Endpoint | None = None
    display_name: str = ""
    folders: tuple[str, ...] = ("INBOX",)
    sent_folder: str = "Sent"
    processed_folder: str | None = None
    rate_limit_per_minute: int | None = None
    # Where the password comes from when not in the keyring (scripts, CI).
    password_env: str | None = None
    smtp_password_env: str | None = None

    def __post_init__(self) -> None:
        problems = []
        if not self.name.strip():
            problems.append("the account needs a name")
        if "@" not in self.address:
            problems.append(f"the shared mailbox address {self.address!r} is not an email address")
        for kind, endpoint in (("IMAP", self.imap), ("SMTP", self.smtp)):
            if endpoint is None:
                continue
            if not endpoint.host:
                problems.append(f"no {kind} server given")
            if not 0 < endpoint.port < 65536:
                problems.append(f"{kind} port {endpoint.port} is not between 1 and 65535")
            if endpoint.security is Security.NONE and not is_loopback(endpoint.host):
                problems.append(
                    f"{kind} without TLS is only allowed towards this machine, "
                    f"not {endpoint.host}: use ssl or starttls"
                )
        if not self.folders:
            problems.append("no folder to sync")
        if self.rate_limit_per_minute is not None and self.rate_limit_per_minute < 1:
            problems.append("the rate limit must be at least 1 message per minute")
        if problems:
            raise DeskError(
                ErrorCode.ACCOUNT_INVALID, account=self.name, reason="; ".join(problems)
            )


def keyring_user(account: str, server: str) -> str:
    """The keyring entry's user name for an account's IMAP or SMTP password."""
    return f"{account}:{server}"


@contextmanager
def _keyring_answers(account: str) -> Iterator[None]:
    """Around a keyring call: its failure (no backend, locked, refused) becomes the
    agent's ``KEYRING_UNAVAILABLE``. The keyring loads here, at the first password: its
    backends take a twentieth of a second to import, and the window shows, a demo runs,
    without one."""
    import keyring.errors  # noqa: PLC0415

    try:
        yield
    except keyring.errors.KeyringError as exc:
        raise DeskError(ErrorCode.KEYRING_UNAVAILABLE, account=account, reason=str(exc)) from exc


def store_password(account: str, server: str, password: str) -> None:
    """Keep a password in the OS keyring (the account dialog and ``desk account`` call this)."""
    with _keyring_answers(account):
        import keyring  # noqa: PLC0415 - loaded by _keyring_answers

        keyring.set_password(KEYRING_SERVICE, keyring_user(account, server), password)


def forget_password(account: str, server: str) -> None:
    """Remove a password from the OS keyring; one that was not there is already forgotten."""
    with _keyring_answers(account):
        import keyring.errors  # noqa: PLC0415 - loaded by _keyring_answers

        with suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(KEYRING_SERVICE, keyring_user(account, server))


def find_password(account: str, server: str, env_var: str | None, environ: dict[str, str]) -> str:
    """The password: from the named environment variable when given, else the keyring."""
    if env_var:
        value = environ.get(env_var)
        if value is None:
            raise DeskError(ErrorCode.PASSWORD_MISSING, account=account, where=f"${env_var}")
        return value
    with _keyring_answers(account):
        import keyring  # noqa: PLC0415 - loaded by _keyring_answers

        value = keyring.get_password(KEYRING_SERVICE, keyring_user(account, server))
    if value is None:
        raise DeskError(ErrorCode.PASSWORD_MISSING, account=account, where="the keyring")
    return value


def account_passwords(config: AccountConfig, environ: dict[str, str]) -> tuple[str, str | None]:
    """The IMAP password, and the SMTP one: None when submission takes no login, the
    mailbox's own when SMTP has none of its own (one mailbox, one password: the usual case)."""
    imap = find_password(config.name, "imap", config.password_env, environ)
    if config.smtp is None or not config.smtp.user:
        return imap, None
    try:
        return imap, find_password(config.name, "smtp", config.smtp_password_env, environ)
    except DeskError as exc:
        if exc.code is not ErrorCode.PASSWORD_MISSING:
            raise
        return imap, imap


def save_account(session: Session, config: AccountConfig) -> Account:
    """Create or update the store's row for the account (by name); its id is what rows refer to.

    Two processes or threads may create it at once (``desk serve``'s sync and
    outbox both do on a first start): the one whose insert meets the other's
    row takes that row instead of failing.
    """
    by_name = select(Account).where(Account.name == config.name)
    row = session.scalars(by_name).first()
    if row is None:
        row = _apply(Account(name=config.name), config)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # created meanwhile by someone else: update theirs
            row = session.scalars(by_name).one()
    _apply(row, config)
    session.flush()
    return row


def _apply(row: Account, config: AccountConfig) -> Account:
    """The account's settings onto its row."""
    smtp = config.smtp or config.imap
    row.address = config.address
    row.display_name = config.display_name
    row.imap_host = config.imap.host
    row.imap_port = config.imap.port
    row.imap_security = config.imap.security.value
    row.imap_user = config.imap.user
    row.pinned_cert_sha256 = config.imap.pinned_sha256
    row.smtp_host = smtp.host if config.smtp else ""
    row.smtp_port = smtp.port if config.smtp else 0
    row.smtp_security = smtp.security.value if config.smtp else ""
    row.smtp_user = smtp.user if config.smtp else ""
    row.smtp_pinned_cert_sha256 = config.smtp.pinned_sha256 if config.smtp else None
    row.sync_folders = list(config.folders)
    row.sent_folder = config.sent_folder
    row.processed_folder = config.processed_folder
    row.rate_limit_per_minute = config.rate_limit_per_minute
    return row


def config_from_row(row: Account) -> AccountConfig:
    """The account a store's row describes (the inverse of :func:`save_account`).

    A team member's window reads the service's account from the team's
    database instead of having it typed again. The row keeps no passwords,
    CA files nor password variables: those stay each machine's own.
    """
    smtp = None
    if row.smtp_host:
        smtp = Endpoint(
            host=row.smtp_host,
            port=row.smtp_port,
            security=Security(row.smtp_security),
            user=row.smtp_user,
            pinned_sha256=row.smtp_pinned_cert_sha256,
        )
    return AccountConfig(
        name=row.name,
        address=row.address,
        display_name=row.display_name,
        imap=Endpoint(
            host=row.imap_host,
            port=row.imap_port,
            security=Security(row.imap_security),
            user=row.imap_user,
            pinned_sha256=row.pinned_cert_sha256,
        ),
        smtp=smtp,
        folders=tuple(row.sync_folders or ("INBOX",)),
        sent_folder=row.sent_folder,
        processed_folder=row.processed_folder,
        rate_limit_per_minute=row.rate_limit_per_minute,
    )


ACCOUNT_KEYS = frozenset(
    {
        "name",
        "address",
        "display_name",
        "imap_host",
        "imap_port",
        "imap_security",
        "imap_user",
        "imap_pinned_sha256",
        "imap_ca_file",
        "password_env",
        "smtp_host",
        "smtp_port",
        "smtp_security",
        "smtp_user",
        "smtp_pinned_sha256",
        "smtp_ca_file",
        "smtp_password_env",
        "folders",
        "sent_folder",
        "processed_folder",
        "rate_limit_per_minute",
    }
)


def _text_value(data: Mapping[str, object], key: str, name: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise DeskError(ErrorCode.ACCOUNT_INVALID, account=name, reason=f"{key} must be text")
    return value


def _int_value(data: Mapping[str, object], key: str, name: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise DeskError(
            ErrorCode.ACCOUNT_INVALID, account=name, reason=f"{key} must be a whole number"
        )
    return value


def _security(data: Mapping[str, object], key: str, name: str, default: Security) -> Security:
    value = _text_value(data, key, name)
    if value is None:
        return default
    try:
        return Security(value.lower())
    except ValueError:
        raise DeskError(
            ErrorCode.ACCOUNT_INVALID,
            account=name,
            reason=f"{key} is {value!r}: ssl, starttls or none",
        ) from None


def _pin(data: Mapping[str, object], key: str, name: str) -> str | None:
    value = _text_value(data, key, name)
    return normalise_fingerprint(value) if value else None


def account_from_mapping(data: Mapping[str, object]) -> AccountConfig:
    """An account from ``[account]`` keys (the settings file, or flags merged over it)."""
    unknown = sorted(set(data) - ACCOUNT_KEYS)
    host = _text_value(data, "imap_host", "?")
    user = _text_value(data, "imap_user", "?") or ""
    name = _text_value(data, "name", "?") or (f"{user}@{host}" if host else "?")
    if unknown:
        raise DeskError(
            ErrorCode.ACCOUNT_INVALID,
            account=name,
            reason=f"unknown setting(s) {', '.join(unknown)}",
        )
    if host is None:
        raise DeskError(
            ErrorCode.ACCOUNT_INVALID,
            account=name,
            reason="no IMAP server: set [account] imap_host or give --imap HOST:PORT",
        )
    security = _security(data, "imap_security", name, Security.SSL)
    imap = Endpoint(
        host=host,
        port=_int_value(data, "imap_port", name) or DEFAULT_PORTS[("imap", security)],
        security=security,
        user=user,
        pinned_sha256=_pin(data, "imap_pinned_sha256", name),
        ca_file=_text_value(data, "imap_ca_file", name),
    )
    smtp = None
    smtp_host = _text_value(data, "smtp_host", name)
    if smtp_host is not None:
        smtp_security = _security(data, "smtp_security", name, Security.STARTTLS)
        smtp = Endpoint(
            host=smtp_host,
            port=_int_value(data, "smtp_port", name) or DEFAULT_PORTS[("smtp", smtp_security)],
            security=smtp_security,
            user=_text_value(data, "smtp_user", name) or "",
            pinned_sha256=_pin(data, "smtp_pinned_sha256", name),
            ca_file=_text_value(data, "smtp_ca_file", name),
        )
    folders = data.get("folders", ["INBOX"])
    if isinstance(folders, str):
        folders = [folders]
    if not isinstance(folders, list | tuple) or not all(isinstance(f, str) for f in folders):
        raise DeskError(
            ErrorCode.ACCOUNT_INVALID, account=name, reason="folders must be a list of names"
        )
    address = _text_value(data, "address", name) or (user if "@" in user else f"{user}@{host}")
    return AccountConfig(
        name=name,
        address=address,
        imap=imap,
        smtp=smtp,
        display_name=_text_value(data, "display_name", name) or "",
        folders=tuple(folders),
        sent_folder=_text_value(data, "sent_folder", name) or "Sent",
        processed_folder=_text_value(data, "processed_folder", name),
        rate_limit_per_minute=_int_value(data, "rate_limit_per_minute", name),
        password_env=_text_value(data, "password_env", name),
        smtp_password_env=_text_value(data, "smtp_password_env", name),
    )
