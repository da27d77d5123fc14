"""hand-offs: requests forwarded to another service, with a due date and the service's answer

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

A request an agent hands to another service (or site) is forwarded with its
original attached and a reference (``H-…``) in the subject; its messages wait
(``message.status = 'waiting'``, a new value of a column without a check
constraint, so no change is needed there) until the service answers, which is
threaded back by the reference or In-Reply-To, or until the due date passes,
when they come back to the queue with a reminder. A forward the service's
server refuses or bounces flags the hand-off and brings the request back.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the ``handoff`` table."""
    op.create_table(
        "handoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("service", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["message_id"], ["message.id"], name="fk_handoff_message_id_message", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reply_id"], ["reply.id"], name="fk_handoff_reply_id_reply", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["agent_id"], ["agent.id"], name="fk_handoff_agent_id_agent"),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["message.id"], name="fk_handoff_answer_id_message", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_handoff"),
    )
    op.create_index("ix_handoff_message_id", "handoff", ["message_id"])
    op.create_index("ix_handoff_reference", "handoff", ["reference"])


def downgrade() -> None:
    """Drop it."""
    op.drop_index("ix_handoff_reference", table_name="handoff")
    op.drop_index("ix_handoff_message_id", table_name="handoff")
    op.drop_table("handoff")
