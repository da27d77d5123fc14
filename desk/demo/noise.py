"""What people wrap around a request: greetings, sign-offs, typos, quoted history, forwards.

Every function takes the generator's seeded ``random.Random`` so the same seed
always dresses the same text the same way.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from desk.demo import phrases

_FR_DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
_FR_DAYS_LONG = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_FR_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
              "oct.", "nov.", "déc.")  # fmt: skip
_FR_MONTHS_LONG = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                   "septembre", "octobre", "novembre", "décembre")  # fmt: skip
QUOTE_STYLES = (
    "gmail-fr", "gmail-en", "outlook-fr", "outlook-en", "thunderbird-fr", "apple-fr",
    "original-message",
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    """Someone who writes in: their name, address and how they write."""

    first: str
    last: str
    address: str
    phone: str

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first} {self.last}"


def strip_accents(text: str) -> str:
    """Text as typed on a keyboard without accents (œ and € kept: they have no base letter)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def add_typos(text: str, rng: random.Random, count: int) -> str:
    """Swap, drop or double a letter in ``count`` longer words."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    for index in rng.sample(candidates, min(count, len(candidates))):
        word = words[index]
        at = rng.randrange(1, len(word) - 2)
        kind = rng.randrange(3)
        if kind == 0:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        elif kind == 1:
            word = word[:at] + word[at + 1 :]
        else:
            word = word[:at] + word[at] + word[at:]
        words[index] = word
    return " ".join(words)


def dress(body: str, lang: str, person: Person, rng: random.Random) -> str:
    """Greeting, the request, sign-off, name, signature, mobile footer, disclaimer: each maybe."""
    greetings = phrases.GREETINGS_FR if lang == "fr" else phrases.GREETINGS_EN
    signoffs = phrases.SIGNOFFS_FR if lang == "fr" else phrases.SIGNOFFS_EN
    parts: list[str] = []
    if rng.random() < 0.8:
        parts.append(rng.choice(greetings))
    if rng.random() < 0.08:
        body = body.upper()
    elif rng.random() < 0.08:
        body = body.lower()
    parts.append(body)
    closing: list[str] = []
    if rng.random() < 0.75:
        closing.append(rng.choice(signoffs))
    if rng.random() < 0.6:
        closing.append(person.name if rng.random() < 0.7 else person.first)
    if closing:
        parts.append("\n".join(closing))
    if rng.random() < 0.15:
        signature = rng.choice(phrases.SIGNATURES)
        parts.append(
            signature.format_map(
                {"name": person.name, "phone": person.phone, "city": "", "email": person.address}
            ).rstrip()
        )
    if rng.random() < 0.12:
        parts.append(rng.choice(phrases.MOBILE_FOOTERS))
    if rng.random() < 0.06:
        parts.append(rng.choice(phrases.DISCLAIMERS))
    separator = "\n\n\n" if rng.random() < 0.1 else "\n\n"
    text = separator.join(parts)
    if rng.random() < 0.1:
        text = "\n".join(line + " " for line in text.split("\n"))
    return text


def _fr_short(when: datetime) -> str:
    return (
        f"{_FR_DAYS[when.weekday()]} {when.day} {_FR_MONTHS[when.month - 1]} {when.year} "
        f"à {when:%H:%M}"
    )


def _fr_long(when: datetime) -> str:
    return (
        f"{_FR_DAYS_LONG[when.weekday()]} {when.day} {_FR_MONTHS_LONG[when.month - 1]} "
        f"{when.year} {when:%H:%M}"
    )


def _prefixed(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def quote(
    original: str, style: str, sender: Person, when: datetime, subject: str, mailbox: str
) -> str:
    """The original message quoted below a reply, as one mail client or another writes it."""
    who = f"{sender.name} <{sender.address}>"
    if style == "gmail-fr":
        return f"Le {_fr_short(when)}, {who} a écrit :\n\n{_prefixed(original)}"
    if style == "gmail-en":
        stamp = f"{when:%a}, {when:%b} {when.day}, {when.year} at {when:%I:%M %p}".replace(
            " 0", " "
        )
        return f"On {stamp} {who} wrote:\n\n{_prefixed(original)}"
    if style == "outlook-fr":
        return (
            "________________________________\n"
            f"De : {who}\nEnvoyé : {_fr_long(when)}\nÀ : {mailbox}\nObjet : {subject}\n\n"
            f"{original}"
        )
    if style == "outlook-en":
        return (
            f"From: {who}\nSent: {when:%A, %B} {when.day}, {when.year} {when:%I:%M %p}\n"
            f"To: {mailbox}\nSubject: {subject}\n\n{original}"
        )
    if style == "thunderbird-fr":
        return f"Le {when:%d/%m/%Y} à {when:%H:%M}, {sender.name} a écrit :\n{_prefixed(original)}"
    if style == "apple-fr":
        return (
            f"> Le {when.day} {_FR_MONTHS_LONG[when.month - 1]} {when.year} à {when:%H:%M}, "
            f"{who} a écrit :\n>\n{_prefixed(original)}"
        )
    return (
        "-----Message d'origine-----\n"
        f"De : {who}\nEnvoyé : {_fr_long(when)}\nÀ : {mailbox}\nObjet : {subject}\n\n{original}"
    )


def forward_block(
    original: str, sender: Person, when: datetime, subject: str, mailbox: str, style: int
) -> str:
    """A forwarded message's header block and text, in one of three clients' styles."""
    who = f"{sender.name} <{sender.address}>"
    if style == 0:
        return (
            "---------- Forwarded message ---------\n"
            f"De : {who}\nDate: {_fr_short(when)}\nSubject: {subject}\nTo: <{mailbox}>\n\n"
            f"{original}"
        )
    if style == 1:
        return (
            "-------- Message transféré --------\n"
            f"Sujet : {subject}\nDate : {when:%d/%m/%Y %H:%M}\nDe : {who}\nPour : {mailbox}\n\n"
            f"{original}"
        )
    return (
        "Début du message réexpédié :\n\n"
        f"De: {who}\nObjet: {subject}\nDate: {_fr_long(when)}\nÀ: {mailbox}\n\n{original}"
    )


WEB_FORM = (
    "Nouveau message depuis le formulaire de contact\n"
    "Nom : {last}\nPrénom : {first}\nEmail : {email}\nProfil : {profile}\nObjet : {subject}\n"
    "Message :\n{message}\n\n---\n"
    "Ce message a été envoyé depuis https://www.example-edu.fr/contact"
)
WEB_FORM_PROFILES = ("Parent d'élève", "Élève", "Adulte en formation", "Enseignant", "Autre")
