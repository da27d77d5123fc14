"""One row of ``team_setting`` written: insert, or replace the value of the key already there.

The team's shared settings (the queue's weights, each mailbox's
acknowledgements, the services for hand-offs) are JSON values under a key;
in a team only leads may write them (PostgreSQL's grants).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from desk.store.models import TeamSetting


def put_team_setting(session: Session, key: str, value: Any, by: str, now: datetime) -> None:
    """Set ``key`` to ``value`` (JSON), saying who and when, in the caller's transaction."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    row = {"key": key, "value": value, "updated_at": now, "updated_by": by}
    session.execute(
        dialect.insert(TeamSetting)
        .values(row)
        .on_conflict_do_update(
            index_elements=[TeamSetting.key],
            set_={"value": value, "updated_at": now, "updated_by": by},
        )
    )
