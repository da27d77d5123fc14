"""The window's dispatch calls, headless: take the next cluster, keep presence and claims alive."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from desk.queue.claims import DEFAULT_LEASE, HEARTBEAT_EVERY, active_holders, claim_messages
from desk.queue.presence import present, sweep
from desk.store.database import Store
from desk.store.models import Claim, Presence
from desk.workbench.dispatch import TakenCluster, keep_alive, take_next
from tests.support.team import NOW, add_agents, add_cluster, add_messages


def test_take_next_leaves_the_old_row_and_opens_the_best_free_cluster(store: Store) -> None:
    with store.sessions.begin() as session:
        amina, bruno, carla = add_agents(session, "Amina", "Bruno", "Carla")
        leaving_ids = add_messages(session, 2)
        leaving = add_cluster(session, leaving_ids)
        busy_ids = add_messages(session, 1)
        busy = add_cluster(session, busy_ids)
        free_ids = add_messages(session, 3)
        free = add_cluster(session, free_ids)
        claim_messages(session, amina, leaving_ids, NOW)
        claim_messages(session, bruno, busy_ids, NOW)
    with store.sessions.begin() as session:
        got = take_next(session, amina, [busy, free, leaving], NOW, leaving=leaving_ids)
    assert got == TakenCluster(
        key=f"c{free}",
        cluster_id=free,
        member_ids=tuple(free_ids),
        claimed=tuple(free_ids),
        expires_at=NOW + DEFAULT_LEASE,
        representative="",
    )
    with store.sessions.begin() as session:
        holders = active_holders(session, [*leaving_ids, *busy_ids, *free_ids], NOW)
        assert holders == {**dict.fromkeys(busy_ids, bruno), **dict.fromkeys(free_ids, amina)}
        # Nothing else is free but the row Amina just left; Bruno's own claims are his.
        assert take_next(session, carla, [busy, free], NOW) is None
        mine = take_next(session, bruno, [free, busy], NOW)
        assert mine is not None and mine.cluster_id == busy


def test_keep_alive_renews_claims_and_rejoins_after_a_sweep(store: Store) -> None:
    """A window that slept past the sweep rejoins; its claims that lapsed meanwhile stay lapsed."""
    with store.sessions.begin() as session:
        [amina] = add_agents(session, "Amina")
        ids = add_messages(session, 2)
        claim_messages(session, amina, ids, NOW)
    start = NOW + HEARTBEAT_EVERY
    with store.sessions.begin() as session:
        first = keep_alive(session, None, agent_id=amina, login="amina", host="pc", now=start)
    assert first.rejoined and first.renewed == 2
    beat = start + HEARTBEAT_EVERY
    with store.sessions.begin() as session:
        again = keep_alive(session, first.token, agent_id=amina, login="amina", host="pc", now=beat)
    assert (again.token, again.rejoined, again.renewed) == (first.token, False, 2)
    with store.sessions() as session:
        expiry = set(session.scalars(select(Claim.expires_at)))
    assert expiry == {beat + DEFAULT_LEASE}
    # Asleep for ten minutes: swept meanwhile, claims lapsed.
    woke = beat + timedelta(minutes=10)
    with store.sessions.begin() as session:
        assert sweep(session, woke) == 1
        session.execute(delete(Claim).where(Claim.message_id == ids[0]))
    with store.sessions.begin() as session:
        back = keep_alive(session, first.token, agent_id=amina, login="amina", host="pc", now=woke)
    assert back.rejoined and back.token != first.token and back.renewed == 0
    with store.sessions() as session:
        assert [p.token for p in present(session, woke)] == [back.token]
        assert session.scalars(select(Presence.host)).all() == ["pc"]
