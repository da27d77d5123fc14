"""team mode

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

What a team of agents on one PostgreSQL needs (``docs/team.md``):

* ``reply.lease_owner`` / ``reply.lease_until``: the outbox process that took
  a reply for sending, and until when. Any number of outboxes may run; a
  reply in ``sending`` is recovered only once its lease has run out, so no
  outbox re-queues or re-sends what a live one is sending.
* ``sync_leader``: who syncs each account for the team (the service or one
  window), since when, its heartbeat and its last pass; the other windows
  read it and say "synced by …".
* ``presence``: every running window and service, with a heartbeat.
* ``team_setting``: settings the team shares (the queue's weights).

On PostgreSQL, statement-level triggers tell every listening client what
changed, on the channel ``desk_events``, as JSON ``{"kind": …, "ids": […]}``
(``ids`` is null when more than 500 rows changed: "reload it all"). One
notification per statement, not per row: a sync inserting 26,000 messages
sends a few hundred, not 26,000. PostgreSQL delivers them at commit and drops
duplicates within a transaction. Kinds: ``claims`` (message ids),
``mail`` (new message ids), ``messages`` (ids whose status changed),
``outbox`` (reply ids inserted, deleted (an undone reply) or whose state
changed), ``clusters`` (cluster ids whose members or merge changed, both ends of
a merge), ``presence`` (agent ids, 0 for the service), ``sync`` (account ids
whose leader row was written or removed), ``templates``, ``settings`` (``[0]``).
SQLite (one agent) has none of it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "desk_events"
MAX_IDS = 500

NOTIFY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION desk_notify(kind text, ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    IF cardinality(ids) > {MAX_IDS} THEN
        PERFORM pg_notify('{CHANNEL}', json_build_object('kind', kind, 'ids', NULL)::text);
    ELSE
        PERFORM pg_notify('{CHANNEL}', json_build_object('kind', kind, 'ids', ids)::text);
    END IF;
END $$
"""

# (trigger function, kind, SELECT over the transition tables giving the ids)
_FUNCTIONS: dict[str, tuple[str, str]] = {
    "desk_notify_claim_new": ("claims", "SELECT DISTINCT message_id FROM new_rows"),
    "desk_notify_claim_old": ("claims", "SELECT DISTINCT message_id FROM old_rows"),
    # A renewal (the heartbeat of every window, every 30 s) changes only the expiry: silent.
    "desk_notify_claim_taken": (
        "claims",
        "SELECT n.message_id FROM new_rows n JOIN old_rows o ON o.message_id = n.message_id"
        " WHERE n.agent_id IS DISTINCT FROM o.agent_id"
        " OR n.claimed_at IS DISTINCT FROM o.claimed_at",
    ),
    "desk_notify_message_new": ("mail", "SELECT id FROM new_rows"),
    "desk_notify_message_status": (
        "messages",
        "SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id"
        " WHERE n.status IS DISTINCT FROM o.status",
    ),
    "desk_notify_reply_new": ("outbox", "SELECT id FROM new_rows"),
    "desk_notify_reply_old": ("outbox", "SELECT id FROM old_rows"),
    "desk_notify_reply_state": (
        "outbox",
        "SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id"
        " WHERE n.state IS DISTINCT FROM o.state",
    ),
    "desk_notify_member_new": ("clusters", "SELECT DISTINCT cluster_id FROM new_rows"),
    "desk_notify_member_old": ("clusters", "SELECT DISTINCT cluster_id FROM old_rows"),
    "desk_notify_member_moved": (
        "clusters",
        "SELECT cluster_id FROM new_rows UNION SELECT cluster_id FROM old_rows",
    ),
    # The cluster, the one it now points to and the one it pointed to (an unmerge).
    "desk_notify_cluster_merged": (
        "clusters",
        "SELECT DISTINCT x.id FROM new_rows n JOIN old_rows o ON o.id = n.id,"
        " LATERAL (VALUES (n.id), (n.merged_into_id), (o.merged_into_id)) AS x(id)"
        " WHERE n.merged_into_id IS DISTINCT FROM o.merged_into_id AND x.id IS NOT NULL",
    ),
    "desk_notify_presence_new": ("presence", "SELECT DISTINCT coalesce(agent_id, 0) FROM new_rows"),
    "desk_notify_presence_old": ("presence", "SELECT DISTINCT coalesce(agent_id, 0) FROM old_rows"),
    "desk_notify_sync_new": ("sync", "SELECT account_id FROM new_rows"),
    "desk_notify_sync_old": ("sync", "SELECT account_id FROM old_rows"),
    "desk_notify_template_new": ("templates", "SELECT id FROM new_rows"),
    "desk_notify_template_old": ("templates", "SELECT id FROM old_rows"),
    "desk_notify_setting": ("settings", "SELECT 0"),
}

# The transition tables a trigger's function reads.
_NEW = "NEW TABLE AS new_rows"
_OLD = "OLD TABLE AS old_rows"
_BOTH = f"{_OLD} {_NEW}"

# (table, event, trigger function, transition tables)
_TRIGGERS: tuple[tuple[str, str, str, str], ...] = (
    ("claim", "INSERT", "desk_notify_claim_new", _NEW),
    ("claim", "UPDATE", "desk_notify_claim_taken", _BOTH),
    ("claim", "DELETE", "desk_notify_claim_old", _OLD),
    ("message", "INSERT", "desk_notify_message_new", _NEW),
    ("message", "UPDATE", "desk_notify_message_status", _BOTH),
    ("reply", "INSERT", "desk_notify_reply_new", _NEW),
    ("reply", "UPDATE", "desk_notify_reply_state", _BOTH),
    ("reply", "DELETE", "desk_notify_reply_old", _OLD),
    ("cluster_member", "INSERT", "desk_notify_member_new", _NEW),
    ("cluster_member", "UPDATE", "desk_notify_member_moved", _BOTH),
    ("cluster_member", "DELETE", "desk_notify_member_old", _OLD),
    ("cluster", "UPDATE", "desk_notify_cluster_merged", _BOTH),
    ("presence", "INSERT", "desk_notify_presence_new", _NEW),
    ("presence", "DELETE", "desk_notify_presence_old", _OLD),
    ("sync_leader", "INSERT", "desk_notify_sync_new", _NEW),
    ("sync_leader", "UPDATE", "desk_notify_sync_new", _NEW),
    ("sync_leader", "DELETE", "desk_notify_sync_old", _OLD),
    ("template", "INSERT", "desk_notify_template_new", _NEW),
    ("template", "UPDATE", "desk_notify_template_new", _NEW),
    ("template", "DELETE", "desk_notify_template_old", _OLD),
    ("team_setting", "INSERT", "desk_notify_setting", ""),
    ("team_setting", "UPDATE", "desk_notify_setting", ""),
    ("team_setting", "DELETE", "desk_notify_setting", ""),
)  # fmt: skip


def _trigger_name(table: str, event: str) -> str:
    return f"desk_notify_{table}_{event.lower()}"


def _create_notifications() -> None:
    op.execute(NOTIFY_FUNCTION)
    for name, (kind, ids) in _FUNCTIONS.items():
        op.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN PERFORM desk_notify('{kind}', ARRAY({ids})::bigint[]); RETURN NULL; END $$"
        )
    for table, event, function, transition in _TRIGGERS:
        referencing = f"REFERENCING {transition} " if transition else ""
        op.execute(
            f"CREATE TRIGGER {_trigger_name(table, event)} AFTER {event} ON {table} "
            f"{referencing}FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )


def _drop_notifications() -> None:
    for table, event, _function, _transition in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, event)} ON {table}")
    for name in _FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP FUNCTION IF EXISTS desk_notify(text, bigint[])")


def upgrade() -> None:
    """Add the reply lease, the sync leader, presence, team settings and notifications."""
    with op.batch_alter_table("reply", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_owner", sa.Text()))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True)))
    op.create_table(
        "sync_leader",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("host", sa.Text(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sync_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_sync_leader_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_sync_leader")),
    )
    op.create_table(
        "presence",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("login", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("host", sa.Text(), nullable=False),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agent.id"],
            name=op.f("fk_presence_agent_id_agent"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presence")),
    )
    op.create_index(op.f("ix_presence_heartbeat_at"), "presence", ["heartbeat_at"], unique=False)
    op.create_table(
        "team_setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_team_setting")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _create_notifications()


def downgrade() -> None:
    """Drop them."""
    if op.get_bind().dialect.name == "postgresql":
        _drop_notifications()
    op.drop_table("team_setting")
    op.drop_index(op.f("ix_presence_heartbeat_at"), table_name="presence")
    op.drop_table("presence")
    op.drop_table("sync_leader")
    with op.batch_alter_table("reply", schema=None) as batch_op:
        batch_op.drop_column("lease_until")
        batch_op.drop_column("lease_owner")
