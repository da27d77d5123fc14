"""Handling time and answers per agent, per template and per category.

Time comes from the handling events that *started* in the period (active time
only, see :mod:`desk.stats.events`); answers from the replies *sent* in the
period. An event is attributed to the template and the cluster it names, and
a cluster to its category; events recorded before a template was chosen
(claim, open, read) name none and are listed under "no template". Per
agent, template or category, "answered" counts the messages that replies sent
in the period answered, so one reply to a cluster of 40 counts 40 (and a
message answered twice counts twice; the summary's total counts it once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CTE,
    Integer,
    Select,
    String,
    case,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from desk.stats.period import Period
from desk.stats.sql import dialect_name
from desk.store.models import (
    Agent,
    Cluster,
    EventKind,
    HandlingEvent,
    Reply,
    ReplyMessage,
    ReplyState,
    Template,
)

# Above this many events in the period, SQLite reads the covering index whole (see _events).
MANY_EVENTS = 20_000


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class AgentRow:
    """One agent's actions, active time and answers in the period."""

    agent_id: int
    name: str
    actions: int
    sends: int
    active_ms: int
    answered: int

    @property
    def ms_per_answer(self) -> float | None:
        """Active time per message answered (None when nothing was answered)."""
        return _ratio(self.active_ms, self.answered)

    @property
    def answered_per_send(self) -> float | None:
        """Messages answered per send action: what clustering multiplies."""
        return _ratio(self.answered, self.sends)


@dataclass(frozen=True)
class GroupRow:
    """Replies, messages answered and active time for one template or one category.

    ``key`` is the template's name or the category; None for events and
    replies that name no template (or whose cluster has no category).
    """

    key: str | None
    replies: int
    answered: int
    active_ms: int

    @property
    def ms_per_answer(self) -> float | None:
        """Active time per message answered (None when nothing was answered)."""
        return _ratio(self.active_ms, self.answered)


@dataclass(frozen=True)
class Tables:
    """The three tables of the report, and the event totals they share."""

    agents: tuple[AgentRow, ...]
    templates: tuple[GroupRow, ...]
    categories: tuple[GroupRow, ...]
    actions: int
    sends: int
    active_ms: int


def _rollups(grouped: CTE) -> Select[Any]:
    """Totals of ``grouped`` per agent, per template and per category, as one result.

    ``grouped`` holds one row per (agent, template, cluster) with three sums;
    the database adds them up three ways (a cluster turned into its category by
    a join on the few clusters) so that about a hundred rows reach Python
    instead of tens of thousands: building those rows cost more than the SQL.
    Rows are ``(table, agent or template id, category, sum1, sum2, sum3)``
    with ``table`` 0 for agents, 1 for templates, 2 for categories.
    """
    no_id: Any = cast(null(), Integer)
    no_category: Any = cast(null(), String)
    sums = [func.sum(grouped.c.a), func.sum(grouped.c.b), func.sum(grouped.c.c)]
    by_agent = select(literal(0), grouped.c.agent_id, no_category, *sums).group_by(
        grouped.c.agent_id
    )
    by_template = select(literal(1), grouped.c.template_id, no_category, *sums).group_by(
        grouped.c.template_id
    )
    by_category = (
        select(literal(2), no_id, Cluster.category, *sums)
        .select_from(grouped)
        .outerjoin(Cluster, Cluster.id == grouped.c.cluster_id)
        .group_by(Cluster.category)
    )
    return union_all(by_agent, by_template, by_category)  # type: ignore[return-value]


def _events(session: Session, start: datetime, end: datetime) -> list[Any]:
    """Events of the period: (actions, sends, active ms) per agent, per template, per category.

    Grouped first by (agent, template, cluster) in the order of
    ``ix_handling_event_stats``, which holds every column read, so neither a
    sort nor a table lookup is needed; then rolled up (:func:`_rollups`).
    """
    is_send = case((HandlingEvent.kind == EventKind.SEND, 1), else_=0)
    started: Any = HandlingEvent.started_at
    if dialect_name(session) == "sqlite" and _many(session, start, end):
        # SQLite would walk the (agent, started_at) index and sort; hiding started_at
        # from the planner makes it read the covering index in grouping order.
        started = func.coalesce(started, started)
    grouped = (
        select(
            HandlingEvent.agent_id,
            HandlingEvent.template_id,
            HandlingEvent.cluster_id,
            func.count().label("a"),
            func.sum(is_send).label("b"),
            func.sum(HandlingEvent.active_ms).label("c"),
        )
        .where(started >= start, started < end)
        .group_by(HandlingEvent.agent_id, HandlingEvent.template_id, HandlingEvent.cluster_id)
        .cte("event_groups")
        .prefix_with("MATERIALIZED")
    )
    return list(session.execute(_rollups(grouped)))


def _many(session: Session, start: datetime, end: datetime) -> bool:
    """Whether the period holds so many events that reading them all in index order is faster.

    Counts at most one event past the threshold, so a year of a million events
    costs no more to decide than a quiet week.
    """
    first = (
        select(HandlingEvent.id)
        .where(HandlingEvent.started_at >= start, HandlingEvent.started_at < end)
        .limit(MANY_EVENTS + 1)
        .subquery()
    )
    count = session.scalar(select(func.count()).select_from(first))
    return (count or 0) > MANY_EVENTS


def _answers(session: Session, start: datetime, end: datetime) -> list[Any]:
    """Replies sent in the period: (replies, messages answered, 0) per agent, template, category.

    Each reply's messages are counted first (grouped by reply, in the order
    its links are stored: no sort), then the replies are grouped by (agent,
    template, cluster) and rolled up (:func:`_rollups`). A message answered
    by two replies counts for each (it was answered twice).
    """
    per_reply = (
        select(
            Reply.agent_id,
            Reply.template_id,
            Reply.cluster_id,
            func.count().label("messages"),
        )
        .join(ReplyMessage, ReplyMessage.reply_id == Reply.id)
        .where(Reply.state == ReplyState.SENT, Reply.sent_at >= start, Reply.sent_at < end)
        .group_by(Reply.id)
        .subquery("per_reply")
    )
    grouped = (
        select(
            per_reply.c.agent_id,
            per_reply.c.template_id,
            per_reply.c.cluster_id,
            func.count().label("a"),
            func.sum(per_reply.c.messages).label("b"),
            literal(0).label("c"),
        )
        .group_by(per_reply.c.agent_id, per_reply.c.template_id, per_reply.c.cluster_id)
        .cte("reply_groups")
        .prefix_with("MATERIALIZED")
    )
    return list(session.execute(_rollups(grouped)))


def _names(session: Session, model: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    if model is Agent:
        agents = session.execute(
            select(Agent.id, Agent.display_name, Agent.login).where(Agent.id.in_(ids))
        )
        return {i: display or login for i, display, login in agents}
    templates = session.execute(select(Template.id, Template.name).where(Template.id.in_(ids)))
    return {i: name for i, name in templates}


def handling_tables(session: Session, period: Period) -> Tables:
    """Per-agent, per-template and per-category figures for ``period``, largest first."""
    start, end = period.start, period.end
    # [actions, sends, active ms] from events; [replies, answered] from replies.
    agents: dict[int, list[int]] = {}
    templates: dict[int | None, list[int]] = {}
    categories: dict[str | None, list[int]] = {}
    actions = sends = active = 0
    for table, key, category, n, n_send, total_ms in _events(session, start, end):
        count, send_count, ms = int(n), int(n_send or 0), int(total_ms or 0)
        if table == 0:
            agents[key] = [count, send_count, ms]
            actions, sends, active = actions + count, sends + send_count, active + ms
        elif table == 1:
            templates[key] = [ms]
        else:
            categories[category] = [ms]
    agent_answers: dict[int | None, list[int]] = {}
    template_answers: dict[int | None, list[int]] = {}
    category_answers: dict[str | None, list[int]] = {}
    for table, key, category, replies, answered, _ in _answers(session, start, end):
        target: dict[Any, list[int]] = (agent_answers, template_answers, category_answers)[table]
        target[category if table == 2 else key] = [int(replies), int(answered or 0)]
    agent_names = _names(session, Agent, {i for i in {*agents, *agent_answers} if i is not None})
    template_names = _names(
        session, Template, {i for i in {*templates, *template_answers} if i is not None}
    )
    agent_rows = [
        AgentRow(
            agent_id=agent_id,
            name=agent_names.get(agent_id, f"#{agent_id}"),
            actions=agents.get(agent_id, [0, 0, 0])[0],
            sends=agents.get(agent_id, [0, 0, 0])[1],
            active_ms=agents.get(agent_id, [0, 0, 0])[2],
            answered=agent_answers.get(agent_id, [0, 0])[1],
        )
        for agent_id in {*agents, *agent_answers}
        if agent_id is not None
    ]
    template_rows = [
        GroupRow(
            key=None if template_id is None else template_names.get(template_id, f"#{template_id}"),
            replies=template_answers.get(template_id, [0, 0])[0],
            answered=template_answers.get(template_id, [0, 0])[1],
            active_ms=templates.get(template_id, [0])[0],
        )
        for template_id in {*templates, *template_answers}
    ]
    category_rows = [
        GroupRow(
            key=category,
            replies=category_answers.get(category, [0, 0])[0],
            answered=category_answers.get(category, [0, 0])[1],
            active_ms=categories.get(category, [0])[0],
        )
        for category in {*categories, *category_answers}
    ]
    return Tables(
        agents=tuple(sorted(agent_rows, key=lambda r: (-r.answered, -r.active_ms, r.name))),
        templates=tuple(sorted(template_rows, key=_group_order)),
        categories=tuple(sorted(category_rows, key=_group_order)),
        actions=actions,
        sends=sends,
        active_ms=active,
    )


def _group_order(row: GroupRow) -> tuple[bool, int, int, str]:
    """Most answered first; the unnamed group last."""
    return (row.key is None, -row.answered, -row.active_ms, row.key or "")
