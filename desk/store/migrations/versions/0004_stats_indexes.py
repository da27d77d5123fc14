"""stats indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Adds ``ix_handling_event_stats`` on handling_event (agent_id, template_id,
cluster_id, started_at, kind, active_ms): the statistics group a year of
events (a million rows for a large centre) by agent, template and cluster,
and this index holds every column they read, in grouping order, so the
database neither sorts nor visits the table.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["agent_id", "template_id", "cluster_id", "started_at", "kind", "active_ms"]


def upgrade() -> None:
    """Create the covering index of the statistics."""
    op.create_index("ix_handling_event_stats", "handling_event", COLUMNS, unique=False)


def downgrade() -> None:
    """Drop it."""
    op.drop_index("ix_handling_event_stats", table_name="handling_event")
