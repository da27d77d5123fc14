"""Acknowledgements of receipt that say when the answer will come (issue 18, item 1).

When new requests arrive, whoever syncs the mailbox (the team's service, or
the window that syncs) queues one acknowledgement per person through the
same exactly-once outbox: "we have received your message; we expect to
answer you by Thursday afternoon". The time comes from the backlog and the
team's pace over the last day (:func:`expected_answer`); with no answers to
judge by, it is the promise itself (48 hours by default).

Never acknowledged, following RFC 3834 (:func:`auto_reply_refusal`):
automatic mail (``Auto-Submitted`` other than ``no``, ``Precedence:
bulk|list|junk``, ``X-Auto-Response-Suppress``), mailing lists (``List-Id``),
a null return path, no-reply robots, spam, bounces and auto-replies (not a
request once clustered), the mailbox's own address, mail older than two
days (a first sync of an old mailbox acknowledges nothing old), and a
person acknowledged within the period (one a day by default: someone who
writes five times gets one). Every decision is recorded once per message
(:class:`~desk.store.models.Acknowledgement`), so a later pass never
reconsiders it. Acknowledgements carry ``Auto-Submitted: auto-replied``: a
Desk on the other side does not acknowledge them back.

Settings are per mailbox and shared by the team (``team_setting``; only a
team lead may change them in a team): on/off (off until a lead turns them
on), the period, the time zone the time is told in, and the texts, by
language and optionally by category. Defaults exist in French and English.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from email.message import Message as EmailMessage
from email.parser import BytesHeaderParser
from email.policy import compat32
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker

from desk.core.clock import utc_now
from desk.mail.queueing import Notice, queue_notice
from desk.mail.senders import is_robot, normalise_address
from desk.replies.syntax import fill, parse
from desk.replies.values import (
    Context,
    format_date,
    message_facts,
    recipient_values,
    reply_address,
)
from desk.store.models import (
    Account,
    Acknowledgement,
    Agent,
    Cluster,
    ClusterMember,
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

log = logging.getLogger(__name__)
SETTING_PREFIX = "acknowledgements:"
MAX_AGE = timedelta(days=2)  # older mail is never acknowledged (a first sync of old mail)
PACE_WINDOW = timedelta(hours=24)
MIN_WAIT = timedelta(hours=1)
LANGUAGES = ("fr", "en")

DEFAULT_TEXTS = {
    "fr": (
        "{salutation},\n\n"
        "Nous avons bien reçu votre message du {date_réception}. "
        "Nous prévoyons de vous répondre {réponse_prévue}. "
        "Inutile de nous réécrire d'ici là : votre demande est dans notre file.\n\n"
        "Ceci est un accusé de réception automatique ; merci de ne pas y répondre.\n\n"
        "{service}"
    ),
    "en": (
        "{salutation},\n\n"
        "We have received your message of {received_date}. "
        "We expect to answer you {expected_answer}. "
        "There is no need to write again meanwhile: your request is in our queue.\n\n"
        "This is an automatic acknowledgement; please do not reply to it.\n\n"
        "{mailbox}"
    ),
}

UPDATE_PREFIX = "update:"
DEFAULT_UPDATE_TEXTS = {
    "fr": (
        "{salutation},\n\n"
        "Votre message du {date_réception} est toujours en cours de traitement : "
        "nous n'avons pas pu vous répondre aussi vite que prévu, et nous vous prions de nous "
        "en excuser. Nous prévoyons désormais de vous répondre {réponse_prévue}.\n\n"
        "Ceci est un message automatique ; merci de ne pas y répondre.\n\n"
        "{service}"
    ),
    "en": (
        "{salutation},\n\n"
        "Your message of {received_date} is still being handled: we could not answer you as "
        "soon as we expected, and we apologise. We now expect to answer you "
        "{expected_answer}.\n\n"
        "This is an automatic message; please do not reply to it.\n\n"
        "{mailbox}"
    ),
}


@dataclass(frozen=True)
class AckSettings:
    """One mailbox's acknowledgements, as a team lead set them.

    ``texts``: ``"fr"``/``"en"`` for every category, ``"fr:exam"`` for one
    category; what is missing falls back to the language's text, then to the
    defaults.
    """

    enabled: bool = False
    updates: bool = True  # one status update when the expected time passes unanswered
    period_hours: int = 24
    time_zone: str = "Europe/Paris"
    texts: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 1 <= self.period_hours <= 24 * 30:
            raise ValueError("the period is 1 to 720 hours")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"{self.time_zone!r} is not a known time zone") from exc
        for key, text in self.texts.items():
            language, _, _category = key.removeprefix(UPDATE_PREFIX).partition(":")
            if language not in LANGUAGES:
                raise ValueError(f"{key!r}: texts are for fr or en")
            problems = parse(text).problems
            if problems:
                first = problems[0]
                raise ValueError(
                    f"the {key} text, line {first.line}: {first.kind.value} {first.text!r}"
                )

    def text(self, language: str, category: str | None, kind: str = "ack") -> str:
        """The text for a request in ``language`` of ``category``: its acknowledgement or update.

        Updates' texts are keyed ``update:fr`` (``update:fr:exam`` for a category).
        """
        prefix = UPDATE_PREFIX if kind == ReplyKind.STATUS_UPDATE.value else ""
        defaults = DEFAULT_UPDATE_TEXTS if prefix else DEFAULT_TEXTS
        if category and f"{prefix}{language}:{category}" in self.texts:
            return self.texts[f"{prefix}{language}:{category}"]
        return self.texts.get(prefix + language) or defaults[language]


def _key(account_name: str) -> str:
    return SETTING_PREFIX + account_name


def read_ack_settings(session: Session, account_name: str) -> AckSettings:
    """The mailbox's settings (the defaults, switched off, when none were saved)."""
    row = session.get(TeamSetting, _key(account_name))
    if row is None or not isinstance(row.value, dict):
        return AckSettings()
    value = dict(row.value)
    value["texts"] = dict(value.get("texts") or {})
    known = {"enabled", "updates", "period_hours", "time_zone", "texts"}
    return AckSettings(**{k: v for k, v in value.items() if k in known})


def write_ack_settings(
    session: Session, account_name: str, settings: AckSettings, by: str, now: datetime
) -> None:
    """Save the mailbox's settings (a team lead's right in a team: PostgreSQL enforces it)."""
    value = {**asdict(settings), "texts": dict(settings.texts)}
    put_team_setting(session, _key(account_name), value, by, now)


def changed_settings(current: AckSettings, **changes: object) -> AckSettings:
    """``current`` with some fields changed, checked (ValueError names what is wrong)."""
    return replace(current, **changes)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ RFC 3834
_SUPPRESS = re.compile(r"\b(all|autoreply|oof)\b", re.IGNORECASE)


def headers_of(raw: bytes) -> EmailMessage:
    """The header block of a stored message (the body is not read)."""
    return BytesHeaderParser(policy=compat32).parsebytes(raw)


def auto_reply_refusal(headers: EmailMessage) -> str | None:
    """Why RFC 3834 (and common practice) forbids answering this mail automatically, or None."""
    auto = str(headers.get("Auto-Submitted", "")).strip().lower()
    if auto and auto.split(";")[0].strip() != "no":
        return "automatic mail (Auto-Submitted)"
    if str(headers.get("Precedence", "")).strip().lower() in {"bulk", "list", "junk"}:
        return "bulk or list mail (Precedence)"
    if headers.get("List-Id") is not None or headers.get("List-Unsubscribe") is not None:
        return "mailing list"
    if _SUPPRESS.search(str(headers.get("X-Auto-Response-Suppress", ""))):
        return "asks not to be answered automatically"
    return_path = headers.get("Return-Path")
    if return_path is not None and str(return_path).strip() in {"<>", ""}:
        return "null return path"
    if str(headers.get("X-Spam-Flag", "")).strip().lower() == "yes":
        return "spam"
    return None


# ------------------------------------------------------------------------------ language
_FRENCH = frozenset(
    ("je", "j", "le", "la", "les", "des", "du", "un", "une", "et", "est", "pour", "vous",
     "votre", "vos", "mon", "ma", "mes", "pas", "ne", "bonjour", "merci", "madame", "monsieur",
     "avec", "dans", "sur", "que", "qui", "au", "aux", "cordialement", "ai", "été", "suis")
)  # fmt: skip
_ENGLISH = frozenset(
    ("i", "the", "a", "an", "and", "is", "for", "you", "your", "my", "me", "not", "hello",
     "hi", "thanks", "thank", "dear", "with", "in", "on", "that", "who", "to", "of",
     "regards", "have", "been", "am", "can", "please")
)  # fmt: skip
_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœ']+")


def guess_language(text: str) -> str:
    """``fr`` or ``en`` by the commonest short words; French when it cannot tell."""
    words = _WORD.findall(text[:2000].lower().replace("’", "'"))
    french = sum(1 for w in words for part in w.split("'") if part in _FRENCH)
    english = sum(1 for w in words if w in _ENGLISH)
    return "en" if english > french else "fr"


# ------------------------------------------------------------------------------ when
_PARTS = {
    "fr": {0: ("dans la matinée", "dans l'après-midi", "d'ici ce soir"),
           1: ("demain matin", "demain après-midi", "demain soir")},
    "en": {0: ("this morning", "this afternoon", "this evening"),
           1: ("by tomorrow morning", "by tomorrow afternoon", "by tomorrow evening")},
}  # fmt: skip
_WEEKDAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_PART_WORDS = {"fr": ("matin", "après-midi", "soir"), "en": ("morning", "afternoon", "evening")}


def when_phrase(at: datetime, now: datetime, tz: tzinfo, language: str) -> str:
    """When, as a person says it after "we expect to answer you": "by Thursday afternoon"."""
    local = at.astimezone(tz)
    days = (local.date() - now.astimezone(tz).date()).days
    part = 0 if local.hour < 12 else 1 if local.hour < 18 else 2
    if days <= 1:
        return _PARTS[language][max(days, 0)][part]
    if days <= 6:
        day = f"{_WEEKDAYS[language][local.weekday()]} {_PART_WORDS[language][part]}"
        return day if language == "fr" else f"by {day}"
    written = format_date(local.date(), language)
    return f"d'ici le {written}" if language == "fr" else f"by {written}"


def _open_requests(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Message)
            .join(ClusterMember, ClusterMember.message_id == Message.id)
            .join(Cluster, Cluster.id == ClusterMember.cluster_id)
            .where(Message.status == MessageStatus.OPEN, Cluster.kind == "request")
        )
        or 0
    )


def _answered_since(session: Session, since: datetime) -> int:
    return int(
        session.scalar(
            select(func.count(func.distinct(ReplyMessage.message_id)))
            .join(Reply, Reply.id == ReplyMessage.reply_id)
            .where(Reply.state == ReplyState.SENT, Reply.sent_at >= since)
        )
        or 0
    )


def expected_answer(session: Session, now: datetime, promise_hours: int) -> datetime:
    """When a request arriving now should be answered, at the team's pace of the last day.

    The open requests ahead of it divided by the requests answered per hour
    over the last 24 hours; with none answered (a first day, a night), the
    promise itself. Never sooner than an hour.
    """
    answered = _answered_since(session, now - PACE_WINDOW)
    if answered == 0:
        return now + timedelta(hours=promise_hours)
    per_hour = answered / (PACE_WINDOW.total_seconds() / 3600)
    wait = timedelta(hours=_open_requests(session) / per_hour)
    return now + max(wait, MIN_WAIT)


# ------------------------------------------------------------------------------ deciding
@dataclass
class AckReport:
    """What one pass did: acknowledgements queued, and requests passed over, by reason."""

    queued: list[int] = field(default_factory=list)  # reply ids
    passed_over: Counter[str] = field(default_factory=Counter)
    enabled: bool = True
    updates: list[int] = field(default_factory=list)  # status updates queued (reply ids)


@dataclass(frozen=True)
class _Candidate:
    message: Message
    category: str | None
    kind: str | None


def _candidates(session: Session, ids: Sequence[int]) -> list[_Candidate]:
    rows = session.execute(
        select(Message, Cluster.category, Cluster.kind)
        .outerjoin(ClusterMember, ClusterMember.message_id == Message.id)
        .outerjoin(Cluster, Cluster.id == ClusterMember.cluster_id)
        .where(Message.id.in_(list(ids)))
        .order_by(Message.date, Message.id)
    ).all()
    return [_Candidate(message, category, kind) for message, category, kind in rows]


def _refusal(
    session: Session, candidate: _Candidate, account: Account, to_addr: str, now: datetime
) -> str | None:
    message = candidate.message
    if message.status is not MessageStatus.OPEN:
        return "not open"
    if candidate.kind != "request":
        return "not a request (auto-reply, bounce or spam)" if candidate.kind else "not clustered"
    if message.is_auto:
        return "automatic mail"
    if message.date < now - MAX_AGE:
        return "older than two days"
    if not to_addr or is_robot(to_addr):
        return "no address to answer"
    if normalise_address(to_addr) == normalise_address(account.address):
        return "the mailbox's own address"
    raw = session.get(MessageRaw, message.id)
    if raw is not None:
        return auto_reply_refusal(headers_of(raw.data))
    return None


def _acknowledged_recently(session: Session, sender: str, since: datetime) -> bool:
    return (
        session.scalar(
            select(Acknowledgement.id)
            .where(
                Acknowledgement.sender == sender,
                Acknowledgement.kind == ReplyKind.ACKNOWLEDGEMENT.value,
                Acknowledgement.reply_id.is_not(None),
                Acknowledgement.created_at > since,
            )
            .limit(1)
        )
        is not None
    )


def _record(session: Session, row: Acknowledgement) -> bool:
    """Record a decision; False when another process decided for this message first."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def _queue_one(
    session: Session,
    account: Account,
    message: Message,
    to_addr: str,
    kind: ReplyKind,
    text: str,
    *,
    expected: datetime,
    now: datetime,
    tz: tzinfo,
    agent_id: int | None,
    sender: str,
) -> int | None:
    """Render ``text`` for the message's person, queue it and record it; None if done elsewhere."""
    language = guess_language(f"{message.subject}\n{message.text}")
    facts = message_facts(message)
    context = Context(
        language=language,
        agent_name="",
        today=now.astimezone(tz).date(),
        mailbox=account.display_name or account.name,
        tz=tz,
    )
    values, name = recipient_values([facts], context)
    values["expected_answer"] = when_phrase(expected, now, tz, language)
    notice = Notice(
        kind=kind,
        about=message.id,
        to_addr=to_addr,
        to_name=name.full or message.from_name,
        body_text=fill(parse(text), values).text,
        agent_id=agent_id,
    )
    try:
        with session.begin_nested():
            reply = queue_notice(session, account, notice, now)
            session.add(
                Acknowledgement(
                    message_id=message.id,
                    kind=kind.value,
                    reply_id=reply.id,
                    sender=sender,
                    expected_at=expected,
                    created_at=now,
                )
            )
            session.flush()
    except IntegrityError:
        return None
    return reply.id


def acknowledge(
    session: Session,
    account: Account,
    message_ids: Iterable[int],
    now: datetime,
    *,
    promise_hours: int,
    agent_id: int | None = None,
) -> AckReport:
    """Queue the acknowledgements these new messages call for, in the caller's transaction."""
    settings = read_ack_settings(session, account.name)
    ids = sorted(set(message_ids))
    if not settings.enabled or not ids:
        return AckReport(enabled=settings.enabled)
    already = set(
        session.scalars(
            select(Acknowledgement.message_id).where(
                Acknowledgement.message_id.in_(ids),
                Acknowledgement.kind == ReplyKind.ACKNOWLEDGEMENT.value,
            )
        )
    )
    report = AckReport()
    tz = ZoneInfo(settings.time_zone)
    expected = expected_answer(session, now, promise_hours)
    for candidate in _candidates(session, [i for i in ids if i not in already]):
        message = candidate.message
        to_addr = reply_address(message_facts(message))
        reason = _refusal(session, candidate, account, to_addr, now)
        if reason is not None:
            report.passed_over[reason] += 1
            continue
        sender = message.sender or normalise_address(to_addr)
        decision = Acknowledgement(
            message_id=message.id,
            kind=ReplyKind.ACKNOWLEDGEMENT.value,
            sender=sender,
            expected_at=expected,
            created_at=now,
        )
        if _acknowledged_recently(session, sender, now - timedelta(hours=settings.period_hours)):
            report.passed_over["acknowledged recently"] += int(_record(session, decision))
            continue
        reply_id = _queue_one(
            session,
            account,
            message,
            to_addr,
            ReplyKind.ACKNOWLEDGEMENT,
            settings.text(guess_language(f"{message.subject}\n{message.text}"), candidate.category),
            expected=expected,
            now=now,
            tz=tz,
            agent_id=agent_id,
            sender=sender,
        )
        if reply_id is None:  # another process acknowledged it first: theirs stands
            report.passed_over["acknowledged by another process"] += 1
            continue
        report.queued.append(reply_id)
    return report


def send_status_updates(
    session: Session, account: Account, now: datetime, *, promise_hours: int, agent_id: int | None
) -> list[int]:
    """One update to each person whose acknowledged request is still open past its expected time.

    Once per request (the unique key again), only after its acknowledgement
    left, and not when the team lead switched updates off. The new estimate is
    made as for a new request. The reply ids queued.
    """
    settings = read_ack_settings(session, account.name)
    if not (settings.enabled and settings.updates):
        return []
    update = aliased(Acknowledgement)
    due = session.execute(
        select(Acknowledgement, Message, Reply.to_addr)
        .join(Message, Message.id == Acknowledgement.message_id)
        .join(Reply, Reply.id == Acknowledgement.reply_id)
        .outerjoin(
            update,
            (update.message_id == Acknowledgement.message_id)
            & (update.kind == ReplyKind.STATUS_UPDATE.value),
        )
        .where(
            Acknowledgement.kind == ReplyKind.ACKNOWLEDGEMENT.value,
            Acknowledgement.expected_at < now,
            Reply.state == ReplyState.SENT,
            Reply.account_id == account.id,
            Message.status == MessageStatus.OPEN,
            update.id.is_(None),
        )
        .order_by(Acknowledgement.expected_at)
    ).all()
    if not due:
        return []
    tz = ZoneInfo(settings.time_zone)
    expected = expected_answer(session, now, promise_hours)
    categories: dict[int, str | None] = {
        message_id: category
        for message_id, category in session.execute(
            select(ClusterMember.message_id, Cluster.category)
            .join(Cluster, Cluster.id == ClusterMember.cluster_id)
            .where(ClusterMember.message_id.in_([m.id for _, m, _ in due]))
        )
    }
    queued = []
    for acknowledged, message, to_addr in due:
        reply_id = _queue_one(
            session,
            account,
            message,
            to_addr,
            ReplyKind.STATUS_UPDATE,
            settings.text(
                guess_language(f"{message.subject}\n{message.text}"),
                categories.get(message.id),
                ReplyKind.STATUS_UPDATE.value,
            ),
            expected=expected,
            now=now,
            tz=tz,
            agent_id=agent_id,
            sender=acknowledged.sender,
        )
        if reply_id is not None:
            queued.append(reply_id)
    return queued


def _agent_of_login(session: Session) -> int | None:
    """The connected login's agent row in a team (a window or an agent's ``desk sync``).

    PostgreSQL lets an agent queue mail only under their own agent id; the
    service's login has no agent row and queues as nobody.
    """
    if session.get_bind().dialect.name != "postgresql":
        return None
    return session.scalar(select(Agent.id).where(Agent.login == func.session_user()))


def acknowledge_new_mail(
    sessions: sessionmaker[Session],
    account_name: str,
    message_ids: Sequence[int],
    *,
    promise_hours: int,
    agent_id: int | None = None,
    now: datetime | None = None,
) -> AckReport:
    """After a sync pass: acknowledge its new requests, and update those past their time.

    In a transaction of its own; called after every pass (with or without new
    mail), so an overdue request gets its update within a pass of its time.
    """
    now = now or utc_now()
    with sessions.begin() as session:
        account = session.scalars(select(Account).where(Account.name == account_name)).first()
        if account is None:
            return AckReport(enabled=False)
        if agent_id is None:
            agent_id = _agent_of_login(session)
        report = acknowledge(
            session, account, message_ids, now, promise_hours=promise_hours, agent_id=agent_id
        )
        report.updates = send_status_updates(
            session, account, now, promise_hours=promise_hours, agent_id=agent_id
        )
    if report.queued or report.passed_over or report.updates:
        log.info(
            "acknowledgements for %s: %d queued, %d status update(s), passed over %s",
            account_name,
            len(report.queued),
            len(report.updates),
            dict(report.passed_over),
        )
    return report
