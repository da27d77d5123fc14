"""clustering features and cluster kind

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Adds ``message_features``: what the clusterer computed for a message (its kind
— request, auto-reply, bounce, spam —, where its compared text came from, the
compared text and subject). Normalising is the costly step of clustering, so
it is done once per message and reused after a restart. Adds ``cluster.kind``
so non-requests have clusters of their own, never mixed with requests.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the features table and the cluster kind column."""
    op.create_table(
        "message_features",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["message.id"],
            name=op.f("fk_message_features_message_id_message"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_message_features")),
    )
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default="request")
        )


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.drop_column("kind")
    op.drop_table("message_features")
