"""The window as one of a team, headless: heartbeat, presence, release, reaching the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from desk.core.errors import DeskError, ErrorCode
from desk.store.database import Store
from desk.workbench.answering import current_agent
from desk.workbench.team import (
    beat,
    leave_team,
    listener_for,
    present_agents,
    reach_database,
    release_agent_claims,
)
from desk.workbench.worklist import load_queue
from desk.workbench.worklist_tasks import open_row


def test_a_beating_window_is_present_and_gone_when_it_leaves(demo_store: Store) -> None:
    with demo_store.sessions.begin() as session:
        ana = current_agent(session, "ana")
    kept = beat(demo_store.sessions, ana, None)
    assert kept.rejoined
    assert beat(demo_store.sessions, ana, kept.token).token == kept.token
    here = present_agents(demo_store.sessions)
    assert [p.login for p in here if p.kind == "window"] == ["ana"]
    assert leave_team(demo_store.sessions, kept.token)
    assert present_agents(demo_store.sessions) == []
    assert listener_for(demo_store) is None, "nobody else writes a SQLite store"


def test_a_lead_gives_an_agents_claims_back(demo_store: Store) -> None:
    with demo_store.sessions.begin() as session:
        ana = current_agent(session, "ana")
        row = next(r for r in load_queue(session, datetime.now(UTC)) if r.cluster_id is not None)
    claimed = open_row(demo_store.sessions, row, ana.id).claimed
    assert claimed and release_agent_claims(demo_store.sessions, ana.id) == len(claimed)


def test_reaching_the_database_refuses_a_schema_it_does_not_know(demo_store: Store) -> None:
    reach_database(demo_store)
    with demo_store.sessions.begin() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(DeskError) as refused:
        reach_database(demo_store)
    assert refused.value.code is ErrorCode.DB_TOO_NEW
