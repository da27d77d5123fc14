"""The window's answering tasks, headless: preview, queue with undo, the outbox, the record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desk.replies.defaults import install_default_templates
from desk.replies.templates import TemplateData
from desk.store.database import Store
from desk.workbench.answer_tasks import (
    find_templates,
    next_reply_due,
    preview_answer,
    queue_confirmed_answer,
    read_outbox_counts,
    undo_replies,
    was_recorded,
)
from desk.workbench.answering import current_agent
from desk.workbench.worklist import QueueRow, load_queue
from desk.workbench.worklist_tasks import open_row
from tests.support.accounts import add_account_row


def _cluster_row(store: Store, agent_id: int) -> QueueRow:
    with store.sessions() as session:
        return next(
            r
            for r in load_queue(session, datetime.now(UTC), agent_id=agent_id)
            if r.cluster_id is not None and r.open_count >= 2
        )


def test_an_answer_is_previewed_queued_held_and_taken_back(demo_store: Store) -> None:
    account_id = add_account_row(demo_store)
    with demo_store.sessions.begin() as session:
        agent = current_agent(session, "ana")
        install_default_templates(session, "fr")
    assert find_templates(demo_store.sessions, "")
    row = _cluster_row(demo_store, agent.id)
    opened = open_row(demo_store.sessions, row, agent.id)
    template = TemplateData(name="Free", body_text="Bonjour,\nC'est noté.", id=None)
    shown = preview_answer(demo_store.sessions, template, opened.claimed, agent.id, row.cluster_id)
    assert shown.rendered.report.can_send and shown.rendered.drafts
    assert set(shown.asking_more) <= set(opened.claimed)
    since = datetime.now(UTC) - timedelta(seconds=5)
    assert read_outbox_counts(demo_store.sessions).waiting == 0
    assert next_reply_due(demo_store.sessions) is None

    queued, counts = queue_confirmed_answer(
        demo_store.sessions,
        account_id,
        shown.rendered.drafts,
        agent_id=agent.id,
        template_id=None,
        cluster_id=row.cluster_id,
        hold_seconds=30,
        opened_at=since,
        activity=[since],
    )
    assert queued.reply_ids and not queued.conflicts
    assert counts.waiting == len(queued.reply_ids)
    due = next_reply_due(demo_store.sessions)
    assert due is not None and 0 < due <= 30, "held for the undo window"
    assert was_recorded(demo_store.sessions, agent.id, opened.claimed, since) == queued.reply_ids

    taken, after = undo_replies(demo_store.sessions, queued.reply_ids)
    assert taken == len(queued.reply_ids) and after.waiting == 0


def test_an_answer_never_confirmed_was_not_recorded(demo_store: Store) -> None:
    with demo_store.sessions.begin() as session:
        agent = current_agent(session, "ana")
    row = _cluster_row(demo_store, agent.id)
    opened = open_row(demo_store.sessions, row, agent.id)
    assert was_recorded(demo_store.sessions, agent.id, opened.ids, datetime.now(UTC)) == ()
