"""What each placeholder says for one recipient: names, reference, dates, addresses.

Pure functions over plain :class:`MessageFacts`, so the rules can be tested
without a database; :mod:`desk.replies.render` loads the facts from the store.
A value that cannot be known is None (never a guess): the renderer reports it
before anything is sent, or uses the template's fallback text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from desk.cluster.normalise import strip_subject_prefixes
from desk.mail.senders import is_robot
from desk.replies.names import PersonName, person_name
from desk.replies.references import find_reference
from desk.store.models import Message

_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")  # fmt: skip
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip
_CIVILITY = {"fr": {"f": "Mme", "m": "M."}, "en": {"f": "Ms", "m": "Mr"}}
_ADDRESSED = {"fr": {"f": "Madame", "m": "Monsieur"}, "en": {"f": "Ms", "m": "Mr"}}
_NOBODY_IN_PARTICULAR = {"fr": "Madame, Monsieur", "en": "Sir or Madam"}


@dataclass(frozen=True, slots=True)
class MessageFacts:
    """What the placeholders need of one received message (a plain copy of store columns)."""

    id: int
    date: datetime
    subject: str = ""
    from_name: str = ""
    from_addr: str = ""
    reply_to_addr: str | None = None
    sender: str = ""
    text: str = ""
    mailbox: str | None = None


def message_facts(message: Message) -> MessageFacts:
    """The facts of a message row loaded whole (Desk's own notices build from them)."""
    return MessageFacts(
        id=message.id,
        date=message.date,
        subject=message.subject,
        from_name=message.from_name,
        from_addr=message.from_addr,
        reply_to_addr=message.reply_to_addr,
        sender=message.sender,
        text=message.text,
    )


@dataclass(frozen=True, slots=True)
class Context:
    """What is the same for every recipient of one rendering."""

    language: str
    agent_name: str
    today: date
    mailbox: str | None = None
    tz: tzinfo | None = None


def format_date(day: date, language: str) -> str:
    """A date written out in ``language``: "1er mars 2020", "16 mars 2020", "16 March 2020"."""
    if language == "fr":
        number = "1er" if day.day == 1 else str(day.day)
        return f"{number} {_MONTHS_FR[day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def reply_address(message: MessageFacts) -> str:
    """Where an answer to ``message`` goes: Reply-To if set, the person behind a form, else From."""
    if message.reply_to_addr and "@" in message.reply_to_addr:
        return message.reply_to_addr
    if is_robot(message.from_addr, message.from_name) and "@" in message.sender:
        return message.sender  # a contact form without Reply-To: the form's "Email :" field
    return message.from_addr if "@" in message.from_addr else ""


def _name(messages: Sequence[MessageFacts]) -> PersonName:
    name = PersonName()
    for message in reversed(messages):  # the latest first: people correct their details
        name = name.merged(
            person_name(message.from_name, message.from_addr, message.reply_to_addr, message.text)
        )
    return name


def _references(messages: Sequence[MessageFacts]) -> str | None:
    found: list[str] = []
    for message in messages:
        reference = find_reference(message.subject, message.text)
        if reference and reference not in found:
            found.append(reference)
    return ", ".join(found) or None


def _salutation(name: PersonName, language: str) -> str:
    if name.civility and name.last:
        return f"{_ADDRESSED[language][name.civility]} {name.last}"
    if name.first:
        return name.full or name.first
    if name.civility and language == "fr":
        return _ADDRESSED[language][name.civility]
    return _NOBODY_IN_PARTICULAR[language]


def recipient_values(
    messages: Sequence[MessageFacts], context: Context
) -> tuple[dict[str, str | None], PersonName]:
    """Every placeholder's value for one recipient, whose messages (oldest first) get one answer.

    Names come from the latest message that shows them; references from all the
    messages (distinct, comma-separated); the received date is the first
    message's, the subject the latest's.
    """
    language = "fr" if context.language == "fr" else "en"
    latest = messages[-1]
    name = _name(messages)
    received = messages[0].date.astimezone(context.tz)
    subject = strip_subject_prefixes(latest.subject).strip()
    values: dict[str, str | None] = {
        "salutation": _salutation(name, language),
        "first_name": name.first,
        "last_name": name.last,
        "full_name": name.full,
        "civility": _CIVILITY[language][name.civility] if name.civility else None,
        "reference": _references(messages),
        "received_date": format_date(received.date(), language),
        "subject": subject or None,
        "email": next((a for a in map(reply_address, reversed(messages)) if a), None),
        "message_count": str(len(messages)),
        "agent": context.agent_name or None,
        "mailbox": context.mailbox or latest.mailbox or None,
        "today": format_date(context.today, language),
    }
    return values, name
