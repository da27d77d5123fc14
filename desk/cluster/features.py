"""What a message is compared on: its own words, or what it follows up when those say nothing.

A follow-up whose new text is generic ("toujours pas de réponse ?", a bare
forward) must land in the cluster of the request it chases, never with other
chasers on their shared generic words. Its quoted history is that request: the
history is unquoted and normalised like a message of its own, and when it asks
something specific, that is what the follow-up is compared on. A message that
stays generic gets no comparable text at all and is left alone.

Tokens feed the candidate index (:mod:`desk.cluster.pairs`): folded words of
three letters or more, without stopwords and mask tokens, one of each.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from desk.cluster._patterns import MASK_TOKEN, STOPWORDS
from desk.cluster.normalise import Normalised, normalise, quoted_original

# The longest text compared: a 1 MB message costs no more than a long letter, and two
# messages that agree on their first 2,000 characters ask the same thing.
MAX_COMPARED_CHARS = 2000
# The longest text kept: more than compared, since the mailbox's boilerplate (a 2 KB
# disclaimer) is removed from it before comparing (desk.cluster.boilerplate).
MAX_KEPT_CHARS = 3 * MAX_COMPARED_CHARS
_TOKEN = re.compile(r"[^\W\d_]{3,}")
_NESTED_LIMIT = 3


class Source(StrEnum):
    """Where a message's compared text came from."""

    OWN = "own"  # the sender's new words
    QUOTED = "quoted"  # a generic follow-up or forward: the request it quotes
    NONE = "none"  # nothing specific to compare: stays alone


@dataclass(frozen=True, slots=True)
class Features:
    """A message as the clusterer sees it.

    ``body`` and ``subject`` are masked and folded; ``body`` is empty when
    ``source`` is NONE. ``tokens`` are the body's distinct index words, in
    order of first appearance.
    """

    body: str
    subject: str
    source: Source
    tokens: tuple[str, ...]


def tokens_of(text: str) -> tuple[str, ...]:
    """The distinct words of folded ``text`` that can tell requests apart."""
    seen: dict[str, None] = {}
    for word in _TOKEN.findall(MASK_TOKEN.sub(" ", text)):
        # [^\W\d_] also lets through number signs that are not decimal digits
        # (Roman numerals, Siyaq numbers): a word must be letters only.
        if word not in STOPWORDS and (word.isascii() or word.isalpha()):
            seen.setdefault(word)
    return tuple(seen)


def _from_history(subject: str, history: str, sender_names: Sequence[str]) -> Normalised | None:
    """The first specific request inside quoted history, looking through nested quotes."""
    for _ in range(_NESTED_LIMIT):
        if not history:
            return None
        inner = normalise(subject, quoted_original(history), sender_names)
        if inner.body and not inner.generic:
            return inner
        history = inner.quoted
    return None


def features(subject: str, text: str, sender_names: Sequence[str] = ()) -> Features:
    """The compared text of one message (see the module docstring)."""
    own = normalise(subject, text[: MAX_COMPARED_CHARS * 20], sender_names)
    chosen, source = own, Source.OWN
    if own.generic or not own.body:
        inner = _from_history(subject, own.quoted, sender_names)
        if inner is not None:
            chosen, source = inner, Source.QUOTED
        else:
            chosen, source = own, Source.NONE
    if source is Source.NONE:
        return Features(body="", subject=own.subject, source=source, tokens=())
    body = chosen.body[:MAX_KEPT_CHARS]
    return Features(body=body, subject=own.subject, source=source, tokens=tokens_of(body))
