"""The models on both backends: raw bytes, aware UTC times, JSON fields, identities, cascades."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, StatementError

from desk.store.database import Store
from desk.store.models import (
    Agent,
    Claim,
    Cluster,
    ClusterMember,
    Folder,
    FolderKind,
    Message,
    MessageRaw,
    MessageStatus,
    Reply,
    ReplyMessage,
    ReplyState,
)

PARIS_WINTER = timezone(timedelta(hours=1))


def _message(folder: Folder, key: str, raw: bytes = b"Subject: x\r\n\r\nbody\x00\xff") -> Message:
    message = Message(
        folder=folder,
        source_key=key,
        message_id=f"<{key}@example.org>",
        subject="Mot de passe oublié",
        from_addr="parent@example.org",
        date=datetime(2020, 3, 16, 9, 12, tzinfo=PARIS_WINTER),
        text="Bonjour",
        attachments=[{"filename": "certificat médical.pdf", "size": 12}],
        parse_warnings=["date-missing"],
        size=len(raw),
    )
    message.raw = MessageRaw(sha256="0" * 64, data=raw)
    return message


def _folder() -> Folder:
    return Folder(kind=FolderKind.MAILDIR, name="/tmp/x", locator="maildir:/tmp/x")


def test_message_round_trip_keeps_bytes_times_and_json(store: Store) -> None:
    raw = b"From: a\r\n\r\n\x00\x01\xfe\xff" * 1000
    with store.sessions.begin() as session:
        session.add(_message(_folder(), "k1", raw))
    with store.sessions() as session:
        message = session.scalars(select(Message)).one()
        assert message.raw.data == raw
        assert message.date == datetime(2020, 3, 16, 8, 12, tzinfo=UTC)
        assert message.date.tzinfo is not None
        assert message.ingested_at.tzinfo is not None
        assert message.attachments == [{"filename": "certificat médical.pdf", "size": 12}]
        assert message.parse_warnings == ["date-missing"]
        assert message.status is MessageStatus.OPEN


def test_same_source_key_twice_in_a_folder_is_refused(store: Store) -> None:
    with store.sessions.begin() as session:
        folder = _folder()
        session.add(_message(folder, "same"))
    with pytest.raises(IntegrityError), store.sessions.begin() as session:
        folder = session.scalars(select(Folder)).one()
        session.add(_message(folder, "same"))


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(StatementError, match="naive datetime"), store.sessions.begin() as session:
        message = _message(_folder(), "naive")
        message.date = datetime(2020, 3, 16, 9, 12)
        session.add(message)


def test_deleting_a_folder_removes_its_messages_raw_and_memberships(store: Store) -> None:
    with store.sessions.begin() as session:
        folder = _folder()
        message = _message(folder, "k")
        agent = Agent(login="amina", display_name="Amina")
        cluster = Cluster(label="mots de passe")
        session.add_all([message, agent, cluster])
        session.flush()
        session.add(ClusterMember(message_id=message.id, cluster_id=cluster.id))
        session.add(
            Claim(
                message_id=message.id,
                agent_id=agent.id,
                expires_at=datetime(2030, 1, 1, tzinfo=UTC),
            )
        )
        reply = Reply(
            message_id_header="<r1@desk>", to_addr="p@example.org", subject="Re: x", body_text="ok"
        )
        session.add(reply)
        session.flush()
        session.add(ReplyMessage(reply_id=reply.id, message_id=message.id))
    with store.sessions.begin() as session:
        session.delete(session.scalars(select(Folder)).one())
    with store.sessions() as session:
        for model in (Message, MessageRaw, ClusterMember, Claim, ReplyMessage):
            assert session.scalar(select(func.count()).select_from(model)) == 0
        assert session.scalars(select(Reply)).one().state is ReplyState.QUEUED


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError), store.sessions.begin() as session:
        session.add(ClusterMember(message_id=12345, cluster_id=67890))
