""" "Next for me" on SQLite and PostgreSQL: ranking walked, all or nothing, crowds spread out."""

from __future__ import annotations

import statistics
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from desk.queue.claims import active_holders, claim_messages
from desk.queue.dispatch import NextCluster, _first_free_statement, next_for_me
from desk.store.database import Store, open_store
from desk.store.models import Claim, MessageStatus, ReplyState
from tests.support.team import (
    NOW,
    add_agents,
    add_cluster,
    add_messages,
    add_reply,
    commit_once_it_waits,
)

LEASE = timedelta(minutes=2)


def _clusters(store: Store, sizes: list[int]) -> tuple[list[int], list[list[int]]]:
    """Clusters of these sizes (all open); their ids and their messages."""
    with store.sessions.begin() as session:
        members = [add_messages(session, size) for size in sizes]
        return [add_cluster(session, m) for m in members], members


def _claims(store: Store) -> dict[int, int]:
    with store.sessions() as session:
        return {m: a for m, a in session.execute(select(Claim.message_id, Claim.agent_id))}


def test_the_ranking_is_walked_past_what_cannot_be_taken(store: Store) -> None:
    with store.sessions.begin() as session:
        amina, bruno, carla, dario = add_agents(session, "Amina", "Bruno", "Carla", "Dario")
        answered = add_cluster(session, add_messages(session, 2, status=MessageStatus.ANSWERED))
        pending_ids = add_messages(session, 1)
        add_reply(session, pending_ids, ReplyState.QUEUED)  # answered a moment ago
        pending = add_cluster(session, pending_ids)
        held_ids = add_messages(session, 3)
        held = add_cluster(session, held_ids)
        claim_messages(session, bruno, held_ids[1:2], NOW, LEASE)
        mixed_ids = [
            *add_messages(session, 3),
            *add_messages(session, 1, status=MessageStatus.CLOSED),
        ]
        mixed = add_cluster(session, mixed_ids)
        last = add_cluster(session, add_messages(session, 1))
    ranking = [answered, pending, held, 99_999, mixed, mixed, last]
    with store.sessions.begin() as session:
        got = next_for_me(session, amina, ranking, NOW, LEASE)
    assert got == NextCluster(mixed, tuple(sorted(mixed_ids[:3])), NOW + LEASE, passed_over=4)
    with store.sessions.begin() as session:
        # Bruno already holds part of ``held``: his own claims are no obstacle.
        assert next_for_me(session, bruno, ranking, NOW, LEASE) == NextCluster(
            held, tuple(held_ids), NOW + LEASE, 2
        )
    with store.sessions.begin() as session:
        taken = next_for_me(session, carla, ranking, NOW, LEASE)
        assert taken is not None and taken.cluster_id == last
    with store.sessions.begin() as session:
        assert next_for_me(session, dario, ranking, NOW, LEASE) is None
        assert next_for_me(session, dario, [], NOW, LEASE) is None
    claims = _claims(store)
    assert {m for m, a in claims.items() if a == amina} == set(mixed_ids[:3])
    assert {m for m, a in claims.items() if a == bruno} == set(held_ids)


def test_the_caller_s_ranking_decides_not_the_cluster_ids(store: Store) -> None:
    (low, middle, high), _ = _clusters(store, [1, 2, 1])
    with store.sessions.begin() as session:
        agents = add_agents(session, "Amina", "Bruno", "Carla")
    ranking = [high, low, middle]
    given = []
    for agent_id in agents:
        with store.sessions.begin() as session:
            got = next_for_me(session, agent_id, ranking, NOW, LEASE)
            assert got is not None
            given.append((got.cluster_id, got.passed_over))
    assert given == [(high, 0), (low, 1), (middle, 2)]


def test_lapsed_claims_do_not_keep_a_cluster(store: Store) -> None:
    (first,), (messages,) = _clusters(store, [2])
    with store.sessions.begin() as session:
        amina, bruno = add_agents(session, "Amina", "Bruno")
        claim_messages(session, bruno, messages, NOW - LEASE - timedelta(seconds=1), LEASE)
    with store.sessions.begin() as session:
        got = next_for_me(session, amina, [first], NOW, LEASE)
    assert got is not None and got.message_ids == tuple(messages)
    assert _claims(store) == dict.fromkeys(messages, amina)


def test_a_lease_must_be_positive(store: Store) -> None:
    with store.sessions.begin() as session, pytest.raises(ValueError, match="positive"):
        next_for_me(session, 1, [1], NOW, timedelta(0))


def _plan_nodes(plan: dict[str, object]) -> list[dict[str, object]]:
    """Every node of an EXPLAIN (FORMAT JSON) plan."""
    nodes = [plan]
    for child in plan.get("Plans", []):  # type: ignore[attr-defined]
        nodes += _plan_nodes(child)
    return nodes


@pytest.mark.postgres
def test_each_candidate_is_looked_up_by_index_whatever_the_statistics(pg_store: Store) -> None:
    """Both tests of a candidate stay subplans run per candidate, and a member's live
    claim a lookup by key: never joins the planner may drive from every open message,
    every reply on its way or every live claim when the statistics lag (module docs)."""
    ranked = list(range(1, 101))
    with pg_store.sessions() as session:
        statement = _first_free_statement("postgresql")
        params = {"agent": 1, "now": NOW, "ranked": ranked, "candidates": ranked}
        sql = str(statement.params(**params).compile(
            dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
        ))  # fmt: skip
        plan = session.execute(text("EXPLAIN (FORMAT JSON) " + sql.replace(":", r"\:"))).scalar()
    nodes = _plan_nodes(plan[0]["Plan"])
    subplans = {n.get("Subplan Name") for n in nodes if n.get("Parent Relationship") == "SubPlan"}
    assert len(subplans) == 3, nodes
    assert not [n for n in nodes if n["Node Type"] in ("Hash Join", "Hash Semi Join")], nodes
    # psycopg prepares what a connection runs five times; PostgreSQL then may plan it once
    # for any values: "next for me" asks for plans made for its ranking, in its transaction.
    with pg_store.sessions.begin() as session:
        next_for_me(session, 1, ranked, NOW, LEASE)
        assert session.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
    with pg_store.sessions() as session:
        assert session.execute(text("SHOW plan_cache_mode")).scalar() == "auto"


@pytest.mark.postgres
def test_a_cluster_being_taken_is_passed_over_without_waiting(pg_store: Store) -> None:
    """While one agent's transaction takes a cluster, another gets the next one at once."""
    (first, second), _ = _clusters(pg_store, [2, 2])
    with pg_store.sessions.begin() as session:
        amina, bruno = add_agents(session, "Amina", "Bruno")
    with pg_store.sessions.begin() as holding:
        got = next_for_me(holding, amina, [first, second], NOW, LEASE)
        assert got is not None and got.cluster_id == first
        with pg_store.sessions.begin() as other:
            # Waiting behind ``holding`` would be an error here, not a hang.
            other.execute(text("SET LOCAL lock_timeout = '5s'"))
            other.execute(text("SET LOCAL statement_timeout = '60s'"))
            theirs = next_for_me(other, bruno, [first, second], NOW, LEASE)
        assert theirs is not None and (theirs.cluster_id, theirs.passed_over) == (second, 1)


@pytest.mark.postgres
def test_a_message_claimed_meanwhile_undoes_the_whole_cluster(pg_store: Store) -> None:
    """A window claims one message as next_for_me takes its cluster: nothing of it is kept."""
    (first, second), (first_ids, second_ids) = _clusters(pg_store, [3, 1])
    with pg_store.sessions.begin() as session:
        amina, bruno = add_agents(session, "Amina", "Bruno")
    window = pg_store.sessions()
    window.begin()
    claim_messages(window, bruno, first_ids[2:], NOW, LEASE)  # not committed yet
    # Its upsert waits on the window's uncommitted claim row, then must let go of all.
    got = commit_once_it_waits(
        pg_store, window, lambda session: next_for_me(session, amina, [first, second], NOW, LEASE)
    )
    assert got == NextCluster(second, tuple(second_ids), NOW + LEASE, 1)
    assert _claims(pg_store) == {first_ids[2]: bruno, second_ids[0]: amina}


def _crowd(
    url: str, agents: list[int], ranking: list[int]
) -> tuple[dict[int, NextCluster | None], list[float], list[BaseException]]:
    """Each agent in its own thread and connection presses "next" at the same moment."""
    results: dict[int, NextCluster | None] = {}
    timings: list[float] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(agents))
    lock = threading.Lock()

    def press(agent_id: int) -> None:
        own = open_store(url, migrate=False, busy_timeout_s=60)
        try:
            with own.sessions() as warm:  # connect before the start, not during it
                warm.execute(select(1))
            barrier.wait(timeout=60)
            start = time.perf_counter()
            with own.sessions.begin() as session:
                got = next_for_me(session, agent_id, ranking, NOW, LEASE)
            elapsed = time.perf_counter() - start
            with lock:
                results[agent_id] = got
                timings.append(elapsed)
        except BaseException as exc:
            with lock:
                errors.append(exc)
            barrier.abort()
        finally:
            own.close()

    threads = [threading.Thread(target=press, args=(a,)) for a in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results, timings, errors


@pytest.mark.parametrize(
    "backend", [pytest.param("postgresql", marks=pytest.mark.postgres), "sqlite"]
)
def test_a_crowd_pressing_next_at_once_gets_different_clusters(
    store: Store, backend: str, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """80 agents at once on PostgreSQL (8 on SQLite, one writer): all served, nothing shared."""
    crowd = 80 if backend == "postgresql" else 8
    sizes = [1 + i % 3 for i in range(crowd + crowd // 4)]
    clusters, members = _clusters(store, sizes)
    with store.sessions.begin() as session:
        lead, *agents = add_agents(session, "Lead", *(f"Agent {i:02d}" for i in range(crowd)))
        # Every fifth cluster is partly held by the team lead: nobody else may get it.
        for ids in members[::5]:
            claim_messages(session, lead, ids[:1], NOW, LEASE)
    held = set(clusters[::5])
    results, timings, errors = _crowd(db_url, agents, clusters)
    assert not errors, errors
    assert len(results) == crowd and None not in results.values()
    given = [r.cluster_id for r in results.values() if r is not None]
    assert len(set(given)) == crowd, "two agents were given the same cluster"
    assert not held & set(given)
    claims = _claims(store)
    by_cluster = dict(zip(clusters, members, strict=True))
    for agent_id, got in results.items():
        assert got is not None and list(got.message_ids) == sorted(by_cluster[got.cluster_id])
        assert {m for m, a in claims.items() if a == agent_id} == set(got.message_ids)
    with store.sessions() as session:
        assert active_holders(session, [m for ids in members for m in ids], NOW) == claims
    with capsys.disabled():
        print(
            f"\n[{backend}] next_for_me, {crowd} agents at once: median "
            f"{statistics.median(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms, "
            f"mean passed over {statistics.mean(r.passed_over for r in results.values() if r):.1f}"
        )
