"""One row per message received in a period, streamed: the raw data team leads ask for.

Each row says when the message arrived, when it was first answered, by whom
and with which template, its cluster and category, the active handling time
spent on it (one event's time shared equally among the messages it
concerned) and how many times its sender wrote again within 7 days of the
answer. Rows are read from the database in batches, never all at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Float, and_, cast, func, select
from sqlalchemy.orm import Session, aliased

from desk.core.clock import utc_now
from desk.stats.kpis import RECONTACT_DAYS
from desk.stats.period import Period
from desk.stats.sql import (
    dialect_name,
    first_answers,
    is_request,
    seconds_between,
    within_days_after,
)
from desk.store.models import (
    Agent,
    Cluster,
    ClusterMember,
    EventMessage,
    HandlingEvent,
    Message,
    MessageStatus,
    Reply,
    ReplyMessage,
    ReplyState,
    Template,
)

BATCH = 2000
_NOTHING_OWED = (MessageStatus.CLOSED, MessageStatus.NON_REQUEST)


@dataclass(frozen=True)
class MessageRow:
    """One received request and what became of it (times aware UTC, durations in ms/s)."""

    message_id: int
    received_at: datetime
    status: str
    first_answer_at: datetime | None
    response_s: float | None
    within_deadline: bool | None
    agent: str | None
    template: str | None
    cluster_id: int | None
    category: str | None
    handling_ms: int
    recontacts: int


def per_message_rows(
    session: Session, period: Period, deadline_hours: int = 48, as_of: datetime | None = None
) -> Iterator[MessageRow]:
    """Rows for the requests received in ``period``, oldest first, fetched in batches.

    ``within_deadline`` is None while an unanswered message is still inside
    its deadline at ``as_of`` (default now), False once it is overdue.
    """
    as_of = as_of or utc_now()
    dialect = dialect_name(session)
    first = first_answers(as_of)
    # The reply that gave the first answer (the lowest id when two were sent at once).
    first_reply = (
        select(ReplyMessage.message_id, func.min(Reply.id).label("reply_id"))
        .join(Reply, Reply.id == ReplyMessage.reply_id)
        .join(
            first,
            and_(
                first.c.message_id == ReplyMessage.message_id,
                first.c.first_at == Reply.sent_at,
            ),
        )
        .where(Reply.state == ReplyState.SENT)
        .group_by(ReplyMessage.message_id)
        .subquery("first_reply")
    )
    in_period = and_(Message.date >= period.start, Message.date < period.end, is_request())
    handling = (
        select(
            EventMessage.message_id,
            func.sum(
                cast(HandlingEvent.active_ms, Float) / func.nullif(HandlingEvent.message_count, 0)
            ).label("ms"),
        )
        .join(HandlingEvent, HandlingEvent.id == EventMessage.event_id)
        .where(EventMessage.message_id.in_(select(Message.id).where(in_period)))
        .group_by(EventMessage.message_id)
        .subquery("handling")
    )
    later = aliased(Message)
    recontacts = (
        select(func.count())
        .where(
            later.sender == Message.sender,
            Message.sender != "",
            within_days_after(later.date, first.c.first_at, RECONTACT_DAYS, dialect),
        )
        .correlate(Message, first)
        .scalar_subquery()
    )
    answer = aliased(Reply)
    query = (
        select(
            Message.id,
            Message.date,
            Message.status,
            first.c.first_at,
            seconds_between(first.c.first_at, Message.date, dialect),
            func.coalesce(Agent.display_name, Agent.login),
            Template.name,
            ClusterMember.cluster_id,
            Cluster.category,
            handling.c.ms,
            recontacts,
        )
        .select_from(Message)
        .outerjoin(first, first.c.message_id == Message.id)
        .outerjoin(first_reply, first_reply.c.message_id == Message.id)
        .outerjoin(answer, answer.id == first_reply.c.reply_id)
        .outerjoin(Agent, Agent.id == answer.agent_id)
        .outerjoin(Template, Template.id == answer.template_id)
        .outerjoin(ClusterMember, ClusterMember.message_id == Message.id)
        .outerjoin(Cluster, Cluster.id == ClusterMember.cluster_id)
        .outerjoin(handling, handling.c.message_id == Message.id)
        .where(in_period)
        .order_by(Message.date, Message.id)
        .execution_options(yield_per=BATCH)
    )
    deadline_s = deadline_hours * 3600
    overdue_before = as_of.timestamp() - deadline_s
    for row in session.execute(query):
        (
            mid,
            received,
            status,
            first_at,
            seconds,
            agent,
            template,
            cluster,
            category,
            ms,
            again,
        ) = row
        if seconds is not None:
            within: bool | None = float(seconds) <= deadline_s
        elif status in _NOTHING_OWED:
            within = None
        elif received.timestamp() <= overdue_before:
            within = False
        else:
            within = None
        yield MessageRow(
            message_id=int(mid),
            received_at=received,
            status=str(status.value if hasattr(status, "value") else status),
            first_answer_at=first_at,
            response_s=None if seconds is None else float(seconds),
            within_deadline=within,
            agent=agent,
            template=template,
            cluster_id=cluster,
            category=category,
            handling_ms=round(float(ms or 0)),
            recontacts=int(again or 0) if first_at is not None else 0,
        )
