"""template details

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Adds ``template.fallbacks``: per placeholder (by its canonical key), the text
a reply uses for a recipient the placeholder has no value for, so that an
agent can answer a cluster where some senders gave no name or reference.
Existing templates get an empty mapping (no fallback: missing values are
reported before sending, as before).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the fallbacks column, empty for the templates already stored."""
    with op.batch_alter_table("template", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fallbacks", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("template", schema=None) as batch_op:
        batch_op.drop_column("fallbacks")
