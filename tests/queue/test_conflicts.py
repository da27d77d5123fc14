"""The send-time check on SQLite and PostgreSQL: every reason an answer must not go, named."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from desk.queue.claims import claim_messages
from desk.queue.conflicts import Conflict, ConflictReason, send_conflicts
from desk.store.database import Store
from desk.store.models import Message, MessageStatus, ReplyState
from tests.support.team import NOW, add_agents, add_messages, add_reply

OPENED = NOW - timedelta(minutes=10)


def test_nothing_stops_an_answer_when_nothing_changed(store: Store) -> None:
    with store.sessions.begin() as session:
        amina, bruno = add_agents(session, "Amina", "Bruno")
        ids = add_messages(session, 3)
        claim_messages(session, amina, ids[:2], NOW)  # her own claims are no obstacle
        claim_messages(session, bruno, ids[2:], NOW - timedelta(hours=1))  # lapsed
        add_reply(session, ids[:1], ReplyState.FAILED)  # a failed reply is no answer
        add_reply(session, ids[1:2], ReplyState.SENT)  # reopened after it was sent
    with store.sessions.begin() as session:
        assert send_conflicts(session, amina, ids, OPENED, NOW) == []
        assert send_conflicts(session, amina, [], OPENED, NOW) == []


def test_each_reason_is_named_with_the_message_and_its_sender(store: Store) -> None:
    with store.sessions.begin() as session:
        amina, bruno = add_agents(session, "Amina", "Bruno Martin")
        fine, held, queued, sending, answered, closed, gone, doubt = add_messages(
            session, 8, senders=[f"{n}@example.org" for n in "abcdefgh"]
        )
        for message_id, status in (
            (answered, MessageStatus.ANSWERED),
            (closed, MessageStatus.CLOSED),
            (gone, MessageStatus.GONE),
        ):
            session.execute(update(Message).where(Message.id == message_id).values(status=status))
        claim_messages(session, bruno, [held], NOW - timedelta(minutes=1))
        add_reply(session, [queued], ReplyState.QUEUED)
        add_reply(session, [sending], ReplyState.SENDING)
        add_reply(session, [doubt], ReplyState.IN_DOUBT)
    ids = [fine, held, queued, sending, answered, closed, gone, doubt, 99_999]
    with store.sessions.begin() as session:
        conflicts = send_conflicts(session, amina, ids, OPENED, NOW)
    assert conflicts == [
        Conflict(held, "b@example.org", ConflictReason.HELD, holder="Bruno Martin"),
        Conflict(queued, "c@example.org", ConflictReason.REPLY_ON_ITS_WAY),
        Conflict(sending, "d@example.org", ConflictReason.REPLY_ON_ITS_WAY),
        Conflict(answered, "e@example.org", ConflictReason.ANSWERED),
        Conflict(closed, "f@example.org", ConflictReason.CLOSED),
        Conflict(gone, "g@example.org", ConflictReason.CLOSED),
        Conflict(doubt, "h@example.org", ConflictReason.REPLY_ON_ITS_WAY),
        Conflict(99_999, "", ConflictReason.MISSING),
    ]
    assert conflicts[0].describe() == f"message {held} (from b@example.org) is held by Bruno Martin"
    assert "answered meanwhile" in conflicts[3].describe()


def test_a_sender_who_wrote_again_since_the_answer_was_opened_stops_it(store: Store) -> None:
    """Only a new request from the same person, that the answer leaves out, counts."""
    arrived = OPENED + timedelta(minutes=4)
    with store.sessions.begin() as session:
        [amina] = add_agents(session, "Amina")
        first, second, third = add_messages(
            session, 3, senders=["ana@example.org", "ben@example.org", "cy@example.org"]
        )
        # Ana again, after the agent opened the cluster: not in the answer.
        [again] = add_messages(session, 1, senders=["ana@example.org"], ingested_at=arrived)
        # Ben again, but before the agent opened it (she could see it).
        add_messages(session, 1, senders=["ben@example.org"], ingested_at=OPENED)
        # Cy's out-of-office, and Cy's new message that the answer includes.
        add_messages(
            session,
            1,
            senders=["cy@example.org"],
            ingested_at=arrived,
            status=MessageStatus.NON_REQUEST,
        )
        [included] = add_messages(session, 1, senders=["cy@example.org"], ingested_at=arrived)
    with store.sessions.begin() as session:
        conflicts = send_conflicts(session, amina, [first, second, third, included], OPENED, NOW)
        assert send_conflicts(session, amina, [first, again], OPENED, NOW) == []
    assert conflicts == [
        Conflict(first, "ana@example.org", ConflictReason.WROTE_AGAIN, None, again, arrived)
    ]
    assert (
        conflicts[0].describe().endswith(f"the sender wrote again at 08:54 UTC (message {again})")
    )
