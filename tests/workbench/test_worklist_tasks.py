"""The window's worklist tasks, headless: each opens its own session and returns plain values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from desk.queue.priority import QueueWeights
from desk.store.database import Store
from desk.store.models import Claim, Message
from desk.workbench.answering import current_agent
from desk.workbench.search import find_messages, search_messages
from desk.workbench.worklist_tasks import (
    claim_again,
    fetch_message_rows,
    give_back,
    live_holders,
    load_sender_rows,
    load_worklists,
    open_row,
    take_next_cluster,
)


def _now(store: Store) -> datetime:
    with store.sessions() as session:
        last = session.scalar(select(func.max(Message.date)))
    assert isinstance(last, datetime)
    return last


def _agents(store: Store) -> tuple[int, int]:
    with store.sessions.begin() as session:
        return current_agent(session, "ana").id, current_agent(session, "bob").id


def _claims_of(store: Store, agent_id: int) -> set[int]:
    with store.sessions() as session:
        return set(session.scalars(select(Claim.message_id).where(Claim.agent_id == agent_id)))


def test_the_worklists_load_with_the_moment_they_were_seen_at(demo_store: Store) -> None:
    now = _now(demo_store)
    loaded = load_worklists(demo_store.sessions, now, None, QueueWeights())
    assert loaded.now == now and loaded.queue
    assert [r.score for r in loaded.queue] == sorted((r.score for r in loaded.queue), reverse=True)
    assert all(r.kind == "sender" for r in loaded.senders)


def test_opening_a_row_claims_its_messages_and_giving_back_frees_them(demo_store: Store) -> None:
    ana, bob = _agents(demo_store)
    row = next(
        r
        for r in load_worklists(demo_store.sessions, _now(demo_store), ana, QueueWeights()).queue
        if r.cluster_id is not None and r.open_count >= 3
    )
    ids, claimed, representative = open_row(demo_store.sessions, row, ana)
    assert len(ids) >= 3 and set(claimed) <= set(ids) and claimed
    assert representative
    assert _claims_of(demo_store, ana) == set(claimed)

    # Bob opens it meanwhile: he holds nothing of it, and sees who does.
    _ids, bob_claimed, _rep = open_row(demo_store.sessions, row, bob)
    assert bob_claimed == []
    held = live_holders(demo_store.sessions, [row], bob)
    assert held[row.key] == ("ana", len(claimed))
    lines = fetch_message_rows(demo_store.sessions, bob, ids)
    assert [line.id for line in lines] == ids
    assert {line.held_by for line in lines if line.id in claimed} == {"ana"}

    assert give_back(demo_store.sessions, ana, claimed) == len(claimed)
    assert _claims_of(demo_store, ana) == set()
    assert claim_again(demo_store.sessions, bob, ids) == sorted(claimed)


def test_next_for_me_gives_back_the_row_left_and_takes_the_first_free_cluster(
    demo_store: Store,
) -> None:
    ana, _bob = _agents(demo_store)
    rows = load_worklists(demo_store.sessions, _now(demo_store), ana, QueueWeights()).queue
    clusters = [r for r in rows if r.cluster_id is not None]
    left = open_row(demo_store.sessions, clusters[0], ana)
    ranked = [r.cluster_id for r in clusters[1:] if r.cluster_id is not None]
    taken = take_next_cluster(demo_store.sessions, ana, ranked, left.claimed)
    assert taken is not None and taken.cluster_id == ranked[0]
    assert _claims_of(demo_store, ana) == set(taken.claimed)


def test_the_search_finds_what_the_store_search_finds(demo_store: Store) -> None:
    with demo_store.sessions() as session:
        expected = search_messages(session, "mot de passe")
    assert expected and find_messages(demo_store.sessions, "mot de passe") == expected


def test_the_lines_of_no_message_are_none(demo_store: Store) -> None:
    assert fetch_message_rows(demo_store.sessions, None, []) == []


def test_the_queue_can_load_alone_and_the_sender_list_after(demo_store: Store) -> None:
    """The window shows the queue first: the sender list is a second, separate call."""
    now = _now(demo_store)
    both = load_worklists(demo_store.sessions, now, None, QueueWeights())
    alone = load_worklists(demo_store.sessions, now, None, QueueWeights(), with_senders=False)
    assert alone.queue == both.queue and alone.senders == []
    senders = load_sender_rows(demo_store.sessions, None)
    assert senders and [r.key for r in senders] == [r.key for r in both.senders]
