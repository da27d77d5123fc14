"""cluster members that ask more, cluster titles

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

A message that asks what its cluster asks *and* something else joins the
cluster flagged: ``cluster_member.asks_more`` holds the extra request (the
sentences of its compared text that the cluster's representative does not
ask, one per line), so the window can show it and warn before the cluster's
reply goes to it. Null for a member that asks only what its cluster asks.

A cluster's title says what it asks (its representative's first request
sentence, see ``desk.cluster.titles``): ``cluster.title``, computed by the
clustering service when the representative changes (``titled_from`` is the
message it was computed from), so that a queue of thousands of clusters reads
a short string per row rather than each representative's text, which over a
VPN is the difference between kilobytes and megabytes per reload.

The compared text now keeps the message's lines (the mailbox's boilerplate is
learned and removed line by line, see ``desk.cluster.boilerplate``): the stored
features are deleted, and the clustering service computes them again at its
next update (about a minute for 26,000 messages, once), keeping cluster ids.

Plain ``ADD COLUMN``s on both databases: nullable, no default to write into
existing rows, and no SQLite table rebuild (which would cost a copy of every
membership).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column."""
    op.add_column("cluster_member", sa.Column("asks_more", sa.Text(), nullable=True))
    op.add_column(
        "cluster", sa.Column("title", sa.Text(), nullable=False, server_default=sa.text("''"))
    )
    op.add_column("cluster", sa.Column("titled_from", sa.Integer(), nullable=True))
    op.execute("DELETE FROM message_features")


def downgrade() -> None:
    """Drop them (SQLite 3.35+ drops a column in place)."""
    op.drop_column("cluster", "titled_from")
    op.drop_column("cluster", "title")
    op.drop_column("cluster_member", "asks_more")
