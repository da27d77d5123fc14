"""A message's own words, cleaned for comparison: what clustering compares.

Quoted history, signatures, greetings, disclaimers, mobile footers and the
web form's wrapper make unrelated requests look alike and related ones look
different; cleaning them is the biggest lever on clustering quality. A wrong
merge sends the wrong answer to hundreds of people, so every rule here is
conservative: a part is removed only when a pattern positively recognises it,
and the words that tell near-miss requests apart (pupil or teacher,
enrolment or completion, "4e" or "6e") are never masked.

What is removed as quoted history is kept in :attr:`Normalised.quoted`: a
follow-up whose own text is generic is placed by what it quotes.

Speed: every pattern is compiled once (:mod:`desk.cluster._patterns`) and the
text is walked by regular expressions, not line by line in Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from desk.cluster._patterns import (
    ATTRIBUTION_STAMP,
    CHASER,
    COMBINING,
    DATE,
    DIGIT,
    DISCLAIMER,
    DISCLAIMER_WORDS,
    EMAIL,
    FOLD_TABLE,
    FORM_FIELD,
    FORM_MESSAGE,
    FORM_TRAILER,
    GENERIC_WORDS,
    GREETING_LINE,
    GREETING_PREFIX,
    INLINE_SIGNOFF,
    INVISIBLE,
    MASK_TOKEN,
    MOBILE_FOOTER,
    NOT_SIGNATURE_LINE,
    NUMBER,
    OUTLOOK_BLOCK,
    PHONE,
    QUOTE_HEADER_END,
    QUOTE_HEADER_OPENER,
    QUOTE_SEPARATOR,
    QUOTED_LINE,
    REF,
    SIGNATURE_DELIMITER,
    SIGNOFF,
    STOPWORDS,
    SUBJECT_PREFIX,
    TEXT_LINE,
    URL,
    WHITESPACE,
    WORD,
    WROTE_WORDS,
)

SIGNATURE_MAX_LINES = 10
SIGNATURE_MAX_LINE = 80
ATTRIBUTION_MAX_CHARS = 400
_BLANK = re.compile(r"[ \t]*\n")


@dataclass(frozen=True, slots=True)
class Normalised:
    """A message reduced to what it asks.

    ``body`` and ``subject`` are masked and folded (compare these); ``quoted``
    is the removed history, raw but with "\\n" line breaks; ``generic`` says
    the new text asks nothing specific ("toujours pas de réponse ?", a bare
    forward, an empty body).
    """

    body: str
    subject: str
    quoted: str
    generic: bool


def _mentions(lowered: str, words: tuple[str, ...]) -> bool:
    """Whether lower-cased text holds one of these words (a cheap look before a regex)."""
    return any(word in lowered for word in words)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def strip_subject_prefixes(subject: str) -> str:
    """The subject without its Re:/TR:/Fwd:/AW:/Relance :/[tag] prefixes, however many."""
    return SUBJECT_PREFIX.sub("", subject).strip()


def strip_web_form(text: str) -> str:
    """Only the message typed into a contact form, without the form's fixed wrapper.

    Recognised by at least two labelled fields ("Nom :", "Email :", "Profil :")
    and a "Message :" label; anything else is returned unchanged.
    """
    if len(FORM_FIELD.findall(text, 0, 1500)) < 2:
        return text
    marker = FORM_MESSAGE.search(text)
    if marker is None:
        return text
    message = text[marker.end() :]
    trailer = FORM_TRAILER.search(message)
    return message[: trailer.start()] if trailer else message


# ------------------------------------------------------------------ quoted history
def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, max(index - 1, 0)) + 1 if index > 0 else 0


def _attribution_start(text: str, found: re.Match[str]) -> int | None:
    """Where the attribution ending at ``found`` begins, or None when it is not one.

    Mail clients wrap a long "On …, Name <address> wrote:" over up to three
    lines; the header begins at the nearest of those lines that opens like
    one ("On", "Le", "Am", a weekday, a date).
    """
    start = found.start()
    candidates = [start]
    for _ in range(2):
        if candidates[-1] == 0:
            break
        previous = _line_start(text, candidates[-1])
        if not text[previous : candidates[-1]].strip():
            break  # a blank line: the header does not go further up
        candidates.append(previous)
    chosen = next((c for c in candidates if QUOTE_HEADER_OPENER.match(text, c)), None)
    if chosen is None:
        chosen = candidates[-1]
    if found.end() - chosen > ATTRIBUTION_MAX_CHARS:
        return None
    if ATTRIBUTION_STAMP.search(text, chosen, found.end()) is None:
        return None
    return chosen


def _quote_start(text: str) -> tuple[int, int] | None:
    """(start, end of the header) of the first quoted-history marker, or None."""
    best: tuple[int, int] | None = None
    for pattern in (QUOTE_SEPARATOR, OUTLOOK_BLOCK):
        found = pattern.search(text)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), found.end())
    limit = best[0] if best else len(text)
    if not _mentions(text[:limit].lower(), WROTE_WORDS):
        return best
    for found in QUOTE_HEADER_END.finditer(text, 0, limit):
        start = _attribution_start(text, found)
        if start is not None:
            return (start, found.end())
    return best


def split_quoted(text: str) -> tuple[str, str]:
    """(the sender's new text, the quoted history).

    History starts at the first attribution ("Le … a écrit :", "On … wrote:"),
    Outlook header block ("De : / Envoyé : / À : / Objet :", with or without
    ">"), "-----Original Message-----"-style separator or forward header; lines
    starting with ">" above it are history too. A reply written between the
    quoted lines under an attribution (inline answers) keeps its own lines.
    """
    text = _newlines(text)
    marker = _quote_start(text)
    own, history = (text, "") if marker is None else (text[: marker[0]], text[marker[0] :])
    if marker is not None and not own.strip():
        rest = text[marker[1] :]
        if QUOTED_LINE.search(rest) and TEXT_LINE.search(rest):
            # Inline answers under the attribution: the unquoted lines are the new text.
            quoted = text[: marker[1]] + "".join(QUOTED_LINE.findall(rest))
            return QUOTED_LINE.sub("", rest).strip(), quoted.strip()
    if ">" in own:
        quoted_lines = QUOTED_LINE.findall(own)
        if quoted_lines:
            own = QUOTED_LINE.sub("", own)
            history = "".join(quoted_lines) + history
    return own.strip(), history.strip()


_HEADER_FIELD_LINE = re.compile(r"[ \t]*\*?[^\W\d_][\w' -]{0,24}\*?[ \t]*:[^\n]*(?:\n|\Z)")
_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)


def quoted_original(history: str) -> str:
    """The message quoted in ``history``: ">" marks, attribution and header fields removed.

    ``history`` is :attr:`Normalised.quoted`, which starts at its attribution
    ("Le … a écrit :") or header block ("De : / Envoyé : / Objet :"); what
    follows, up to the next quoted level, is the text that was followed up.
    """
    text = _QUOTE_MARKS.sub("", _newlines(history)).lstrip()
    marker = _quote_start(text)
    if marker is not None and marker[0] == 0:
        text = text[marker[1] :].lstrip("\n")
        for _ in range(8):  # the rest of an Outlook block: "Objet : …", "Cc : …"
            field = _HEADER_FIELD_LINE.match(text)
            if field is None:
                break
            text = text[field.end() :]
    return text


# ------------------------------------------------------------------ greeting and signature
def strip_greeting(text: str) -> str:
    """The text without its opening greeting ("Bonjour Madame,", "Hello,", "bjr").

    A first line that is only a greeting goes whole; a greeting opening a line
    that goes on with the request ("Bonjour, je n'arrive pas…") goes alone.
    """
    text = _newlines(text).lstrip()
    for _ in range(2):  # "Bonjour,\nMadame, Monsieur,"
        first, _newline, rest = text.partition("\n")
        if first.strip() and GREETING_LINE.fullmatch(first.strip()):
            text = rest.lstrip()
            continue
        break
    return GREETING_PREFIX.sub("", text, count=1)


def _looks_like_signature(tail: str) -> bool:
    """A short block of short lines that ask nothing: a name, a title, a phone number."""
    lines = [line for line in tail.split("\n") if line.strip()]
    return (
        len(lines) <= SIGNATURE_MAX_LINES
        and all(len(line.strip()) <= SIGNATURE_MAX_LINE for line in lines)
        and NOT_SIGNATURE_LINE.search(tail) is None
    )


def strip_signature(text: str) -> str:
    """The text without sign-off and signature, mobile footers and disclaimers.

    The "-- " delimiter cuts unconditionally; a sign-off line ("Cordialement",
    "Kind regards") or a rule of dashes or underscores cuts only when what
    follows looks like a signature block, so a request written after "Merci"
    or a question after the name ("PS : …?") stays.
    """
    text = _newlines(text)
    if _mentions(text.lower(), DISCLAIMER_WORDS):
        text = DISCLAIMER.sub("", text)
    text = MOBILE_FOOTER.sub("", text)
    for found in SIGNATURE_DELIMITER.finditer(text):
        if not text[: found.start()].strip():
            continue
        if found.group().strip() == "--" or _looks_like_signature(text[found.end() :]):
            text = text[: found.start()]
            break
    for found in SIGNOFF.finditer(text):
        if text[: found.start()].strip() and _looks_like_signature(text[found.end() :]):
            text = text[: found.start()]
            break
    return _strip_inline_signoff(text.strip()).strip()


_INLINE_SIGNOFF_REACH = 400


def _strip_inline_signoff(text: str) -> str:
    """The text without "… Cordialement, Camille" ending its last line.

    The pattern is anchored at the end, so it is only tried on the tail: a
    search over the whole text would try every position of a long message.
    """
    cut = max(0, len(text) - _INLINE_SIGNOFF_REACH)
    found = INLINE_SIGNOFF.search(text, cut)
    if found is None:
        return text
    if found.start() == cut and cut > 0:
        return INLINE_SIGNOFF.sub("", text)  # a match that may reach further back
    return text[: found.start()]


# ------------------------------------------------------------------ folding and masks
NAME_SIGNATURE_LINES = 6


def strip_name_signature(text: str, name_parts: Sequence[str]) -> str:
    """The text without a closing signature that starts with the sender's own name.

    Many people sign without a sign-off: "… merci.\nJeanne Martin\nParent
    d'élève - 06 …". Among the last few lines, the first short line naming
    the sender starts the signature when it and the lines after it look like
    one (short, no question); the text before it must not be empty.
    """
    if not name_parts:
        return text
    lines = text.rstrip().split("\n")
    first_candidate = max(1, len(lines) - NAME_SIGNATURE_LINES)
    for index in range(first_candidate, len(lines)):
        line = lines[index]
        if not line.strip() or len(line) > SIGNATURE_MAX_LINE // 2 + 20 or "?" in line:
            continue
        if _mask_folded_names(fold(line), tuple(name_parts)) == fold(line):
            continue  # no name on this line
        head, tail = "\n".join(lines[:index]), "\n".join(lines[index:])
        if head.strip() and _looks_like_signature(tail):
            return head.rstrip()
        break
    return text


def fold(text: str) -> str:
    """Lower case without accents, unified quotes and dashes, one space between words.

    Letters of other scripts (Arabic, Chinese, Cyrillic) are kept; only the
    combining marks NFKD splits off Latin, Greek and Cyrillic letters go.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", INVISIBLE.sub("", text).translate(FOLD_TABLE))
        text = COMBINING.sub("", text.lower())
        if not text.isascii():  # other scripts' letters (Arabic hamza, Hangul) recomposed
            text = unicodedata.normalize("NFC", text)
    else:
        text = text.lower()
    return WHITESPACE.sub(" ", text).strip()


def fold_lines(text: str) -> str:
    """:func:`fold` line by line: blank lines dropped, one "\n" between lines.

    The compared text keeps its lines so that boilerplate (a disclaimer, a
    form's fields, a phone's footer) can be recognised line by line across
    the mailbox (see :mod:`desk.cluster.boilerplate`); a line break counts as
    one character, like the space it replaces.
    """
    lines = (fold(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _mask_details(text: str) -> str:
    text = EMAIL.sub("<email>", text) if "@" in text else text
    text = URL.sub("<url>", text)
    if DIGIT.search(text) is None:  # every remaining mask needs a digit
        return text
    text = PHONE.sub("<phone>", text)
    text = DATE.sub("<date>", text)
    text = REF.sub("<ref>", text)
    return NUMBER.sub("<num>", text)


_NAME_PARTICLES = frozenset(("le", "la", "de", "du", "des", "van", "von", "der", "den", "mme"))


def _name_parts(sender_names: Sequence[str]) -> tuple[str, ...]:
    """The sender's folded names and name parts worth masking, longest first."""
    parts: set[str] = set()
    for name in sender_names:
        folded = fold(name)
        if len(folded) >= 3 and "@" not in folded:
            parts.add(folded)
        parts.update(
            word
            for word in WORD.findall(folded)
            if len(word) >= 3 and word not in _NAME_PARTICLES and word not in STOPWORDS
        )
    return tuple(sorted(parts, key=len, reverse=True))


@lru_cache(maxsize=2048)
def _name_pattern(parts: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, parts)) + r")(?!\w)")


def _mask_folded_names(folded: str, parts: tuple[str, ...]) -> str:
    if not parts or not any(part in folded for part in parts):
        return folded
    return _name_pattern(parts).sub("<name>", folded)


def mask(text: str, sender_names: Sequence[str] = ()) -> str:
    """Personal details replaced by tokens, so they do not set identical requests apart.

    Addresses, links, phone numbers, dates, account and enrolment references,
    other numbers, and the sender's own names. Numbers glued to letters
    ("4e", "CM2") are kept: they tell requests apart. With names given, the
    text is returned folded (names are matched without case and accents).
    """
    masked = _mask_details(_newlines(text))
    parts = _name_parts(sender_names)
    return _mask_folded_names(fold(masked), parts) if parts else masked


def is_generic(folded: str) -> bool:
    """True when the folded text names no topic: a chaser, a bare forward, an empty body.

    Chaser phrases ("toujours pas de réponse", "any news") are taken out, then
    words that are neither common nor the vocabulary of chasing an answer are
    counted: none means generic; one is generic when it came with a chaser or
    the whole text is two words at most ("fyi", "urgent svp"). "je ne peux pas
    me connecter" keeps "connecter" and is not generic.
    """
    unmasked = MASK_TOKEN.sub(" ", folded)
    without_chasers = CHASER.sub(" ", unmasked)
    words = WORD.findall(unmasked)
    topic = [
        w for w in WORD.findall(without_chasers) if w not in STOPWORDS and w not in GENERIC_WORDS
    ]
    if not topic:
        return True
    return len(topic) == 1 and (without_chasers != unmasked or len(words) <= 2)


def normalise(subject: str, text: str, sender_names: Sequence[str] = ()) -> Normalised:
    """The whole pipeline: quotes, web form, greeting, signature, masks, folding.

    Quotes are split first: a quoted original may itself be a web-form
    message, and must not be taken for the sender's new text.
    """
    own, quoted = split_quoted(text)
    own = strip_signature(strip_greeting(strip_web_form(own)))
    parts = _name_parts(sender_names) if sender_names else ()
    own = strip_name_signature(own, parts)
    body = _mask_folded_names(fold_lines(_mask_details(own)), parts)
    clean_subject = fold(_mask_details(strip_subject_prefixes(_newlines(subject))))
    clean_subject = _mask_folded_names(clean_subject, parts)
    return Normalised(body=body, subject=clean_subject, quoted=quoted, generic=is_generic(body))
