"""The work list: queue rows with titles and claims, sender groups, members, message lines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, event, func, select, update
from sqlalchemy.orm import Session

from desk.cluster.normalise import normalise
from desk.cluster.service import ClusterService
from desk.cluster.titles import cluster_title
from desk.config import load_settings
from desk.core.errors import DeskError, ErrorCode
from desk.mail.parse import parse_message
from desk.queue.claims import claim_messages
from desk.queue.priority import QueueWeights, build_queue
from desk.store.database import Store
from desk.store.models import (
    Agent,
    Cluster,
    ClusterMember,
    Message,
    MessageFeatures,
    MessageStatus,
)
from desk.workbench.worklist import (
    _titles,
    holders_by_row,
    load_queue,
    load_senders,
    message_rows,
    representative_text,
    row_members,
    weights_from_settings,
)

HANDWRITTEN = Path(__file__).resolve().parent.parent / "fixtures" / "handwritten" / "Maildir"


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
            features = session.get(MessageFeatures, cluster.representative_id)
            assert representative is not None and features is not None
            assert clustered.subject == representative.subject
            if features.source == "own":  # titled from its own words, as the window shows them
                expected = cluster_title("", "", original=representative.text)
                assert clustered.title == expected
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


def test_a_member_that_asks_more_says_so_on_its_line_in_the_same_query(
    demo_store: Store,
) -> None:
    now = _now(demo_store)
    with demo_store.sessions.begin() as session:
        row = next(r for r in load_queue(session, now) if r.open_count >= 3)
        ids = row_members(session, row)
        session.execute(update(ClusterMember).values(asks_more=None))
        session.execute(
            update(ClusterMember)
            .where(ClusterMember.message_id == ids[1])
            .values(asks_more="bourse possible ?")
        )
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(demo_store.engine, "before_cursor_execute", count)
    try:
        with demo_store.sessions() as session:
            lines = message_rows(session, ids, now)
    finally:
        event.remove(demo_store.engine, "before_cursor_execute", count)
    assert [line.asks_more for line in lines[:3]] == [None, "bourse possible ?", None]
    assert len(statements) == 2, "the claims, then the lines with their flags: not one a row"


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


def _rewrite(session: Session, message_id: int, fixture: str, subject: str, source: str) -> None:
    """Give a stored message a hand-written text, a subject, and the features they make."""
    parsed = parse_message((HANDWRITTEN / "cur" / f"hw-{fixture}:2,").read_bytes())
    message = session.get(Message, message_id)
    assert message is not None
    message.subject, message.text = subject, parsed.text
    compared = normalise(subject, parsed.text, [parsed.from_name])
    features = session.get(MessageFeatures, message_id)
    if features is None:
        features = MessageFeatures(message_id=message_id, kind="request")
        session.add(features)
    features.body, features.subject, features.source = compared.body, compared.subject, source


def test_a_cluster_titled_urgent_shows_what_it_asks(demo_store: Store) -> None:
    now = _now(demo_store)
    with demo_store.sessions.begin() as session:
        row = next(r for r in load_queue(session, now) if r.cluster_id is not None)
        cluster = session.get(Cluster, row.cluster_id)
        assert cluster is not None and cluster.representative_id is not None
        cluster.label = ""
        _rewrite(session, cluster.representative_id, "065", "URGENT !!", "own")
        # Not titled by the clustering service yet: the queue works it out.
        cluster.title, cluster.titled_from = "", None
        session.flush()
        titled = {r.key: r for r in load_queue(session, now)}[row.key]
        assert titled.title == "Pouvez-vous nous envoyer le lien rapidement ?"
        assert titled.subject == "URGENT !!"
        # The service stores the same title, and the queue reads it from there.
        assert ClusterService._retitle(session) >= 1
        session.refresh(cluster)
        assert cluster.title == "Pouvez-vous nous envoyer le lien rapidement ?"
        assert cluster.titled_from == cluster.representative_id
        cluster.title = "Stored title"
        session.flush()
        assert {r.key: r for r in load_queue(session, now)}[row.key].title == "Stored title"
        cluster.title, cluster.titled_from = "", None
        # Compared on the request it quotes: the title comes from that compared text.
        _rewrite(session, cluster.representative_id, "065", "URGENT !!", "quoted")
        session.flush()
        titled = {r.key: r for r in load_queue(session, now)}[row.key]
        assert titled.title == "Pouvez-vous nous envoyer le lien rapidement ?"
        # An agent's label still comes first.
        cluster.label = "Lien de la classe virtuelle"
        session.flush()
        titled = {r.key: r for r in load_queue(session, now)}[row.key]
        assert titled.title == "Lien de la classe virtuelle"


def test_a_lone_message_shows_what_it_asks(demo_store: Store) -> None:
    now = _now(demo_store)
    with demo_store.sessions.begin() as session:
        lone = session.scalar(
            select(Message.id).where(Message.status == MessageStatus.OPEN).order_by(Message.id)
        )
        assert lone is not None
        session.execute(delete(ClusterMember).where(ClusterMember.message_id == lone))
        _rewrite(session, lone, "052", "question", "own")
        session.flush()
        row = {r.key: r for r in load_queue(session, now)}[f"m{lone}"]
        assert row.title == "Vous pouvez envoyer le papier sur mon mail ?"
        assert row.subject == "question"


def test_titles_are_read_in_a_few_queries_however_long_the_queue(demo_store: Store) -> None:
    now = _now(demo_store)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    with demo_store.sessions() as session:
        items = build_queue(session, now)
        assert len(items) > 20
        event.listen(demo_store.engine, "before_cursor_execute", count)
        try:
            titles = _titles(session, items)
        finally:
            event.remove(demo_store.engine, "before_cursor_execute", count)
    assert len(titles) == len(items)
    assert len(statements) <= 3, statements  # clusters, orphans' first members, messages


def test_weights_come_from_the_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(
        "[queue]\ndeadline_hours = 72\nsize_weight = 0\ncomplaint_weight = 22.5\n",
        encoding="utf-8",
    )
    weights = weights_from_settings(load_settings(path))
    assert weights == QueueWeights(deadline_hours=72, size_weight=0, complaint_weight=22.5)
    assert weights_from_settings(load_settings(tmp_path / "none.toml")) == QueueWeights()
    path.write_text("[queue]\nsize_wieght = 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'size_wieght'"):
        weights_from_settings(load_settings(path))
    path.write_text('[queue]\nsize_weight = "big"\n', encoding="utf-8")
    with pytest.raises(DeskError) as caught:
        load_settings(path)
    assert caught.value.code is ErrorCode.CONFIG_INVALID
    assert "queue.size_weight must be a number" in caught.value.describe()
