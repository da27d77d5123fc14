"""Presence on SQLite and PostgreSQL: join, heartbeat, goes stale, swept; what each one holds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from desk.queue.claims import DEFAULT_LEASE, active_holders, claim_messages, renew_claims
from desk.queue.presence import (
    STALE_AFTER,
    PresenceKind,
    heartbeat,
    join,
    leave,
    present,
    sweep,
)
from desk.store.database import Store
from desk.store.models import Presence
from tests.support.team import NOW, add_agents, add_cluster, add_messages


def test_who_is_here_with_what_they_hold(store: Store) -> None:
    with store.sessions.begin() as session:
        amina, bruno = add_agents(session, "Amina", "Bruno")
        messages = add_messages(session, 3)
        cluster = add_cluster(session, messages)
        claim_messages(session, amina, messages[:2], NOW)
        window = join(session, amina, "amina", PresenceKind.WINDOW, "pc-12", NOW)
        second = join(session, amina, "amina", "window", "laptop", NOW + timedelta(seconds=5))
        service = join(session, None, "desk_service", PresenceKind.SERVICE, "srv", NOW)
        idle = join(session, bruno, "bruno", PresenceKind.BENCH, "pc-3", NOW)
    assert len({window, second, service, idle}) == 4
    with store.sessions() as session:
        here = present(session, NOW + timedelta(seconds=10))
    assert [(p.display_name, p.kind, p.host) for p in here] == [
        ("Amina", PresenceKind.WINDOW, "pc-12"),
        ("Amina", PresenceKind.WINDOW, "laptop"),
        ("Bruno", PresenceKind.BENCH, "pc-3"),
        ("desk_service", PresenceKind.SERVICE, "srv"),
    ]
    assert here[0].token == window and here[0].since == here[0].heartbeat_at == NOW
    assert (here[0].held_messages, here[0].held_clusters) == (2, (cluster,))
    assert (here[2].held_messages, here[2].held_clusters) == (0, ())
    assert here[3].agent_id is None and here[3].login == "desk_service"


def test_a_dead_process_goes_stale_is_swept_and_its_claims_lapse(store: Store) -> None:
    """The window that keeps beating stays; the one whose heartbeat stopped disappears."""
    with store.sessions.begin() as session:
        alive_agent, dead_agent = add_agents(session, "Amina", "Bruno")
        messages = add_messages(session, 2)
        claim_messages(session, alive_agent, messages[:1], NOW)
        claim_messages(session, dead_agent, messages[1:], NOW)
        alive = join(session, alive_agent, "amina", PresenceKind.WINDOW, "a", NOW)
        dead = join(session, dead_agent, "bruno", PresenceKind.WINDOW, "b", NOW)
    now = NOW
    step = timedelta(seconds=30)
    while now < NOW + DEFAULT_LEASE + STALE_AFTER:  # the live window beats, the dead one not
        now += step
        with store.sessions.begin() as session:
            assert heartbeat(session, alive, now)
            renew_claims(session, alive_agent, now)
    with store.sessions() as session:
        assert [p.token for p in present(session, now)] == [alive]
        assert active_holders(session, messages, now) == {messages[0]: alive_agent}
        # Still a row until swept: only its heartbeat says it is gone.
        assert session.scalar(select(func.count()).select_from(Presence)) == 2
    with store.sessions.begin() as session:
        assert sweep(session, now) == 1
        assert sweep(session, now) == 0
        assert not heartbeat(session, dead, now)  # the caller joins again
    with store.sessions() as session:
        assert session.scalars(select(Presence.id)).all() == [alive]


def test_staleness_is_measured_from_the_last_heartbeat(store: Store) -> None:
    with store.sessions.begin() as session:
        [agent] = add_agents(session, "Amina")
        token = join(session, agent, "amina", PresenceKind.WINDOW, "a", NOW)
        assert heartbeat(session, token, NOW + timedelta(seconds=60))
    limit = timedelta(seconds=90)
    with store.sessions() as session:
        assert present(session, NOW + timedelta(seconds=149), limit)
        assert not present(session, NOW + timedelta(seconds=150), limit)
    with store.sessions.begin() as session:
        assert sweep(session, NOW + timedelta(seconds=149), limit) == 0
        assert sweep(session, NOW + timedelta(seconds=150), limit) == 1


def test_leaving_removes_the_row_at_once(store: Store) -> None:
    with store.sessions.begin() as session:
        [agent] = add_agents(session, "Amina")
        token = join(session, agent, "amina", PresenceKind.WINDOW, "a", NOW)
    with store.sessions.begin() as session:
        assert leave(session, token)
        assert not leave(session, token)
        assert present(session, NOW) == []


def test_an_unknown_kind_is_refused(store: Store) -> None:
    with store.sessions.begin() as session, pytest.raises(ValueError, match="toaster"):
        join(session, None, "x", "toaster", "h", NOW)
