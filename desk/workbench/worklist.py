"""The agent's work list: queue rows, sender groups and the member lists behind them.

Everything here returns plain frozen rows the window's models hold; nothing
keeps a session or an ORM object. A cluster is listed once with what the
agent needs to decide what to open next: its size, how long its oldest
message has waited, the time left before the answer-time promise, its
category, who else holds part of it, and why it scored what it scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desk.cluster.service import title_sources
from desk.cluster.titles import message_title
from desk.config import Settings
from desk.queue.groups import sender_groups
from desk.queue.priority import QueueItem, QueueWeights, build_queue
from desk.store.models import (
    Agent,
    Claim,
    Cluster,
    ClusterMember,
    Message,
    MessageStatus,
)

_CHUNK = 500  # ids per IN (...) query
SNIPPET_CHARS = 160
TITLE_CHARS = 90  # the longest queue title
TITLE_MEMO_SIZE = 50_000  # titles kept between queue reloads (a few MB)


def weights_from_settings(settings: Settings) -> QueueWeights:
    """The queue's weights from the settings file's ``[queue]`` table (its deadline included).

    Here rather than in :mod:`desk.queue`: the queue takes its weights as
    given and never reads the settings above it.
    """
    return QueueWeights.from_mapping(
        {**dict(settings.queue_weights), "deadline_hours": settings.deadline_hours}
    )


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """One part of a queue score: its name, the value it came from and its points."""

    name: str
    value: float | str
    points: float


@dataclass(frozen=True, slots=True)
class QueueRow:
    """A line of the agent's queue: a cluster, a lone message, or one person's messages.

    ``key`` identifies the row across refreshes (``c<id>``, ``m<id>``, ``s<sender>``).
    ``title`` says what the row asks (an agent's label first), ``subject`` is
    the subject line it stands for.
    ``held_by`` names another agent holding some of its open messages (and
    ``held_count`` how many); ``time_left_s`` is negative once overdue.
    """

    key: str
    kind: str  # "cluster", "message" or "sender"
    cluster_id: int | None
    message_id: int | None
    sender: str | None
    title: str
    open_count: int
    oldest: datetime
    deadline: datetime | None
    time_left_s: float | None
    category: str
    score: float
    breakdown: tuple[ScoreLine, ...]
    held_by: str | None
    held_count: int
    subject: str = ""  # the representative's subject, shown beside the title


@dataclass(frozen=True, slots=True)
class MessageRow:
    """A message as the cluster's list shows it.

    ``asks_more`` is what the message asks beyond its cluster's request (the
    stored sentences, one a line) when it joined the cluster as asking more.
    """

    id: int
    date: datetime
    from_name: str
    from_addr: str
    subject: str
    snippet: str
    status: str
    held_by: str | None
    asks_more: str | None = None


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def _others_holding(
    session: Session, agent_id: int | None, now: datetime
) -> tuple[dict[int, tuple[str, int]], dict[int, str]]:
    """Claims of other agents: cluster → (a holder's name, messages held); message → name."""
    statement = (
        select(Claim.message_id, Agent.display_name, ClusterMember.cluster_id)
        .join(Agent, Agent.id == Claim.agent_id)
        .outerjoin(ClusterMember, ClusterMember.message_id == Claim.message_id)
        .where(Claim.expires_at > now)
    )
    if agent_id is not None:
        statement = statement.where(Claim.agent_id != agent_id)
    by_cluster: dict[int, tuple[str, int]] = {}
    by_message: dict[int, str] = {}
    for message_id, name, cluster_id in session.execute(statement):
        by_message[message_id] = name
        if cluster_id is not None:
            _, count = by_cluster.get(cluster_id, (name, 0))
            by_cluster[cluster_id] = (name, count + 1)
    return by_cluster, by_message


class _TitleMemo:
    """Titles already worked out, by message and content: a queue reload recomputes none.

    Working out a title reads a message's sentences (a fraction of a
    millisecond each), and the queue is reloaded after every claim and
    answer, with thousands of rows. The key holds a hash of everything the
    title depends on (subject, text, compared text and where that came
    from), so a message clustered again is titled again; the memo forgets
    everything when it is full. Labels are applied outside it.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._titles: dict[tuple[int, int], str] = {}

    def title(
        self,
        message_id: int,
        subject: str | None,
        text: str | None,
        body: str | None,
        source: str | None,
    ) -> str:
        key = (message_id, hash((subject, text, body, source)))
        found = self._titles.get(key)
        if found is None:
            found = message_title(subject, text, body, source, TITLE_CHARS)
            if len(self._titles) >= self._size:
                self._titles.clear()
            self._titles[key] = found
        return found


_MEMO = _TitleMemo(TITLE_MEMO_SIZE)


def _message_titles(session: Session, message_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Message id → (title, subject), in batched queries."""
    found: dict[int, tuple[str, str]] = {}
    for message_id, subject, text, body, source in title_sources(session, message_ids):
        found[message_id] = (_MEMO.title(message_id, subject, text, body, source), subject or "")
    return found


def _titles(session: Session, items: Sequence[QueueItem]) -> dict[str, tuple[str, str, str]]:
    """Row key → (title, category label, subject).

    A cluster's label when an agent set one; else what its representative
    asks; a lone message likewise. A cluster without a representative is
    named after its first message. Every lookup is batched: the queue has
    thousands of rows.
    """
    cluster_ids = [i.cluster_id for i in items if i.cluster_id is not None]
    message_ids = [i.message_id for i in items if i.message_id is not None]
    clusters: dict[int, tuple[str, str, int | None]] = {}
    stored: dict[int, tuple[str, str]] = {}  # cluster → (title, representative's subject)
    for chunk in _chunks(cluster_ids):
        for cluster_id, label, category, representative, title, subject in session.execute(
            select(
                Cluster.id,
                Cluster.label,
                Cluster.category,
                Cluster.representative_id,
                Cluster.title,
                Message.subject,
            )
            .outerjoin(Message, Message.id == Cluster.representative_id)
            .where(Cluster.id.in_(chunk))
        ):
            clusters[cluster_id] = (label or "", category or "", representative)
            if title:
                stored[cluster_id] = (title, subject or "")
    # A cluster without a representative is named after one of its messages.
    orphans = [c for c in cluster_ids if clusters.get(c, ("", "", None))[2] is None]
    for chunk in _chunks(orphans):
        for cluster_id, first in session.execute(
            select(ClusterMember.cluster_id, func.min(ClusterMember.message_id))
            .where(ClusterMember.cluster_id.in_(chunk))
            .group_by(ClusterMember.cluster_id)
        ):
            label, category, _ = clusters.get(cluster_id, ("", "", None))
            clusters[cluster_id] = (label, category, first)
    # Titles the clustering service has not stored yet are worked out here (and remembered).
    wanted = {m for c, (_, _, m) in clusters.items() if m is not None and c not in stored}
    by_message = _message_titles(session, sorted(wanted | set(message_ids)))
    found: dict[str, tuple[str, str, str]] = {}
    for cluster_id, (label, category, message_id) in clusters.items():
        if cluster_id in stored:
            title, subject = stored[cluster_id]
        else:
            title, subject = by_message.get(message_id, ("", "")) if message_id else ("", "")
        found[f"c{cluster_id}"] = (label or title, category, subject)
    for message_id in message_ids:
        title, subject = by_message.get(message_id, ("", ""))
        found[f"m{message_id}"] = (title, "", subject)
    return found


def _score_lines(item: QueueItem) -> tuple[ScoreLine, ...]:
    lines = []
    for part in item.breakdown:
        value = part.value if isinstance(part.value, int | float | str) else str(part.value)
        lines.append(ScoreLine(part.name, value, part.points))
    return tuple(lines)


def load_queue(
    session: Session,
    now: datetime,
    weights: QueueWeights | None = None,
    agent_id: int | None = None,
) -> list[QueueRow]:
    """The queue, best first, with titles, categories and other agents' claims."""
    items = build_queue(session, now, weights)
    titles = _titles(session, items)
    by_cluster, by_message = _others_holding(session, agent_id, now)
    rows = []
    for item in items:
        key = f"c{item.cluster_id}" if item.cluster_id is not None else f"m{item.message_id}"
        title, label, subject = titles.get(key, ("", "", ""))
        category = label or (item.categories[0].name if item.categories else "")
        if item.cluster_id is not None:
            held_by, held_count = by_cluster.get(item.cluster_id, (None, 0))
        else:
            held_by = by_message.get(item.message_id or -1)
            held_count = 1 if held_by else 0
        rows.append(
            QueueRow(
                key=key,
                kind="cluster" if item.cluster_id is not None else "message",
                cluster_id=item.cluster_id,
                message_id=item.message_id,
                sender=None,
                title=title,
                subject=subject,
                open_count=item.open_count,
                oldest=item.oldest,
                deadline=item.deadline,
                time_left_s=item.time_left.total_seconds(),
                category=category,
                score=item.score,
                breakdown=_score_lines(item),
                held_by=held_by,
                held_count=held_count,
            )
        )
    return rows


def load_senders(
    session: Session, now: datetime, agent_id: int | None = None, min_messages: int = 2
) -> list[QueueRow]:
    """People with several open messages, to answer all of them at once."""
    _, by_message = _others_holding(session, agent_id, now)
    held: dict[str, tuple[str, int]] = {}
    if by_message:
        for chunk in _chunks(sorted(by_message)):
            for message_id, sender in session.execute(
                select(Message.id, Message.sender).where(Message.id.in_(chunk))
            ):
                name, count = held.get(sender, (by_message[message_id], 0))
                held[sender] = (name, count + 1)
    rows = []
    for group in sender_groups(session, min_messages):
        held_by, held_count = held.get(group.sender, (None, 0))
        rows.append(
            QueueRow(
                key=f"s{group.sender}",
                kind="sender",
                cluster_id=None,
                message_id=None,
                sender=group.sender,
                title=group.sender,
                open_count=group.open_messages,
                oldest=group.oldest,
                deadline=None,
                time_left_s=None,
                category="",
                score=float(group.open_messages),
                breakdown=(),
                held_by=held_by,
                held_count=held_count,
            )
        )
    return rows


def _members(session: Session, sender: str | None, cluster_id: int | None) -> list[int]:
    """A sender's or a cluster's messages: open ones first (oldest first), then the rest."""
    is_open = case((Message.status == MessageStatus.OPEN, 0), else_=1)
    statement = select(Message.id).order_by(is_open, Message.date, Message.id)
    if sender is not None:
        statement = statement.where(Message.sender == sender)
    else:
        statement = statement.join(ClusterMember, ClusterMember.message_id == Message.id).where(
            ClusterMember.cluster_id == cluster_id
        )
    return list(session.scalars(statement))


def row_members(session: Session, row: QueueRow) -> list[int]:
    """The message ids behind a queue row: open ones first (oldest first), then the rest."""
    if row.kind == "message" and row.message_id is not None:
        return [row.message_id]
    if row.kind == "sender":
        return _members(session, row.sender, None)
    return _members(session, None, row.cluster_id)


def cluster_members(session: Session, cluster_id: int) -> list[int]:
    """A cluster's message ids as its queue row lists them: open first, oldest first."""
    return _members(session, None, cluster_id)


def message_rows(
    session: Session, ids: Sequence[int], now: datetime, agent_id: int | None = None
) -> list[MessageRow]:
    """The list lines of these messages, in the order given (missing ones left out).

    Whether each asks more than its cluster comes in the same query (a join
    on its membership), not a query per row.
    """
    found: dict[int, MessageRow] = {}
    for chunk in _chunks(list(ids)):
        holders = dict(
            session.execute(
                select(Claim.message_id, Agent.display_name)
                .join(Agent, Agent.id == Claim.agent_id)
                .where(
                    Claim.message_id.in_(chunk),
                    Claim.expires_at > now,
                    Claim.agent_id != (agent_id if agent_id is not None else -1),
                )
            ).all()
        )
        rows = session.execute(
            select(
                Message.id,
                Message.date,
                Message.from_name,
                Message.from_addr,
                Message.subject,
                func.substr(Message.text, 1, SNIPPET_CHARS),
                Message.status,
                ClusterMember.asks_more,
            )
            .outerjoin(ClusterMember, ClusterMember.message_id == Message.id)
            .where(Message.id.in_(chunk))
        )
        for mid, date, name, addr, subject, snippet, status, asks_more in rows:
            found[mid] = MessageRow(
                id=mid,
                date=date,
                from_name=name or "",
                from_addr=addr or "",
                subject=subject or "",
                snippet=" ".join((snippet or "").split()),
                status=str(status.value if isinstance(status, MessageStatus) else status),
                held_by=holders.get(mid),
                asks_more=asks_more or None,
            )
    return [found[i] for i in ids if i in found]


def representative_text(session: Session, cluster_id: int | None) -> str | None:
    """The text of the message that stands for a cluster (what members are compared with)."""
    if cluster_id is None:
        return None
    return session.scalar(
        select(Message.text)
        .join(Cluster, Cluster.representative_id == Message.id)
        .where(Cluster.id == cluster_id)
    )


def holders_by_row(
    session: Session, rows: Sequence[QueueRow], agent_id: int | None, now: datetime
) -> dict[str, tuple[str, int]]:
    """Row key → (another agent holding some of it, how many): the live claims, cheaply."""
    by_cluster, by_message = _others_holding(session, agent_id, now)
    held: dict[str, tuple[str, int]] = {}
    for row in rows:
        if row.cluster_id is not None and row.cluster_id in by_cluster:
            held[row.key] = by_cluster[row.cluster_id]
        elif row.message_id is not None and row.message_id in by_message:
            held[row.key] = (by_message[row.message_id], 1)
    return held
