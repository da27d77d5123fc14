"""The window's work on suggested templates, as plain functions a worker thread runs.

Each takes the session factory and plain values read on the GUI thread, and
returns plain values: nothing here sees a widget or the window.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from desk.queue.locks import database_now
from desk.workbench.answering import OutboxCounts, QueuedAnswer, outbox_counts
from desk.workbench.by_suggestion import (
    ReviewCluster,
    answered_with,
    queue_reviewed,
    review_clusters,
)
from desk.workbench.suggestions import ClusterSuggestion, suggest_templates

Suggested = tuple[dict[int, ClusterSuggestion], dict[int, int]]
Reviewed = tuple[list[ReviewCluster], datetime]
Queued = tuple[list[tuple[int, QueuedAnswer]], OutboxCounts]


def read_suggestions(sessions: sessionmaker[Session]) -> Suggested:
    """Every open cluster's suggested template, and how many answers each was learnt from."""
    with sessions() as session:
        found = suggest_templates(session)
        learnt = answered_with(session, sorted({s.template_id for s in found.values()}))
    return found, learnt


def read_review(
    sessions: sessionmaker[Session], template_id: int, cluster_ids: list[int], agent_id: int
) -> Reviewed:
    """The clusters to review before answering them with ``template_id``, and when read."""
    with sessions() as session:
        now = database_now(session)
        return review_clusters(session, template_id, cluster_ids, agent_id, now), now


def queue_by_suggestion(
    sessions: sessionmaker[Session],
    account_id: int,
    chosen: list[ReviewCluster],
    *,
    agent_id: int,
    template_id: int,
    hold_seconds: float,
    opened_at: datetime,
) -> Queued:
    """Queue the reviewed clusters' replies; what each got, and the outbox's counts after."""
    with sessions.begin() as session:
        done = queue_reviewed(
            session,
            account_id,
            chosen,
            agent_id=agent_id,
            template_id=template_id,
            hold_seconds=hold_seconds,
            opened_at=opened_at,
            now=database_now(session),
        )
    with sessions() as session:
        return done, outbox_counts(session)
