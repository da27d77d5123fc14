"""Who is connected, and in what role: for the window to name the agent and hide what it cannot do.

Hiding is a courtesy; PostgreSQL enforces (``desk.team.roles``). The login is
``session_user``, the one the connection authenticated as: ``SET ROLE``
cannot change it, which is why the database's own identity checks use it too.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from desk.team.guard import AGENT_GROUP, LEAD_GROUP

TeamRole = Literal["agent", "lead", "owner"]


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def connected_login(session: Session) -> str | None:
    """The database login of this session on PostgreSQL; None on SQLite (no logins there)."""
    if not _is_postgres(session):
        return None
    return str(session.scalar(text("SELECT session_user")))


def team_role(session: Session) -> TeamRole | None:
    """``lead``, ``agent`` or ``owner`` for the connected login; None on SQLite or for none.

    A superuser, and a login owning Desk's tables that is in neither group, is
    the ``owner``: row-level security does not apply to it. A lead is also an
    agent (``desk_lead`` inherits ``desk_agent``); the stronger role is named.
    """
    if not _is_postgres(session):
        return None
    superuser, lead, agent, owner = session.execute(
        text(
            "SELECT r.rolsuper,"
            " EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = :lead"
            "  AND pg_has_role(r.oid, g.oid, 'USAGE')),"
            " EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = :agent"
            "  AND pg_has_role(r.oid, g.oid, 'USAGE')),"
            " EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = current_schema()"
            "  AND t.tablename = 'agent' AND pg_has_role(r.oid, t.tableowner, 'USAGE'))"
            " FROM pg_roles r WHERE r.rolname = session_user"
        ),
        {"lead": LEAD_GROUP, "agent": AGENT_GROUP},
    ).one()
    if superuser:
        return "owner"
    if lead:
        return "lead"
    if agent:
        return "agent"
    return "owner" if owner else None
