"""Quality, not only quantity: how well answers held, per template and per agent (issue 18).

For each request first answered in the period (by an answer, never by an
acknowledgement or a forward), credited to the answer's agent and template:

- *edited*: the agent changed the template's text before sending (known for
  answers queued since Desk records it; the share is of those known);
- *re-contacted*: the sender wrote again within 7 days after the answer;
- *reopened*: someone answered our answer (a message whose In-Reply-To is
  the answer's Message-ID) within 7 days;
- *handed off*: the request had been handed to another service first;
- *first contact resolution*: answered once, and no re-contact within 7 days.

Computed in one pass over the period's answers in Python: the figures are
per group and the groups are small; this is not part of the year-long KPIs'
one-second budget (it runs on its own worker, after them).
"""

from __future__ import annotations

import bisect
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from desk.stats.period import Period
from desk.stats.sql import first_answers
from desk.store.models import (
    Agent,
    Handoff,
    Message,
    Reply,
    ReplyKind,
    ReplyMessage,
    ReplyState,
    Template,
)

AFTER = timedelta(days=7)


@dataclass
class QualityRow:
    """One group's quality figures; shares are None when their denominator is 0."""

    name: str
    answered: int = 0
    edited: int = 0
    edit_known: int = 0
    recontacted: int = 0
    reopened: int = 0
    handed_off: int = 0
    resolved_first_time: int = 0

    def share(self, part: int, whole: int | None = None) -> float | None:
        """``part`` over ``whole`` (answered by default), or None for 0."""
        whole = self.answered if whole is None else whole
        return part / whole if whole else None

    @property
    def edited_share(self) -> float | None:
        """Of the answers whose editing is known, those edited."""
        return self.share(self.edited, self.edit_known)


@dataclass
class Quality:
    """The period's quality per agent and per template, and for everybody."""

    total: QualityRow
    agents: list[QualityRow] = field(default_factory=list)
    templates: list[QualityRow] = field(default_factory=list)
    services: list[ServiceRow] = field(default_factory=list)


@dataclass(frozen=True)
class _Answer:
    message_id: int
    sender: str
    sent_at: datetime
    header: str
    edited: bool | None
    agent_id: int | None
    template_id: int | None


def _answered_in(period: Period) -> Subquery:
    """``(message_id, first_at)`` of the requests first answered in the period."""
    first = first_answers(period.end)  # only answers list messages: never notices or forwards
    return (
        select(first.c.message_id, first.c.first_at)
        .where(first.c.first_at >= period.start, first.c.first_at < period.end)
        .subquery("answered_in_period")
    )


def _answers(session: Session, answered: Subquery) -> list[_Answer]:
    """Every request first answered in the period, with the answer that did it."""
    rows = session.execute(
        select(
            Message.id,
            Message.sender,
            Reply.sent_at,
            Reply.message_id_header,
            Reply.edited,
            Reply.agent_id,
            Reply.template_id,
            Reply.id,
        )
        .join(answered, answered.c.message_id == Message.id)
        .join(ReplyMessage, ReplyMessage.message_id == Message.id)
        .join(Reply, Reply.id == ReplyMessage.reply_id)
        .where(Reply.state == ReplyState.SENT, Reply.sent_at == answered.c.first_at)
        .order_by(Message.id, Reply.id)
    ).all()
    seen: set[int] = set()
    answers = []
    for message_id, sender, sent_at, header, edited, agent_id, template_id, _reply in rows:
        if message_id in seen or sent_at is None:  # two answers at once: the first counts
            continue
        seen.add(message_id)
        answers.append(_Answer(message_id, sender, sent_at, header, edited, agent_id, template_id))
    return answers


def compute_quality(session: Session, period: Period) -> Quality:
    """The period's quality figures (see the module docstring).

    Every read is bounded by the period through subqueries, never by a list of
    the answers' ids, senders or headers: a year holds more of them than
    PostgreSQL takes parameters in one statement (65,535).
    """
    answered = _answered_in(period)
    answers = _answers(session, answered)
    answered_ids = select(answered.c.message_id)
    answers_per_message = Counter(
        dict(
            session.execute(
                select(ReplyMessage.message_id, func.count())
                .join(Reply, Reply.id == ReplyMessage.reply_id)
                .where(
                    ReplyMessage.message_id.in_(answered_ids),
                    Reply.state == ReplyState.SENT,
                    Reply.kind == ReplyKind.ANSWER.value,
                )
                .group_by(ReplyMessage.message_id)
            ).all()
        )
    )
    # Re-contacts and replies to an answer come after it, so within the period or later.
    senders = {a.sender for a in answers if a.sender}
    written: dict[str, list[datetime]] = defaultdict(list)
    for sender, date in session.execute(
        select(Message.sender, Message.date).where(
            Message.sender.is_not(None), Message.date >= period.start
        )
    ):
        if sender in senders:
            written[sender].append(date)
    for dates in written.values():
        dates.sort()
    headers = {a.header for a in answers}
    replied_to: dict[str, list[datetime]] = defaultdict(list)
    for header, date in session.execute(
        select(Message.in_reply_to, Message.date).where(
            Message.in_reply_to.is_not(None), Message.date >= period.start
        )
    ):
        if header in headers:
            replied_to[header].append(date)
    handed = set(
        session.scalars(select(Handoff.message_id).where(Handoff.message_id.in_(answered_ids)))
    )

    agent_names: dict[int | None, str] = {
        i: name for i, name in session.execute(select(Agent.id, Agent.display_name))
    }
    template_names: dict[int | None, str] = {
        i: name for i, name in session.execute(select(Template.id, Template.name))
    }
    total = QualityRow("")
    by_agent: dict[int | None, QualityRow] = {}
    by_template: dict[int | None, QualityRow] = {}
    for answer in answers:
        dates = written.get(answer.sender, [])
        later = bisect.bisect_right(dates, answer.sent_at)
        recontacted = later < len(dates) and dates[later] <= answer.sent_at + AFTER
        reopened = any(
            answer.sent_at < d <= answer.sent_at + AFTER for d in replied_to.get(answer.header, [])
        )
        rows = (
            total,
            by_agent.setdefault(
                answer.agent_id, QualityRow(agent_names.get(answer.agent_id, "") or "")
            ),
            by_template.setdefault(
                answer.template_id, QualityRow(template_names.get(answer.template_id, "") or "")
            ),
        )
        for row in rows:
            row.answered += 1
            if answer.edited is not None:
                row.edit_known += 1
                row.edited += int(answer.edited)
            row.recontacted += int(recontacted)
            row.reopened += int(reopened)
            row.handed_off += int(answer.message_id in handed)
            once = answers_per_message[answer.message_id] == 1
            row.resolved_first_time += int(once and not recontacted)
    ordered = sorted(by_agent.values(), key=lambda r: (-r.answered, r.name))
    templates = sorted(by_template.values(), key=lambda r: (-r.answered, r.name))
    return Quality(total, ordered, templates, handoffs_by_service(session, period))


@dataclass
class ServiceRow:
    """One service's hand-offs made in the period and how they went."""

    service: str
    handed: int = 0  # requests handed to it
    answered: int = 0
    failed: int = 0
    overdue: int = 0  # came back to the queue unanswered, past the due date
    waited_hours: list[float] = field(default_factory=list)  # until its answer

    @property
    def median_wait_hours(self) -> float | None:
        """The median time the service took to answer, None when it answered none."""
        return statistics.median(self.waited_hours) if self.waited_hours else None


def handoffs_by_service(session: Session, period: Period) -> list[ServiceRow]:
    """Hand-offs made in the period, per service: how many, answered, failed, overdue, wait."""
    rows: dict[str, ServiceRow] = {}
    for service, created, answered_at, failed_at, reminded_at in session.execute(
        select(
            Handoff.service, Handoff.created_at, Handoff.answered_at, Handoff.failed_at,
            Handoff.reminded_at,
        ).where(Handoff.created_at >= period.start, Handoff.created_at < period.end)
    ):  # fmt: skip
        row = rows.setdefault(service, ServiceRow(service))
        row.handed += 1
        if answered_at is not None:
            row.answered += 1
            row.waited_hours.append((answered_at - created).total_seconds() / 3600)
        elif failed_at is not None:
            row.failed += 1
        elif reminded_at is not None:
            row.overdue += 1
    return sorted(rows.values(), key=lambda r: (-r.handed, r.service))
