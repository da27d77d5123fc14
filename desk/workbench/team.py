"""The window as one of a team, headless: live changes, heartbeat, presence, reachability.

What :mod:`desk.ui.team_controller` and the team tab run on their workers,
and the store's pieces they name (a change from the team, the listener that
hands them out, whether a failure means the database is out of reach), so
the window reaches the store only through the workbench.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from desk.core.processes import this_host
from desk.queue.claims import release
from desk.queue.locks import database_now
from desk.queue.presence import PresentAgent, leave, present
from desk.store.database import Store
from desk.store.errors import connection_lost
from desk.store.migrate import check_schema
from desk.store.notify import Change, ChangeListener, ListenerState, Phase, listener_for
from desk.workbench.answering import AgentInfo
from desk.workbench.dispatch import KeptAlive, keep_alive

__all__ = [
    "Change",
    "ChangeListener",
    "ListenerState",
    "Phase",
    "PresentAgent",
    "beat",
    "connection_lost",
    "leave_team",
    "listener_for",
    "present_agents",
    "reach_database",
    "release_agent_claims",
]

Sessions = sessionmaker[Session]


def beat(sessions: Sessions, agent: AgentInfo, token: str | None) -> KeptAlive:
    """The heartbeat: the agent present (joined again if swept), their claims renewed."""
    with sessions.begin() as session:
        return keep_alive(
            session,
            token,
            agent_id=agent.id,
            login=agent.login,
            host=this_host(),
            now=database_now(session),
        )


def leave_team(sessions: Sessions, token: str) -> bool:
    """Say goodbye (a closing window): False when the presence row was already gone."""
    with sessions.begin() as session:
        return leave(session, token)


def reach_database(store: Store) -> None:
    """Raise unless the database answers and its schema is one this Desk may write to.

    Back after a drop, it may have been upgraded meanwhile by a newer Desk:
    never write to a newer schema.
    """
    with store.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    check_schema(store.engine)


def present_agents(sessions: Sessions) -> list[PresentAgent]:
    """Every running window and the service, with what each agent holds."""
    with sessions() as session:
        return present(session, datetime.now(UTC))


def release_agent_claims(sessions: Sessions, agent_id: int) -> int:
    """Give every claim of this agent back to the queue (a team lead's gesture)."""
    with sessions.begin() as session:
        return release(session, agent_id)
