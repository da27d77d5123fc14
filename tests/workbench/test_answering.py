"""Answering, headless: the agent, claims, preview, queueing with undo, the record it leaves."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.mail.drafts import ReplyDraft
from desk.queue.claims import claim_messages
from desk.queue.conflicts import Conflict, ConflictReason
from desk.replies.defaults import install_default_templates
from desk.replies.templates import TemplateData, get_template, list_templates
from desk.store.database import Store
from desk.store.models import (
    EventKind,
    HandlingEvent,
    Message,
    MessageStatus,
    Reply,
    ReplyState,
    Template,
)
from desk.workbench.answering import (
    QueuedAnswer,
    claim_for_answer,
    current_agent,
    outbox_counts,
    preview,
    queue_answer,
    release_claims,
    undo_answer,
)
from desk.workbench.worklist import load_queue, row_members
from tests.support.accounts import add_account_row
from tests.support.team import NOW, add_agents, add_messages, commit_once_it_waits


def test_the_agent_is_created_once_per_login(demo_store: Store) -> None:
    with demo_store.sessions.begin() as session:
        first = current_agent(session, "ana", "Ana Martin")
        again = current_agent(session, "ana", "Another Name")
        blank = current_agent(session, "  ")
    assert first == again and first.display_name == "Ana Martin"
    assert blank.login == "agent"


def test_queueing_records_the_answer_and_undo_takes_it_back(demo_store: Store) -> None:
    account_id = add_account_row(demo_store)
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
    account_id = add_account_row(demo_store)
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


# ------------------------------------------------------------ the send-time check


def _drafts(session: Session, ids: list[int], agent_id: int) -> list[ReplyDraft]:
    """One plain draft per message, to its sender."""
    return [
        ReplyDraft(
            (m,), session.get_one(Message, m).sender, "", "Bonjour,\nC'est noté.", agent_id=agent_id
        )
        for m in ids
    ]


def _confirm(
    session: Session,
    account_id: int,
    drafts: list[ReplyDraft],
    agent_id: int,
    opened_at: datetime,
    template_id: int | None = None,
) -> QueuedAnswer:
    return queue_answer(
        session,
        account_id,
        drafts,
        agent_id=agent_id,
        template_id=template_id,
        cluster_id=None,
        hold_seconds=0,
        opened_at=opened_at,
        activity=[],
        now=NOW,
    )


def _counts(store: Store) -> tuple[int, int]:
    """Replies and handling events in the store."""
    with store.sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(Reply)) or 0,
            session.scalar(select(func.count()).select_from(HandlingEvent)) or 0,
        )


def test_one_message_held_by_another_agent_stops_the_whole_answer(store: Store) -> None:
    account_id = add_account_row(store)
    with store.sessions.begin() as session:
        amina, bruno = add_agents(session, "Amina", "Bruno Martin")
        ids = add_messages(session, 3)
        claim_messages(session, amina, ids, NOW - timedelta(minutes=3))  # lapsed while she typed
        claim_messages(session, bruno, ids[1:2], NOW - timedelta(minutes=1))
        template = Template(name="Reçu", body_text="Bonjour,\nC'est noté.")
        session.add(template)
        session.flush()
        template_id = template.id
        drafts = _drafts(session, ids, amina)
    with store.sessions.begin() as session:
        refused = _confirm(
            session, account_id, drafts, amina, NOW - timedelta(minutes=5), template_id
        )
    assert refused.reply_ids == () and refused.not_before is None
    assert refused.conflicts == (
        Conflict(ids[1], drafts[1].to_addr, ConflictReason.HELD, holder="Bruno Martin"),
    )
    # Every recipient is reported not sent, the one held with why.
    assert [who for who, _ in refused.refused] == [d.to_addr for d in drafts]
    assert "held by Bruno Martin" in refused.refused[1][1]
    assert "not sent with the rest" in refused.refused[0][1]
    assert _counts(store) == (0, 0)
    with store.sessions() as session:
        assert session.get_one(Template, template_id).usage_count == 0
    # Bruno lets go: the same answer now goes, whole.
    with store.sessions.begin() as session:
        release_claims(session, bruno, ids)
        queued = _confirm(
            session, account_id, drafts, amina, NOW - timedelta(minutes=5), template_id
        )
    assert len(queued.reply_ids) == 3 and not queued.refused and not queued.conflicts
    assert _counts(store) == (3, 1)


def test_a_sender_who_wrote_again_stops_the_answer_until_it_is_reopened(store: Store) -> None:
    account_id = add_account_row(store)
    opened = NOW - timedelta(minutes=5)
    with store.sessions.begin() as session:
        [amina] = add_agents(session, "Amina")
        ids = add_messages(session, 2, senders=["ana@example.org", "ben@example.org"])
        [again] = add_messages(
            session, 1, senders=["ana@example.org"], ingested_at=opened + timedelta(minutes=2)
        )
        drafts = _drafts(session, ids, amina)
    with store.sessions.begin() as session:
        refused = _confirm(session, account_id, drafts, amina, opened)
    assert [(c.message_id, c.reason, c.other_message_id) for c in refused.conflicts] == [
        (ids[0], ConflictReason.WROTE_AGAIN, again)
    ]
    assert _counts(store) == (0, 0)
    with store.sessions.begin() as session:  # the agent saw it (reopened): the answer may go
        assert len(_confirm(session, account_id, drafts, amina, NOW).reply_ids) == 2


@pytest.mark.postgres
def test_a_second_answer_to_the_same_message_waits_then_is_refused(pg_store: Store) -> None:
    """Amina's answer is queued but not committed; Bruno's check waits for it, then refuses."""
    account_id = add_account_row(pg_store)
    with pg_store.sessions.begin() as session:
        amina, bruno = add_agents(session, "Amina", "Bruno")
        ids = add_messages(session, 3)
        hers, his = _drafts(session, ids[:2], amina), _drafts(session, ids[1:], bruno)
    first = pg_store.sessions()
    first.begin()
    assert _confirm(first, account_id, hers, amina, NOW).reply_ids
    got = commit_once_it_waits(
        pg_store, first, lambda session: _confirm(session, account_id, his, bruno, NOW)
    )
    assert got.reply_ids == ()
    assert [(c.message_id, c.reason) for c in got.conflicts] == [
        (ids[1], ConflictReason.REPLY_ON_ITS_WAY)
    ]
    assert _counts(pg_store) == (2, 1)


@pytest.mark.postgres
def test_two_agents_confirming_overlapping_answers_at_once_queue_exactly_one(
    pg_store: Store,
) -> None:
    """Round after round, two threads confirm answers sharing a message at the same moment."""
    account_id = add_account_row(pg_store)
    rounds = 10
    with pg_store.sessions.begin() as session:
        amina, bruno = add_agents(session, "Amina", "Bruno")
        plans = []
        for _ in range(rounds):
            ids = add_messages(session, 3)
            plans.append((_drafts(session, ids[:2], amina), _drafts(session, ids[1:], bruno)))
    outcomes: dict[tuple[int, int], QueuedAnswer] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def agent(side: int, agent_id: int) -> None:
        try:
            for n, plan in enumerate(plans):
                barrier.wait(timeout=60)
                with pg_store.sessions.begin() as session:
                    outcomes[n, side] = _confirm(session, account_id, plan[side], agent_id, NOW)
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=agent, args=a) for a in ((0, amina), (1, bruno))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    for n in range(rounds):
        queued = [bool(outcomes[n, side].reply_ids) for side in (0, 1)]
        assert queued.count(True) == 1, f"round {n}: {outcomes[n, 0]} / {outcomes[n, 1]}"
        loser = outcomes[n, queued.index(False)]
        assert {c.reason for c in loser.conflicts} == {ConflictReason.REPLY_ON_ITS_WAY}
    assert _counts(pg_store) == (2 * rounds, rounds)
