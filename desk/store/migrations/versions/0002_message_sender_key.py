"""message sender key

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Adds ``message.sender``: the person a message is from (Reply-To for contact
forms), which groups one sender's messages. Existing rows are filled in SQL
with the same rule minus two refinements that need Python (folding "+tag"
sub-addresses, reading the address out of a form body without Reply-To);
messages ingested from now on get the full rule.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BACKFILL = """
UPDATE message SET sender = lower(
  CASE WHEN reply_to_addr IS NOT NULL AND reply_to_addr <> ''
        AND (from_addr LIKE 'noreply@%' OR from_addr LIKE 'no-reply@%'
             OR from_addr LIKE 'ne-pas-repondre@%' OR from_addr LIKE 'formulaire%@%'
             OR lower(from_name) LIKE '%formulaire%')
       THEN reply_to_addr ELSE from_addr END)
"""


def upgrade() -> None:
    """Add the column, fill it for the messages already stored, index it."""
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sender", sa.String(length=320), nullable=False, server_default="")
        )
    op.execute(_BACKFILL)
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_message_sender"), ["sender"], unique=False)


def downgrade() -> None:
    """Drop the index and the column."""
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_sender"))
        batch_op.drop_column("sender")
