"""Rows encoded ahead of time read back exactly like rows the ORM inserted."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select

from desk.store.bulk import encoder_for
from desk.store.database import Store
from desk.store.models import Folder, FolderKind, Message, MessageStatus


def _row(folder_id: int, key: str) -> dict[str, object]:
    when = datetime(2020, 3, 16, 9, 12, tzinfo=timezone(timedelta(hours=1)))
    return {
        "folder_id": folder_id, "source_key": key, "source_path": f"cur/{key}",
        "uidvalidity": None, "uid": None, "message_id": f"<{key}@x>",
        "message_id_header": f"<{key}@x>", "in_reply_to": None, "references": "<a@x> <b@x>",
        "subject": "Réinscription — « urgent »", "from_name": "Hélène", "from_addr": "h@x.fr",
        "reply_to_addr": None, "to_addrs": ["contact@example-edu.fr"], "cc_addrs": [],
        "date": when, "date_from_header": True, "internal_date": None, "ingested_at": when,
        "text": "Bonjour\nmerci", "html": None,
        "attachments": [{"filename": "pièce.pdf", "content_type": "application/pdf", "size": 3}],
        "parse_warnings": ["date-missing"], "is_auto": False, "size": 42, "sender": "h@x.fr",
        "status": MessageStatus.OPEN,
        "flags": ["\\Seen"],
        "body_fetched": False,
        "gone_at": None,
    }  # fmt: skip


def test_encoded_rows_round_trip_on_both_backends(store: Store) -> None:
    with store.sessions.begin() as session:
        folder = Folder(kind=FolderKind.MAILDIR, name="x", locator="maildir:x")
        session.add(folder)
        session.flush()
        folder_id = folder.id
    backend = f"{store.engine.dialect.name}+{store.engine.dialect.driver}://"
    encoder = encoder_for(backend, "message")
    rows = [pickle.loads(pickle.dumps(encoder.encode(_row(folder_id, f"k{i}")))) for i in range(3)]
    with store.sessions.begin() as session:
        encoder.write(session.connection(), rows)
    with store.sessions() as session:
        messages = session.scalars(select(Message).order_by(Message.source_key)).all()
    assert [m.source_key for m in messages] == ["k0", "k1", "k2"]
    first = messages[0]
    assert first.date == datetime(2020, 3, 16, 8, 12, tzinfo=UTC)
    assert first.subject == "Réinscription — « urgent »"
    assert first.to_addrs == ["contact@example-edu.fr"]
    assert first.attachments[0]["filename"] == "pièce.pdf"
    assert first.status is MessageStatus.OPEN
    assert first.references == "<a@x> <b@x>"
    assert first.flags == ["\\Seen"] and first.body_fetched is False


def test_generated_primary_key_is_left_to_the_database() -> None:
    message = encoder_for("sqlite+pysqlite://", "message")
    raw = encoder_for("sqlite+pysqlite://", "message_raw")
    assert "id" not in message.columns
    assert raw.columns == ["message_id", "sha256", "data"]
    assert "RETURNING" not in encoder_for("postgresql+psycopg://", "message").sql


def test_encoded_updates_by_primary_key_on_both_backends(store: Store) -> None:
    from desk.store.bulk import KEY_PARAM, updater_for

    with store.sessions.begin() as session:
        folder = Folder(kind=FolderKind.MAILDIR, name="x", locator="maildir:x")
        session.add(folder)
        session.flush()
        folder_id = folder.id
    backend = f"{store.engine.dialect.name}+{store.engine.dialect.driver}://"
    with store.sessions.begin() as session:
        encoder_for(backend, "message").write(
            session.connection(),
            [encoder_for(backend, "message").encode(_row(folder_id, f"k{i}")) for i in range(3)],
        )
        ids = session.scalars(select(Message.id).order_by(Message.source_key)).all()
    updater = updater_for(backend, "message", ("text", "flags", "body_fetched"))
    rows = [
        pickle.loads(
            pickle.dumps(
                updater.encode(
                    {"text": f"corps {i}", "flags": ["\\Answered"], "body_fetched": True,
                     KEY_PARAM: ids[i]}
                )
            )
        )
        for i in (0, 2)
    ]  # fmt: skip
    with store.sessions.begin() as session:
        updater.write(session.connection(), rows)
    with store.sessions() as session:
        got = session.execute(
            select(Message.text, Message.flags, Message.body_fetched).order_by(Message.source_key)
        ).all()
    assert [tuple(g) for g in got] == [
        ("corps 0", ["\\Answered"], True),
        ("Bonjour\nmerci", ["\\Seen"], False),
        ("corps 2", ["\\Answered"], True),
    ]
