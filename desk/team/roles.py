"""The two group roles and what PostgreSQL lets each do: grants plus row-level security.

``desk_agent`` answers: it reads what Desk shows, claims, answers, moves and
merges clusters, and — when a window covers for the sync service — syncs the
mailbox and sends the outbox. ``desk_lead`` is a member of ``desk_agent`` (it
inherits all that) and may also write the templates and the team's shared
settings, release anyone's claim and read everyone's handling events (the
statistics export). A person's login is a member of one of the two.

The database refuses what a role may not do, whatever the client sends:

* table and column grants (an agent may only count a template's uses:
  ``UPDATE (usage_count)``; it may not write ``team_setting`` at all);
* row-level security on ``claim`` (take a free or expired claim, never a live
  one of someone else's; renew and release one's own), ``handling_event`` and
  ``event_message`` (an agent records and reads only their own), ``reply``
  (written as oneself; taken back only by its author while queued);
* "who did it" is the agent row whose ``login`` is the connection's
  ``session_user`` (:func:`desk_agent_id`): a row claiming another agent's id
  is refused, so the statistics cannot be forged.

The owner of the tables (and a superuser) is not subject to row-level
security, so the single-user code, the migrations and the tests run as before.
:func:`init_team` is idempotent: it revokes and re-grants everything in one
transaction, so running it again after a migration (new tables) brings the
rights exactly to what this module says.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import Connection, Engine, text

from desk.team.guard import (
    AGENT_GROUP,
    LEAD_GROUP,
    privilege_errors,
    require_manager,
    require_postgres,
)

__all__ = ["AGENT_GROUP", "LEAD_GROUP", "POLICIES", "RIGHTS", "init_team"]

log = logging.getLogger(__name__)

# Serialises concurrent ``desk team init`` runs (a transaction-level advisory lock).
_INIT_LOCK = 0x6465736B7465616D  # "deskteam"

# The outbox's bookkeeping on a reply, which any agent's window may do when it sends for the
# team. What a reply says, to whom, and who wrote it stay as queued.
REPLY_SENDING_COLUMNS = (
    "state",
    "attempts",
    "last_error",
    "last_error_at",
    "attempted_at",
    "not_before",
    "sent_at",
    "filed_at",
    "sending_from",
    "lease_owner",
    "lease_until",
)

# Table → (what desk_agent may do, what desk_lead may do on top). Every table of the
# schema has an entry (a test holds that), so a new table is a decision, not an accident;
# a table missing here is only readable.
RIGHTS: dict[str, tuple[str, str]] = {
    "alembic_version": ("SELECT", ""),
    "account": ("SELECT, INSERT, UPDATE", ""),
    "folder": ("SELECT, INSERT, UPDATE", ""),
    "message": ("SELECT, INSERT, UPDATE", ""),
    "message_raw": ("SELECT, INSERT, UPDATE", ""),
    # Kept by a trigger on message, which runs with the writer's rights.
    "message_search": ("SELECT, INSERT, UPDATE", ""),
    "message_features": ("SELECT, INSERT, UPDATE, DELETE", ""),
    "cluster": ("SELECT, INSERT, UPDATE, DELETE", ""),
    "cluster_member": ("SELECT, INSERT, UPDATE, DELETE", ""),
    "agent": ("SELECT", ""),
    "template": ("SELECT, UPDATE (usage_count)", "INSERT, UPDATE, DELETE"),
    "reply": (f"SELECT, INSERT, DELETE, UPDATE ({', '.join(REPLY_SENDING_COLUMNS)})", ""),
    "reply_message": ("SELECT, INSERT", ""),
    # Written by whoever syncs (the service, or an agent's window covering for it).
    "acknowledgement": ("SELECT, INSERT", ""),
    # Agents hand requests on; whoever syncs threads the answers back and reminds.
    "handoff": ("SELECT, INSERT, UPDATE", ""),
    "claim": ("SELECT, INSERT, UPDATE, DELETE", ""),
    "handling_event": ("SELECT, INSERT", ""),
    "event_message": ("SELECT, INSERT", ""),
    "sync_leader": ("SELECT, INSERT, UPDATE, DELETE", ""),
    "presence": ("SELECT, INSERT, UPDATE, DELETE", ""),
    "team_setting": ("SELECT", "INSERT, UPDATE, DELETE"),
}

# The agent row of the connected login: the only identity an agent may act under.
# ``SET search_path`` and qualified names: an agent's own temporary table named "agent"
# must not be able to stand in for the real one.
_AGENT_ID_FUNCTION = """
CREATE OR REPLACE FUNCTION {s}.desk_agent_id() RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT id FROM {s}.agent WHERE login = session_user $$
"""

# (table, policy, command, role, USING, WITH CHECK); ``{me}`` is the caller's agent id,
# computed once per statement (a sub-select), ``{s}`` the schema. Claims expire by the
# server's clock, read when checked (clock_timestamp, not the transaction's start).
POLICIES: tuple[tuple[str, str, str, str, str | None, str | None], ...] = (
    ("claim", "desk_see", "SELECT", AGENT_GROUP, "true", None),
    ("claim", "desk_take", "INSERT", AGENT_GROUP, None, "agent_id = {me}"),
    (
        "claim", "desk_renew_or_take_over", "UPDATE", AGENT_GROUP,
        "agent_id = {me} OR expires_at <= clock_timestamp()", "agent_id = {me}",
    ),
    (
        "claim", "desk_release", "DELETE", AGENT_GROUP,
        "agent_id = {me} OR expires_at <= clock_timestamp()", None,
    ),
    ("claim", "desk_release_any", "DELETE", LEAD_GROUP, "true", None),
    ("handling_event", "desk_see_own", "SELECT", AGENT_GROUP, "agent_id = {me}", None),
    ("handling_event", "desk_see_all", "SELECT", LEAD_GROUP, "true", None),
    ("handling_event", "desk_record", "INSERT", AGENT_GROUP, None, "agent_id = {me}"),
    (
        "event_message", "desk_see_own", "SELECT", AGENT_GROUP,
        "EXISTS (SELECT 1 FROM {s}.handling_event e WHERE e.id = event_message.event_id)", None,
    ),
    ("event_message", "desk_see_all", "SELECT", LEAD_GROUP, "true", None),
    (
        "event_message", "desk_record", "INSERT", AGENT_GROUP, None,
        "EXISTS (SELECT 1 FROM {s}.handling_event e"
        " WHERE e.id = event_message.event_id AND e.agent_id = {me})",
    ),
    ("reply", "desk_see", "SELECT", AGENT_GROUP, "true", None),
    ("reply", "desk_write", "INSERT", AGENT_GROUP, None, "agent_id = {me}"),
    ("reply", "desk_send", "UPDATE", AGENT_GROUP, "true", "true"),
    (
        "reply", "desk_take_back", "DELETE", AGENT_GROUP,
        "agent_id = {me} AND state = 'queued'", None,
    ),
)  # fmt: skip


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _ensure_groups(conn: Connection) -> None:
    """Create the NOLOGIN group roles once (roles belong to the whole PostgreSQL cluster)."""
    existing: dict[str, bool] = {
        name: can_login
        for name, can_login in conn.execute(
            text("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN (:a, :l)"),
            {"a": AGENT_GROUP, "l": LEAD_GROUP},
        )
    }
    for group in (AGENT_GROUP, LEAD_GROUP):
        if group not in existing:
            conn.execute(text(f"CREATE ROLE {group} NOLOGIN"))
        elif existing[group]:
            conn.execute(text(f"ALTER ROLE {group} NOLOGIN"))  # a group is nobody's login
    lead_is_agent = conn.scalar(
        text(
            "SELECT count(*) FROM pg_auth_members m"
            " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member"
            " WHERE g.rolname = :a AND r.rolname = :l"
        ),
        {"a": AGENT_GROUP, "l": LEAD_GROUP},
    )
    if not lead_is_agent:
        conn.execute(text(f"GRANT {AGENT_GROUP} TO {LEAD_GROUP}"))


def _owned(conn: Connection, catalog: str, name: str, owner: str) -> list[str]:
    """The schema's tables (or sequences) the connected login owns: those it may grant on."""
    return list(
        conn.scalars(
            text(
                f"SELECT {name} FROM {catalog} WHERE schemaname = current_schema()"
                f" AND pg_has_role(current_user, {owner}, 'USAGE') ORDER BY {name}"
            )
        )
    )


def _grant(conn: Connection, schema: str, tables: Sequence[str]) -> None:
    """Revoke whatever the groups had on the tables, then grant exactly :data:`RIGHTS`."""
    s = _quote(conn, schema)
    # PUBLIC usually has these already; where an administrator took them away, give
    # them back to the agents (which needs owning the database or the schema).
    if not conn.scalar(
        text(
            "SELECT has_database_privilege(:g, current_database(), 'CONNECT')"
            " AND has_database_privilege(:g, current_database(), 'TEMPORARY')"
        ),
        {"g": AGENT_GROUP},
    ):
        database = _quote(conn, str(conn.scalar(text("SELECT current_database()"))))
        conn.execute(text(f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {AGENT_GROUP}"))
    if not conn.scalar(
        text("SELECT has_schema_privilege(:g, current_schema(), 'USAGE')"), {"g": AGENT_GROUP}
    ):
        conn.execute(text(f"GRANT USAGE ON SCHEMA {s} TO {AGENT_GROUP}"))
    groups = f"{AGENT_GROUP}, {LEAD_GROUP}"
    for sequence in _owned(conn, "pg_sequences", "sequencename", "sequenceowner"):
        qualified = f"{s}.{_quote(conn, sequence)}"
        conn.execute(text(f"REVOKE ALL ON SEQUENCE {qualified} FROM {groups}"))
        conn.execute(text(f"GRANT USAGE ON SEQUENCE {qualified} TO {AGENT_GROUP}"))
    for table in tables:
        qualified = f"{s}.{_quote(conn, table)}"
        conn.execute(text(f"REVOKE ALL ON TABLE {qualified} FROM {groups}"))
        agent, lead = RIGHTS.get(table, ("SELECT", ""))
        if table not in RIGHTS:
            log.warning("team roles: no rights decided for table %s; agents only read it", table)
        conn.execute(text(f"GRANT {agent} ON TABLE {qualified} TO {AGENT_GROUP}"))
        if lead:
            conn.execute(text(f"GRANT {lead} ON TABLE {qualified} TO {LEAD_GROUP}"))
    # Tables and sequences a later migration creates (as this owner) are readable and
    # their ids drawable at once; writing them waits for `desk team init` to run again.
    for kind, privilege in (("TABLES", "SELECT"), ("SEQUENCES", "USAGE")):
        conn.execute(
            text(
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s}"
                f" GRANT {privilege} ON {kind} TO {AGENT_GROUP}"
            )
        )


def _policies(conn: Connection, schema: str, tables: Sequence[str]) -> None:
    """(Re)create the identity function and every row-level policy, and switch RLS on."""
    s = _quote(conn, schema)
    conn.execute(text(_AGENT_ID_FUNCTION.format(s=s)))
    me = f"(SELECT {s}.desk_agent_id())"
    secured = sorted({table for table, *_ in POLICIES} & set(tables))
    for table in secured:
        qualified = f"{s}.{_quote(conn, table)}"
        old = conn.scalars(
            text(
                "SELECT policyname FROM pg_policies"
                " WHERE schemaname = :s AND tablename = :t AND policyname LIKE 'desk\\_%'"
            ),
            {"s": schema, "t": table},
        ).all()
        for name in old:
            conn.execute(text(f"DROP POLICY {_quote(conn, name)} ON {qualified}"))
        conn.execute(text(f"ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY"))
    for table, name, command, group, using, check in POLICIES:
        if table not in secured:
            continue
        clauses = ""
        if using is not None:
            clauses += f" USING ({using.format(me=me, s=s)})"
        if check is not None:
            clauses += f" WITH CHECK ({check.format(me=me, s=s)})"
        conn.execute(
            text(
                f"CREATE POLICY {name} ON {s}.{_quote(conn, table)}"
                f" AS PERMISSIVE FOR {command} TO {group}{clauses}"
            )
        )


def init_team(engine: Engine) -> None:
    """Create the group roles and give each exactly its rights in this database; idempotent.

    Run by the database's owner (a superuser, or a login with CREATEROLE that
    owns Desk's tables) after ``desk db upgrade``, and again after any later
    upgrade. Everything happens in one transaction: on a refusal nothing changed.
    """
    require_postgres(engine)
    with engine.begin() as conn:
        login = require_manager(conn)
        with privilege_errors(login):
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _INIT_LOCK})
            schema = str(conn.scalar(text("SELECT current_schema()")))
            tables = _owned(conn, "pg_tables", "tablename", "tableowner")
            _ensure_groups(conn)
            _grant(conn, schema, tables)
            _policies(conn, schema, tables)
    log.info("team roles set up in schema %s by %s", schema, login)
