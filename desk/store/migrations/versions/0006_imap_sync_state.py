"""imap sync state and outbox filing

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

What the IMAP sync and the outbox need to resume where they stopped:
per folder the last UIDNEXT and sync time (HIGHESTMODSEQ and UIDVALIDITY were
there); per message its server flags, whether only its headers are stored yet
(headers come first so the queue shows early) and when the server lost it; per
reply when it was filed (Sent copy, \\Answered) its bytes as composed when
queued and which outbox last started sending it; per account the folders to
sync, the Sent and "processed" folders, a submission rate limit, the SMTP
server's pinned certificate and whether that server files what it accepts
into Sent (the outbox's crash recovery depends on it). And an index on
message (sender, date): a sender's messages in time order, which the sender
groups and the statistics' re-contacts read.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the sync and filing columns."""
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("smtp_pinned_cert_sha256", sa.String(length=64)))
        batch_op.add_column(
            sa.Column("sync_folders", sa.JSON(), nullable=False, server_default='["INBOX"]')
        )
        batch_op.add_column(
            sa.Column("sent_folder", sa.Text(), nullable=False, server_default="Sent")
        )
        batch_op.add_column(sa.Column("processed_folder", sa.Text()))
        batch_op.add_column(sa.Column("rate_limit_per_minute", sa.Integer()))
        batch_op.add_column(sa.Column("smtp_files_sent", sa.Boolean()))
    with op.batch_alter_table("folder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uidnext", sa.BigInteger()))
        batch_op.add_column(sa.Column("synced_at", sa.DateTime(timezone=True)))
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flags", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(
            sa.Column("body_fetched", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("gone_at", sa.DateTime(timezone=True)))
    with op.batch_alter_table("reply", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filed_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("raw", sa.LargeBinary()))
        batch_op.add_column(sa.Column("sending_from", sa.Text()))
    op.create_index("ix_message_sender_date", "message", ["sender", "date"], unique=False)


def downgrade() -> None:
    """Drop them."""
    op.drop_index("ix_message_sender_date", table_name="message")
    with op.batch_alter_table("reply", schema=None) as batch_op:
        batch_op.drop_column("sending_from")
        batch_op.drop_column("raw")
        batch_op.drop_column("filed_at")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_column("gone_at")
        batch_op.drop_column("body_fetched")
        batch_op.drop_column("flags")
    with op.batch_alter_table("folder", schema=None) as batch_op:
        batch_op.drop_column("synced_at")
        batch_op.drop_column("uidnext")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("smtp_files_sent")
        batch_op.drop_column("rate_limit_per_minute")
        batch_op.drop_column("processed_folder")
        batch_op.drop_column("sent_folder")
        batch_op.drop_column("sync_folders")
        batch_op.drop_column("smtp_pinned_cert_sha256")
