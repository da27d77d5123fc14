"""reply.edited: whether the agent changed the template's text before sending

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

The quality figures tell answers sent as the template wrote them from answers
the agent edited (issue 18, item 5). Null for replies queued before this
revision and for mail Desk sends by itself: unknown, counted in neither part.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column (no value for the replies already there)."""
    op.add_column("reply", sa.Column("edited", sa.Boolean(), nullable=True))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("reply") as batch:  # SQLite cannot drop a column in place
        batch.drop_column("edited")
