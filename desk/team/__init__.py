"""Team mode: agents and team leads on one PostgreSQL, their rights enforced by the database.

``roles`` creates the two group roles and what each may do (grants,
row-level security); ``members`` adds, lists, re-roles and removes the
people's logins; ``identity`` tells the window who is connected and in what
role. Nothing here is needed on SQLite (one agent, no roles).
"""

from desk.team.identity import TeamRole, connected_login, team_role
from desk.team.members import (
    Member,
    add_member,
    check_name,
    list_members,
    remove_member,
    set_role,
)
from desk.team.roles import AGENT_GROUP, LEAD_GROUP, init_team

__all__ = [
    "AGENT_GROUP",
    "LEAD_GROUP",
    "Member",
    "TeamRole",
    "add_member",
    "check_name",
    "connected_login",
    "init_team",
    "list_members",
    "remove_member",
    "set_role",
    "team_role",
]
