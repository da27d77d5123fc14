"""acknowledgements: what kind of mail a reply is, and which requests were acknowledged

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

``reply.kind`` tells an answer from the mail Desk sends on its own (an
acknowledgement of receipt, a status update): those leave through the same
exactly-once outbox but answer no message, are never counted as answers, and
carry RFC 3834's ``Auto-Submitted`` header. ``acknowledgement`` records each
request acknowledged (at most one of each kind per message, enforced by a
unique key, so two senders racing cannot both send one) with the answer time
it promised, and the sender, so a person who writes five times gets one.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``reply.kind`` and the ``acknowledgement`` table."""
    op.add_column(
        "reply", sa.Column("kind", sa.String(length=20), nullable=False, server_default="answer")
    )
    op.create_table(
        "acknowledgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("sender", sa.String(length=320), nullable=False),
        sa.Column("expected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["message.id"],
            name="fk_acknowledgement_message_id_message",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reply_id"],
            ["reply.id"],
            name="fk_acknowledgement_reply_id_reply",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_acknowledgement"),
        sa.UniqueConstraint("message_id", "kind", name="uq_acknowledgement_message_id_kind"),
    )
    op.create_index("ix_acknowledgement_sender", "acknowledgement", ["sender", "created_at"])


def downgrade() -> None:
    """Drop them."""
    op.drop_index("ix_acknowledgement_sender", table_name="acknowledgement")
    op.drop_table("acknowledgement")
    with op.batch_alter_table("reply") as batch:  # SQLite cannot drop a column in place
        batch.drop_column("kind")
