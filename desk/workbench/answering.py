"""Answering from the window: who the agent is, claims, preview, queueing with undo, the record.

The window calls these on a worker. Rendering gives the exact drafts the
preview shows; queueing puts those very drafts in the outbox, held back for
the undo window, records the handling event and counts the template's use,
all in one transaction, so a refusal leaves nothing half done. Before
anything is queued, the send-time check (:mod:`desk.queue.conflicts`) locks
the messages and refuses the whole answer if any was answered, closed or
taken by someone else, or its sender wrote again, since the agent opened it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.mail.drafts import ReplyDraft
from desk.mail.queueing import QueueResult, cancel_replies, queue_replies
from desk.queue.claims import ClaimResult, claim_messages, release
from desk.queue.conflicts import Conflict, send_conflicts
from desk.replies.render import RenderedReplies, render_replies
from desk.replies.templates import TemplateData, record_template_use
from desk.stats.events import record_event
from desk.store.models import (
    Agent,
    EventKind,
    Message,
    MessageStatus,
    Reply,
    ReplyMessage,
    ReplyState,
)


@dataclass(frozen=True, slots=True)
class AgentInfo:
    """The agent at this computer, as the window shows and records them."""

    id: int
    login: str
    display_name: str
    signature: str


def current_agent(session: Session, login: str, display_name: str = "") -> AgentInfo:
    """The agent with this login, created on first use (named after the login if no name)."""
    login = login.strip() or "agent"
    agent = session.scalars(select(Agent).where(Agent.login == login)).one_or_none()
    if agent is None:
        agent = Agent(login=login, display_name=display_name.strip() or login, signature="")
        session.add(agent)
        session.flush()
    return AgentInfo(agent.id, agent.login, agent.display_name, agent.signature)


def claim_for_answer(
    session: Session, agent_id: int, message_ids: Sequence[int], now: datetime
) -> ClaimResult:
    """Hold the open messages the agent opened, so nobody else answers them meanwhile."""
    return claim_messages(session, agent_id, message_ids, now)


def release_claims(session: Session, agent_id: int, message_ids: Sequence[int]) -> int:
    """Give back what the agent opened and left without answering."""
    return release(session, agent_id, message_ids)


def preview(
    session: Session,
    template: TemplateData | int,
    message_ids: Sequence[int],
    agent_id: int,
    cluster_id: int | None = None,
) -> RenderedReplies:
    """One draft per recipient, exactly as it would go, and what stands in the way."""
    return render_replies(session, template, message_ids, agent_id, cluster_id=cluster_id)


@dataclass(frozen=True, slots=True)
class QueuedAnswer:
    """What queueing did: reply ids (for undo), refusals with reasons, when sending may start.

    ``conflicts`` is set when the send-time check stopped the whole answer:
    nothing was queued or recorded, and each entry names a message, its
    sender and why (``refused`` then holds every recipient with the same
    reasons in words).
    """

    reply_ids: tuple[int, ...]
    refused: tuple[tuple[str, str], ...]  # recipient, reason
    not_before: datetime | None
    conflicts: tuple[Conflict, ...] = ()


def _refused_whole(drafts: Sequence[ReplyDraft], conflicts: Sequence[Conflict]) -> QueuedAnswer:
    """The answer refused as a whole: each recipient, with what stopped it."""
    refused = []
    for draft in drafts:
        own = [c.describe() for c in conflicts if c.message_id in draft.message_ids]
        why = "; ".join(own) or "not sent with the rest of the answer: " + "; ".join(
            c.describe() for c in conflicts[:3]
        )
        refused.append((draft.to_addr, why))
    return QueuedAnswer((), tuple(refused), None, tuple(conflicts))


def queue_answer(
    session: Session,
    account_id: int,
    drafts: Sequence[ReplyDraft],
    *,
    agent_id: int,
    template_id: int | None,
    cluster_id: int | None,
    hold_seconds: float,
    opened_at: datetime,
    activity: Sequence[datetime],
    now: datetime,
    edited: bool | None = None,
) -> QueuedAnswer:
    """Put the previewed drafts in the outbox, record the answer, count the template's use.

    First the send-time check, in this transaction: if any message the
    drafts cover was answered, closed or claimed by another agent, has a
    reply on its way, or its sender wrote again after ``opened_at``, nothing
    is queued or recorded and :attr:`QueuedAnswer.conflicts` says why.
    """
    covered = {m for draft in drafts for m in draft.message_ids}
    conflicts = send_conflicts(session, agent_id, covered, opened_at, now)
    if conflicts:
        return _refused_whole(drafts, conflicts)
    result: QueueResult = queue_replies(
        session, account_id, drafts, hold_seconds=hold_seconds, now=now, edited=edited
    )
    answered = sorted(
        {m for draft in drafts for m in draft.message_ids}
        - {m for draft, _ in result.refused for m in draft.message_ids}
    )
    if result.queued:
        record_event(
            session,
            agent_id,
            EventKind.SEND,
            answered,
            opened_at,
            now,
            activity=activity,
            cluster_id=cluster_id,
            template_id=template_id,
        )
    not_before = session.scalar(
        select(func.max(Reply.not_before)).where(Reply.id.in_(result.queued))
    )
    if result.queued and template_id is not None:
        # Last, so the template's row (every agent answering with it writes there) stays
        # locked only until the commit that follows, not through this whole transaction.
        record_template_use(session, template_id, len(result.queued))
    return QueuedAnswer(
        reply_ids=tuple(result.queued),
        refused=tuple((draft.to_addr, reason) for draft, reason in result.refused),
        not_before=not_before,
    )


def undo_answer(session: Session, reply_ids: Sequence[int]) -> int:
    """Take back the replies still waiting in the outbox; returns how many were taken back."""
    return cancel_replies(session, reply_ids)


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    """The outbox at a glance, for the status bar."""

    waiting: int  # queued, due or held for the undo window
    sending: int
    failed: int
    in_doubt: int = 0  # may or may not have left: an agent decides (desk.workbench.in_doubt)
    handed_on: int = 0  # requests waiting for another service's answer (hand-offs)


def outbox_counts(session: Session) -> OutboxCounts:
    """How many replies wait, are going out, failed, or are in doubt."""
    counts: dict[ReplyState, int] = {
        state: count
        for state, count in session.execute(select(Reply.state, func.count()).group_by(Reply.state))
    }
    return OutboxCounts(
        waiting=int(counts.get(ReplyState.QUEUED, 0)),
        sending=int(counts.get(ReplyState.SENDING, 0)),
        failed=int(counts.get(ReplyState.FAILED, 0)),
        in_doubt=int(counts.get(ReplyState.IN_DOUBT, 0)),
        handed_on=int(
            session.scalar(
                select(func.count())
                .select_from(Message)
                .where(Message.status == MessageStatus.WAITING)
            )
            or 0
        ),
    )


def next_due(session: Session, now: datetime) -> float | None:
    """Seconds until the earliest waiting reply may go (0 when one is due), None when none waits.

    Held replies (undo window) and replies waiting to retry after a busy
    server have a time; the window schedules the outbox's next run by it.
    """
    waiting, unheld, earliest = session.execute(
        select(
            func.count(),
            func.count().filter(Reply.not_before.is_(None)),
            func.min(Reply.not_before),
        ).where(Reply.state == ReplyState.QUEUED)
    ).one()
    if not waiting:
        return None
    if unheld or earliest is None:
        return 0.0
    return max(0.0, (earliest - now).total_seconds())


def answer_recorded(
    session: Session, agent_id: int, message_ids: Sequence[int], since: datetime
) -> tuple[int, ...]:
    """The agent's replies to these messages made since ``since``: was an answer recorded?

    After the database connection dropped while an answer was being
    confirmed, the window cannot know whether the commit happened; this tells
    it, so it can say "recorded" or "not recorded: send again".
    """
    if not message_ids:
        return ()
    return tuple(
        session.scalars(
            select(Reply.id)
            .join(ReplyMessage, ReplyMessage.reply_id == Reply.id)
            .where(
                ReplyMessage.message_id.in_(list(message_ids)),
                Reply.agent_id == agent_id,
                Reply.created_at >= since,
            )
            .distinct()
            .order_by(Reply.id)
        )
    )
