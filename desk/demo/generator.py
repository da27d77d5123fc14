"""The labelled peak-week mailbox: 100 to 200,000 messages, the same for the same seed.

Modelled on the surge in ``DESIGN.md``: five days of mail to a distance-learning
institution after schools closed, mostly French, from parents, pupils, teachers
and adult learners. Each message is one of: an original request (sometimes via
the web form), a follow-up chasing an earlier one (its own text generic, the
original quoted), a forward, a message asking two things, a one-off request, an
auto-reply, a bounce or spam. ``labels.jsonl`` says, per message, what it asks
(intent), which base text it was written from and what kind it is, so clustering
quality can be measured.
"""

from __future__ import annotations

import json
import os
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Literal

from desk.demo import phrases
from desk.demo.intents import INTENTS, Intent
from desk.demo.mime import (
    Attachment,
    Rendering,
    address,
    choose_rendering,
    encode_header,
    fake_file,
    headers_bytes,
    render_body,
)
from desk.demo.noise import (
    QUOTE_STYLES,
    WEB_FORM,
    WEB_FORM_PROFILES,
    Person,
    add_typos,
    dress,
    forward_block,
    quote,
    strip_accents,
)
from desk.demo.transport import transport_headers

Layout = Literal["maildir", "mbox", "eml"]
Label = dict[str, str | None]
MIN_SIZE, MAX_SIZE = 100, 200_000
RECENT_REQUESTS = 2000
MAILBOX = "contact@example-edu.fr"
MAILBOX_NAME = "Service Relations Usagers"
FORM_SENDER = "noreply@formulaires.example-edu.fr"
PARIS = timezone(timedelta(hours=1))  # CET: the peak week is before the March time change
WEEK_START = datetime(2020, 3, 16, 0, 0, tzinfo=PARIS)
KINDS: tuple[tuple[str, float], ...] = (
    ("original", 0.68), ("follow-up", 0.09), ("forward", 0.02), ("multi", 0.03),
    ("singleton", 0.04), ("auto-reply", 0.05), ("bounce", 0.02), ("spam", 0.03),
)  # fmt: skip
_HOURS = (1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 13, 11, 8, 9, 10, 10, 9, 9, 10, 12, 13, 10, 6, 3)
_DAYS = (30, 24, 18, 15, 13)
_GENERIC_FR = ("Demande", "question", "urgent", "Bonjour", "Renseignement", "URGENT !!", "aide",
               "Demande d'information", "(pas d'objet)", "suite à l'annonce")  # fmt: skip
_GENERIC_EN = ("Question", "Help", "Request", "Information needed", "urgent")
_ATTACHMENTS = (("certificat médical.pdf", "application/pdf", "pdf"),
                ("attestation_employeur.pdf", "application/pdf", "pdf"),
                ("capture d'écran.jpg", "image/jpeg", "jpeg"),
                ("IMG_2034.JPG", "image/jpeg", "jpeg"),
                ("facture n°2020-118.pdf", "application/pdf", "pdf"),
                ("formulaire_inscription.docx",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
                ("pièce d'identité.pdf", "application/pdf", "pdf"))  # fmt: skip
_CONNECTIVES_FR = ("\n\nAutre question : ", "\n\nPar ailleurs, ", "\n\nEt aussi, ", "\n\nDe plus, ")
_CONNECTIVES_EN = ("\n\nAlso, ", "\n\nAnother question: ", "\n\nBesides, ")
_FORWARD_INTROS_FR = (
    "Je vous renvoie ma demande ci-dessous.",
    "Je vous transfère mon message.",
    "cf. mon mail ci-dessous",
    "Je vous transfère la demande d'une famille.",
)
_MAILERS = ("Microsoft Outlook 16.0", "Apple Mail (2.3445.104.11)",
            "Mozilla/5.0 (Windows NT 10.0; rv:68.0) Gecko/20100101 Thunderbird/68.6.0",
            "Roundcube Webmail/1.4.2", "iPhone Mail (17D50)")  # fmt: skip
_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_SPAM_DOMAINS = ("promo-flash.example.net", "win-prizes.example.org", "formation-cpf.example.biz")


@dataclass(frozen=True)
class GeneratedMailbox:
    """What :func:`generate_mailbox` wrote."""

    root: Path
    mailbox: Path
    labels: Path
    count: int


@dataclass
class _Sent:
    """A request already in the mailbox, for follow-ups, forwards and repeat senders."""

    person: Person
    lang: str
    intent: str
    base_id: str
    body: str
    subject: str
    message_id: str | None
    when: datetime


@dataclass
class _Message:
    headers: list[tuple[str, str]]
    text: str
    rendering: Rendering
    label: Label
    raw_body: bytes | None = None  # bounces carry their own MIME body
    followed: bool = field(default=False)


class _Writer:
    """Builds the mailbox message by message from one seeded random generator."""

    def __init__(self, size: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.size = size
        # Follow-ups and forwards chase recent requests; older ones are let go (memory).
        self.sent: deque[_Sent] = deque(maxlen=RECENT_REQUESTS)
        self.people: list[Person] = []
        self.message_ids: list[str] = []
        weights = [intent.weight for intent in INTENTS]
        self.intent_weights = weights
        singles = [("fr", i) for i in range(len(phrases.SINGLETONS_FR))]
        singles += [("en", i) for i in range(len(phrases.SINGLETONS_EN))]
        self.rng.shuffle(singles)
        self.singletons = singles

    # ------------------------------------------------------------------ people and slots
    def person(self) -> Person:
        rng = self.rng
        first, last = rng.choice(phrases.FIRST_NAMES), rng.choice(phrases.LAST_NAMES)
        f, la = _mailbox_word(first), _mailbox_word(last)
        local = rng.choice(
            (f"{f}.{la}", f"{f[0]}{la}{rng.randrange(1, 99)}", f"{la}.{f}", f"{f}{la}",
             f"{f}_{la}{rng.randrange(1960, 2010)}", f"{f[0]}.{la}")
        )  # fmt: skip
        domain = rng.choice(phrases.MAIL_DOMAINS)
        phone = "0{} {:02d} {:02d} {:02d} {:02d}".format(
            rng.choice((6, 7)), *(rng.randrange(100) for _ in range(4))
        )
        if rng.random() < 0.2:
            phone = "+33 " + phone[1:]
        return Person(first, last, f"{local}@{domain}", phone)

    def slots(self, person: Person, lang: str) -> dict[str, str]:
        rng = self.rng
        day = rng.randrange(9, 31)
        ref = rng.choice(
            (f"EL-2020-{rng.randrange(10**6):06d}", f"{rng.randrange(10**7):07d}",
             f"n° {rng.randrange(10**7):07d}", f"A{rng.randrange(10**5):05d}K")
        )  # fmt: skip
        if lang == "fr":
            date = rng.choice((f"{day}/03/2020", f"{day} mars", f"le {day} mars 2020"))
        else:
            date = rng.choice((f"March {day}", f"{day}/03/2020"))
        return {
            "child": rng.choice(phrases.CHILD_NAMES),
            "level": rng.choice(phrases.LEVELS),
            "ref": ref,
            "date": date,
            "course": rng.choice(phrases.COURSES),
            "email": person.address,
            "phone": person.phone,
            "city": rng.choice(phrases.CITIES),
        }

    def message_id(self, person_address: str) -> str:
        rng = self.rng
        domain = person_address.rsplit("@", 1)[1]
        token = "".join(
            rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", k=38)
        )
        if domain == "gmail.com":
            return f"<CA{token}@mail.gmail.com>"
        if domain in ("hotmail.fr", "hotmail.com", "outlook.fr", "outlook.com", "live.fr"):
            server = f"AM6PR04MB{rng.randrange(10**4):04d}"
            return f"<{server}{token[:12].upper()}@{server}.eurprd04.prod.outlook.com>"
        return (
            f"<{1584316800 + rng.randrange(432000)}.{rng.randrange(10**6)}.{token[:10]}@{domain}>"
        )

    # ------------------------------------------------------------------ texts
    def base(self, intent: Intent) -> tuple[str, str, str]:
        lang = "en" if self.rng.random() < 0.12 and intent.bases_en else "fr"
        bases = intent.bases_fr if lang == "fr" else intent.bases_en
        index = self.rng.randrange(len(bases))
        return lang, f"{intent.key}/{lang}/{index}", bases[index]

    def noisy(self, text: str, lang: str) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            text = add_typos(text, rng, rng.randrange(1, 4))
        if lang == "fr" and rng.random() < 0.15:
            text = strip_accents(text)
        return text

    def subject_for(self, intent: Intent | None, lang: str) -> str | None:
        rng = self.rng
        roll = rng.random()
        if intent is not None and roll < 0.65:
            pool = (
                intent.subjects_fr if lang == "fr" or not intent.subjects_en else intent.subjects_en
            )
            return rng.choice(pool)
        if roll < 0.95:
            return rng.choice(_GENERIC_FR if lang == "fr" else _GENERIC_EN)
        return "" if roll < 0.98 else None

    # ------------------------------------------------------------------ headers
    def headers(
        self, sender: str, subject: str | None, when: datetime, style: str, person_address: str
    ) -> list[tuple[str, str]]:
        rng = self.rng
        to = MAILBOX if rng.random() < 0.5 else address(MAILBOX_NAME, MAILBOX, style)
        roll = rng.random()
        if roll < 0.003:
            date = None
        elif roll < 0.005:
            date = f"{when:%d/%m/%Y %H:%M}"
        else:
            date = format_datetime(when)
        headers = [("From", sender), ("To", to)]
        if rng.random() < 0.04:
            headers.append(("Cc", self.person().address))
        if date is not None:
            headers.append(("Date", date))
        if subject is not None:
            headers.append(("Subject", encode_header(subject, style)))
        roll = rng.random()
        if roll < 0.003:
            message_id = None
        elif roll < 0.004 and self.message_ids:
            message_id = rng.choice(self.message_ids)  # senders do reuse them
        else:
            message_id = self.message_id(person_address)
        if message_id is not None:
            headers.append(("Message-ID", message_id))
            self.message_ids.append(message_id)
        if rng.random() < 0.3:
            headers.append(
                ("X-Mailer" if rng.random() < 0.5 else "User-Agent", rng.choice(_MAILERS))
            )
        headers.append(("MIME-Version", "1.0"))
        return headers

    def rendering(self, attach: bool) -> Rendering:
        rendering = choose_rendering(self.rng)
        if attach:
            for _ in range(self.rng.choice((1, 1, 1, 2))):
                name, ctype, kind = self.rng.choice(_ATTACHMENTS)
                style = self.rng.choice(("rfc2231", "raw-utf8", "rfc2047"))
                rendering.attachments.append(
                    Attachment(name, ctype, fake_file(kind, self.rng), style)
                )
        return rendering

    # ------------------------------------------------------------------ kinds
    def kind(self) -> str:
        names, weights = zip(*KINDS, strict=True)
        kind: str = self.rng.choices(names, weights)[0]
        if kind in ("follow-up", "forward") and not self.sent:
            return "original"
        if kind == "singleton" and not self.singletons:
            return "original"
        return kind

    def request(self, kind: str, when: datetime) -> _Message:
        rng = self.rng
        if self.people and rng.random() < 0.15:
            person = rng.choice(self.people)
        else:
            person = self.person()
            self.people.append(person)
        intent_key: str
        if kind == "singleton":
            lang, index = self.singletons.pop()
            pool = phrases.SINGLETONS_FR if lang == "fr" else phrases.SINGLETONS_EN
            core = pool[index].format_map(slots := self.slots(person, lang))
            intent_key, base_id, intent = (
                f"singleton:{lang}-{index}",
                f"singleton/{lang}/{index}",
                None,
            )
        elif kind == "multi":
            first, second = rng.choices(INTENTS, self.intent_weights, k=2)
            while (
                first.key in (second.key, second.near_miss_of) or first.near_miss_of == second.key
            ):
                second = rng.choices(INTENTS, self.intent_weights)[0]
            lang, id_a, text_a = self.base(first)
            pool = second.bases_fr if lang == "fr" or not second.bases_en else second.bases_en
            index = rng.randrange(len(pool))
            id_b = f"{second.key}/{'fr' if pool is second.bases_fr else 'en'}/{index}"
            joiner = rng.choice(_CONNECTIVES_FR if lang == "fr" else _CONNECTIVES_EN)
            core = (text_a + joiner + pool[index]).format_map(slots := self.slots(person, lang))
            intent_key = "+".join(sorted((first.key, second.key)))
            base_id, intent = "+".join((id_a, id_b)), first
        else:
            intent = rng.choices(INTENTS, self.intent_weights)[0]
            lang, base_id, text = self.base(intent)
            core = text.format_map(slots := self.slots(person, lang))
            intent_key = intent.key
        core = self.noisy(core, lang)
        subject = self.subject_for(intent, lang)
        if subject:
            subject = subject.format_map(slots)  # subjects use slots too: {child}, {ref}
        web_form = kind == "original" and rng.random() < 0.08
        rendering = self.rendering(attach=rng.random() < 0.1 and not web_form)
        style = rendering.header_style
        if web_form:
            body = WEB_FORM.format_map(
                {"last": person.last, "first": person.first, "email": person.address,
                 "profile": rng.choice(WEB_FORM_PROFILES), "subject": subject or "",
                 "message": core}
            )  # fmt: skip
            rendering.structure = "plain"
            headers = self.headers(
                address("Formulaire de contact", FORM_SENDER, style),
                f"[Contact] {subject or 'Nouveau message'}", when, style, FORM_SENDER,
            )  # fmt: skip
            headers.insert(1, ("Reply-To", address(person.name, person.address, style)))
        else:
            body = dress(core, lang, person, rng)
            headers = self.headers(
                address(person.name, person.address, style), subject, when, style, person.address
            )
        message_id = dict(headers).get("Message-ID")
        self.sent.append(
            _Sent(person, lang, intent_key, base_id, body, subject or "", message_id, when)
        )
        label = {"intent": intent_key, "base_id": base_id, "kind": kind, "lang": lang,
                 "sender": person.address.lower(), "channel": "web-form" if web_form else "mail",
                 "thread_of": None}  # fmt: skip
        return _Message(headers, body, rendering, label)

    def follow_up(self, when: datetime) -> _Message:
        rng = self.rng
        original = rng.choice(self.sent)
        person, lang = original.person, original.lang
        chasers = phrases.FOLLOW_UPS_FR if lang == "fr" else phrases.FOLLOW_UPS_EN
        style_name = rng.choice(QUOTE_STYLES if lang == "fr" else ("gmail-en", "outlook-en"))
        quoted = quote(original.body, style_name, person, original.when, original.subject, MAILBOX)
        chaser = rng.choice(chasers)
        if rng.random() < 0.3:
            signoffs = phrases.SIGNOFFS_FR if lang == "fr" else phrases.SIGNOFFS_EN
            chaser = f"{chaser}\n\n{rng.choice(signoffs)}\n{person.first}"
        prefix = (
            rng.choice(("Re: ", "RE : ", "RE: ", "Relance : ", "TR: ")) if lang == "fr" else "Re: "
        )
        subject = (
            prefix + original.subject
            if original.subject and rng.random() < 0.85
            else rng.choice(_GENERIC_FR if lang == "fr" else _GENERIC_EN)
        )
        rendering = self.rendering(attach=rng.random() < 0.05)
        style = rendering.header_style
        headers = self.headers(
            address(person.name, person.address, style), subject, when, style, person.address
        )
        if original.message_id and rng.random() < 0.5:
            headers.insert(-1, ("In-Reply-To", original.message_id))
            headers.insert(-1, ("References", original.message_id))
        label = {"intent": original.intent, "base_id": original.base_id, "kind": "follow-up",
                 "lang": lang, "sender": person.address.lower(), "channel": "mail",
                 "thread_of": original.message_id}  # fmt: skip
        return _Message(headers, f"{chaser}\n\n{quoted}", rendering, label)

    def forward(self, when: datetime) -> _Message:
        rng = self.rng
        original = rng.choice(self.sent)
        own = rng.random() < 0.5
        person = original.person if own else self.person()
        intro = rng.choice(_FORWARD_INTROS_FR) if original.lang == "fr" else "Please see below."
        block = forward_block(
            original.body,
            original.person,
            original.when,
            original.subject,
            MAILBOX,
            rng.randrange(3),
        )
        subject = rng.choice(("Fwd: ", "TR: ", "Tr : ")) + original.subject
        rendering = self.rendering(attach=False)
        style = rendering.header_style
        headers = self.headers(
            address(person.name, person.address, style), subject, when, style, person.address
        )
        label = {"intent": original.intent, "base_id": original.base_id, "kind": "forward",
                 "lang": original.lang, "sender": person.address.lower(), "channel": "mail",
                 "thread_of": original.message_id if own else None}  # fmt: skip
        return _Message(headers, f"{intro}\n\n{block}", rendering, label)

    def auto_reply(self, when: datetime) -> _Message:
        rng = self.rng
        person = self.person()
        lang = "fr" if rng.random() < 0.8 else "en"
        pool = phrases.AUTO_REPLIES_FR if lang == "fr" else phrases.AUTO_REPLIES_EN
        index = rng.randrange(len(pool))
        text = pool[index].format_map(self.slots(person, lang))
        topic = "Lettre d'information : continuité pédagogique"
        subject = (
            rng.choice(("Réponse automatique : ", "Absence du bureau : ", "Message automatique : "))
            if lang == "fr"
            else rng.choice(("Automatic reply: ", "Out of Office: "))
        ) + topic
        rendering = self.rendering(attach=False)
        style = rendering.header_style
        headers = self.headers(
            address(person.name, person.address, style), subject, when, style, person.address
        )
        headers.insert(-1, ("Auto-Submitted", "auto-replied"))
        if rng.random() < 0.5:
            headers.insert(-1, ("X-Autoreply", "yes"))
        label = {"intent": "auto-reply", "base_id": f"auto-reply/{lang}/{index}",
                 "kind": "auto-reply", "lang": lang, "sender": person.address.lower(),
                 "channel": "mail", "thread_of": None}  # fmt: skip
        return _Message(headers, text, rendering, label)

    def bounce(self, when: datetime) -> _Message:
        rng = self.rng
        lost = self.person()
        domain = lost.address.rsplit("@", 1)[1]
        daemon = f"MAILER-DAEMON@smtp.{domain}"
        lang = "fr" if rng.random() < 0.5 else "en"
        subject = (
            "Non remis : Votre demande" if lang == "fr" else "Undelivered Mail Returned to Sender"
        )
        explanation = (
            f"Votre message n'a pas pu être remis à {lost.address}.\n"
            "La boîte est pleine ou n'existe pas."
            if lang == "fr"
            else "I'm sorry to have to inform you that your message could not be delivered "
            f"to {lost.address}."
        )
        token = f"{rng.randrange(16**12):012x}"
        boundary = f"{token}.bounce/smtp.{domain}"
        original_id = f"<{token}.reply@example-edu.fr>"
        body = (
            "Content-Type: multipart/report; report-type=delivery-status; "
            f'boundary="{boundary}"\n\n'
            f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: 8bit\n\n"
            f"{explanation}\n\n"
            f"--{boundary}\nContent-Type: message/delivery-status\n\n"
            f"Reporting-MTA: dns; smtp.{domain}\n\nFinal-Recipient: rfc822; {lost.address}\n"
            f"Action: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full\n\n"
            f"--{boundary}\nContent-Type: text/rfc822-headers\n\n"
            f"From: {MAILBOX_NAME} <{MAILBOX}>\nTo: {lost.address}\nSubject: Re: Votre demande\n"
            f"Message-ID: {original_id}\n\n--{boundary}--\n"
        ).encode()
        headers = self.headers(
            f"Mail Delivery System <{daemon}>", subject, when, "rfc2047-b", daemon
        )
        label: Label = {
            "intent": "bounce", "base_id": f"bounce/{lang}/0", "kind": "bounce", "lang": lang,
            "sender": daemon.lower(), "channel": "mail", "thread_of": None,
        }  # fmt: skip
        return _Message(headers, "", Rendering(), label, raw_body=body)

    def spam(self, when: datetime) -> _Message:
        rng = self.rng
        index = rng.randrange(len(phrases.SPAM))
        text = phrases.SPAM[index]
        sender = f"offres{rng.randrange(1000)}@{rng.choice(_SPAM_DOMAINS)}"
        subject = text.split(".")[0][:60]
        rendering = self.rendering(attach=False)
        rendering.structure = rng.choice(("html-only", "alternative"))
        headers = self.headers(address("Offre Spéciale", sender, rendering.header_style),
                               subject, when, rendering.header_style, sender)  # fmt: skip
        lang = "en" if text.isascii() else "fr"
        label = {"intent": "spam", "base_id": f"spam/{lang}/{index}", "kind": "spam",
                 "lang": lang, "sender": sender, "channel": "mail", "thread_of": None}  # fmt: skip
        return _Message(headers, text, rendering, label)

    def build(self, when: datetime) -> _Message:
        kind = self.kind()
        if kind == "follow-up":
            return self.follow_up(when)
        if kind == "forward":
            return self.forward(when)
        if kind == "auto-reply":
            return self.auto_reply(when)
        if kind == "bounce":
            return self.bounce(when)
        if kind == "spam":
            return self.spam(when)
        return self.request(kind, when)

    def times(self) -> list[datetime]:
        rng = self.rng
        slots = [(d, h) for d in range(5) for h in range(24)]
        weights = [_DAYS[d] * _HOURS[h] for d, h in slots]
        chosen = rng.choices(slots, weights, k=self.size)
        return sorted(
            WEEK_START + timedelta(days=d, hours=h, seconds=rng.randrange(3600)) for d, h in chosen
        )

    def messages(self) -> Iterator[tuple[bytes, Label, datetime]]:
        for index, when in enumerate(self.times()):
            message = self.build(when)
            body = message.raw_body
            if body is None:
                body = render_body(message.text, message.rendering, self.rng, f"{index:06d}")
            envelope = (
                FORM_SENDER if message.label["channel"] == "web-form" else message.label["sender"]
            )
            transport = transport_headers(self.rng, envelope or MAILBOX, when)
            raw = headers_bytes(transport + message.headers) + body
            label = {"message_id": dict(message.headers).get("Message-ID"), **message.label}
            yield raw, label, when


def _mailbox_word(name: str) -> str:
    """A name as people put it in an address: ASCII letters, digits and hyphens only."""
    folded = strip_accents(name).lower().encode("ascii", "ignore").decode()
    return "".join(c for c in folded if c.isalnum() or c == "-") or "x"


def _mbox_escape(raw: bytes) -> bytes:
    lines = raw.split(b"\n")
    return b"\n".join(
        b">" + line if line.lstrip(b">").startswith(b"From ") else line for line in lines
    )


def demo_messages(size: int, seed: int = 0) -> Iterator[tuple[bytes, Label, datetime]]:
    """The demo mailbox's messages in delivery order (raw bytes, label, delivery time).

    The same bytes :func:`generate_mailbox` writes; for loading a real IMAP
    server in tests and benchmarks.
    """
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(f"the demo mailbox has {MIN_SIZE} to {MAX_SIZE} messages, not {size}")
    return _Writer(size, seed).messages()


def generate_mailbox(
    root: Path, size: int, seed: int = 0, layout: Layout = "maildir"
) -> GeneratedMailbox:
    """Write a mailbox of ``size`` messages under ``root`` and its ``labels.jsonl``.

    Byte-identical for the same (size, seed, layout); file times are the
    delivery times, so a Maildir's internal dates are realistic too.
    """
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(f"the demo mailbox has {MIN_SIZE} to {MAX_SIZE} messages, not {size}")
    if layout not in ("maildir", "mbox", "eml"):
        raise ValueError(f"unknown layout {layout!r}: maildir, mbox or eml")
    root.mkdir(parents=True, exist_ok=True)
    writer = _Writer(size, seed)
    labels_path = root / "labels.jsonl"
    if layout == "maildir":
        mailbox = root / "Maildir"
        for sub in ("cur", "new", "tmp"):
            (mailbox / sub).mkdir(parents=True, exist_ok=True)
    elif layout == "eml":
        mailbox = root / "eml"
        mailbox.mkdir(parents=True, exist_ok=True)
    else:
        mailbox = root / "demo.mbox"
    count = 0
    mbox = mailbox.open("wb") if layout == "mbox" else None
    try:
        with labels_path.open("w", encoding="utf-8") as labels:
            for index, (raw, label, when) in enumerate(writer.messages()):
                if mbox is not None:
                    stamp = when.astimezone(UTC).strftime("%a %b %d %H:%M:%S %Y")
                    mbox.write(f"From {label['sender']} {stamp}\n".encode())
                    mbox.write(_mbox_escape(raw) + b"\n")
                    file = str(index)
                else:
                    name = (
                        f"{index:06d}.eml"
                        if layout == "eml"
                        else f"cur/{index:06d}.demo.desk:2,{'S' if index % 3 else ''}"
                    )
                    path = mailbox / name
                    path.write_bytes(raw)
                    os.utime(path, (when.timestamp(), when.timestamp()))
                    file = name
                labels.write(json.dumps({"file": file, **label}, ensure_ascii=False) + "\n")
                count += 1
    finally:
        if mbox is not None:
            mbox.close()
    return GeneratedMailbox(root=root, mailbox=mailbox, labels=labels_path, count=count)
