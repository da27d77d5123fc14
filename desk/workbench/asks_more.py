"""Members that ask more: what a message asks beyond its cluster, and where its text says it.

Clustering places a message that asks what its cluster asks *and* something
else in that cluster, flagged: ``ClusterMember.asks_more`` holds the extra
request as sentences of the message's normalised text (folded, numbers and
names masked as ``<num>``, ``<name>``…), one a line. The window lists these
members with a marker, highlights the request in the message, and asks
before a cluster reply goes to them; this module gives it the stored
requests (batched, for the member list and the send check) and finds each
stored sentence in the text as written (:func:`locate_request`), a pure
function with no store and no Qt.

Finding a sentence: the text is folded the way the clusterer folds it,
keeping for every folded character the offset it came from
(:func:`folded_with_offsets`), and the sentence is aligned fuzzily with
rapidfuzz's ``partial_ratio_alignment``. A mask never equals what it hid, so
the sentence is also tried with each mask as one neutral character against
the text with every number, address and link made that character (each
character still knowing the span of the text it stands for), and the best
alignment wins. The span found is then widened to the
whole sentences of the text it covers (the alignment often stops inside a
masked number at the end), else to whole words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.cluster.normalise import fold
from desk.cluster.sentences import Sentence, split_sentences
from desk.store.models import ClusterMember

MIN_SCORE = 70.0  # below this, a sentence is not said to be found (the banner still shows)
SHORT_NEEDLE = 12  # fewer literal characters than this match almost anywhere by chance…
SHORT_SCORE = 90.0  # …so they must match this well
SENTENCE_SHARE = 0.5  # a sentence of the text this much covered by a match is taken whole
QUOTE_CHARS = 240  # the request as the banner quotes it, at most
_CHUNK = 500  # ids per IN (...) query
_MASK = re.compile(r"<[a-z]+>")  # the clusterer's masks: <num>, <ref>, <name>, <email>…
# What the masks hide, in folded text: links, addresses, words with a digit (numbers,
# references, dates, phone numbers with their separators).
_MASKABLE = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\w*\d[\w/:+-]*(?:[ ./-]\d[\w/:+-]*)*"
)
_FILLER = "\x00"  # stands for a mask in the sentence and for what masks hide in the text
_QUOTE_MARKS = "> \t"


@dataclass(frozen=True, slots=True)
class Passage:
    """``text[start:end]`` says (part of) the extra request; ``score`` is how well it matched."""

    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class LocatedRequest:
    """An extra request and where it lies in a message's text.

    ``sentences`` are the stored sentences; ``passages`` the spans of the text
    found for them (sorted, disjoint); ``missing`` the sentences not found
    (below :data:`MIN_SCORE`, or beyond the part of the text given).
    """

    sentences: tuple[str, ...]
    passages: tuple[Passage, ...]
    missing: tuple[str, ...]

    @property
    def found(self) -> bool:
        """True when at least one passage of the text was found."""
        return bool(self.passages)


# ------------------------------------------------------------------ the store
def extra_request(session: Session, message_id: int) -> str | None:
    """What this message asks beyond its cluster (stored sentences, one a line), or None."""
    return session.scalar(
        select(ClusterMember.asks_more).where(ClusterMember.message_id == message_id)
    )


def asking_more(session: Session, message_ids: Sequence[int]) -> dict[int, str]:
    """Message id → its extra request, for those of ``message_ids`` that ask more (batched)."""
    ids = list(message_ids)
    found: dict[int, str] = {}
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        for message_id, request in session.execute(
            select(ClusterMember.message_id, ClusterMember.asks_more).where(
                ClusterMember.message_id.in_(chunk), ClusterMember.asks_more.is_not(None)
            )
        ):
            if request:
                found[message_id] = request
    return found


def request_sentences(request: str | None) -> tuple[str, ...]:
    """The stored request's sentences (blank lines dropped)."""
    return tuple(line.strip() for line in (request or "").splitlines() if line.strip())


# ------------------------------------------------------------------ folding with offsets
@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold(ch)


def folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the index in ``text`` it comes from.

    :func:`~desk.cluster.normalise.fold` does not keep lengths: runs of white
    space become one space (and the ends are stripped), invisible characters
    and combining accents go, and "œ", "ß" or a ligature become two letters.
    So the text is folded one character at a time: every character of a
    character's fold points back at it. The result equals ``fold(text)``
    except where Unicode composes two characters into one (NFC, only for
    some non-Latin scripts), which a fuzzy match does not mind.
    """
    pieces: list[str] = []
    origin: list[int] = []
    space_pending = False
    for index, ch in enumerate(text):
        if ch.isspace():
            space_pending = bool(pieces)
            continue
        folded = ch.lower() if ch.isascii() else _fold_char(ch)
        if not folded:
            continue
        if space_pending:
            pieces.append(" ")
            origin.append(index - 1)
            space_pending = False
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


# ------------------------------------------------------------------ locating
def _literal_length(sentence: str) -> int:
    return len(_MASK.sub("", sentence).strip())


@dataclass(frozen=True, slots=True)
class _Haystack:
    """Folded text to align with, and the span of the text each of its characters stands for."""

    text: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind ``self.text[start:end]`` (``end > start``)."""
        last = min(end, len(self.text)) - 1
        return self.starts[min(start, last)], self.ends[last]


def _collapsed(folded: str, origin: list[int]) -> _Haystack:
    """The folded text with every number, address and link made one filler character.

    That is what the clusterer's masks hid, so a sentence whose masks are
    fillers too aligns with it almost exactly, whatever a mask's length.
    """
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    for found in _MASKABLE.finditer(folded):
        pieces.append(folded[done : found.start()])
        starts.extend(origin[done : found.start()])
        ends.extend(i + 1 for i in origin[done : found.start()])
        pieces.append(_FILLER)
        starts.append(origin[found.start()])
        ends.append(origin[found.end() - 1] + 1)
        done = found.end()
    pieces.append(folded[done:])
    starts.extend(origin[done:])
    ends.extend(i + 1 for i in origin[done:])
    return _Haystack("".join(pieces), starts, ends)


def _best_alignment(
    sentence: str, haystacks: tuple[_Haystack, _Haystack]
) -> tuple[float, int, int] | None:
    """The best of three alignments (score, start, end in the text), or None.

    The sentence as stored against the folded text; with each mask as one
    filler, and with the masks dropped, against the text with what masks
    hide made fillers (:func:`_collapsed`).
    """
    plain, collapsed = haystacks
    tries = [
        (sentence, plain),
        (_MASK.sub(_FILLER, sentence), collapsed),
        (" ".join(_MASK.sub(" ", sentence).split()), collapsed),
    ]
    best: tuple[float, int, int] | None = None
    for needle, haystack in tries:
        if not needle or not haystack.text:
            continue
        hit = fuzz.partial_ratio_alignment(needle, haystack.text)
        if hit is None or hit.dest_end <= hit.dest_start:
            continue
        if best is None or hit.score > best[0]:
            best = (hit.score, *haystack.span(hit.dest_start, hit.dest_end))
    return best


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _snap(text: str, sentences: Sequence[Sentence], start: int, end: int) -> tuple[int, int]:
    """The match widened to the text's sentences it mostly covers, else to whole words."""
    covered = [
        s
        for s in sentences
        if min(end, s.end) - max(start, s.start) >= SENTENCE_SHARE * (s.end - s.start)
    ]
    if covered:
        start, end = covered[0].start, covered[-1].end
    else:
        start, end = _widen_to_words(text, start, end)
    while start < end and text[start] in _QUOTE_MARKS:  # a quoted line's "> " is not asked
        start += 1
    end = start + len(text[start:end].rstrip())
    line = text.rfind("\n", start, end)
    while line >= 0 and not text[line:end].strip(_QUOTE_MARKS + "\n"):
        end = start + len(text[start:line].rstrip())  # the next quoted line's bare "> "
        line = text.rfind("\n", start, end)
    return start, end


def _merge(text: str, passages: list[Passage]) -> tuple[Passage, ...]:
    """Sorted and disjoint: overlapping passages, or passages only white space apart, joined."""
    merged: list[Passage] = []
    for passage in sorted(passages, key=lambda p: (p.start, p.end)):
        if merged and not text[merged[-1].end : passage.start].strip():
            last = merged[-1]
            merged[-1] = Passage(
                last.start, max(last.end, passage.end), max(last.score, passage.score)
            )
        else:
            merged.append(passage)
    return tuple(merged)


def locate_request(text: str, request: str | None, min_score: float = MIN_SCORE) -> LocatedRequest:
    """Where ``text`` says each sentence of the stored ``request`` (see the module's notes).

    A sentence is found when its best alignment scores at least
    ``min_score`` (:data:`SHORT_SCORE` for a sentence of fewer than
    :data:`SHORT_NEEDLE` literal characters, which would match anywhere);
    otherwise it is listed in :attr:`LocatedRequest.missing`.
    """
    sentences = request_sentences(request)
    folded, origin = folded_with_offsets(text)
    if not sentences or not folded:
        return LocatedRequest(sentences, (), sentences)
    plain = _Haystack(folded, origin, [i + 1 for i in origin])
    haystacks = (plain, _collapsed(folded, origin))
    cut: list[Sentence] | None = None
    passages: list[Passage] = []
    missing: list[str] = []
    for sentence in sentences:
        hit = _best_alignment(sentence, haystacks)
        needed = (
            max(min_score, SHORT_SCORE) if _literal_length(sentence) < SHORT_NEEDLE else min_score
        )
        if hit is None or hit[0] < needed:
            missing.append(sentence)
            continue
        if cut is None:
            cut = split_sentences(text)
        score, first, last = hit
        start, end = _snap(text, cut, first, last)
        if end > start:
            passages.append(Passage(start, end, score))
        else:
            missing.append(sentence)
    return LocatedRequest(sentences, _merge(text, passages), tuple(missing))


def request_quote(text: str, located: LocatedRequest, limit: int = QUOTE_CHARS) -> str:
    """The request in a few words for the banner: as the text says it, else as stored.

    Passages found are quoted from the text (white space made single);
    sentences not found are quoted as stored. Longer than ``limit``
    characters, the quote is cut at a word and ends with "…".
    """
    parts = [" ".join(text[p.start : p.end].split()) for p in located.passages]
    parts.extend(located.missing)
    quote = " … ".join(part for part in parts if part)
    if len(quote) <= limit:
        return quote
    cut = quote[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" .,;:…") + "…"
