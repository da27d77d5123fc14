"""The work list: queue rows with titles and claims, sender groups, members, message lines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from desk.queue.claims import claim_messages
from desk.queue.priority import build_queue
from desk.store.database import Store
from desk.store.models import Agent, Cluster, Message, MessageStatus
from desk.workbench.worklist import (
    holders_by_row,
    load_queue,
    load_senders,
    message_rows,
    representative_text,
    row_members,
)


def _now(store: Store) -> datetime:
    with store.sessions() as session:
        last = session.scalar(select(func.max(Message.date)))
    assert last is not None
    return last


def test_the_queue_matches_the_priority_order_with_titles(demo_store: Store) -> None:
    now = _now(demo_store)
    with demo_store.sessions() as session:
        rows = load_queue(session, now)
        items = build_queue(session, now)
        assert [r.cluster_id for r in rows] == [i.cluster_id for i in items]
        assert [r.message_id for r in rows] == [i.message_id for i in items]
        assert all(r.title for r in rows[:20])
        clustered = next(r for r in rows if r.cluster_id is not None)
        cluster = session.get(Cluster, clustered.cluster_id)
        assert cluster is not None
        if cluster.representative_id and not cluster.label:
            representative = session.get(Message, cluster.representative_id)
            assert representative is not None
            assert clustered.title == representative.subject
        assert representative_text(session, clustered.cluster_id) is not None
        assert {line.name for line in clustered.breakdown} >= {"deadline", "size"}


def test_members_list_open_messages_first_and_lines_keep_the_order(demo_store: Store) -> None:
    now = _now(demo_store)
    with demo_store.sessions() as session:
        row = next(r for r in load_queue(session, now) if r.open_count >= 3)
        ids = row_members(session, row)
        assert len(ids) >= row.open_count
        lines = message_rows(session, list(reversed(ids)), now)
        assert [line.id for line in lines] == list(reversed(ids))
        statuses = [line.status for line in message_rows(session, ids, now)]
        assert statuses[: row.open_count] == ["open"] * row.open_count
        assert message_rows(session, [10**9], now) == []


def test_another_agents_claim_shows_on_the_row_and_its_messages(demo_store: Store) -> None:
    now = datetime.now(UTC)
    with demo_store.sessions.begin() as session:
        me = Agent(login="ana", display_name="Ana")
        other = Agent(login="bob", display_name="Bob Martin")
        session.add_all([me, other])
        session.flush()
        rows = load_queue(session, now, agent_id=me.id)
        row = next(r for r in rows if r.cluster_id is not None and r.open_count >= 2)
        ids = row_members(session, row)
        claim_messages(session, other.id, ids[:1], now)
        again = {r.key: r for r in load_queue(session, now, agent_id=me.id)}[row.key]
        assert (again.held_by, again.held_count) == ("Bob Martin", 1)
        assert holders_by_row(session, rows, me.id, now)[row.key] == ("Bob Martin", 1)
        # The holder sees no one else holding it.
        assert row.key not in holders_by_row(session, rows, other.id, now)
        lines = {line.id: line for line in message_rows(session, ids, now, me.id)}
        assert lines[ids[0]].held_by == "Bob Martin"
        assert all(lines[m].held_by is None for m in ids[1:])
        # An expired lease holds nothing.
        later = now + timedelta(hours=1)
        assert row.key not in holders_by_row(session, rows, me.id, later)


def test_sender_groups_gather_one_persons_open_messages(demo_store: Store) -> None:
    now = _now(demo_store)
    with demo_store.sessions() as session:
        senders = load_senders(session, now)
        assert senders, "the demo mailbox has people who wrote more than once"
        first = senders[0]
        ids = row_members(session, first)
        opened = session.scalar(
            select(func.count()).where(
                Message.sender == first.sender, Message.status == MessageStatus.OPEN
            )
        )
        assert first.open_count == opened >= 2
        assert set(ids) >= set(
            session.scalars(
                select(Message.id).where(
                    Message.sender == first.sender, Message.status == MessageStatus.OPEN
                )
            )
        )
