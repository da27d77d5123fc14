"""The queue's weights, shared by the whole team: set by a team lead, used by every window.

Each agent's ``desk.toml`` may carry ``[queue]`` weights for one agent alone;
in a team, the weights written here (by a lead: PostgreSQL refuses the write
to an agent's login) take precedence, so everybody works the same order.
Every window hears of a change (NOTIFY ``settings``) and reorders its queue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, fields
from datetime import datetime

from sqlalchemy.orm import Session

from desk.queue.priority import QueueWeights
from desk.store.models import TeamSetting
from desk.store.team_settings import put_team_setting

KEY = "queue_weights"


def team_weights(session: Session) -> QueueWeights | None:
    """The team's weights, or None when no lead has set any."""
    row = session.get(TeamSetting, KEY)
    if row is None or not isinstance(row.value, dict):
        return None
    known = {field.name for field in fields(QueueWeights)}
    return QueueWeights.from_mapping({k: v for k, v in row.value.items() if k in known})


def set_team_weights(
    session: Session, changes: Mapping[str, object], by: str, now: datetime
) -> QueueWeights:
    """Change some of the team's weights (the others stay); ValueError names a bad one."""
    current = team_weights(session) or QueueWeights()
    weights = QueueWeights.from_mapping({**asdict(current), **changes})
    put_team_setting(session, KEY, asdict(weights), by, now)
    return weights
