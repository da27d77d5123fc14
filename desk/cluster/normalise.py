"""A message's own words, cleaned for comparison: what clustering compares.

Quoted history, signatures, greetings, disclaimers, mobile footers and the
web form's wrapper make unrelated requests look alike and related ones look
different; cleaning them is the biggest lever on clustering quality. A wrong
merge sends the wrong answer to hundreds of people, so every rule here is
conservative: a part is removed only when a pattern positively recognises it,
and the words that tell near-miss requests apart (pupil or teacher,
enrolment or completion) are never masked.

What is removed as quoted history is kept in :attr:`Normalised.quoted`: a
follow-up whose own text is generic is placed by what it quotes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from desk.cluster._patterns import (
    DISCLAIMER,
    EMAIL,
    FORM_FIELD,
    FORM_MESSAGE,
    FORM_TRAILER,
    GENERIC_WORDS,
    GREETING_LINE,
    GREETING_PREFIX,
    MOBILE_FOOTER,
    NUMBER,
    OUTLOOK_FIELD,
    OUTLOOK_START,
    PHONE,
    QUOTE_HEADER_END,
    QUOTE_HEADER_START,
    QUOTE_SEPARATOR,
    REF,
    SIGNOFF,
    STOPWORDS,
    SUBJECT_PREFIX,
    TEXT_DATE,
    URL,
)

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss",
                            "’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "«": '"', "»": '"',
                            "–": "-", "—": "-", "\u00a0": " ", "\u202f": " "})  # fmt: skip
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_WORD = re.compile(r"[^\W\d_]{3,}")
_DIGIT = re.compile(r"\d")
_MASK_TOKEN = re.compile(r"<(?:email|url|phone|date|ref|num|name)>")
SIGNATURE_MAX_LINES = 8
QUOTE_HEADER_MAX_LINES = 3
SIGNATURE_MAX_LINE = 70


@dataclass(frozen=True, slots=True)
class Normalised:
    """A message reduced to what it asks.

    ``body`` and ``subject`` are folded and masked (compare these); ``quoted``
    is the removed history, raw; ``generic`` says the new text asks nothing
    specific ("toujours pas de réponse ?", a bare forward).
    """

    body: str
    subject: str
    quoted: str
    generic: bool


def strip_subject_prefixes(subject: str) -> str:
    """The subject without its Re:/TR:/Fwd:/AW:/[tag] prefixes, however many and mixed."""
    return SUBJECT_PREFIX.sub("", subject).strip()


def strip_web_form(text: str) -> str:
    """Only the message typed into a contact form, without the form's fixed wrapper."""
    head = text[:1500]
    if len(FORM_FIELD.findall(head)) < 2:
        return text
    marker = FORM_MESSAGE.search(text)
    if marker is None:
        return text
    message = text[marker.end() :]
    trailer = FORM_TRAILER.search(message)
    return message[: trailer.start()] if trailer else message


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _outlook_block_at(lines: list[str], index: int) -> bool:
    """A "De : / Envoyé : / À : / Objet :" block (no ">") starts at ``index``."""
    if not OUTLOOK_START.match(lines[index]):
        return False
    following = [line for line in lines[index + 1 : index + 6] if line.strip()]
    return sum(1 for line in following[:4] if OUTLOOK_FIELD.match(line)) >= 2


def _quote_header_at(lines: list[str], index: int) -> bool:
    """ "Le … a écrit :" / "On … wrote:", also when a mail client wrapped it over two lines."""
    line = lines[index]
    if not QUOTE_HEADER_START.match(line):
        return False
    # Mail clients wrap a long header over up to three lines ("On …, Name / <addr> / wrote:").
    header = line
    for extra in range(QUOTE_HEADER_MAX_LINES):
        if QUOTE_HEADER_END.search(header):
            break
        if index + extra + 1 >= len(lines):
            return False
        header = f"{header} {lines[index + extra + 1]}"
    else:
        return False
    # A real header carries a date or time; "Le professeur a écrit :" in a request does not.
    return _DIGIT.search(header) is not None


def split_quoted(text: str) -> tuple[str, str]:
    """(the sender's new text, the quoted history): quotes, forwards, Outlook blocks."""
    lines = _lines(text)
    for index, line in enumerate(lines):
        if (
            QUOTE_SEPARATOR.match(line)
            or _quote_header_at(lines, index)
            or _outlook_block_at(lines, index)
        ):
            return "\n".join(lines[:index]).strip(), "\n".join(lines[index:]).strip()
    own = [line for line in lines if not line.lstrip().startswith(">")]
    quoted = [line for line in lines if line.lstrip().startswith(">")]
    return "\n".join(own).strip(), "\n".join(quoted).strip()


def strip_greeting(text: str) -> str:
    """The text without its opening greeting ("Bonjour Madame,", "Hello,", "bjr")."""
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    if GREETING_LINE.fullmatch(first.strip()):
        return rest.lstrip()
    return GREETING_PREFIX.sub("", stripped, count=1)


def _is_signature_tail(lines: list[str]) -> bool:
    content = [line for line in lines if line.strip()]
    return len(content) <= SIGNATURE_MAX_LINES and all(
        len(line.strip()) <= SIGNATURE_MAX_LINE for line in content
    )


def _without_disclaimer(paragraph: str) -> str:
    """The paragraph cut at the line where a disclaimer starts, never above it.

    Senders who leave no blank line before their disclaimer would otherwise
    lose the whole request with it.
    """
    found = DISCLAIMER.search(paragraph)
    if found is None:
        return paragraph
    line_start = paragraph.rfind("\n", 0, found.start()) + 1
    return paragraph[:line_start].rstrip()


def strip_signature(text: str) -> str:
    """The text without sign-off and signature, mobile footers and disclaimers."""
    paragraphs = [_without_disclaimer(p) for p in _BLANK_LINES.split(text)]
    kept = "\n\n".join(p for p in paragraphs if p)
    lines = [line for line in kept.split("\n") if not MOBILE_FOOTER.match(line)]
    for index, line in enumerate(lines):
        if line.rstrip() == "--" or line == "-- ":
            lines = lines[:index]
            break
    content_seen = False
    for index, line in enumerate(lines):
        if content_seen and SIGNOFF.match(line) and _is_signature_tail(lines[index + 1 :]):
            lines = lines[:index]
            break
        if line.strip():
            content_seen = True
    return "\n".join(lines).strip()


def fold(text: str) -> str:
    """Lower case without accents, unified punctuation, one space between words."""
    text = text.translate(_LIGATURES).lower()
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return " ".join(line for line in lines if line)


def mask(text: str, sender_names: Sequence[str] = ()) -> str:
    """Personal details replaced by tokens, so they do not set identical requests apart."""
    text = EMAIL.sub(" <email> ", text)
    text = URL.sub(" <url> ", text)
    text = PHONE.sub(" <phone> ", text)
    text = TEXT_DATE.sub(" <date> ", text)
    text = REF.sub(" <ref> ", text)
    text = NUMBER.sub(" <num> ", text)
    names = sorted({fold(n) for n in sender_names if len(n.strip()) >= 2}, key=len, reverse=True)
    if names:
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
        text = pattern.sub(" <name> ", fold(text))
    return text


def is_generic(folded: str) -> bool:
    """True when the text names no topic: a chaser, a bare forward, an empty body.

    Counts topic words (three letters or more, neither common words nor the
    vocabulary of chasing an answer); fewer than two says nothing specific.
    "certificat de scolarite svp" keeps two; "je me permets d'insister, la
    situation est urgente" keeps none.
    """
    words = _WORD.findall(_MASK_TOKEN.sub(" ", folded))
    topic = [w for w in words if w not in STOPWORDS and w not in GENERIC_WORDS]
    return len(topic) < 2


def normalise(subject: str, text: str, sender_names: Sequence[str] = ()) -> Normalised:
    """The whole pipeline: quotes, web form, greeting, signature, masks, folding."""
    # Quotes first: a quoted original may itself be a web-form message.
    own, quoted = split_quoted(text)
    own = strip_signature(strip_greeting(strip_web_form(own)))
    body = fold(mask(own, sender_names))
    clean_subject = fold(mask(strip_subject_prefixes(subject), sender_names))
    return Normalised(body=body, subject=clean_subject, quoted=quoted, generic=is_generic(body))
