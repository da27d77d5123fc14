"""Answering, headless: the agent, claims, preview, queueing with undo, the record it leaves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from desk.replies.defaults import install_default_templates
from desk.replies.templates import TemplateData, get_template, list_templates
from desk.store.database import Store
from desk.store.models import (
    Account,
    EventKind,
    HandlingEvent,
    Message,
    MessageStatus,
    Reply,
    ReplyState,
)
from desk.workbench.answering import (
    claim_for_answer,
    current_agent,
    outbox_counts,
    preview,
    queue_answer,
    release_claims,
    undo_answer,
)
from desk.workbench.worklist import load_queue, row_members


def _account(store: Store) -> int:
    with store.sessions.begin() as session:
        account = Account(
            name="scolarite",
            address="contact@example-edu.fr",
            imap_host="127.0.0.1",
            imap_port=143,
            imap_security="none",
            imap_user="contact",
            smtp_host="127.0.0.1",
            smtp_port=25,
            smtp_security="none",
            smtp_user="",
        )
        session.add(account)
        session.flush()
        return account.id


def test_the_agent_is_created_once_per_login(demo_store: Store) -> None:
    with demo_store.sessions.begin() as session:
        first = current_agent(session, "ana", "Ana Martin")
        again = current_agent(session, "ana", "Another Name")
        blank = current_agent(session, "  ")
    assert first == again and first.display_name == "Ana Martin"
    assert blank.login == "agent"


def test_queueing_records_the_answer_and_undo_takes_it_back(demo_store: Store) -> None:
    account_id = _account(demo_store)
    now = datetime.now(UTC)
    with demo_store.sessions.begin() as session:
        agent = current_agent(session, "ana", "Ana Martin")
        install_default_templates(session, "fr")
        row = next(
            r for r in load_queue(session, now) if r.cluster_id is not None and r.open_count >= 2
        )
        ids = [
            m
            for m in row_members(session, row)
            if session.get(Message, m).status == MessageStatus.OPEN  # type: ignore[union-attr]
        ]
        claimed = claim_for_answer(session, agent.id, ids, now)
        assert claimed.claimed == frozenset(ids)
        template = TemplateData(name="Free", body_text="Bonjour {prénom},\nC'est noté.", id=None)
        rendered = preview(session, template, ids, agent.id, row.cluster_id)
        assert rendered.report.can_send and rendered.drafts
        queued = queue_answer(
            session,
            account_id,
            rendered.drafts,
            agent_id=agent.id,
            template_id=None,
            cluster_id=row.cluster_id,
            hold_seconds=10,
            # Opened ten minutes ago, worked one minute, then away: one minute counts.
            opened_at=now - timedelta(minutes=10),
            activity=[now - timedelta(minutes=10), now - timedelta(minutes=9)],
            now=now,
        )
        assert len(queued.reply_ids) == len(rendered.drafts) and not queued.refused
        assert queued.not_before == now + timedelta(seconds=10)
        event = session.scalars(select(HandlingEvent)).one()
        assert event.kind == EventKind.SEND and event.message_count == len(set(ids))
        assert event.active_ms == 60_000
        assert outbox_counts(session).waiting == len(queued.reply_ids)

        # The same messages again: refused, each with why.
        again = queue_answer(
            session,
            account_id,
            rendered.drafts,
            agent_id=agent.id,
            template_id=None,
            cluster_id=row.cluster_id,
            hold_seconds=0,
            opened_at=now,
            activity=[],
            now=now,
        )
        assert not again.reply_ids and len(again.refused) == len(rendered.drafts)

        assert undo_answer(session, queued.reply_ids) == len(queued.reply_ids)
        assert outbox_counts(session).waiting == 0
        assert release_claims(session, agent.id, ids) == len(ids)


def test_a_stored_template_counts_its_uses(demo_store: Store) -> None:
    account_id = _account(demo_store)
    now = datetime.now(UTC)
    with demo_store.sessions.begin() as session:
        agent = current_agent(session, "ana")
        install_default_templates(session, "fr")
        assert session.scalar(select(func.count()).select_from(Reply)) == 0
        template = list_templates(session)[0]
        assert template.id is not None
        row = load_queue(session, now)[0]
        ids = row_members(session, row)
        data = TemplateData(
            name=template.name, body_text="Bonjour,\nMerci.", id=template.id, language="fr"
        )
        rendered = preview(session, data, ids, agent.id)
        queued = queue_answer(
            session,
            account_id,
            rendered.drafts,
            agent_id=agent.id,
            template_id=template.id,
            cluster_id=None,
            hold_seconds=0,
            opened_at=now,
            activity=[],
            now=now,
        )
        assert queued.reply_ids
        assert get_template(session, template.id).usage_count == len(queued.reply_ids)
        assert session.scalar(select(Reply.state)) == ReplyState.QUEUED
