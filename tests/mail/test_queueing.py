"""Queueing answers: refusals named per draft, subjects and bytes composed once and safely."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

import pytest
from sqlalchemy import select

from desk.core.clock import utc_now
from desk.mail.account import AccountConfig
from desk.mail.drafts import ReplyDraft
from desk.mail.queueing import compose, queue_replies, reply_subject
from desk.store.database import Store
from desk.store.models import Account, Agent, Claim, Message, Reply, ReplyState
from tests.mail.test_outbox import Clock, clock, drafts_for, queue, setup, states

__all__ = ["clock", "setup"]  # fixtures shared with the outbox tests


def test_refused_drafts_are_reported_not_queued(
    store: Store, setup: tuple[AccountConfig, list[int]], clock: Clock
) -> None:
    config, ids = setup
    [first] = queue(store, config, drafts_for(store, ids[:1]))
    with store.sessions.begin() as session:
        account_id = session.scalars(select(Account.id)).one()
        agents = [Agent(login=n, display_name=n) for n in ("ana", "bob")]
        session.add_all(agents)
        session.flush()
        session.add(
            Claim(
                message_id=ids[2], agent_id=agents[0].id, expires_at=clock.now + timedelta(hours=1)
            )
        )
        session.execute(
            Message.__table__.update().where(Message.id == ids[3]).values(status="closed")
        )
        bob = agents[1].id
    drafts = drafts_for(store, [ids[0], ids[2], ids[3]])
    drafts = [
        ReplyDraft(d.message_ids, d.to_addr, d.to_name, d.body_text, agent_id=bob) for d in drafts
    ]
    bad_address = ReplyDraft((ids[4],), "not an address", "", "x")
    with store.sessions.begin() as session:
        result = queue_replies(session, account_id, [*drafts, bad_address], now=clock.now)
    assert result.queued == []
    reasons = sorted(reason for _, reason in result.refused)
    assert len(reasons) == 4
    assert any("already have an answer" in r for r in reasons)
    assert any("claimed by another agent" in r for r in reasons)
    assert any("no longer open" in r for r in reasons)
    assert any("invalid recipient" in r for r in reasons)
    assert states(store) == [ReplyState.QUEUED]
    assert first


def test_compose_keeps_headers_safe_and_adds_html() -> None:
    account = Account(
        name="a", address="contact@example-edu.fr", display_name="Scolarité\r\nBcc: x@y"
    )
    reply = Reply(
        message_id_header="<desk.1@example-edu.fr>",
        to_addr="parent@example.org",
        subject="Re: Inscription",
        in_reply_to="<m1@example.org>",
        references="<m0@example.org> <m1@example.org>",
        body_text="Bonjour,\nVoici.",
        body_html="<p>Bonjour,</p><p>Voici.</p>",
        created_at=utc_now(),
    )
    raw = compose(reply, account, "Dupont\nMarie")
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Bcc"] is None
    assert "Scolarité" in str(parsed["From"])
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Bonjour,</p><p>Voici.</p>"  # type: ignore[union-attr]
    assert compose(reply, account, "Dupont\nMarie") == raw  # the same bytes on every attempt


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Inscription", "Re: Inscription"),
        ("RE: Inscription", "RE: Inscription"),
        ("Réf : dossier", "Réf : dossier"),
        ("", "Re:"),
        ("Bad\r\nBcc: x", "Re: Bad Bcc: x"),
    ],
)
def test_reply_subject(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected
