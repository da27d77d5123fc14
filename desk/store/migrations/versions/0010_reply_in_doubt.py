"""replies in doubt, and when a reply's last error and last attempt were

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08

A reply interrupted after it was handed over to a server that keeps no copy in
Sent used to be taken as sent. It now goes to a new state, ``in_doubt``, that
the outbox never sends on its own and an agent settles (send again, or it
went). ``reply.state`` is a VARCHAR(20) with no CHECK constraint on either
database (``native_enum=False``, no constraint since 0001), so the new value
needs no DDL: no PostgreSQL enum type to ``ALTER TYPE``, no SQLite table
rebuild. This revision adds the two times the window shows beside a reply in
doubt or that failed: ``attempted_at`` (its last "sending" commit) and
``last_error_at`` (when ``last_error`` was written; a failure is shown again
after a restart).

Plain nullable ``ADD COLUMN``s on both databases. A team database grants agents
UPDATE on a reply's bookkeeping column by column (``desk.team.roles``): the two
new columns are granted here too, or every agent's outbox would be refused
(``desk team init`` grants them on a new team); a downgrade sends the replies
in doubt back to ``sending`` (where 0009's outbox took them as sent, as before).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the two columns; where team roles exist, agents may write them as they send."""
    op.add_column("reply", sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("reply", sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and bind.scalar(
        sa.text("SELECT 1 FROM pg_roles WHERE rolname = 'desk_agent'")
    ):
        op.execute("GRANT UPDATE (last_error_at, attempted_at) ON reply TO desk_agent")


def downgrade() -> None:
    """Drop them; replies in doubt go back to ``sending`` (an older outbox knows no other)."""
    op.execute("UPDATE reply SET state = 'sending' WHERE state = 'in_doubt'")
    op.drop_column("reply", "attempted_at")
    op.drop_column("reply", "last_error_at")
