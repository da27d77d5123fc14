"""Putting answers in the outbox: checked, identified and composed, never half-queued.

:func:`queue_replies` turns rendered drafts (:mod:`desk.replies.render`)
into outbox rows in the caller's transaction: each gets a deterministic
Message-ID, a "Re:" subject and threading headers from the latest message it
answers, and its bytes composed once, so every attempt sends the same thing.
What must not be answered (no longer open, already being answered, claimed by
another agent) is refused with a reason. :func:`cancel_replies` is the undo
button. Sending is :mod:`desk.mail.outbox`'s.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk.core.clock import utc_now
from desk.core.errors import DeskError, ErrorCode
from desk.mail.drafts import ReplyDraft
from desk.store.models import (
    REPLY_ON_ITS_WAY,
    Account,
    Claim,
    Message,
    MessageStatus,
    Reply,
    ReplyKind,
    ReplyMessage,
    ReplyState,
)

_REPLY_PREFIX = re.compile(r"^\s*(re|aw|sv|réf|rép|antw)\s*(\[\d+\])?\s*:", re.IGNORECASE)
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]+")
# 7-bit clean (quoted-printable bodies, RFC 2047 headers): no server can mangle it.
MAIL_POLICY = SMTP.clone(cte_type="7bit")


@dataclass
class QueueResult:
    """What :func:`queue_replies` did: reply ids queued, and drafts refused with why."""

    queued: list[int] = field(default_factory=list)
    refused: list[tuple[ReplyDraft, str]] = field(default_factory=list)


def reply_subject(subject: str) -> str:
    """The original subject with "Re: " in front, without stacking prefixes."""
    subject = CONTROL_CHARS.sub(" ", subject).strip()
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}".rstrip()


def reply_message_id(account: str, domain: str, message_ids: Sequence[int], to: str, n: int) -> str:
    """The reply's Message-ID, fixed before sending: same inputs, same id (exactly once)."""
    key = f"{account}|{','.join(map(str, sorted(message_ids)))}|{to.lower()}|{n}"
    return f"<desk.{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def thread_references(message: Message) -> str | None:
    """The References of a reply to ``message``: its own, then its Message-ID (RFC 5322)."""
    parts = (message.references or "", message.message_id_header or "")
    return " ".join(part for part in parts if part) or None


def _refusal(session: Session, draft: ReplyDraft, now: datetime) -> str | None:
    """Why this draft must not be queued, or None."""
    if not draft.message_ids:
        return "answers no message"
    if "@" not in draft.to_addr or CONTROL_CHARS.search(draft.to_addr):
        return f"invalid recipient address {draft.to_addr!r}"
    rows = session.execute(
        select(Message.id, Message.status).where(Message.id.in_(draft.message_ids))
    ).all()
    if len(rows) != len(set(draft.message_ids)):
        return "a message it answers is not in the store"
    not_open = [mid for mid, status in rows if status is not MessageStatus.OPEN]
    if not_open:
        return f"message(s) {sorted(not_open)} no longer open (answered or closed meanwhile)"
    pending = session.scalars(
        select(ReplyMessage.message_id)
        .join(Reply, Reply.id == ReplyMessage.reply_id)
        .where(
            ReplyMessage.message_id.in_(draft.message_ids),
            # Queued or going out; a sent one is no bar once an agent reopened the message.
            Reply.state.in_(REPLY_ON_ITS_WAY),
        )
    ).all()
    if pending:
        return f"message(s) {sorted(set(pending))} already have an answer on its way"
    if draft.agent_id is not None:
        held = session.scalars(
            select(Claim.message_id).where(
                Claim.message_id.in_(draft.message_ids),
                Claim.agent_id != draft.agent_id,
                Claim.expires_at > now,
            )
        ).all()
        if held:
            return f"message(s) {sorted(held)} are claimed by another agent"
    return None


def queue_replies(
    session: Session,
    account_id: int,
    drafts: Iterable[ReplyDraft],
    *,
    hold_seconds: float = 0.0,
    now: datetime | None = None,
    edited: bool | None = None,
) -> QueueResult:
    """Put rendered replies in the outbox, each with its Message-ID, in the caller's transaction.

    A draft is refused (and reported, never half-queued) when a message it
    answers is no longer open, already has an answer queued or going out, or is
    claimed by another agent. ``hold_seconds`` is the undo window: until it
    passes, :func:`cancel_replies` takes the reply back. ``edited``: whether
    the agent changed the template's text (for the quality figures).
    """
    now = now or utc_now()
    account = session.get(Account, account_id)
    if account is None:
        raise DeskError(ErrorCode.ACCOUNT_INVALID, account=str(account_id), reason="not found")
    domain = account.address.rpartition("@")[2] or "desk.invalid"
    result = QueueResult()
    for draft in drafts:
        reason = _refusal(session, draft, now)
        if reason is not None:
            result.refused.append((draft, reason))
            continue
        lead = session.scalars(
            select(Message)
            .where(Message.id.in_(draft.message_ids))
            .order_by(Message.date.desc(), Message.id.desc())
            .limit(1)
        ).one()
        earlier = session.scalar(
            select(func.count()).select_from(ReplyMessage).where(ReplyMessage.message_id == lead.id)
        )
        references = thread_references(lead)
        reply = Reply(
            message_id_header=reply_message_id(
                account.name, domain, draft.message_ids, draft.to_addr, int(earlier or 0)
            ),
            account_id=account.id,
            agent_id=draft.agent_id,
            cluster_id=draft.cluster_id,
            template_id=draft.template_id,
            to_addr=draft.to_addr,
            subject=reply_subject(lead.subject),
            in_reply_to=lead.message_id_header,
            references=references,
            body_text=draft.body_text,
            body_html=draft.body_html,
            state=ReplyState.QUEUED,
            not_before=now + timedelta(seconds=hold_seconds) if hold_seconds > 0 else None,
            created_at=now,
            edited=edited,
        )
        # Composed now, once: every attempt sends these very bytes, and sending does no work.
        reply.raw = compose(reply, account, draft.to_name)
        try:
            with session.begin_nested():
                session.add(reply)
                session.flush()
                session.add_all(
                    ReplyMessage(reply_id=reply.id, message_id=mid)
                    for mid in sorted(set(draft.message_ids))
                )
                session.flush()
        except IntegrityError:
            result.refused.append((draft, "the same answer is already queued"))
            continue
        result.queued.append(reply.id)
    return result


@dataclass(frozen=True)
class Notice:
    """Mail Desk sends by itself about a request (RFC 3834): an acknowledgement, an update.

    It answers no message: nothing is marked answered, flagged \\Answered or
    counted as an answer when it leaves, and an agent's answer is never held
    back by it. ``about`` is the request it is about (its thread and subject).
    """

    kind: ReplyKind
    about: int
    to_addr: str
    to_name: str
    body_text: str
    agent_id: int | None = None


def queue_notice(session: Session, account: Account, notice: Notice, now: datetime) -> Reply:
    """Put a notice in the outbox, in the caller's transaction; its row.

    Its Message-ID is fixed by the request and the kind: the same notice can
    never be queued twice (the outbox's unique key refuses it).
    """
    message = session.get_one(Message, notice.about)
    domain = account.address.rpartition("@")[2] or "desk.invalid"
    key = f"{account.name}|{notice.kind.value}|{message.id}"
    references = thread_references(message)
    reply = Reply(
        message_id_header=f"<desk.{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>",
        account_id=account.id,
        agent_id=notice.agent_id,
        to_addr=notice.to_addr,
        subject=reply_subject(message.subject),
        in_reply_to=message.message_id_header,
        references=references,
        body_text=notice.body_text,
        state=ReplyState.QUEUED,
        created_at=now,
        kind=notice.kind.value,
    )
    reply.raw = compose(reply, account, notice.to_name)
    session.add(reply)
    session.flush()
    return reply


def cancel_replies(session: Session, reply_ids: Sequence[int]) -> int:
    """Take back replies still queued (the undo button); those already going are not touched."""
    ids = list(
        session.scalars(
            select(Reply.id).where(Reply.id.in_(reply_ids), Reply.state == ReplyState.QUEUED)
        )
    )
    if ids:
        for reply in session.scalars(select(Reply).where(Reply.id.in_(ids))):
            session.delete(reply)
        session.flush()
    return len(ids)


def from_header(account: Account) -> str:
    """The From of everything the mailbox sends: its display name and address."""
    return formataddr((CONTROL_CHARS.sub(" ", account.display_name), account.address))


def compose(reply: Reply, account: Account, to_name: str = "") -> bytes:
    """The reply as it goes out: the same bytes on every attempt."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = from_header(account)
    message["To"] = formataddr((CONTROL_CHARS.sub(" ", to_name), reply.to_addr))
    message["Subject"] = reply.subject
    message["Date"] = format_datetime(reply.created_at)
    message["Message-ID"] = reply.message_id_header
    if reply.in_reply_to:
        message["In-Reply-To"] = reply.in_reply_to
    if reply.references:
        message["References"] = reply.references
    if reply.kind != ReplyKind.ANSWER:
        # RFC 3834: an automatic reply says so, and asks other robots not to answer it
        # (X-Auto-Response-Suppress: Exchange's way of saying the same).
        message["Auto-Submitted"] = "auto-replied"
        message["X-Auto-Response-Suppress"] = "All"
    message.set_content(reply.body_text)
    if reply.body_html:
        message.add_alternative(reply.body_html, subtype="html")
        # A boundary from the Message-ID, not a random one: every attempt sends the same bytes.
        digest = hashlib.sha256(reply.message_id_header.encode()).hexdigest()[:32]
        message.set_boundary(f"desk-{digest}")
    return message.as_bytes()
