"""Claims on SQLite and PostgreSQL: one holder per message, leases expire, races are safe."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from desk.queue.claims import (
    DEFAULT_LEASE,
    HEARTBEAT_EVERY,
    active_holders,
    claim_cluster,
    claim_messages,
    claims_by_agent,
    release,
    release_any,
    renew_claims,
)
from desk.store.database import Store, open_store
from desk.store.models import (
    Agent,
    Claim,
    Cluster,
    ClusterMember,
    Folder,
    FolderKind,
    Message,
    MessageStatus,
)

NOW = datetime(2020, 3, 16, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=15)


@pytest.fixture
def world(store: Store) -> dict[str, list[int]]:
    """Two agents, six open messages, one answered, a cluster of four."""
    with store.sessions.begin() as session:
        agents = [Agent(login=login, display_name=login) for login in ("amina", "bruno")]
        folder = Folder(kind=FolderKind.MAILDIR, name="x", locator="maildir:x")
        messages = [
            Message(folder=folder, source_key=f"k{i}", message_id=f"<{i}@x>", date=NOW, size=1)
            for i in range(7)
        ]
        messages[6].status = MessageStatus.ANSWERED
        cluster = Cluster(label="mots de passe")
        session.add_all([*agents, *messages, cluster])
        session.flush()
        session.add_all(ClusterMember(message_id=m.id, cluster_id=cluster.id) for m in messages[:4])
        return {
            "agents": [a.id for a in agents],
            "messages": [m.id for m in messages],
            "cluster": [cluster.id],
        }


def test_free_messages_are_claimed_and_others_are_kept_out(
    store: Store, world: dict[str, list[int]]
) -> None:
    amina, bruno = world["agents"]
    first, second, third, *_ = world["messages"]
    with store.sessions.begin() as session:
        got = claim_messages(session, amina, [first, second], NOW, LEASE)
    assert got.claimed == {first, second}
    assert not got.held_by_others
    with store.sessions.begin() as session:
        other = claim_messages(session, bruno, [second, third], NOW + timedelta(minutes=5), LEASE)
    assert other.claimed == {third}
    assert other.held_by_others == {second: amina}
    with store.sessions() as session:
        assert active_holders(session, [first, second, third], NOW) == {
            first: amina,
            second: amina,
            third: bruno,
        }


def test_an_expired_lease_can_be_taken_over(store: Store, world: dict[str, list[int]]) -> None:
    amina, bruno = world["agents"]
    message = world["messages"][0]
    with store.sessions.begin() as session:
        claim_messages(session, amina, [message], NOW, LEASE)
    later = NOW + LEASE + timedelta(seconds=1)
    with store.sessions.begin() as session:
        assert active_holders(session, [message], later) == {}
        assert claim_messages(session, bruno, [message], later, LEASE).claimed == {message}


def test_renewing_extends_the_lease(store: Store, world: dict[str, list[int]]) -> None:
    amina, bruno = world["agents"]
    message = world["messages"][0]
    with store.sessions.begin() as session:
        claim_messages(session, amina, [message], NOW, LEASE)
    with store.sessions.begin() as session:
        claim_messages(session, amina, [message], NOW + timedelta(minutes=10), LEASE)
    at_twenty = NOW + timedelta(minutes=20)
    with store.sessions.begin() as session:
        blocked = claim_messages(session, bruno, [message], at_twenty, LEASE)
    assert blocked.held_by_others == {message: amina}
    with store.sessions() as session:
        claim = session.get(Claim, message)
        assert claim is not None
        assert claim.expires_at == NOW + timedelta(minutes=25)


def test_release_gives_messages_back(store: Store, world: dict[str, list[int]]) -> None:
    amina, bruno = world["agents"]
    first, second, *_ = world["messages"]
    with store.sessions.begin() as session:
        claim_messages(session, amina, [first, second], NOW, LEASE)
    with store.sessions.begin() as session:
        assert release(session, amina, [first]) == 1
    with store.sessions.begin() as session:
        assert claim_messages(session, bruno, [first, second], NOW, LEASE).claimed == {first}
    with store.sessions.begin() as session:
        assert release(session, amina) == 1
        assert release(session, amina) == 0


def test_answered_messages_are_not_claimed(store: Store, world: dict[str, list[int]]) -> None:
    amina, _ = world["agents"]
    answered = world["messages"][6]
    with store.sessions.begin() as session:
        got = claim_messages(session, amina, [answered, 99_999], NOW, LEASE)
    assert got.claimed == frozenset()
    assert got.not_open == {answered, 99_999}


def test_claiming_a_cluster_takes_its_open_messages(
    store: Store, world: dict[str, list[int]]
) -> None:
    amina, bruno = world["agents"]
    members = world["messages"][:4]
    with store.sessions.begin() as session:
        claim_messages(session, bruno, [members[3]], NOW, LEASE)
    with store.sessions.begin() as session:
        got = claim_cluster(session, amina, world["cluster"][0], NOW, LEASE)
    assert got.claimed == set(members[:3])
    assert got.held_by_others == {members[3]: bruno}


def test_a_lease_must_be_positive(store: Store, world: dict[str, list[int]]) -> None:
    with store.sessions.begin() as session, pytest.raises(ValueError, match="positive"):
        claim_messages(session, world["agents"][0], world["messages"][:1], NOW, timedelta(0))


def test_two_agents_racing_never_share_a_message(
    store: Store, world: dict[str, list[int]], db_url: str
) -> None:
    """Each agent in its own thread and connection claims all six messages at once."""
    agents = world["agents"]
    messages = world["messages"][:6]
    results: dict[int, frozenset[int]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def agent_claims(agent_id: int) -> None:
        own = open_store(db_url, migrate=False, busy_timeout_s=30)
        try:
            start.wait(timeout=30)
            for _ in range(20):
                with own.sessions.begin() as session:
                    got = claim_messages(session, agent_id, messages, NOW, LEASE)
                results[agent_id] = got.claimed
        except BaseException as exc:
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=agent_claims, args=(a,)) for a in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert results[agents[0]].isdisjoint(results[agents[1]])
    assert results[agents[0]] | results[agents[1]] == set(messages)
    with store.sessions() as session:
        rows = session.execute(select(Claim.message_id, Claim.agent_id)).all()
    holders = {message: agent for message, agent in rows}
    assert set(holders) == set(messages)
    for message, agent in holders.items():
        assert message in results[agent]


def test_the_default_lease_outlives_a_few_lost_heartbeats_but_not_a_dead_window() -> None:
    assert HEARTBEAT_EVERY * 3 < DEFAULT_LEASE <= timedelta(minutes=5)


def test_a_heartbeat_renews_live_claims_only(store: Store, world: dict[str, list[int]]) -> None:
    """Renewal keeps a live window's claims; one that lapsed (window asleep) stays lapsed."""
    amina, bruno = world["agents"]
    first, second, third, *_ = world["messages"]
    lease = timedelta(minutes=2)
    with store.sessions.begin() as session:
        claim_messages(session, amina, [first, second], NOW, lease)
        claim_messages(session, amina, [third], NOW - timedelta(minutes=5), lease)  # lapsed
        claim_messages(session, bruno, world["messages"][3:4], NOW, lease)
    beat = NOW + timedelta(seconds=90)
    with store.sessions.begin() as session:
        assert renew_claims(session, amina, beat, lease) == 2
    with store.sessions() as session:
        rows = dict(session.execute(select(Claim.message_id, Claim.expires_at)).all())
        first_claim = session.get(Claim, first)
        assert first_claim is not None and first_claim.claimed_at == NOW  # "since" is kept
    assert rows[first] == rows[second] == beat + lease
    assert rows[third] == NOW - timedelta(minutes=3)
    assert rows[world["messages"][3]] == NOW + lease  # bruno's untouched
    # After the old expiry, amina still holds what was renewed; bruno cannot take it.
    with store.sessions.begin() as session:
        got = claim_messages(session, bruno, [first, third], NOW + lease + timedelta(seconds=1))
    assert got.held_by_others == {first: amina}
    assert got.claimed == {third}


def test_a_renewal_never_shortens_a_lease(store: Store, world: dict[str, list[int]]) -> None:
    amina, _ = world["agents"]
    message = world["messages"][0]
    with store.sessions.begin() as session:
        claim_messages(session, amina, [message], NOW, timedelta(minutes=15))
    with store.sessions.begin() as session:
        assert renew_claims(session, amina, NOW + timedelta(minutes=1), timedelta(minutes=2)) == 0
        with pytest.raises(ValueError, match="positive"):
            renew_claims(session, amina, NOW, timedelta(0))
    with store.sessions() as session:
        claim = session.get(Claim, message)
        assert claim is not None and claim.expires_at == NOW + timedelta(minutes=15)


def test_a_team_lead_releases_anyone_s_claims(store: Store, world: dict[str, list[int]]) -> None:
    amina, bruno = world["agents"]
    first, second, third, *_ = world["messages"]
    with store.sessions.begin() as session:
        claim_messages(session, amina, [first], NOW, LEASE)
        claim_messages(session, bruno, [second, third], NOW, LEASE)
    with store.sessions.begin() as session:
        assert release_any(session, [first, second, 99_999]) == 2
        assert release_any(session, []) == 0
    with store.sessions() as session:
        assert active_holders(session, [first, second, third], NOW) == {third: bruno}


def test_who_holds_what_for_the_presence_panel(store: Store, world: dict[str, list[int]]) -> None:
    amina, bruno = world["agents"]
    messages = world["messages"]
    [cluster] = world["cluster"]
    with store.sessions.begin() as session:
        claim_messages(session, amina, messages[:2], NOW - timedelta(minutes=1), LEASE)
        claim_messages(session, amina, messages[4:5], NOW, LEASE)  # in no cluster
        claim_messages(session, bruno, messages[2:3], NOW - timedelta(hours=1), LEASE)  # lapsed
    with store.sessions() as session:
        held = claims_by_agent(session, NOW)
        later = claims_by_agent(session, NOW + LEASE)
    assert [(a.agent_id, a.login, a.message_count, a.cluster_ids, a.since) for a in held] == [
        (amina, "amina", 3, (cluster,), NOW - timedelta(minutes=1))
    ]
    assert held[0].cluster_count == 1
    assert later == []
