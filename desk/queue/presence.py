"""Presence: who is connected to the team's database right now, and what they hold.

Every running window, service or bench joins with a row of its own (a random
token) and keeps it fresh with a heartbeat (every
:data:`~desk.queue.claims.HEARTBEAT_EVERY`). A process that dies, sleeps or
loses its VPN simply stops beating: its row goes stale after ``stale_after``
and :func:`sweep` deletes it, while its claims lapse on their own lease
(:data:`~desk.queue.claims.DEFAULT_LEASE`). Nothing here depends on a process
saying goodbye, although :func:`leave` lets a closing window do so at once.

The times are the caller's ``now``; in a team, take it from the database
(:func:`desk.queue.locks.database_now`) so that workstations' clocks do not
matter.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desk.queue.claims import HEARTBEAT_EVERY, claims_by_agent
from desk.store.models import Agent, Presence

# Three missed heartbeats: the process is gone (or cut off, which is the same to the team).
STALE_AFTER = HEARTBEAT_EVERY * 3


class PresenceKind(StrEnum):
    """What kind of Desk process a presence row stands for."""

    WINDOW = "window"
    SERVICE = "service"
    BENCH = "bench"


@dataclass(frozen=True, slots=True)
class PresentAgent:
    """One connected Desk process, with what its agent holds (nothing for a service)."""

    token: str
    agent_id: int | None
    login: str
    display_name: str  # the agent's name, or the login for a process with no agent
    kind: PresenceKind
    host: str
    since: datetime  # when it joined
    heartbeat_at: datetime
    held_messages: int
    held_clusters: tuple[int, ...]


def join(
    session: Session,
    agent_id: int | None,
    login: str,
    kind: PresenceKind | str,
    host: str,
    now: datetime,
) -> str:
    """Say this process is here; returns its token, for :func:`heartbeat` and :func:`leave`."""
    token = secrets.token_hex(16)
    session.add(
        Presence(
            id=token,
            agent_id=agent_id,
            login=login,
            kind=PresenceKind(kind).value,
            host=host,
            connected_at=now,
            heartbeat_at=now,
        )
    )
    session.flush()
    return token


def heartbeat(session: Session, token: str, now: datetime) -> bool:
    """Keep the row fresh; False when it is gone (swept while the process slept): join again."""
    result = session.execute(
        update(Presence)
        .where(Presence.id == token)
        .values(heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def leave(session: Session, token: str) -> bool:
    """Say goodbye (a closing window); False when the row was already gone."""
    result = session.execute(delete(Presence).where(Presence.id == token))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def present(
    session: Session, now: datetime, stale_after: timedelta = STALE_AFTER
) -> list[PresentAgent]:
    """Every process whose heartbeat is fresh, by name then kind, with what its agent holds.

    An agent with two windows open is listed twice (each with the agent's
    holdings): they are two places that can answer.
    """
    held = {a.agent_id: a for a in claims_by_agent(session, now)}
    rows = session.execute(
        select(
            Presence.id,
            Presence.agent_id,
            Presence.login,
            Agent.display_name,
            Presence.kind,
            Presence.host,
            Presence.connected_at,
            Presence.heartbeat_at,
        )
        .outerjoin(Agent, Agent.id == Presence.agent_id)
        .where(Presence.heartbeat_at > now - stale_after)
    ).all()
    found = []
    for token, agent_id, login, name, kind, host, since, beat in rows:
        holding = held.get(agent_id) if agent_id is not None else None
        found.append(
            PresentAgent(
                token=token,
                agent_id=agent_id,
                login=login,
                display_name=name or login,
                kind=PresenceKind(kind),
                host=host,
                since=since,
                heartbeat_at=beat,
                held_messages=holding.message_count if holding else 0,
                held_clusters=holding.cluster_ids if holding else (),
            )
        )
    return sorted(found, key=lambda p: (p.display_name.casefold(), p.kind, p.since, p.token))


def sweep(session: Session, now: datetime, stale_after: timedelta = STALE_AFTER) -> int:
    """Delete the rows of processes that stopped beating; returns how many.

    Their claims are not touched: they lapse by their own lease, and an agent
    whose window was only briefly cut off finds them still theirs.
    """
    result = session.execute(delete(Presence).where(Presence.heartbeat_at <= now - stale_after))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
