"""Reviewing and queueing the clusters that share a suggested template, on the demo store."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from desk.core.clock import utc_now
from desk.store.database import Store
from desk.store.models import Agent, Claim, ClusterMember, Message, MessageStatus, Reply, Template
from desk.workbench.answering import current_agent
from desk.workbench.by_suggestion import first_lines, merged, queue_reviewed, review_cluster
from tests.support.accounts import add_account_row


def _cluster_with_open_members(store: Store, at_least: int = 2) -> int:
    with store.sessions() as session:
        return (
            session.scalars(
                select(ClusterMember.cluster_id)
                .join(Message, Message.id == ClusterMember.message_id)
                .where(Message.status == MessageStatus.OPEN, ClusterMember.asks_more.is_(None))
                .group_by(ClusterMember.cluster_id)
                .having(func.count() >= at_least)
                .order_by(ClusterMember.cluster_id)
            ).first()
            or 0
        )


def _template(store: Store, body: str) -> tuple[int, int]:
    with store.sessions.begin() as session:
        template = Template(name="T", body_text=body)
        session.add(template)
        session.flush()
        return template.id, current_agent(session, "ana").id


def test_a_cluster_is_reviewed_with_its_drafts_and_can_be_ticked(demo_store: Store) -> None:
    cluster_id = _cluster_with_open_members(demo_store)
    template_id, agent_id = _template(demo_store, "Bonjour,\nC'est noté.")
    with demo_store.sessions() as session:
        reviewed = review_cluster(session, cluster_id, template_id, agent_id, utc_now())
    assert reviewed.answerable and reviewed.drafts and reviewed.representative
    assert reviewed.open_count >= len(reviewed.message_ids) >= 2


def test_a_placeholder_without_value_makes_a_cluster_unanswerable(demo_store: Store) -> None:
    cluster_id = _cluster_with_open_members(demo_store)
    template_id, agent_id = _template(demo_store, "Bonjour,\nVotre dossier {référence}.")
    with demo_store.sessions.begin() as session:
        # Nobody in this cluster gave a reference.
        for message in session.scalars(
            select(Message)
            .join(ClusterMember, ClusterMember.message_id == Message.id)
            .where(ClusterMember.cluster_id == cluster_id)
        ):
            message.text = "Bonjour, je n'arrive pas à me connecter."
    with demo_store.sessions() as session:
        reviewed = review_cluster(session, cluster_id, template_id, agent_id, utc_now())
    assert reviewed.missing and not reviewed.answerable
    assert "référence" in reviewed.missing[0]
    assert reviewed.drafts, "the drafts are there, but cannot go as they are"


def test_a_cluster_held_by_another_agent_is_not_answerable(demo_store: Store) -> None:
    cluster_id = _cluster_with_open_members(demo_store)
    template_id, agent_id = _template(demo_store, "Bonjour,\nC'est noté.")
    with demo_store.sessions.begin() as session:
        bob = Agent(login="bob", display_name="Bob", signature="")
        session.add(bob)
        session.flush()
        first = session.scalars(
            select(ClusterMember.message_id).where(ClusterMember.cluster_id == cluster_id)
        ).first()
        assert first is not None
        session.add(
            Claim(message_id=first, agent_id=bob.id, expires_at=utc_now() + timedelta(hours=1))
        )
    with demo_store.sessions() as session:
        reviewed = review_cluster(session, cluster_id, template_id, agent_id, utc_now())
    assert reviewed.held_by == "Bob" and not reviewed.answerable and not reviewed.drafts


def test_queueing_the_reviewed_clusters_queues_one_reply_per_person(demo_store: Store) -> None:
    cluster_id = _cluster_with_open_members(demo_store)
    template_id, agent_id = _template(demo_store, "Bonjour,\nC'est noté.")
    account_id = add_account_row(demo_store)
    opened = utc_now()
    with demo_store.sessions() as session:
        reviewed = review_cluster(session, cluster_id, template_id, agent_id, opened)
    with demo_store.sessions.begin() as session:
        done = queue_reviewed(
            session,
            account_id,
            [reviewed],
            agent_id=agent_id,
            template_id=template_id,
            hold_seconds=0,
            opened_at=opened,
            now=utc_now(),
        )
    assert [c for c, _ in done] == [cluster_id]
    answer = merged(done)
    assert len(answer.reply_ids) == len(reviewed.drafts) and not answer.conflicts
    with demo_store.sessions() as session:
        templates = set(
            session.scalars(select(Reply.template_id).where(Reply.id.in_(answer.reply_ids)))
        )
    assert templates == {template_id}


def test_first_lines_are_short() -> None:
    assert first_lines("\n\nUn\n\n  deux  trois \nquatre\ncinq") == "Un\ndeux trois\nquatre"
    assert len(first_lines("x" * 1000)) <= 240
