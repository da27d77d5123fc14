"""an index of messages by status and sender

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

Adds ``ix_message_status_sender`` on message (status, sender). The queue and
the "By sender" list count each sender's open messages on every load; with
only (status, date) and (sender, date) to go by, the database read every open
message's row and sorted the senders (84 ms of a 0.4 s queue load on 100,000
messages on SQLite). With this index the count walks the index alone, in
sender order, without sorting: 28 ms (bench.ui's start-up store).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the index the open-message counts per sender read."""
    op.create_index("ix_message_status_sender", "message", ["status", "sender"], unique=False)


def downgrade() -> None:
    """Drop it."""
    op.drop_index("ix_message_status_sender", table_name="message")
