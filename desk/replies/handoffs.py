"""Handing requests to another service, and following them until the service answers.

An agent hands a request, or a whole cluster, to a service of the
configured list (name, address, expected delay): Desk forwards it through the
exactly-once outbox with each original attached and a reference in the
subject (``[Desk H-1A2B3C4D] …``), and its messages wait (``waiting``) out of
the queue. After every sync pass, :func:`follow_up`:

- threads the service's answer back by the reference in its subject, else
  by In-Reply-To/References naming the forward: the requests return to the
  queue with the answer beside them, for the agent to answer the person, and
  the service's message is closed (it is not a request of the public);
- flags a hand-off whose forward was refused (the outbox failed it) or
  bounced (a delivery report quoting the forward's Message-ID): the requests
  return to the queue;
- brings back, with a reminder, the requests whose due date passed.

A message from a service's address that names no hand-off stays a new
request; :func:`service_hint` tells the window it may be an answer.
Optionally the person is told their request was handed on.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime, formataddr

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk.mail.queueing import CONTROL_CHARS, MAIL_POLICY, Notice, from_header, queue_notice
from desk.mail.senders import normalise_address
from desk.replies.acks import guess_language
from desk.replies.values import format_date, message_facts, reply_address
from desk.store.models import (
    REPLY_ON_ITS_WAY,
    Account,
    Claim,
    Handoff,
    Message,
    MessageRaw,
    MessageStatus,
    Reply,
    ReplyKind,
    ReplyMessage,
    ReplyState,
    TeamSetting,
)
from desk.store.team_settings import put_team_setting

SERVICES_KEY = "handoff_services"
REFERENCE = re.compile(r"\[Desk (H-[0-9A-F]{8})\]")


@dataclass(frozen=True)
class Service:
    """A service or site requests can be handed to, and how long it usually takes."""

    name: str
    address: str
    delay_hours: int = 48

    def __post_init__(self) -> None:
        if not self.name.strip() or len(self.name) > 200 or CONTROL_CHARS.search(self.name):
            raise ValueError(f"{self.name!r} cannot be a service's name")
        local, at, domain = self.address.rpartition("@")
        if not (local and at and "." in domain) or re.search(r"[\s<>,;]", self.address):
            raise ValueError(f"{self.address!r} is not an email address")
        if not 1 <= self.delay_hours <= 24 * 30:
            raise ValueError("the expected delay is 1 to 720 hours")


def read_services(session: Session) -> list[Service]:
    """The team's services, in the order a lead listed them."""
    row = session.get(TeamSetting, SERVICES_KEY)
    if row is None or not isinstance(row.value, list):
        return []
    return [Service(**entry) for entry in row.value if isinstance(entry, dict)]


def write_services(session: Session, services: Sequence[Service], by: str, now: datetime) -> None:
    """Save the list (a team lead's right in a team); names must be distinct."""
    names = [s.name.casefold() for s in services]
    if len(set(names)) != len(names):
        raise ValueError("two services have the same name")
    value = [{"name": s.name, "address": s.address, "delay_hours": s.delay_hours} for s in services]
    put_team_setting(session, SERVICES_KEY, value, by, now)


def new_reference(account: str, message_ids: Iterable[int], now: datetime) -> str:
    """``H-`` and 8 hex digits, the same for the same hand-off (exactly once when retried)."""
    key = f"{account}|{','.join(map(str, sorted(message_ids)))}|{now.isoformat()}"
    return "H-" + hashlib.sha256(key.encode()).hexdigest()[:8].upper()


@dataclass
class HandoffResult:
    """What :func:`hand_off` did: the reference, the forward, who waits, who was refused and why."""

    reference: str = ""
    forward_id: int | None = None
    waiting: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    notices: list[int] = field(default_factory=list)


def _refusals(
    session: Session, ids: Sequence[int], agent_id: int | None, now: datetime
) -> dict[int, str]:
    reasons: dict[int, str] = {}
    on_its_way = session.scalars(
        select(ReplyMessage.message_id)
        .join(Reply, Reply.id == ReplyMessage.reply_id)
        .where(ReplyMessage.message_id.in_(ids), Reply.state.in_(REPLY_ON_ITS_WAY))
    )
    for message_id in on_its_way:
        reasons[message_id] = "an answer is already on its way"
    if agent_id is not None:
        held = session.scalars(
            select(Claim.message_id).where(
                Claim.message_id.in_(ids), Claim.agent_id != agent_id, Claim.expires_at > now
            )
        )
        for message_id in held:
            reasons[message_id] = "claimed by another agent"
    return reasons


def _forward_text(
    messages: Sequence[Message], service: Service, reference: str, note: str, due: datetime
) -> str:
    lines = [note.strip(), ""] if note.strip() else []
    lines.append(
        f"Demande transmise par le service contact ({len(messages)} message(s) joint(s)). "
        f"Réponse attendue d'ici le {format_date(due.date(), 'fr')}."
    )
    lines.append(
        f"Répondez à ce message en gardant [Desk {reference}] dans l'objet : votre réponse "
        "revient à l'agent, qui répondra à la personne."
    )
    lines.append(
        f"(Handed on by the contact team; please answer keeping [Desk {reference}] in the subject.)"
    )
    lines.append("")
    for n, message in enumerate(messages, 1):
        who = formataddr((message.from_name, message.from_addr)) or message.sender
        lines.append(f"{n}. {who}, {format_datetime(message.date)} : {message.subject}")
    return "\n".join(lines) + "\n"


def _compose_forward(
    account: Account,
    service: Service,
    subject: str,
    message_id: str,
    text: str,
    originals: Sequence[tuple[int, bytes]],
    now: datetime,
) -> bytes:
    mail = EmailMessage(policy=MAIL_POLICY)
    mail["From"] = from_header(account)
    mail["To"] = formataddr((service.name, service.address))
    mail["Subject"] = subject
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = message_id
    mail.set_content(text)
    for message_id_number, raw in originals:
        if raw.isascii():  # message/rfc822 may not be re-encoded: only 7-bit originals as such
            mail.add_attachment(message_from_bytes(raw, policy=default))
        else:
            mail.add_attachment(
                raw,
                maintype="application",
                subtype="octet-stream",
                filename=f"message-{message_id_number}.eml",
            )
    digest = hashlib.sha256(message_id.encode()).hexdigest()[:32]
    mail.set_boundary(f"desk-{digest}")  # the same bytes on every attempt
    return mail.as_bytes()


def hand_off(
    session: Session,
    account: Account,
    message_ids: Sequence[int],
    service: Service,
    *,
    note: str = "",
    agent_id: int | None = None,
    tell_person: bool = False,
    now: datetime,
) -> HandoffResult:
    """Forward these requests to ``service`` and let them wait, in the caller's transaction.

    A message no longer open, with an answer on its way, or claimed by another
    agent is refused (and reported); the others change to ``waiting`` in one
    statement, which is also what stops two agents handing the same message
    at once: only one of them changes it.
    """
    ids = sorted(set(message_ids))
    result = HandoffResult()
    refused = _refusals(session, ids, agent_id, now)
    wanted = [i for i in ids if i not in refused]
    changed = (
        set(
            session.scalars(
                update(Message)
                .where(Message.id.in_(wanted), Message.status == MessageStatus.OPEN)
                .values(status=MessageStatus.WAITING)
                .returning(Message.id)
            )
        )
        if wanted
        else set()
    )
    refused.update({i: "no longer open" for i in wanted if i not in changed})
    result.refused = sorted(refused.items())
    if not changed:
        return result
    messages = list(
        session.scalars(select(Message).where(Message.id.in_(changed)).order_by(Message.date))
    )
    raws: dict[int, bytes] = {
        message_id: data
        for message_id, data in session.execute(
            select(MessageRaw.message_id, MessageRaw.data).where(MessageRaw.message_id.in_(changed))
        )
    }
    reference = new_reference(account.name, changed, now)
    due = now + timedelta(hours=service.delay_hours)
    domain = account.address.rpartition("@")[2] or "desk.invalid"
    message_id = f"<desk.{reference.lower()}@{domain}>"
    subject = f"[Desk {reference}] {CONTROL_CHARS.sub(' ', messages[0].subject).strip()}".rstrip()
    text = _forward_text(messages, service, reference, note, due)
    forward = Reply(
        message_id_header=message_id,
        account_id=account.id,
        agent_id=agent_id,
        to_addr=service.address,
        subject=subject,
        body_text=text,
        state=ReplyState.QUEUED,
        created_at=now,
        kind=ReplyKind.HANDOFF.value,
    )
    forward.raw = _compose_forward(
        account,
        service,
        subject,
        message_id,
        text,
        [(m.id, raws[m.id]) for m in messages if m.id in raws],
        now,
    )
    session.add(forward)
    session.flush()
    session.add_all(
        Handoff(
            message_id=m.id,
            reference=reference,
            service=service.name,
            address=service.address,
            note=note,
            reply_id=forward.id,
            agent_id=agent_id,
            created_at=now,
            due_at=due,
        )
        for m in messages
    )
    session.flush()
    result.reference, result.forward_id, result.waiting = reference, forward.id, sorted(changed)
    if tell_person:
        result.notices = _tell_people(session, account, messages, service, due, agent_id, now)
    return result


def _tell_people(
    session: Session,
    account: Account,
    messages: Sequence[Message],
    service: Service,
    due: datetime,
    agent_id: int | None,
    now: datetime,
) -> list[int]:
    """One notice per person (their latest message): handed on to whom, and until when."""
    latest: dict[str, Message] = {}
    for message in messages:
        latest[message.sender or message.from_addr] = message
    queued = []
    for message in latest.values():
        to_addr = reply_address(message_facts(message))  # where an answer would go
        if not to_addr:
            continue
        language = guess_language(f"{message.subject}\n{message.text}")
        when = format_date(due.date(), language)
        text = (
            f"Bonjour,\n\nVotre demande a été transmise au service « {service.name} », qui "
            f"nous répondra d'ici le {when}. Nous reviendrons vers vous dès que possible.\n\n"
            f"{account.display_name or account.name}\n"
            if language == "fr"
            else f"Hello,\n\nYour request has been passed on to {service.name}, who should "
            f"answer us by {when}. We will come back to you as soon as we can.\n\n"
            f"{account.display_name or account.name}\n"
        )
        try:
            with session.begin_nested():
                reply = queue_notice(
                    session,
                    account,
                    Notice(
                        ReplyKind.HANDOFF_NOTICE,
                        message.id,
                        to_addr,
                        message.from_name,
                        text,
                        agent_id,
                    ),
                    now,
                )
        except IntegrityError:  # told already, at an earlier hand-off of this message
            continue
        queued.append(reply.id)
    return queued


# ------------------------------------------------------------------------------ following up
@dataclass
class FollowUp:
    """What one pass found: hand-offs answered, failed (refused or bounced), and overdue."""

    answered: list[str] = field(default_factory=list)  # references
    failed: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)


def _back_to_queue(session: Session, reference: str) -> None:
    waiting = select(Handoff.message_id).where(Handoff.reference == reference)
    session.execute(
        update(Message)
        .where(Message.id.in_(waiting), Message.status == MessageStatus.WAITING)
        .values(status=MessageStatus.OPEN)
    )


def _open(session: Session) -> dict[str, str]:
    """Open hand-offs: reference → the forward's Message-ID."""
    rows = session.execute(
        select(Handoff.reference, Reply.message_id_header)
        .join(Reply, Reply.id == Handoff.reply_id)
        .where(Handoff.answered_at.is_(None), Handoff.failed_at.is_(None))
        .distinct()
    )
    return {reference: header for reference, header in rows}


def _settle(session: Session, reference: str, **values: object) -> None:
    session.execute(
        update(Handoff)
        .where(
            Handoff.reference == reference,
            Handoff.answered_at.is_(None),
            Handoff.failed_at.is_(None),
        )
        .values(**values)
    )
    _back_to_queue(session, reference)


def follow_up(session: Session, new_ids: Sequence[int], now: datetime) -> FollowUp:
    """Thread answers and bounces among the new messages; flag refusals; remind the overdue."""
    report = FollowUp()
    open_ones = _open(session)
    by_message_id = {header: ref for ref, header in open_ones.items()}
    if open_ones and new_ids:
        rows = session.execute(
            select(Message, MessageRaw.data)
            .outerjoin(MessageRaw, MessageRaw.message_id == Message.id)
            .where(Message.id.in_(list(new_ids)))
            .order_by(Message.date, Message.id)
        ).all()
        for message, raw in rows:
            automatic = message.is_auto or message.status is MessageStatus.NON_REQUEST
            if automatic:
                quoted = [
                    ref for header, ref in by_message_id.items() if raw and header.encode() in raw
                ]
                for bounced in quoted:  # a delivery report about our forward
                    _settle(session, bounced, failed_at=now, failure="the forward bounced")
                    report.failed.append(bounced)
                    del open_ones[bounced]
                by_message_id = {header: ref for ref, header in open_ones.items()}
                continue
            named = REFERENCE.findall(message.subject or "")
            threads = " ".join(filter(None, (message.in_reply_to, message.references)))
            reference = next((r for r in named if r in open_ones), None) or next(
                (ref for header, ref in by_message_id.items() if header in threads), None
            )
            if reference is None:
                continue
            _settle(session, reference, answer_id=message.id, answered_at=now)
            message.status = MessageStatus.CLOSED  # the service's answer is not a request
            report.answered.append(reference)
            del open_ones[reference]
            by_message_id = {header: ref for ref, header in open_ones.items()}
    refused = session.execute(
        select(Handoff.reference, Reply.last_error)
        .join(Reply, Reply.id == Handoff.reply_id)
        .where(
            Reply.state == ReplyState.FAILED,
            Handoff.failed_at.is_(None),
            Handoff.answered_at.is_(None),
        )
        .distinct()
    ).all()
    for reference, error in refused:
        _settle(session, reference, failed_at=now, failure=error or "the forward was refused")
        report.failed.append(reference)
    overdue = session.scalars(
        select(Handoff.reference)
        .where(
            Handoff.due_at < now,
            Handoff.reminded_at.is_(None),
            Handoff.answered_at.is_(None),
            Handoff.failed_at.is_(None),
        )
        .distinct()
    ).all()
    for reference in overdue:
        session.execute(
            update(Handoff).where(Handoff.reference == reference).values(reminded_at=now)
        )
        _back_to_queue(session, reference)
        report.overdue.append(reference)
    return report


# ------------------------------------------------------------------------------ for the window
@dataclass(frozen=True)
class HandoffState:
    """A message's hand-off as the window shows it."""

    reference: str
    service: str
    created_at: datetime
    due_at: datetime
    answered_at: datetime | None
    answer_id: int | None
    failed_at: datetime | None
    failure: str | None
    reminded_at: datetime | None


@dataclass(frozen=True)
class HandoffNote:
    """A hand-off of the message shown, with the service's answer (its beginning) when it came."""

    state: HandoffState
    answer_from: str = ""
    answer_text: str = ""


ANSWER_SHOWN_CHARS = 1200


def handoff_notes(session: Session, message: Message) -> tuple[list[HandoffNote], list[str]]:
    """The message's hand-offs with their answers, and the hand-offs it may itself answer."""
    notes = []
    for state in handoffs_of(session, message.id):
        answer = session.get(Message, state.answer_id) if state.answer_id else None
        notes.append(
            HandoffNote(
                state,
                answer.from_name or answer.from_addr if answer else "",
                (answer.text or "")[:ANSWER_SHOWN_CHARS] if answer else "",
            )
        )
    hint = service_hint(session, message) if message.status is MessageStatus.OPEN else []
    return notes, hint


def handoffs_of(session: Session, message_id: int) -> list[HandoffState]:
    """Every hand-off of a message, oldest first."""
    rows = session.scalars(
        select(Handoff).where(Handoff.message_id == message_id).order_by(Handoff.created_at)
    )
    return [
        HandoffState(
            h.reference,
            h.service,
            h.created_at,
            h.due_at,
            h.answered_at,
            h.answer_id,
            h.failed_at,
            h.failure,
            h.reminded_at,
        )
        for h in rows
    ]


def service_hint(session: Session, message: Message) -> list[str]:
    """Open hand-offs a message from a service's own address may answer (it named none)."""
    sender = normalise_address(message.from_addr)
    return list(
        session.scalars(
            select(Handoff.reference)
            .where(
                func.lower(Handoff.address) == sender,
                Handoff.answered_at.is_(None),
                Handoff.failed_at.is_(None),
            )
            .distinct()
            .order_by(Handoff.reference)
        )
    )


def waiting_by_service(session: Session) -> dict[str, int]:
    """Requests waiting for each service now (for the status bar and the team lead)."""
    counts: dict[str, int] = defaultdict(int)
    rows = session.execute(
        select(Handoff.service, func.count(func.distinct(Handoff.message_id)))
        .join(Message, Message.id == Handoff.message_id)
        .where(Message.status == MessageStatus.WAITING, Handoff.answered_at.is_(None))
        .group_by(Handoff.service)
    )
    for service, count in rows:
        counts[service] += int(count)
    return dict(counts)
