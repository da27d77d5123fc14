"""The team's people: a PostgreSQL login each, in ``desk_agent`` or ``desk_lead``, and an agent row.

The login's name is the agent row's ``login``: that is how the database knows
who acts (``desk_agent_id()`` in ``desk.team.roles``). Removing someone drops
the login but keeps the agent row, so their answers and handling times stay
in the statistics under their name.

Names are checked against a strict pattern before they reach SQL, and are
still quoted as identifiers (psycopg's ``sql.Identifier``). The password is
turned into a SCRAM verifier by libpq on this machine, so the clear password
never travels to the server nor lands in its statement log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import psycopg
from psycopg import sql
from sqlalchemy import Connection, Engine, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from desk.core.errors import DeskError, ErrorCode
from desk.store.models import Agent, Presence
from desk.team.guard import (
    AGENT_GROUP,
    DUPLICATE_OBJECT,
    LEAD_GROUP,
    Role,
    group_of,
    privilege_errors,
    require_groups,
    require_manager,
    require_postgres,
    sqlstate,
)

NAME_MAX = 63  # PostgreSQL's identifier limit (bytes; the pattern keeps names ASCII)
_NAME = re.compile(r"[a-z][a-z0-9_.-]*")
# Names PostgreSQL reserves for roles, and Desk's own groups.
_RESERVED = frozenset(
    {"public", "none", "current_user", "session_user", "current_role", AGENT_GROUP, LEAD_GROUP}
)
DEPENDENT_OBJECTS = "2BP01"  # DROP ROLE refused: the login still owns or holds something


@dataclass(frozen=True, slots=True)
class Member:
    """A team member as ``desk team list`` shows them."""

    name: str
    role: Role
    has_agent: bool  # an agent row with this login exists
    last_seen: datetime | None  # the latest heartbeat of a window or service they ran


def check_name(name: str) -> str:
    """The login name, if it is one Desk accepts; else TEAM_BAD_NAME saying why.

    Lower-case ASCII letters, digits, ``_ . -``, starting with a letter, at
    most 63 characters: no quoting surprises in psql, pg_hba.conf or a URL.
    """
    if not name:
        raise DeskError(ErrorCode.TEAM_BAD_NAME, name=name, reason="it is empty")
    if len(name) > NAME_MAX:
        raise DeskError(
            ErrorCode.TEAM_BAD_NAME, name=name, reason=f"it is longer than {NAME_MAX} characters"
        )
    if not _NAME.fullmatch(name):
        raise DeskError(
            ErrorCode.TEAM_BAD_NAME,
            name=name,
            reason="use lower-case letters, digits, '_', '.' or '-', starting with a letter",
        )
    if name in _RESERVED or name.startswith("pg_"):
        raise DeskError(ErrorCode.TEAM_BAD_NAME, name=name, reason="PostgreSQL or Desk reserves it")
    return name


def _psycopg(conn: Connection) -> psycopg.Connection[Any]:
    raw: object = conn.connection.dbapi_connection
    if not isinstance(raw, psycopg.Connection):
        raise DeskError(
            ErrorCode.TEAM_NEEDS_POSTGRES,
            url=conn.engine.url.render_as_string(hide_password=True),
            kind="not reached through psycopg (use a postgresql+psycopg:// URL)",
        )
    return raw


def _execute(conn: Connection, statement: sql.Composable) -> None:
    """Run a statement composed with psycopg (quoted identifiers and literals) in ``conn``.

    Through SQLAlchemy, so a refusal arrives as its ``DBAPIError`` like any other.
    """
    conn.exec_driver_sql(statement.as_string(_psycopg(conn)))


def _memberships(conn: Connection, name: str | None = None) -> dict[str, Role]:
    """Login → role of the roles directly in ``desk_agent`` or ``desk_lead`` (or of ``name``)."""
    rows = conn.execute(
        text(
            "SELECT r.rolname, bool_or(g.rolname = :lead) FROM pg_auth_members m"
            " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member"
            " WHERE g.rolname IN (:agent, :lead) AND r.rolname NOT IN (:agent, :lead)"
            " AND (CAST(:name AS text) IS NULL OR r.rolname = :name)"
            " GROUP BY r.rolname ORDER BY r.rolname"
        ),
        {"agent": AGENT_GROUP, "lead": LEAD_GROUP, "name": name},
    )
    return {login: ("lead" if lead else "agent") for login, lead in rows}


def _require_member(conn: Connection, name: str) -> Role:
    role = _memberships(conn, name).get(name)
    if role is None:
        raise DeskError(ErrorCode.TEAM_MEMBER_UNKNOWN, name=name)
    return role


def _ensure_agent(conn: Connection, name: str, display_name: str) -> int:
    """The agent row for this login: kept from an earlier membership, or created."""
    found = conn.scalar(select(Agent.id).where(Agent.login == name))
    if found is not None:
        if display_name:
            conn.execute(update(Agent).where(Agent.id == found).values(display_name=display_name))
        return int(found)
    created = conn.scalar(
        insert(Agent).values(login=name, display_name=display_name or name).returning(Agent.id)
    )
    return int(cast(int, created))


def add_member(
    engine: Engine, name: str, role: str, password: str, *, display_name: str = ""
) -> int:
    """Create ``name``'s login in the role's group and their agent row; returns the agent id.

    Refused, with nothing changed: a bad name, role or empty password, a
    login that already exists (a person's or not), a connecting login that may
    not manage the team, a database where ``desk team init`` has not run.
    """
    require_postgres(engine)
    check_name(name)
    group = group_of(role)
    if not password or "\x00" in password:
        reason = "it is empty" if not password else "it contains a NUL character"
        raise DeskError(ErrorCode.TEAM_BAD_PASSWORD, name=name, reason=reason)
    with engine.begin() as conn:
        login = require_manager(conn)
        require_groups(conn)
        with privilege_errors(login):
            if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}):
                raise DeskError(ErrorCode.TEAM_MEMBER_EXISTS, name=name)
            raw = _psycopg(conn)
            verifier = raw.pgconn.encrypt_password(password.encode(), name.encode())
            try:
                _execute(
                    conn,
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                        sql.Identifier(name), sql.Literal(verifier.decode()), sql.Identifier(group)
                    ),
                )
            except DBAPIError as exc:
                if sqlstate(exc) == DUPLICATE_OBJECT:  # created meanwhile by someone else
                    raise DeskError(ErrorCode.TEAM_MEMBER_EXISTS, name=name) from exc
                raise
            return _ensure_agent(conn, name, display_name.strip())


def set_role(engine: Engine, name: str, role: str) -> None:
    """Make a member an agent or a lead (their login and history stay as they are)."""
    require_postgres(engine)
    check_name(name)
    group = group_of(role)
    with engine.begin() as conn:
        login = require_manager(conn)
        require_groups(conn)
        with privilege_errors(login):
            _require_member(conn, name)
            who = sql.Identifier(name)
            for other in (AGENT_GROUP, LEAD_GROUP):
                if other != group:
                    _execute(conn, sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), who))
            _execute(conn, sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), who))
            if _require_member(conn, name) != role:  # a grant by another owner stayed
                raise DeskError(
                    ErrorCode.TEAM_NOT_OWNER,
                    login=login,
                    reason=f"another login granted {name} its role; ask it to change it",
                )


def remove_member(engine: Engine, name: str) -> None:
    """Drop a member's login; their agent row, answers and statistics stay.

    A login normally owns nothing (agents may not create objects), so it is
    dropped at once; if it does own or hold something, what it owns passes to
    the connected owner and its privileges are revoked first.
    """
    require_postgres(engine)
    check_name(name)
    with engine.begin() as conn:
        login = require_manager(conn)
        require_groups(conn)
        with privilege_errors(login):
            _require_member(conn, name)
            who = sql.Identifier(name)
            try:
                with conn.begin_nested():
                    _execute(conn, sql.SQL("DROP ROLE {}").format(who))
            except DBAPIError as exc:
                if sqlstate(exc) != DEPENDENT_OBJECTS:
                    raise
                _clear_and_drop(conn, who)


def _clear_and_drop(conn: Connection, who: sql.Identifier) -> None:
    """Hand what the login owns to the connected owner, revoke what it holds, drop it."""
    superuser = conn.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    if not superuser:  # REASSIGN/DROP OWNED need the rights of the role they act on
        _execute(conn, sql.SQL("GRANT {} TO CURRENT_USER").format(who))
    _execute(conn, sql.SQL("REASSIGN OWNED BY {} TO CURRENT_USER").format(who))
    _execute(conn, sql.SQL("DROP OWNED BY {}").format(who))
    _execute(conn, sql.SQL("DROP ROLE {}").format(who))


def list_members(engine: Engine) -> list[Member]:
    """Every member, by name: role, whether their agent row exists, when last seen."""
    require_postgres(engine)
    with engine.connect() as conn:
        require_groups(conn)
        members = _memberships(conn)
        names = list(members)
        agents = set(conn.scalars(select(Agent.login).where(Agent.login.in_(names))))
        seen: dict[str, datetime] = {
            login: when
            for login, when in conn.execute(
                select(Presence.login, func.max(Presence.heartbeat_at))
                .where(Presence.login.in_(names))
                .group_by(Presence.login)
            )
        }
    return [Member(n, members[n], n in agents, seen.get(n)) for n in names]
