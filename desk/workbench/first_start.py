"""A workstation's first start: work alone on the embedded database, or join a team's.

With no settings file, ``desk`` asks once how this computer works (the
window's set-up, :mod:`desk.ui.first_start_dialog`). Alone: the SQLite store
in the data folder, then the mailbox account. Team: the team's PostgreSQL
address and the person's own login, checked here before anything is saved
(it connects, the schema is one this Desk can use, the login is in the
team), then ``[database] url`` and the team's mailbox (read from the team's
database: nobody types it again, and no mailbox password is asked: the
team's service sends) are written to ``desk.toml`` and the database password
to libpq's password file (:mod:`desk.store.pgpass`). Every function here does
I/O and runs on a worker, never on the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from desk.config import Settings, load_settings, save_settings, start_settings_file
from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import AccountConfig, config_from_row
from desk.store.errors import safe_url
from desk.store.migrate import check_schema, current_revisions
from desk.store.models import Account
from desk.store.pgpass import save_pgpass
from desk.team.identity import TeamRole, team_role
from desk.workbench.accounts import account_values

log = logging.getLogger(__name__)
DEFAULT_PORT = 5432
DEFAULT_DATABASE = "desk"
CONNECT_TIMEOUT_S = 10
ALONE_HEADER = (
    "Desk's settings. Written at the first start: this computer works alone, on the database\n"
    "in its data folder. Set the mailbox in the window: File > Mailbox account…"
)
# What PostgreSQL (libpq) says when the login, not the server, is the problem.
_LOGIN_REFUSALS = (
    "password authentication failed",
    "no password supplied",
    "role ",  # role "x" does not exist
    "pg_hba.conf",
    "authentication failed",
)


def needs_first_start(settings_path: Path) -> bool:
    """True on a machine where Desk was never set up (no settings file yet)."""
    return not settings_path.exists()


def start_alone(settings_path: Path) -> Settings:
    """Settle "alone on this computer": a settings file that says so; the settings it holds.

    The store itself is the default SQLite file, created when the window opens it.
    """
    start_settings_file(settings_path, ALONE_HEADER)
    return load_settings(settings_path)


@dataclass(frozen=True)
class TeamAddress:
    """Where the team's database is, and who connects to it."""

    host: str
    port: int
    database: str
    login: str

    def url(self) -> str:
        """The ``[database] url`` (no password: libpq finds it in the password file)."""
        return URL.create(
            "postgresql+psycopg",
            username=self.login,
            host=self.host,
            port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)


def split_server(text: str) -> tuple[str, int]:
    """``name``, ``name:port`` or ``[v6-address]:port`` as host and port; ValueError if not."""
    text = text.strip()
    if not text or any(char.isspace() for char in text):
        raise ValueError(text)
    port_text: str | None = None  # None: no port given
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest:
            port_text = rest.removeprefix(":") if rest.startswith(":") else "?"
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    else:  # a bare name, or a bare IPv6 address
        host = text
    if not host or (port_text is not None and not port_text.isdigit()):
        raise ValueError(text)
    port = int(port_text) if port_text is not None else DEFAULT_PORT
    if not 0 < port < 65536:
        raise ValueError(text)
    return host, port


@dataclass(frozen=True)
class TeamCheck:
    """What the check found: the login's role and the team's mailboxes (oldest first)."""

    address: TeamAddress
    role: TeamRole
    mailboxes: tuple[AccountConfig, ...]


def _refusal(address: TeamAddress, exc: DBAPIError) -> DeskError:
    """The connection's failure said for a person: the login refused, or the server unreachable."""
    detail = str(exc.orig or exc).strip()
    # libpq prefixes the answer with where it tried ("connection to server at … failed: ");
    # the answer is the last part, and its first line.
    marker = "FATAL:" if "FATAL:" in detail else " failed: "
    reason = detail.rsplit(marker, 1)[-1].strip().splitlines()[0] if detail else "?"
    url = safe_url(address.url())
    if any(needle in detail for needle in _LOGIN_REFUSALS):
        return DeskError(ErrorCode.TEAM_LOGIN_REFUSED, url=url, login=address.login, reason=reason)
    return DeskError(ErrorCode.DB_UNREACHABLE, url=url, reason=reason)


def check_team(address: TeamAddress, password: str) -> TeamCheck:
    """Connect as the person and check they can work in this team's database; writes nothing.

    ``password`` empty: whatever libpq finds (the password file, Kerberos, a
    trusted network). Raises :class:`DeskError`: the login refused, the server
    unreachable, no Desk in this database yet, a schema this Desk cannot use
    (older or newer), or a login that is not a member of the team.
    """
    connect_args: dict[str, object] = {"connect_timeout": CONNECT_TIMEOUT_S}
    if password:
        connect_args["password"] = password
    engine = create_engine(address.url(), connect_args=connect_args, poolclass=NullPool)
    url = safe_url(address.url())
    try:
        with Session(engine) as session:
            try:  # the login's groups: readable by any login, before any table of Desk's
                role = team_role(session)
            except DBAPIError as exc:
                raise _refusal(address, exc) from exc
        if role is None:
            raise DeskError(ErrorCode.TEAM_NOT_MEMBER, url=url, login=address.login)
        if not current_revisions(engine):
            raise DeskError(ErrorCode.TEAM_NOT_INITIALISED)
        check_schema(engine)  # older or newer than this Desk: said, and nothing written
        with Session(engine) as session:
            rows = session.scalars(select(Account).order_by(Account.id)).all()
            mailboxes = tuple(config_from_row(row) for row in rows)
    finally:
        engine.dispose()
    log.info("joining %s as %s (%s)", safe_url(address.url()), address.login, role)
    return TeamCheck(address=address, role=role, mailboxes=mailboxes)


def join_team(
    settings_path: Path, check: TeamCheck, password: str, mailbox: AccountConfig | None
) -> Settings:
    """Save a checked team: the password for libpq first, then ``desk.toml``; the new settings.

    The password file comes first: when it cannot be written, no settings
    file exists yet and the next start asks again.
    """
    address = check.address
    if password:
        save_pgpass(address.host, address.port, address.database, address.login, password)
    values: dict[str, dict[str, object]] = {"database": {"url": address.url()}}
    if mailbox is not None:
        values["account"] = {
            key: value for key, value in account_values(mailbox, {}).items() if value is not None
        }
    save_settings(values, settings_path)
    return load_settings(settings_path)
