"""The file, enrolment or account number a sender quoted, found in their message.

People write it every way: "n° 1234567", "num 1234567", "dossier 123456",
"mon identifiant c'est EL-2020-123456", "Her enrolment number is A12345K", or
just the number on its own. Three tiers, most trusted first: a number after a
word that announces one; a code mixing letters and at least four digits; a bare
run of six to eight digits. Dates, phone numbers, postcodes, addresses and
links are never taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desk.cluster.normalise import split_quoted

_SCAN_LIMIT = 20_000  # a reference is near the top; quoted histories can be long
_NOISE = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+", re.IGNORECASE)
# A code: optional letter prefix, digits (hyphens inside), optional letter suffix.
_TOKEN = r"(?:[A-Za-z]{1,4}-?)?\d[\d-]{2,18}\d(?:-?[A-Za-z]{1,2})?"
_KEYWORD = re.compile(
    r"(?<!\w)(?:n\s?[°º]|no\.|num(?:[ée]ro)?|dossier|r[ée]f(?:[ée]rence)?|reference|identifiant"
    r"|matricule|inscription|compte|account|enrol?ment|student|file|number|code|id)"
    r"(?![^\W\d_])[^\n\d]{0,30}?(?<![\w-])(" + _TOKEN + r")(?![\w-])",
    re.IGNORECASE,
)
_CODE = re.compile(r"(?<![\w-])(" + _TOKEN + r")(?![\w-])")
_BARE = re.compile(r"(?<![\w/-])(?<!\d[.,:])(\d{6,8})(?![\w/-]|[.,:]\d)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DATE = re.compile(r"^(?:19|20)\d\d-\d\d-\d\d$|^\d\d-\d\d-(?:19|20)\d\d$")


def _acceptable(token: str, *, needs_letters: bool = False) -> bool:
    """Whether a matched code can be a reference rather than a year, date, phone or postcode."""
    digits = sum(c.isdigit() for c in token)
    letters = any(c.isalpha() for c in token)
    if _YEAR.match(token) or _DATE.match(token) or "--" in token:
        return False
    if needs_letters and not letters:
        return False
    if not letters and (digits < 6 or (digits == 10 and token.startswith("0"))):
        return False  # postcodes (5 digits) and phone numbers are not references
    return digits >= 4


def _search(texts: Iterable[str]) -> str | None:
    texts = [_NOISE.sub(" ", t[:_SCAN_LIMIT]) for t in texts]
    for text in texts:
        for found in _KEYWORD.finditer(text):
            if _acceptable(found.group(1)):
                return found.group(1)
    for text in texts:
        for found in _CODE.finditer(text):
            if _acceptable(found.group(1), needs_letters=True):
                return found.group(1)
    for text in texts:
        for found in _BARE.finditer(text):
            if _acceptable(found.group(1)):
                return found.group(1)
    return None


def find_reference(subject: str, text: str) -> str | None:
    """The reference a message quotes, from its subject, its own words, then its quoted history."""
    own, quoted = split_quoted(text[:_SCAN_LIMIT])
    return _search((subject, own, quoted))
