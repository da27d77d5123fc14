"""A sender's first name, last name and civility, read from what their message shows.

Sources, best first: a contact form's labelled fields ("Nom : … / Prénom : …"),
the From display name ("Dupont, Marie", "Marie DUPONT", "Mme Marie Dupont"),
then the address ("marie.dupont@…"). Civility is only ever taken from what the
person wrote (a title in the name, a form's "Civilité" field), never guessed
from a first name: a wrong "Monsieur" offends more than a neutral greeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from desk.mail.senders import is_robot

Civility = Literal["f", "m"]

_TITLES: dict[str, Civility] = {
    "m": "m", "mr": "m", "monsieur": "m", "mister": "m", "sir": "m",
    "mme": "f", "madame": "f", "mrs": "f", "ms": "f", "mlle": "f", "mademoiselle": "f",
    "miss": "f",
}  # fmt: skip
_CONJUNCTIONS = frozenset({"et", "and", "&", "ou", "or", "/"})
_PARTICLES = frozenset({
    "de", "du", "des", "d'", "le", "la", "van", "von", "der", "den", "di", "da", "del", "della",
    "dos", "das", "ben", "bin", "el", "al", "st", "saint", "sainte", "mac", "ter",
})  # fmt: skip
# Address words that are not people: "service.client@", "contact.ecole@".
_NOT_NAMES = frozenset({
    "contact", "info", "infos", "service", "services", "client", "clients", "admin", "secretariat",
    "ecole", "college", "lycee", "mairie", "direction", "accueil", "scolarite", "compta",
    "famille", "parents", "parent", "mail", "email", "office", "support", "team", "sales",
})  # fmt: skip
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>")
_LETTERS = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.-](?=[^\W\d_]))*\.?$")
_FORM_FIELD = re.compile(
    r"^[ \t]*(nom(?: de famille)?|pr[ée]nom|civilit[ée]|last ?name|surname|first ?name|title)"
    r"[ \t]*:[ \t]*(.*?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FORM_LOOKAHEAD = 3000


@dataclass(frozen=True, slots=True)
class PersonName:
    """What is known of a person's name; None where it cannot be told."""

    first: str | None = None
    last: str | None = None
    civility: Civility | None = None

    @property
    def full(self) -> str | None:
        """First and last name, or whichever is known."""
        parts = [p for p in (self.first, self.last) if p]
        return " ".join(parts) or None

    def merged(self, other: PersonName) -> PersonName:
        """This name with its gaps filled from ``other`` (a less trusted source)."""
        return PersonName(
            self.first or other.first, self.last or other.last, self.civility or other.civility
        )


def _title_word(word: str) -> str:
    """ "DUPONT" → "Dupont", "d'ARTAGNAN" → "d'Artagnan", "jean-pierre" → "Jean-Pierre"."""
    pieces = re.split(r"(['’-])", word)
    out = []
    for index, piece in enumerate(pieces):
        lower = piece.lower()
        if index == 0 and lower in ("d", "l") and len(pieces) > 1 and pieces[1] in "'’":
            out.append(lower if word[0].islower() else lower.upper())
        else:
            out.append(lower[:1].upper() + lower[1:])
    return "".join(out)


def _shouted(word: str) -> bool:
    """True for a word in capitals: "DUPONT", "d'ARTAGNAN"."""
    return word.isupper() or (word[:2].lower() in ("d'", "l'") and word[2:].isupper())


def _cased(words: list[str], force: bool) -> str:
    """Words as written, or title-cased when written in one case (all caps or all lower).

    A lower-case particle stays lower case ("Jean de la Fontaine").
    """
    return " ".join(
        w if w.islower() and w in _PARTICLES
        else _title_word(w) if force or _shouted(w) or w.islower()
        else w
        for w in words
    )  # fmt: skip


def _civility_of(word: str) -> Civility | None:
    return _TITLES.get(word.lower().rstrip("."))


def parse_display_name(display: str) -> PersonName:
    """Read a From display name: "Dupont, Marie", "Marie DUPONT", "Mme Dupont", "DUPONT Marie".

    Returns an empty name for anything that does not look like a person's name
    (an address, digits, a form robot's name).
    """
    text = _BRACKETED.sub(" ", display).replace('"', " ").strip(" \t'’,;")
    if not text or "@" in text or is_robot("", text):
        return PersonName()
    comma_first: str | None = None
    if text.count(",") == 1:
        text, comma_first = (part.strip() for part in text.split(","))
    words = text.split()
    titles = [w for w in words if _civility_of(w)]
    couple = any(w.lower() in _CONJUNCTIONS for w in words) or len(titles) > 1
    civility = None if couple or not titles else _civility_of(titles[0])
    words = [w for w in words if not _civility_of(w) and w.lower() not in _CONJUNCTIONS]
    first_words = comma_first.split() if comma_first else []
    if not all(_LETTERS.match(w) for w in words + first_words) or not words:
        return PersonName(civility=civility)
    all_one_case = all(w.isupper() for w in words + first_words) or all(
        w.islower() for w in words + first_words
    )
    if comma_first is not None:
        first, last = first_words, words
    elif titles and len(words) == 1:  # "Madame Dupont"
        first, last = [], words
    elif couple:  # "M. et Mme Dupont": a family name only
        first, last = [], words[-1:]
    elif not all_one_case and any(_shouted(w) and len(w) > 1 for w in words):
        last = [w for w in words if _shouted(w) and len(w) > 1]  # "Marie DUPONT", "LE GALL Yann"
        first = [w for w in words if not (_shouted(w) and len(w) > 1)]
    elif len(words) == 1:
        first, last = words, []
    else:
        particle = next((i for i, w in enumerate(words) if i > 0 and w.lower() in _PARTICLES), None)
        split = particle if particle is not None else len(words) - 1
        first, last = words[:split], words[split:]
    return PersonName(
        _cased(first, all_one_case) if first else None,
        _cased(last, all_one_case) if last else None,
        civility,
    )


def parse_address(address: str) -> PersonName:
    """Read "marie.dupont@…" or "dupont_marie75@…" as first "Marie", last "Dupont".

    Only a local part of exactly two words is read (first.last, the common
    convention); "m.dupont" gives a last name only; anything else gives nothing.
    """
    local = address.rpartition("@")[0].split("+", 1)[0]
    words = [w for w in (re.sub(r"\d+", "", part) for part in re.split(r"[._-]+", local)) if w]
    if len(words) != 2 or any(w.lower() in _NOT_NAMES or not w.isalpha() for w in words):
        return PersonName()
    first, last = words
    if len(last) < 2:
        return PersonName()
    return PersonName(_title_word(first) if len(first) > 1 else None, _title_word(last))


def parse_form_fields(text: str) -> PersonName:
    """Read a contact form's "Nom :", "Prénom :", "Civilité :" fields (two or more needed)."""
    fields: dict[str, str] = {}
    for found in _FORM_FIELD.finditer(text, 0, _FORM_LOOKAHEAD):
        label = found.group(1).lower().replace(" ", "")
        kind = (
            "first" if label.startswith(("pr", "first"))
            else "civility" if label.startswith(("civ", "title"))
            else "last"
        )  # fmt: skip
        fields.setdefault(kind, found.group(2))
    if len(fields) < 2:
        return PersonName()
    civility = _civility_of(fields.get("civility", "").split(" ")[0])
    first = parse_display_name(fields.get("first", "")).full
    last = parse_display_name(fields.get("last", "")).full
    if first is None and last is None:
        return PersonName(civility=civility)
    return PersonName(first, last, civility)


def person_name(from_name: str, from_addr: str, reply_to: str | None, text: str) -> PersonName:
    """The best reading of who wrote a message, from its form fields, display name and address."""
    robot = is_robot(from_addr, from_name)
    name = parse_form_fields(text) if robot or "formulaire" in text[:200].lower() else PersonName()
    if not robot:
        name = name.merged(parse_display_name(from_name))
    if name.last is None:
        from_address = parse_address(reply_to if (robot and reply_to) else from_addr)
        same_person = name.first is None or (
            from_address.first is not None and from_address.first.lower() == name.first.lower()
        )
        if same_person:
            name = name.merged(from_address)
    return name
