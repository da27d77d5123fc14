"""The agents' priority queue: what to answer next, and why.

Age alone is a poor guide in a surge: a cluster of two hundred people asking
the same thing, a person who has written four times, or a complaint about an
exam date matter more than their age says. Every open cluster (and every open
message no cluster holds yet) gets a score made of parts a team lead can weigh
(:class:`QueueWeights`), and each part is kept (:attr:`QueueItem.breakdown`) so
the window can show why an item sits where it does.

The parts, each ``weight × curve``:

- ``deadline``: the share of the answer window (``deadline_hours``) already
  used by the cluster's oldest open message, from 0 on arrival to 1 at the
  deadline, going on linearly once overdue up to 2 (a whole window late), so
  overdue clusters always lead on this part and a month-old stray cannot bury
  everything. The weight is the points earned at the deadline.
- ``size``: ``log10(open messages) / 2``: one answer clears many, but the
  logarithm saturates, so a giant cluster does not bury everything else.
  The weight is the points of a 100-message cluster (1 message: 0 points;
  capped at twice the weight, from 10,000 messages).
- ``repeat``: how many open messages the most insistent of the cluster's
  senders has in the whole store (the count :mod:`desk.queue.groups` uses):
  someone who has written again and again is waiting and knows it. Curve
  ``log2(messages) / 2``: the weight is the points of a person with four open
  messages (one message: 0 points; capped at twice the weight, from 16).
- one part per category found (complaint, accessibility, exam, payment,
  urgent), each with its own weight. The category comes from the cluster's
  ``category`` column when set (authoritative: a person or the clusterer
  decided it), else from the words of its representative message (subject and
  the sender's own text, quoted history left out), see :data:`LEXICON`.

Every curve is non-decreasing in what it measures, and weights are never
negative, so the score is monotonic: less time left, a bigger cluster or a
more insistent sender never lowers it.

Auto-replies, bounces and spam (status ``NON_REQUEST``) never enter the queue;
:func:`non_requests` lists them apart. Nor does a message with an answer
queued or going out (an agent answered it a moment ago, perhaps still in the
undo window): nobody else should start on it. Nothing here deletes anything.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, Subquery, func, select
from sqlalchemy.orm import Session

from desk.cluster.normalise import fold, split_quoted
from desk.store.models import (
    REPLY_ON_ITS_WAY,
    Cluster,
    ClusterMember,
    Message,
    MessageStatus,
    Reply,
    ReplyMessage,
)

# Only the start of a message is read for urgency words: they come early, and a
# 26,000-message backlog must not drag every long thread into memory.
DETECTION_CHARS = 4000
_IN_CHUNK = 500  # ids per IN (...) list, well under every driver's parameter limit
# No part gives more than twice its weight, so no single signal buries the rest.
CURVE_CAP = 2.0

# ------------------------------------------------------------------ weights


def _check(name: str, value: object) -> float:
    """``value`` as a valid weight (or deadline) named ``name``; ValueError says what is wrong."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"queue.{name} must be a number, not {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"queue.{name} must be a finite number, not {value}")
    if name == "deadline_hours":
        if value <= 0:
            raise ValueError(f"queue.deadline_hours must be more than 0 hours, not {value}")
    elif value < 0:
        raise ValueError(f"queue.{name} must be 0 or more (0 switches it off), not {value}")
    return value


@dataclass(frozen=True)
class QueueWeights:
    """How much each part of the score weighs; a team lead sets them in ``[queue]``.

    Defaults, in points: reaching the deadline is worth the most (40: the
    48-hour promise is the service's commitment); a 100-message cluster 25 (one
    answer clears a hundred people, but size must not beat a breached promise
    on its own); a person with four open messages 15; among categories,
    accessibility 20 (a person who may need an adapted answer or exam
    arrangements with a lead time), complaint and exam 15 (escalation risk, a
    fixed date), payment and urgency words 10 (money matters, but "urgent" is
    written often). A category alone never outweighs the deadline.
    """

    deadline_weight: float = 40.0
    size_weight: float = 25.0
    repeat_weight: float = 15.0
    complaint_weight: float = 15.0
    accessibility_weight: float = 20.0
    exam_weight: float = 15.0
    payment_weight: float = 10.0
    urgent_weight: float = 10.0
    deadline_hours: float = 48.0

    def __post_init__(self) -> None:
        """Refuse weights that would break the ordering: negative, infinite or not numbers."""
        for field in fields(self):
            _check(field.name, getattr(self, field.name))

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> QueueWeights:
        """Weights from a ``[queue]`` table; missing keys keep their defaults.

        An unknown key is an error naming it (a typo would otherwise silently
        leave a weight at its default).
        """
        known = {field.name for field in fields(cls)}
        chosen: dict[str, float] = {}
        for key, value in values.items():
            if key not in known:
                raise ValueError(
                    f"unknown queue setting {key!r}; known: {', '.join(sorted(known))}"
                )
            chosen[key] = _check(key, value)
        return cls(**chosen)

    @property
    def window(self) -> timedelta:
        """The answer-time promise."""
        return timedelta(hours=self.deadline_hours)

    def category_weight(self, category: str) -> float:
        """The weight of one of :data:`CATEGORIES`."""
        value: float = getattr(self, f"{category}_weight")
        return value


# ------------------------------------------------------------------ categories

# Folded (lower case, no accents, "'" for every apostrophe) words and phrases per
# category, French and English. A term matches as whole words, with an optional
# plural "s"/"x"; keep terms specific: every false hit pushes the wrong cluster up.
LEXICON: dict[str, tuple[str, ...]] = {
    "complaint": (
        "reclamation",
        "plainte",
        "porter plainte",
        "inadmissible",
        "inacceptable",
        "scandaleux",
        "scandaleuse",
        "scandale",
        "honteux",
        "mecontent",
        "mecontente",
        "mediateur",
        "complaint",
        "complain",
        "unacceptable",
        "outrageous",
        "disgraceful",
    ),
    "accessibility": (
        "handicap",
        "handicape",
        "handicapee",
        "situation de handicap",
        "malvoyant",
        "malvoyante",
        "non-voyant",
        "non voyant",
        "aveugle",
        "malentendant",
        "malentendante",
        "dyslexie",
        "dyslexique",
        "dyspraxie",
        "dyspraxique",
        "amenagement",
        "tiers temps",
        "tiers-temps",
        "mdph",
        "accessibilite",
        "lecteur d'ecran",
        "disability",
        "disabled",
        "accessibility",
        "visually impaired",
        "screen reader",
        "dyslexia",
        "dyslexic",
    ),
    "exam": (
        "examen",
        "date d'examen",
        "brevet",
        "bac",
        "baccalaureat",
        "epreuve",
        "convocation",
        "exam",
        "examination",
        "exam date",
    ),
    "payment": (
        "paiement",
        "payer",
        "prelevement",
        "remboursement",
        "rembourser",
        "facture",
        "facturation",
        "virement",
        "payment",
        "refund",
        "invoice",
        "direct debit",
        "billing",
    ),
    "urgent": (
        "urgent",
        "urgente",
        "urgence",
        "au plus vite",
        "des que possible",
        "le plus rapidement possible",
        "asap",
        "as soon as possible",
    ),
}
CATEGORIES: tuple[str, ...] = tuple(LEXICON)

_TERM_CATEGORY = {term: category for category, terms in LEXICON.items() for term in terms}
# Longest first, so "date d'examen" wins over "examen"; \b on both sides, "s"/"x" plurals.
_TERMS = re.compile(
    r"\b("
    + "|".join(re.escape(t) for t in sorted(_TERM_CATEGORY, key=len, reverse=True))
    + r")(?:s|x)?\b"
)


class CategoryMatch(NamedTuple):
    """A category of an item and the words that gave it (the cluster's label when set)."""

    name: str
    words: tuple[str, ...]


def detect_categories(text: str) -> tuple[CategoryMatch, ...]:
    """The categories whose words occur in ``text``, in :data:`CATEGORIES` order.

    The text is folded first, so "Réclamation", "RECLAMATION" and "réclamations"
    all give ``complaint``; each category lists its distinct words in the order
    found.
    """
    found: dict[str, dict[str, None]] = {}
    for match in _TERMS.finditer(fold(text)):
        term = match.group(1)
        found.setdefault(_TERM_CATEGORY[term], {})[term] = None
    return tuple(CategoryMatch(c, tuple(found[c])) for c in CATEGORIES if c in found)


def categories_of_label(label: str) -> tuple[CategoryMatch, ...]:
    """The categories a cluster's ``category`` column names.

    A category name ("payment") or any lexicon word ("paiement") is accepted;
    anything else is a category the queue does not weigh, so none.
    """
    folded = fold(label)
    if folded in LEXICON:
        return (CategoryMatch(folded, (label,)),)
    return tuple(CategoryMatch(m.name, (label,)) for m in detect_categories(label))


def _categories_of_message(subject: str, text: str) -> tuple[CategoryMatch, ...]:
    """Categories from a message's subject and its own words (quoted history left out)."""
    own, _quoted = split_quoted(text)
    return detect_categories(f"{subject}\n{own}")


# ------------------------------------------------------------------ scoring


class ScorePart(NamedTuple):
    """One line of a score's explanation: what was measured and the points it gave.

    ``value`` is the measured value: hours left before the deadline (negative
    when overdue) for ``deadline``, open messages for ``size``, the most
    insistent sender's open messages for ``repeat``, and for a category the
    words found (``"none"`` for the ``category`` line of an item with none).
    The UI formats numbers in the agent's language from these.
    """

    name: str
    value: float | str
    points: float


def deadline_pressure(time_left: timedelta, window: timedelta) -> float:
    """Share of the answer window used: 0 on arrival, 1 at the deadline, up to 2 overdue."""
    used = 1.0 - time_left / window
    return min(max(used, 0.0), CURVE_CAP)


def size_curve(open_count: int) -> float:
    """``log10(n) / 2``: 0 for one message, 1 for a hundred, 2 (the cap) from ten thousand."""
    return min(math.log10(max(open_count, 1)) / 2.0, CURVE_CAP)


def repeat_curve(sender_messages: int) -> float:
    """``log2(n) / 2``: 0 for one message from the person, 1 for four, 2 (the cap) from 16.

    The cap keeps a looping auto-responder not yet recognised as such from
    taking the head of the queue on this part alone.
    """
    return min(math.log2(max(sender_messages, 1)) / 2.0, CURVE_CAP)


def score_parts(
    time_left: timedelta,
    open_count: int,
    sender_messages: int,
    categories: Sequence[CategoryMatch],
    weights: QueueWeights,
) -> tuple[ScorePart, ...]:
    """The parts of a score, in display order; the score is their sum.

    Pure, so the queue's ordering can be checked (and explained) without a
    database.
    """
    parts = [
        ScorePart(
            "deadline",
            time_left.total_seconds() / 3600.0,
            weights.deadline_weight * deadline_pressure(time_left, weights.window),
        ),
        ScorePart("size", float(open_count), weights.size_weight * size_curve(open_count)),
        ScorePart(
            "repeat",
            float(sender_messages),
            weights.repeat_weight * repeat_curve(sender_messages),
        ),
    ]
    parts.extend(
        ScorePart(c.name, ", ".join(c.words), weights.category_weight(c.name)) for c in categories
    )
    if not categories:
        parts.append(ScorePart("category", "none", 0.0))
    return tuple(parts)


def total(parts: Iterable[ScorePart]) -> float:
    """The score of these parts: their points, summed."""
    return math.fsum(part.points for part in parts)


# ------------------------------------------------------------------ the queue


@dataclass(frozen=True)
class QueueItem:
    """A cluster (or a lone message) waiting for an answer, with its score and why.

    ``cluster_id`` is None for an open message no cluster holds; then
    ``message_id`` is that message (for a cluster it is None). ``deadline`` is
    the oldest open message's date plus the answer window; ``time_left`` is
    negative once overdue. ``sender_messages`` is the repeat-contact signal:
    the most open messages any one of the item's senders has in the store.
    """

    cluster_id: int | None
    message_id: int | None
    open_count: int
    oldest: datetime
    deadline: datetime
    time_left: timedelta
    sender_messages: int
    categories: tuple[CategoryMatch, ...]
    score: float
    breakdown: tuple[ScorePart, ...]

    @property
    def overdue(self) -> bool:
        """The 48-hour (or configured) promise is already broken for its oldest message."""
        return self.time_left < timedelta(0)

    def explain(self) -> str:
        """The score and each part on its own line, in English (logs, the command line)."""
        what = (
            f"cluster {self.cluster_id}"
            if self.cluster_id is not None
            else f"message {self.message_id}"
        )
        lines = [f"{what}: score {self.score:.1f}"]
        for part in self.breakdown:
            lines.append(f"  {part.name}: {_describe(part)} → {part.points:.1f} pts")
        return "\n".join(lines)


def _describe(part: ScorePart) -> str:
    value = part.value
    if part.name == "deadline" and isinstance(value, float):
        return f"{value:.1f} h left" if value >= 0 else f"overdue by {-value:.1f} h"
    if part.name == "size" and isinstance(value, float):
        return f"{value:.0f} open message{'s' if value != 1 else ''}"
    if part.name == "repeat" and isinstance(value, float):
        return f"{value:.0f} open message{'s' if value != 1 else ''} from one sender"
    return str(value)


@dataclass(frozen=True)
class _Row:
    cluster_id: int | None
    message_id: int | None
    open_count: int
    oldest: datetime
    sender_messages: int
    categories: tuple[CategoryMatch, ...]


def waiting_for_answer() -> ColumnElement[bool]:
    """Open, and no answer to it queued or going out (another agent's, or in its undo window)."""
    answer_on_its_way = (
        select(ReplyMessage.message_id)
        .join(Reply, Reply.id == ReplyMessage.reply_id)
        .where(
            ReplyMessage.message_id == Message.id,
            Reply.state.in_(REPLY_ON_ITS_WAY),
        )
        .exists()
    )
    return (Message.status == MessageStatus.OPEN) & ~answer_on_its_way


def _sender_counts() -> Subquery:
    """Open messages per known sender who has several (the count
    :func:`desk.queue.groups.sender_groups` uses); a sender not in it has one.

    Only the senders with more than one open message are kept: the join that
    follows then indexes a fraction of the senders (18,209 of 64,651 on the
    100,000-message demo), and ``coalesce(n, 1)`` reads the rest as one.
    """
    return (
        select(Message.sender.label("sender"), func.count(Message.id).label("n"))
        .where(Message.status == MessageStatus.OPEN, Message.sender != "")
        .group_by(Message.sender)
        .having(func.count(Message.id) > 1)
        .subquery()
    )


def _texts(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Subject and the start of the text of these messages."""
    wanted = sorted(set(ids))
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        rows = session.execute(
            select(
                Message.id, Message.subject, func.substr(Message.text, 1, DETECTION_CHARS)
            ).where(Message.id.in_(chunk))
        ).all()
        found.update({i: (subject or "", text or "") for i, subject, text in rows})
    return found


def _oldest_open_members(session: Session, cluster_ids: Sequence[int]) -> dict[int, int]:
    """Cluster → its oldest open message (date, then id), for clusters without a representative."""
    found: dict[int, int] = {}
    for start in range(0, len(cluster_ids), _IN_CHUNK):
        chunk = cluster_ids[start : start + _IN_CHUNK]
        rank = (
            func.row_number()
            .over(partition_by=ClusterMember.cluster_id, order_by=(Message.date, Message.id))
            .label("rank")
        )
        ranked = (
            select(ClusterMember.cluster_id, Message.id.label("message_id"), rank)
            .join(Message, Message.id == ClusterMember.message_id)
            .where(ClusterMember.cluster_id.in_(chunk), waiting_for_answer())
            .subquery()
        )
        rows = session.execute(
            select(ranked.c.cluster_id, ranked.c.message_id).where(ranked.c.rank == 1)
        ).all()
        found.update({cluster: message for cluster, message in rows})
    return found


def _cluster_rows(session: Session) -> list[_Row]:
    """One row per cluster with open messages, aggregated in the database."""
    counts = _sender_counts()
    is_open = waiting_for_answer()
    open_count = func.count(Message.id)
    rows = session.execute(
        select(
            Cluster.id,
            Cluster.category,
            Cluster.representative_id,
            open_count,
            func.min(Message.date),
            func.max(func.coalesce(counts.c.n, 1)),
        )
        .join(ClusterMember, ClusterMember.cluster_id == Cluster.id)
        .join(Message, Message.id == ClusterMember.message_id)
        .outerjoin(counts, counts.c.sender == Message.sender)
        .where(is_open)
        .group_by(Cluster.id, Cluster.category, Cluster.representative_id)
    ).all()
    # Categories: the cluster's label when set, else the representative's words
    # (or, without one, the oldest open member's).
    unlabelled = [r for r in rows if not r[1]]
    fallback = _oldest_open_members(session, [r[0] for r in unlabelled if r[2] is None])
    source = {r[0]: r[2] if r[2] is not None else fallback.get(r[0]) for r in unlabelled}
    texts = _texts(session, (m for m in source.values() if m is not None))
    result = []
    for cluster_id, category, _rep, n, oldest, sender_messages in rows:
        if category:
            categories = categories_of_label(category)
        else:
            subject, text = texts.get(source.get(cluster_id) or -1, ("", ""))
            categories = _categories_of_message(subject, text)
        result.append(_Row(cluster_id, None, n, oldest, sender_messages, categories))
    return result


def _lone_rows(session: Session) -> list[_Row]:
    """One row per open message no cluster holds: a cluster of one."""
    counts = _sender_counts()
    rows = session.execute(
        select(
            Message.id,
            Message.date,
            func.coalesce(counts.c.n, 1),
            Message.subject,
            func.substr(Message.text, 1, DETECTION_CHARS),
        )
        .outerjoin(ClusterMember, ClusterMember.message_id == Message.id)
        .outerjoin(counts, counts.c.sender == Message.sender)
        .where(waiting_for_answer(), ClusterMember.message_id.is_(None))
    ).all()
    return [
        _Row(None, i, 1, date, n, _categories_of_message(subject or "", text or ""))
        for i, date, n, subject, text in rows
    ]


def build_queue(
    session: Session, now: datetime, weights: QueueWeights | None = None
) -> list[QueueItem]:
    """Every cluster with an open message, and every unclustered open message, best first.

    Sorted by score, highest first; equal scores put the oldest first (then
    clusters before lone messages, then by id, so the order is stable).
    Answered, closed and non-request messages never count. ``now`` is passed
    in (the caller's clock) so the order is reproducible.
    """
    weights = weights or QueueWeights()
    items = []
    for row in [*_cluster_rows(session), *_lone_rows(session)]:
        deadline = row.oldest + weights.window
        time_left = deadline - now
        parts = score_parts(time_left, row.open_count, row.sender_messages, row.categories, weights)
        items.append(
            QueueItem(
                cluster_id=row.cluster_id,
                message_id=row.message_id,
                open_count=row.open_count,
                oldest=row.oldest,
                deadline=deadline,
                time_left=time_left,
                sender_messages=row.sender_messages,
                categories=row.categories,
                score=total(parts),
                breakdown=parts,
            )
        )
    items.sort(
        key=lambda item: (
            -item.score,
            item.oldest,
            item.cluster_id is None,
            item.cluster_id or 0,
            item.message_id or 0,
        )
    )
    return items


# ------------------------------------------------------------------ the separate list


@dataclass(frozen=True)
class NonRequest:
    """An auto-reply, bounce or spam: listed apart from the queue, never deleted."""

    id: int
    date: datetime
    from_addr: str
    subject: str


def non_requests(session: Session, limit: int | None = None) -> list[NonRequest]:
    """Messages marked as not requests, newest first (then highest id)."""
    statement = (
        select(Message.id, Message.date, Message.from_addr, Message.subject)
        .where(Message.status == MessageStatus.NON_REQUEST)
        .order_by(Message.date.desc(), Message.id.desc())
    )
    if limit is not None:
        statement = statement.limit(limit)
    return [
        NonRequest(i, date, addr, subject) for i, date, addr, subject in session.execute(statement)
    ]
