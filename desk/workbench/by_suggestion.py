"""Answering every open cluster that shares a suggested template, in one reviewed pass.

The window lists the clusters whose suggestion is template T
(:mod:`desk.workbench.suggestions`); the agent reviews them, unticks some and
confirms once. Each cluster is then answered exactly as the window answers
one cluster: its open members rendered with the template
(:func:`desk.workbench.answering.preview`), those that ask more than their
cluster left out (the single-cluster send's default), the drafts queued by
:func:`desk.workbench.answering.queue_answer`, with its send-time check. A
cluster another agent holds, or whose drafts need an agent's words (a
placeholder without value, a brace problem), is shown but cannot be ticked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.mail.drafts import ReplyDraft
from desk.store.models import Reply, ReplyMessage, ReplyState
from desk.workbench.answering import (
    QueuedAnswer,
    claim_for_answer,
    preview,
    queue_answer,
    release_claims,
)
from desk.workbench.worklist import cluster_members, message_rows, representative_text

FIRST_LINES = 3  # of the representative, shown in the review
FIRST_LINES_CHARS = 240


@dataclass(frozen=True, slots=True)
class ReviewCluster:
    """One cluster of the review: what it asks, its drafts, and what stops it being ticked.

    ``drafts`` are what would be queued (one per person); ``left_out`` counts
    open members that ask more and are left out; ``held_by`` names another
    agent holding some of its open messages; ``missing`` names placeholders
    without value for someone; ``syntax`` is set when the template has a
    brace problem.
    """

    cluster_id: int
    representative: str
    open_count: int
    drafts: tuple[ReplyDraft, ...]
    left_out: int = 0
    held_by: str | None = None
    missing: tuple[str, ...] = ()
    syntax: bool = False

    @property
    def answerable(self) -> bool:
        """True when the agent may tick it: nobody else holds it and its drafts may go."""
        return self.held_by is None and bool(self.drafts) and not self.missing and not self.syntax

    @property
    def message_ids(self) -> tuple[int, ...]:
        """The messages its drafts answer."""
        return tuple(sorted({m for draft in self.drafts for m in draft.message_ids}))


def first_lines(text: str | None) -> str:
    """The first few non-blank lines of a text, shortened: what a cluster asks, at a glance."""
    lines = [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]
    shown = "\n".join(lines[:FIRST_LINES])
    return shown if len(shown) <= FIRST_LINES_CHARS else shown[: FIRST_LINES_CHARS - 1] + "…"


def answered_with(session: Session, template_ids: Sequence[int]) -> dict[int, int]:
    """Template id → how many messages agents answered with it (what suggestions learn from)."""
    if not template_ids:
        return {}
    rows = session.execute(
        select(Reply.template_id, func.count(func.distinct(ReplyMessage.message_id)))
        .join(ReplyMessage, ReplyMessage.reply_id == Reply.id)
        .where(Reply.template_id.in_(list(template_ids)), Reply.state != ReplyState.FAILED)
        .group_by(Reply.template_id)
    )
    return {int(template): int(count) for template, count in rows if template is not None}


def review_cluster(
    session: Session, cluster_id: int, template_id: int, agent_id: int, now: datetime
) -> ReviewCluster:
    """A cluster as the review shows it: its open members rendered with the template."""
    rows = [
        row
        for row in message_rows(session, cluster_members(session, cluster_id), now, agent_id)
        if row.status == "open"
    ]
    held_by = next((row.held_by for row in rows if row.held_by), None)
    chosen = [row.id for row in rows if not row.asks_more and not row.held_by]
    representative = first_lines(representative_text(session, cluster_id))
    left_out = sum(1 for row in rows if row.asks_more and not row.held_by)
    if held_by is not None or not chosen:
        return ReviewCluster(cluster_id, representative, len(rows), (), left_out, held_by)
    rendered = preview(session, template_id, chosen, agent_id, cluster_id)
    return ReviewCluster(
        cluster_id,
        representative,
        len(rows),
        rendered.drafts,
        left_out,
        None,
        tuple(missing.name for missing in rendered.report.missing),
        bool(rendered.report.syntax),
    )


def review_clusters(
    session: Session,
    template_id: int,
    cluster_ids: Sequence[int],
    agent_id: int,
    now: datetime,
) -> list[ReviewCluster]:
    """Every cluster of ``cluster_ids`` as the review shows it, in the order given."""
    return [review_cluster(session, c, template_id, agent_id, now) for c in cluster_ids]


def queue_reviewed(
    session: Session,
    account_id: int,
    clusters: Sequence[ReviewCluster],
    *,
    agent_id: int,
    template_id: int,
    hold_seconds: float,
    opened_at: datetime,
    now: datetime,
) -> list[tuple[int, QueuedAnswer]]:
    """Queue one cluster reply per reviewed cluster, as the window answers a single cluster.

    The messages are claimed first (nobody else may take them meanwhile); a
    cluster the send-time check refuses (changed since the review opened,
    taken by someone else) queues nothing and gives its claims back, and the
    others go on. Returns (cluster id, what queueing did) for each.
    """
    done: list[tuple[int, QueuedAnswer]] = []
    for cluster in clusters:
        if not cluster.answerable:
            continue
        ids = cluster.message_ids
        claim_for_answer(session, agent_id, ids, now)
        queued = queue_answer(
            session,
            account_id,
            list(cluster.drafts),
            agent_id=agent_id,
            template_id=template_id,
            cluster_id=cluster.cluster_id,
            hold_seconds=hold_seconds,
            opened_at=opened_at,
            activity=[opened_at, now],
            now=now,
        )
        if queued.conflicts:
            release_claims(session, agent_id, ids)
        done.append((cluster.cluster_id, queued))
    return done


def merged(answers: Sequence[tuple[int, QueuedAnswer]]) -> QueuedAnswer:
    """The queued replies of several clusters as one answer (one undo for the whole pass)."""
    times = [a.not_before for _, a in answers if a.not_before is not None]
    return QueuedAnswer(
        reply_ids=tuple(r for _, a in answers for r in a.reply_ids),
        refused=tuple(r for _, a in answers for r in a.refused),
        not_before=max(times) if times else None,
        conflicts=tuple(c for _, a in answers for c in a.conflicts),
    )
