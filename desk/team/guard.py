"""What every team operation checks first, and how PostgreSQL's refusals become Desk errors.

Managing roles needs PostgreSQL (SQLite has no roles) and a login that may
create roles and owns Desk's tables (granting on a table is its owner's
right). Checking both before writing turns "permission denied" half-way
through into one clear sentence with nothing changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from desk.core.errors import DeskError, ErrorCode

AGENT_GROUP = "desk_agent"
LEAD_GROUP = "desk_lead"
Role = Literal["agent", "lead"]
GROUP_OF: dict[str, str] = {"agent": AGENT_GROUP, "lead": LEAD_GROUP}

# SQLSTATEs PostgreSQL answers when a login lacks a right, or a role name is taken.
INSUFFICIENT_PRIVILEGE = "42501"
DUPLICATE_OBJECT = "42710"


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a driver error (psycopg's ``sqlstate``), if it carries one."""
    orig = getattr(exc, "orig", None)
    state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def require_postgres(engine: Engine) -> None:
    """Refuse anything but PostgreSQL: roles and row-level security are its features."""
    if engine.dialect.name != "postgresql":
        raise DeskError(
            ErrorCode.TEAM_NEEDS_POSTGRES,
            url=engine.url.render_as_string(hide_password=True),
            kind=engine.dialect.name,
        )


def group_of(role: str) -> str:
    """The group role behind ``agent`` or ``lead``; anything else is a clear error."""
    try:
        return GROUP_OF[role]
    except KeyError:
        raise DeskError(ErrorCode.TEAM_BAD_ROLE, role=role) from None


def require_manager(conn: Connection) -> str:
    """Refuse a login that may not create roles or does not own Desk's tables; returns it.

    A superuser may do anything. Otherwise CREATEROLE is needed for the
    logins, and owning the tables (directly or through a role it inherits) to
    grant on them and to write the ``agent`` rows.
    """
    row = conn.execute(
        text(
            "SELECT r.rolname, r.rolsuper, r.rolcreaterole, t.tableowner,"
            " coalesce(pg_has_role(r.oid, t.tableowner, 'USAGE'), false)"
            " FROM pg_roles r LEFT JOIN pg_tables t"
            " ON t.schemaname = current_schema() AND t.tablename = 'agent'"
            " WHERE r.rolname = current_user"
        )
    ).one()
    login, superuser, createrole, owner, owns = row
    if superuser:
        return str(login)
    if not createrole:
        raise DeskError(ErrorCode.TEAM_NOT_OWNER, login=login, reason="it lacks CREATEROLE")
    if owner is None:
        raise DeskError(
            ErrorCode.TEAM_NOT_OWNER, login=login, reason="Desk's tables are not in its schema"
        )
    if not owns:
        raise DeskError(
            ErrorCode.TEAM_NOT_OWNER,
            login=login,
            reason=f"Desk's tables belong to {owner}, not to it",
        )
    return str(login)


def require_groups(conn: Connection) -> None:
    """Refuse member changes before ``desk team init`` ran in this database.

    The group roles belong to the whole PostgreSQL cluster (another database
    may have created them); the identity function is this schema's own.
    """
    ready = conn.scalar(
        text(
            "SELECT (SELECT count(*) FROM pg_roles WHERE rolname IN (:agent, :lead)) = 2"
            " AND EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = current_schema() AND p.proname = 'desk_agent_id')"
        ),
        {"agent": AGENT_GROUP, "lead": LEAD_GROUP},
    )
    if not ready:
        raise DeskError(ErrorCode.TEAM_NOT_INITIALISED)


@contextmanager
def privilege_errors(login: str) -> Iterator[None]:
    """Turn PostgreSQL's "permission denied" inside a team operation into TEAM_NOT_OWNER.

    The checks above catch the usual cases first; this covers the rest (a
    table owned by someone else, a membership another owner granted).
    """
    try:
        yield
    except DBAPIError as exc:
        if sqlstate(exc) != INSUFFICIENT_PRIVILEGE:
            raise
        raise DeskError(
            ErrorCode.TEAM_NOT_OWNER, login=login, reason=str(exc.orig).strip()
        ) from exc


@contextmanager
def lead_only(login: str, what: str) -> Iterator[None]:
    """Turn PostgreSQL's "permission denied" on a team lead's write into TEAM_NOT_ALLOWED.

    ``what`` completes "{login} may not …" (``change the queue's weights``).
    The write must reach the database inside the block (flush), for the
    refusal to be told here rather than at the commit.
    """
    try:
        yield
    except DBAPIError as exc:
        if sqlstate(exc) != INSUFFICIENT_PRIVILEGE:
            raise
        raise DeskError(ErrorCode.TEAM_NOT_ALLOWED, login=login, what=what) from exc
