"""Sender groups from real ingested mail, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, update

from desk.demo.generator import generate_mailbox
from desk.mail.ingest import ingest_source
from desk.mail.sources import open_source
from desk.queue.groups import open_messages_of, sender_groups
from desk.store.database import Store
from desk.store.models import Message, MessageStatus


def test_groups_match_the_people_who_wrote(store: Store, tmp_path: Path) -> None:
    generated = generate_mailbox(tmp_path / "demo", size=400, seed=8)
    ingest_source(store.sessions, open_source(generated.mailbox), workers=0)
    labels = [json.loads(line) for line in generated.labels.read_text().splitlines()]
    per_person = Counter(label["sender"] for label in labels)
    expected = {sender: n for sender, n in per_person.items() if n >= 2}
    assert len(expected) > 20  # the demo has repeat senders
    with store.sessions() as session:
        groups = sender_groups(session)
    assert {g.sender: g.open_messages for g in groups} == expected
    counts = [g.open_messages for g in groups]
    assert counts == sorted(counts, reverse=True)
    # Labels give web-form messages the person's address, so equality above covers them;
    # the form's own robot address must never appear as a sender.
    assert any(label["channel"] == "web-form" for label in labels)
    assert not any("formulaires" in g.sender for g in groups)


def test_only_open_messages_count(store: Store, tmp_path: Path) -> None:
    generated = generate_mailbox(tmp_path / "demo", size=200, seed=9)
    ingest_source(store.sessions, open_source(generated.mailbox), workers=0)
    with store.sessions() as session:
        top = sender_groups(session)[0]
        ids = open_messages_of(session, top.sender)
        dates = [session.get(Message, i).date for i in ids]  # type: ignore[union-attr]
    assert len(ids) == top.open_messages
    assert dates == sorted(dates)
    assert dates[0] == top.oldest
    with store.sessions.begin() as session:
        session.execute(
            update(Message).where(Message.id == ids[0]).values(status=MessageStatus.ANSWERED)
        )
    with store.sessions() as session:
        assert open_messages_of(session, top.sender) == ids[1:]
        after = {g.sender: g.open_messages for g in sender_groups(session, min_messages=1)}
    assert after[top.sender] == top.open_messages - 1


def test_min_messages_must_be_positive(store: Store) -> None:
    with store.sessions() as session, pytest.raises(ValueError, match="at least 1"):
        sender_groups(session, min_messages=0)
    with store.sessions() as session:
        assert session.scalars(select(Message.id)).all() == []
