"""The send-time check: what changed, since the agent opened them, in the messages an answer covers.

Between opening a cluster and confirming the answer, an agent may spend
minutes; in a team of eighty a lot happens meanwhile. Just before anything
is queued, in the same transaction, :func:`send_conflicts` locks the
messages (:func:`desk.queue.locks.lock_messages`) and lists every reason the
answer must not go as it is:

- a message was answered or closed, or already has a reply queued or going
  out (another agent was quicker);
- another agent holds a live claim on it;
- its sender wrote again after the agent opened it (the answer may no longer
  fit): a new message from the same person that the answer does not cover.

Each reason names the message and its sender, so the window can say "not
sent: message X (from a@b) is held by Y". The locks make the check and the
queueing one step: of two agents confirming answers to the same message at
the same moment, the second waits for the first, then sees its reply.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.queue.locks import lock_messages
from desk.store.models import (
    REPLY_ON_ITS_WAY,
    Agent,
    Claim,
    Message,
    MessageStatus,
    Reply,
    ReplyMessage,
)

_CHUNK = 500  # ids per IN (...) list


class ConflictReason(StrEnum):
    """Why one message stops an answer."""

    MISSING = "missing"  # no longer in the store
    ANSWERED = "answered"  # answered meanwhile
    CLOSED = "closed"  # closed, gone from the server, or found not to be a request
    REPLY_ON_ITS_WAY = "reply_on_its_way"  # a reply to it is queued or being sent
    HELD = "held"  # another agent holds it
    WROTE_AGAIN = "wrote_again"  # its sender wrote a new message since the agent opened it


@dataclass(frozen=True, slots=True)
class Conflict:
    """One message that stops an answer, and why.

    ``holder`` names the agent holding it (``HELD``); ``other_message_id``
    and ``at`` are the sender's new message and when it arrived
    (``WROTE_AGAIN``).
    """

    message_id: int
    sender: str
    reason: ConflictReason
    holder: str | None = None
    other_message_id: int | None = None
    at: datetime | None = None

    def describe(self) -> str:
        """A plain English line for logs and the window's fallback text."""
        what = f"message {self.message_id}" + (f" (from {self.sender})" if self.sender else "")
        if self.reason is ConflictReason.MISSING:
            return f"{what} is no longer in the store"
        if self.reason is ConflictReason.ANSWERED:
            return f"{what} was answered meanwhile"
        if self.reason is ConflictReason.CLOSED:
            return f"{what} was closed meanwhile"
        if self.reason is ConflictReason.REPLY_ON_ITS_WAY:
            return f"{what} already has an answer on its way"
        if self.reason is ConflictReason.HELD:
            return f"{what} is held by {self.holder or 'another agent'}"
        when = f" at {self.at:%H:%M} UTC" if self.at is not None else ""
        return f"{what}: the sender wrote again{when} (message {self.other_message_id})"


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def _status_conflicts(
    ids: Sequence[int], found: dict[int, tuple[MessageStatus, str, str]]
) -> list[Conflict]:
    conflicts = []
    for message_id in ids:
        if message_id not in found:
            conflicts.append(Conflict(message_id, "", ConflictReason.MISSING))
            continue
        status, sender, from_addr = found[message_id]
        if status is MessageStatus.ANSWERED:
            conflicts.append(Conflict(message_id, sender or from_addr, ConflictReason.ANSWERED))
        elif status is not MessageStatus.OPEN:
            conflicts.append(Conflict(message_id, sender or from_addr, ConflictReason.CLOSED))
    return conflicts


def _pending(session: Session, ids: Sequence[int]) -> set[int]:
    """Which of these messages have a reply queued or going out."""
    pending: set[int] = set()
    for chunk in _chunks(ids):
        pending.update(
            session.scalars(
                select(ReplyMessage.message_id)
                .join(Reply, Reply.id == ReplyMessage.reply_id)
                .where(
                    ReplyMessage.message_id.in_(chunk),
                    Reply.state.in_(REPLY_ON_ITS_WAY),
                )
            )
        )
    return pending


def _held(session: Session, agent_id: int, ids: Sequence[int], now: datetime) -> dict[int, str]:
    """Message → the name of another agent holding a live claim on it."""
    held: dict[int, str] = {}
    for chunk in _chunks(ids):
        rows = session.execute(
            select(Claim.message_id, Agent.display_name)
            .join(Agent, Agent.id == Claim.agent_id)
            .where(
                Claim.message_id.in_(chunk),
                Claim.agent_id != agent_id,
                Claim.expires_at > now,
            )
        )
        held.update((message_id, name) for message_id, name in rows)
    return held


def _wrote_again(
    session: Session, senders: Iterable[str], covered: set[int], opened_at: datetime
) -> dict[str, tuple[int, datetime]]:
    """Sender → their first message that arrived after ``opened_at`` and is not covered."""
    wanted = sorted({s for s in senders if s})
    first: dict[str, tuple[int, datetime]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows = session.execute(
            select(Message.sender, Message.id, Message.ingested_at)
            .where(
                Message.sender.in_(chunk),
                Message.ingested_at > opened_at,
                Message.status != MessageStatus.NON_REQUEST,
            )
            .order_by(Message.ingested_at, Message.id)
        ).all()
        for sender, message_id, at in rows:
            if message_id not in covered and sender not in first:
                first[sender] = (message_id, at)
    return first


def send_conflicts(
    session: Session,
    agent_id: int,
    message_ids: Iterable[int],
    opened_at: datetime,
    now: datetime,
) -> list[Conflict]:
    """Lock the messages an answer covers and list what stops it; empty when it may go.

    Runs in the caller's transaction, which must then queue the answer (or
    not) and commit: the messages stay locked until then, so no other answer
    to them can be checked and queued in between.
    """
    ids = sorted(set(message_ids))
    if not ids:
        return []
    found = lock_messages(session, ids)
    conflicts = _status_conflicts(ids, found)
    present = [m for m in ids if m in found]
    sender_of = {m: found[m][1] or found[m][2] for m in present}
    conflicts += [
        Conflict(m, sender_of[m], ConflictReason.REPLY_ON_ITS_WAY)
        for m in sorted(_pending(session, present))
    ]
    conflicts += [
        Conflict(m, sender_of[m], ConflictReason.HELD, holder=name)
        for m, name in sorted(_held(session, agent_id, present, now).items())
    ]
    again = _wrote_again(session, (found[m][1] for m in present), set(ids), opened_at)
    for m in present:
        newer = again.get(found[m][1])
        if found[m][1] and newer is not None:
            new_id, at = newer
            conflicts.append(
                Conflict(m, sender_of[m], ConflictReason.WROTE_AGAIN, None, new_id, at)
            )
    return sorted(conflicts, key=lambda c: (c.message_id, list(ConflictReason).index(c.reason)))
