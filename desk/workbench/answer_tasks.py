"""The window's answering work, one call per task: preview, queue, undo, and the outbox's counts.

Like :mod:`desk.workbench.worklist_tasks`, each function opens its own
session from the factory it is given and returns plain values, so the
window's workers never touch the window. Queueing and undoing return the
outbox's counts read after their commit, for the status bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy.orm import Session, sessionmaker

from desk.core.clock import utc_now
from desk.mail.drafts import ReplyDraft
from desk.queue.locks import database_now
from desk.replies.render import RenderedReplies
from desk.replies.templates import TemplateData, search_templates
from desk.workbench.answering import (
    OutboxCounts,
    QueuedAnswer,
    answer_recorded,
    next_due,
    outbox_counts,
    preview,
    queue_answer,
    undo_answer,
)
from desk.workbench.asks_more import asking_more

Sessions = sessionmaker[Session]


@dataclass(frozen=True, slots=True)
class AnswerPreview:
    """The replies as they would go, and which covered messages ask more than their cluster."""

    rendered: RenderedReplies
    asking_more: dict[int, str]  # message covered → what it asks beyond its cluster


class AnswerQueued(NamedTuple):
    """What queueing an answer did, and the outbox after it."""

    queued: QueuedAnswer
    counts: OutboxCounts


class AnswerUndone(NamedTuple):
    """How many replies were taken back, and the outbox after it."""

    taken: int
    counts: OutboxCounts


def find_templates(sessions: Sessions, query: str) -> list[TemplateData]:
    """The templates matching what the agent typed (all of them for nothing typed)."""
    with sessions() as session:
        return search_templates(session, query)


def preview_answer(
    sessions: Sessions,
    template: TemplateData,
    ids: Sequence[int],
    agent_id: int,
    cluster_id: int | None,
) -> AnswerPreview:
    """Render each recipient's reply; inside a cluster, note who asks more than it."""
    with sessions() as session:
        rendered = preview(session, template, ids, agent_id, cluster_id)
        flagged = {}
        if cluster_id is not None:  # "asks more" says more than this cluster asks
            covered = sorted({m for draft in rendered.drafts for m in draft.message_ids})
            flagged = asking_more(session, covered)
        return AnswerPreview(rendered, flagged)


def queue_confirmed_answer(
    sessions: Sessions,
    account_id: int,
    drafts: Sequence[ReplyDraft],
    *,
    agent_id: int,
    template_id: int | None,
    cluster_id: int | None,
    hold_seconds: float,
    opened_at: datetime,
    activity: Sequence[datetime],
    edited: bool | None = None,
) -> AnswerQueued:
    """Queue the drafts the agent confirmed, held ``hold_seconds`` for undo (or refuse them all)."""
    with sessions.begin() as session:
        queued = queue_answer(
            session,
            account_id,
            list(drafts),
            agent_id=agent_id,
            template_id=template_id,
            cluster_id=cluster_id,
            hold_seconds=hold_seconds,
            opened_at=opened_at,
            activity=list(activity),
            now=database_now(session),
            edited=edited,
        )
    return AnswerQueued(queued, read_outbox_counts(sessions))


def undo_replies(sessions: Sessions, reply_ids: Sequence[int]) -> AnswerUndone:
    """Take back the replies still held in the outbox."""
    with sessions.begin() as session:
        taken = undo_answer(session, reply_ids)
    return AnswerUndone(taken, read_outbox_counts(sessions))


def read_outbox_counts(sessions: Sessions) -> OutboxCounts:
    """How many replies wait, are going out, failed, or are in doubt."""
    with sessions() as session:
        return outbox_counts(session)


def was_recorded(
    sessions: Sessions, agent_id: int, message_ids: Sequence[int], since: datetime
) -> tuple[int, ...]:
    """The agent's replies to these messages since ``since`` (after a dropped connection)."""
    with sessions() as session:
        return answer_recorded(session, agent_id, message_ids, since)


def next_reply_due(sessions: Sessions) -> float | None:
    """Seconds until the outbox has a reply due (0: now), None when nothing waits."""
    with sessions() as session:
        return next_due(session, utc_now())
