"""Candidate pairs without comparing all pairs, and their similarity scores.

Candidates come from prefix filtering (the set-similarity-join technique of
AllPairs/PPJoin): every text is reduced to its few rarest index words (by
document frequency, ignoring words no other text has, since those can pair
nothing), and two texts are candidates when they share one of those words.
Near-duplicates share most words, so they share rare ones; unrelated texts
seldom do. Measured against MinHash LSH (datasketch) on 2,600 distinct demo
texts (``bench/cluster.py``), counting how many of the pairs that all-pairs
scores at 85 or more each finds: prefix filtering 0.976 in 0.13 s, MinHash
LSH (128 permutations) 0.948 in 0.50 s at Jaccard 0.3 and 0.729 in 0.29 s at
0.5; it also has no bands and rows to tune. Its extra candidates (19,000
against 8,000) cost little to score in C++.

A word shared by very many texts (a cluster of 3,000 copies of one request)
would make its posting list quadratic, so a long list pairs each member only
with a fixed number of anchors: the members that will become the cluster's
centre are among them, which is all the non-chaining join needs.

Candidates are scored with rapidfuzz's Indel similarity (``fuzz.ratio``) on the
bodies, computed in C++ for all pairs at once (``process.cpdist``); the
subject adds a little (``SUBJECT_WEIGHT``) when both messages have one.
``fuzz.ratio`` was chosen by measurement (2,600 demo messages, seed 1, whole
pipeline, thresholds 80 to 95): with the former whole-sentence rule every
scorer stayed pure, and ``ratio`` saved the most answers at 85 and above
(0.971 at 85, 0.927 at 95, against 0.964/0.846 for ``token_sort_ratio``,
0.969/0.915 for ``token_set_ratio``, 0.970/0.910 for ``partial_ratio``);
``WRatio`` made one impure cluster. It is also the one whose score gives the
Indel distance, which spares most pairs the alignment below. TF-IDF cosine
over word and character n-grams was measured as the score too and left to
suggestions (:mod:`desk.cluster.suggest`): at thresholds saving more, it
merged different requests (demo 3 impure clusters at 60, CLINC150 55) and
gained nothing on the hand-written sets.

Pairs whose texts differ by a whole stretch are read sentence by sentence
(:func:`compare_texts`): context one of them adds is set aside before
scoring, a request one of them adds makes it "ask more" (``Scored.asks_more``),
requests of their own on both sides make no pair.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from enum import IntEnum
from itertools import chain

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from desk.cluster.sentences import (
    asks_for_help,
    split_sentences,
    starts_another_request,
)

SUBJECT_WEIGHT = 0.1
# Lowest score kept: the similarity slider cannot go below it.
MIN_KEPT_SCORE = 60.0
# A stretch of text one message has and the other lacks, this long, is a sentence of its
# own (context or another request, see compare_texts), not a typo or another name.
DISTINCT_BLOCK = 25
# Pairs looked at closer in worker processes (when the caller has some) from this many on,
# sent this many at a time: pickling a share keeps the GIL of the window's process in one C
# call, so a share stays small (about a megabyte of text; eight shares of a regroup on
# 100,000 messages held it 50-100 ms each, bench.ui).
PARALLEL_LOOK = 5000
LOOK_SHARE = 1000
# A sentence with an addition marker inside, this much of it the other text lacks, adds a
# request ("… merci autre question : …" where the splitter saw one sentence).
MARKER_CHANGED = 8
# A sentence belongs to a stretch when this share of it lies inside.
CONTAINED = 0.6
# Pairs scoring less than this are not looked at closer: even without the context one of
# them adds, they would not reach the lowest kept score.
LOOK_FLOOR = 55.0
# ...unless the shorter text lies mostly inside the longer one (this share of it is common
# to both): then what the longer adds may be context, and removing it may make them close.
# Two texts sharing 75 % of the shorter score at most 86 once the rest is removed, so
# reaching the default threshold; below it, such pairs are not looked for (measured on
# CLINC150's short texts: 0.6 looks at 88,000 pairs for no pair gained).
LOOK_CONTAINED = 0.75
# Texts shorter than this once context is removed are not compared (nothing left to judge).
MIN_COMPARED = 15
# A message asking more joins a cluster only when the part it shares is this share of it.
SHARED_SHARE = 1 / 3
# Differences closer than this are one stretch (an alignment interleaves stray matches).
_BLOCK_GAP = 6
# Words per text in the index: a third of its words, within these bounds. Measured on
# 26,000 demo messages: a floor of 4 rather than 3 finds the typo-ridden short requests
# (96.8% -> 98.2% of the ideal answers saved, still no impure cluster) for +0.1 s.
PREFIX_MIN = 4
PREFIX_MAX = 12
# Posting lists longer than this pair their members with the first ANCHORS only.
LONG_LIST = 400
ANCHORS = 64

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]

# Texts measured per call when lengths are taken in bulk (a few milliseconds each).
LENGTH_SLICE = 20_000


@dataclass(frozen=True)
class PairScores:
    """Scored candidate pairs between text nodes: ``first[i] < second[i]``, score 0–100."""

    first: IntArray
    second: IntArray
    score: FloatArray

    def __len__(self) -> int:
        return len(self.score)

    @staticmethod
    def empty() -> PairScores:
        """No pairs."""
        return PairScores(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32))

    def concat(self, other: PairScores) -> PairScores:
        """Both sets of pairs (callers keep them disjoint)."""
        return PairScores(
            np.concatenate([self.first, other.first]),
            np.concatenate([self.second, other.second]),
            np.concatenate([self.score, other.score]),
        )


def prefix_length(count: int) -> int:
    """How many of a text's rarest words go into the index: more for longer texts.

    A near-duplicate with typos or a different name keeps most of its words;
    a prefix of about a third of them (at least 4, at most 12) still shares
    one with its twin when a few words differ.
    """
    return min(count, max(PREFIX_MIN, min(PREFIX_MAX, math.ceil(count / 3))))


def _prefix_lengths(counts: IntArray) -> IntArray:
    """:func:`prefix_length` for many counts at once."""
    third = -(-counts // 3)  # ceil(count / 3)
    return np.minimum(counts, np.maximum(PREFIX_MIN, np.minimum(PREFIX_MAX, third)))


def candidate_pairs(token_ids: Sequence[Sequence[int]], vocabulary: int) -> IntArray:
    """Unique candidate pairs (n × 2, first < second) among texts given as word ids.

    Each text's word ids must be distinct. Vectorised: the prefixes, the
    posting lists and the pairs of each list are computed with numpy over all
    texts at once, not text by text.
    """
    count = len(token_ids)
    lengths = np.fromiter((len(ids) for ids in token_ids), np.int64, count)
    tokens = np.fromiter(chain.from_iterable(token_ids), np.int64, int(lengths.sum()))
    nodes = np.repeat(np.arange(count, dtype=np.int64), lengths)
    frequency = np.bincount(tokens, minlength=vocabulary)
    shared = frequency[tokens] > 1  # a word no other text has can pair nothing
    tokens, nodes = tokens[shared], nodes[shared]
    if not len(tokens):
        return np.empty((0, 2), np.int64)
    # Each text's prefix: its rarest shared words (ties by word id).
    order = np.lexsort((tokens, frequency[tokens], nodes))
    tokens, nodes = tokens[order], nodes[order]
    per_node = np.bincount(nodes, minlength=count)
    first_of_node = np.concatenate([[0], np.cumsum(per_node)[:-1]])
    rank = np.arange(len(nodes)) - first_of_node[nodes]
    keep = rank < _prefix_lengths(per_node)[nodes]
    tokens, nodes = tokens[keep], nodes[keep]
    # Posting lists: texts grouped by prefix word, in text order.
    order = np.lexsort((nodes, tokens))
    tokens, nodes = tokens[order], nodes[order]
    group_start = np.flatnonzero(np.concatenate([[True], tokens[1:] != tokens[:-1]]))
    group_size = np.diff(np.concatenate([group_start, [len(tokens)]]))
    size_of = np.repeat(group_size, group_size)
    position = np.arange(len(tokens)) - np.repeat(group_start, group_size)
    blocks: list[IntArray] = []
    # Short lists: every pair, as (member, member d places later) for d = 1, 2, …
    index = np.flatnonzero((size_of > 1) & (size_of <= LONG_LIST))
    step = 1
    while len(index):
        index = index[position[index] + step < size_of[index]]
        if len(index):
            blocks.append(np.stack([nodes[index], nodes[index + step]], axis=1))
        step += 1
    # Long lists: each member with the list's first ANCHORS members only.
    for start, size in zip(
        group_start[group_size > LONG_LIST].tolist(),
        group_size[group_size > LONG_LIST].tolist(),
        strict=True,
    ):
        members = nodes[start : start + size]
        anchors = min(ANCHORS, size)
        left = np.repeat(np.arange(anchors), size)
        right = np.tile(np.arange(size), anchors)
        keep = right > left
        blocks.append(np.stack([members[left[keep]], members[right[keep]]], axis=1))
    if not blocks:
        return np.empty((0, 2), np.int64)
    pairs = np.concatenate(blocks)
    pairs.sort(axis=1)
    # One int per pair: a 1-D unique is many times faster than unique(axis=0).
    width = max(1, len(token_ids))
    codes = pairs[:, 0] * width + pairs[:, 1]
    # Sort and drop repeats rather than np.unique: NumPy 2's hash-based unique holds the
    # GIL for seconds on millions of codes, freezing the window while it regroups.
    codes.sort()
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
    return np.stack([codes // width, codes % width], axis=1)


def distinct_blocks(first: str, second: str) -> list[tuple[int, int, int, int]]:
    """The stretches in which the two texts differ, as (start, end) in each: ``(a0, a1, b0, b1)``.

    Differences separated by fewer than ``_BLOCK_GAP`` equal characters are
    one stretch (an alignment interleaves stray matches).
    """
    found: list[tuple[int, int, int, int]] = []
    start_a = start_b = end_a = end_b = -1
    # as_list(): plain tuples built in C++, twice as fast to walk as Opcode objects.
    opcodes: list[tuple[str, int, int, int, int]] = Indel.opcodes(first, second).as_list()  # type: ignore[assignment]
    for tag, a0, a1, b0, b1 in opcodes:
        if tag == "equal":
            if a1 - a0 >= _BLOCK_GAP and start_a >= 0:
                found.append((start_a, end_a, start_b, end_b))
                start_a = -1
            continue
        if start_a < 0:
            start_a, start_b = a0, b0
        end_a, end_b = a1, b1
    if start_a >= 0:
        found.append((start_a, end_a, start_b, end_b))
    return found


def largest_distinct_block(first: str, second: str) -> int:
    """Length of the longest stretch of text in which the two differ, on the longer side."""
    return max(
        (max(a1 - a0, b1 - b0) for a0, a1, b0, b1 in distinct_blocks(first, second)), default=0
    )


class Extra(IntEnum):
    """What one text of a pair says beyond the other, once context is set aside."""

    NONE = 0
    FIRST = 1  # the first asks something the second does not
    SECOND = 2
    BOTH = 3  # each asks something of its own: not the same request at all


@dataclass(frozen=True, slots=True)
class Compared:
    """A pair's texts with the context each adds removed, and which one asks more."""

    first: str
    second: str
    extra: Extra
    # The sentences (or stretch) that ask more, in the text that has them.
    asked_by_first: tuple[str, ...] = ()
    asked_by_second: tuple[str, ...] = ()


# An addition marker anywhere in a stretch announces another request ("… merci. autre
# question : …"), even when the sentence splitter did not start a sentence there.
# More than one sentence (a cheap test: an end of sentence followed by more, or a line break).
_SEVERAL_SENTENCES = re.compile(r"[.!?…][\"'»)]*\s+\S|\n")
_ADDITION = re.compile(
    r"\b(?:autres? (?:q[a-z]{5,10}|chose|demande|point)|et aussi|de plus|par ailleurs|en outre"
    r"|d'autre part|another (?:question|thing)|in addition|one more thing|also,|besides"
    r"|moreover|furthermore|additionally|by the way|btw|p\.?s\b)"
)


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` removed, spaces collapsed."""
    if not spans:
        return text
    kept, last = [], 0
    for start, end in sorted(spans):
        kept.append(text[last:start])
        last = max(last, end)
    kept.append(text[last:])
    return " ".join("".join(kept).split())


@dataclass
class _Side:
    """What one text of a pair has of its own, sentence by sentence (see compare_texts)."""

    text: str
    # The stretches of this text the other lacks, (start, end) in order, none overlapping.
    changed: list[tuple[int, int]]
    context: list[tuple[int, int]] = field(default_factory=list)
    more: list[tuple[int, int]] = field(default_factory=list)
    changed_request: bool = False
    marker: bool = False

    def read(self) -> None:
        """Sort this side's sentences into context, requests of its own and changed requests."""
        changed = self.changed
        announced = None
        for start, end, asks, announces, marked in _read_sentences(self.text):
            size = end - start
            # Changed characters in the sentence (a few stretches: cheaper than an array).
            count = 0
            for s0, s1 in changed:
                if s0 >= end:
                    break
                if s1 > start:
                    count += (end if end < s1 else s1) - (start if start > s0 else s0)
            if marked and count >= MARKER_CHANGED:
                self.marker = True  # "… merci autre question : …" inside what it adds
            if announces and announced is None:
                announced = start
            if announces and any(s0 <= start < s1 for s0, s1 in changed):
                # "besides, <the request they share>": what comes before is another request.
                self.marker = True
            if count < min(DISTINCT_BLOCK, size * CONTAINED) and not (
                count >= DISTINCT_BLOCK // 2 and announces
            ):
                continue  # a typo, a name, a detail
            if count >= CONTAINED * size:
                (self.more if asks or announces else self.context).append((start, end))
            elif asks:
                self.changed_request = True  # words of a request replaced or added
        # What comes before "autre question : …" is the writer's first request, however it
        # is phrased ("colis toujours pas arrivé", "la liste est vide").
        if announced is not None:
            first = [span for span in self.context if span[1] <= announced]
            self.context = [span for span in self.context if span[1] > announced]
            self.more.extend(first)


@functools.lru_cache(maxsize=65536)
def _read_sentences(text: str) -> tuple[tuple[int, int, bool, bool, bool], ...]:
    """Each sentence of a text: (start, end, asks for help, announces another request,
    carries an addition marker somewhere).

    Once per text: a text is compared with many others, and reading a sentence
    (a dozen regular expressions) costs more than aligning two texts.
    """
    return tuple(
        (
            s.start,
            s.end,
            asks_for_help(s.text),
            starts_another_request(s.text),
            _ADDITION.search(s.text) is not None,
        )
        for s in split_sentences(text)
    )


def _changed(
    blocks: list[tuple[int, int, int, int]],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The stretches of each text the other lacks (shorter ones are stray matches)."""
    first = [(a0, a1) for a0, a1, _, _ in blocks if a1 - a0 >= _BLOCK_GAP]
    second = [(b0, b1) for _, _, b0, b1 in blocks if b1 - b0 >= _BLOCK_GAP]
    return first, second


def compare_texts(first: str, second: str) -> Compared:
    """Set aside what each text adds that only gives context, and see whether either asks more.

    Sentence by sentence, on each side: a sentence mostly made of text the
    other lacks is either context ("mon fils est en CM2", "I also filled in
    the contact form"), removed before scoring so it does not split a message
    from its cluster, or a request of its own ("autre question : …", "can
    you also …", a problem stated), which makes its text ask more. A request
    sentence changed by a whole stretch on both sides ("je voudrais annuler
    l'inscription" / "je voudrais une facture") makes two different requests.
    Typos, names and other details change less than a stretch and are left to
    the score.
    """
    blocks = distinct_blocks(first, second)
    if all(max(a1 - a0, b1 - b0) < DISTINCT_BLOCK for a0, a1, b0, b1 in blocks):
        return Compared(first, second, Extra.NONE)
    first_changed, second_changed = _changed(blocks)
    sides = (_Side(first, first_changed), _Side(second, second_changed))
    for side in sides:
        side.read()
    own = [bool(side.more) or side.marker for side in sides]
    changed = [own[i] or sides[i].changed_request for i in (0, 1)]
    if changed[0] and changed[1]:
        extra = Extra.BOTH
    elif own[0]:
        extra = Extra.FIRST
    elif own[1]:
        extra = Extra.SECOND
    else:
        extra = Extra.NONE
    # The shared part is compared without what either adds: an asker still joins as such.
    return Compared(
        _without(first, sides[0].context + sides[0].more),
        _without(second, sides[1].context + sides[1].more),
        extra,
        tuple(first[a:b].strip() for a, b in sides[0].more),
        tuple(second[a:b].strip() for a, b in sides[1].more),
    )


def with_subject(
    body: FloatArray, first: Sequence[str], second: Sequence[str], workers: int = 1
) -> FloatArray:
    """Body scores raised a little by similar subjects (never lowered).

    With a subject on both sides the score is the better of the body score
    and ``(1 - SUBJECT_WEIGHT) × body + SUBJECT_WEIGHT × subject``: the same
    words in the subject back up a borderline body, while people choosing
    other subjects for the same request ("Question", "Urgent") cost nothing.
    """
    if not len(body):
        return body
    subject = ratios(first, second, workers)
    both = np.fromiter(
        (bool(a) and bool(b) for a, b in zip(first, second, strict=True)), bool, len(first)
    )
    mixed = (1 - SUBJECT_WEIGHT) * body + SUBJECT_WEIGHT * subject
    return np.where(both, np.maximum(body, mixed), body).astype(np.float32)


RATIO_CHUNK = 4096  # pairs per rapidfuzz call: a few milliseconds with the GIL held


def ratios(left: Sequence[str], right: Sequence[str], workers: int = 1) -> FloatArray:
    """``fuzz.ratio`` of each pair (left[i], right[i]), as float32.

    In chunks: one rapidfuzz call on a single thread holds the GIL until it
    ends, and a call over 100,000 pairs stalled the window for 0.4 s.
    """
    if not left:
        return np.empty(0, np.float32)
    parts = [
        np.asarray(
            process.cpdist(
                left[start : start + RATIO_CHUNK],
                right[start : start + RATIO_CHUNK],
                scorer=fuzz.ratio,
                dtype=np.float32,
                workers=workers,
            ),
            np.float32,
        )
        for start in range(0, len(left), RATIO_CHUNK)
    ]
    return np.concatenate(parts)


@dataclass(frozen=True)
class Scored:
    """Scored pairs: those asking the same thing, and those where one asks more.

    In ``asks_more``, ``first`` is the text that asks more and ``second`` the
    one it would join (not ordered by index).
    """

    plain: PairScores
    asks_more: PairScores

    @staticmethod
    def empty() -> Scored:
        """No pairs."""
        return Scored(PairScores.empty(), PairScores.empty())


def _needs_a_look(lengths: IntArray, body_scores: FloatArray) -> npt.NDArray[np.bool_]:
    """Pairs whose texts may differ by a whole stretch (their Indel distance allows one).

    A stretch of DISTINCT_BLOCK characters costs at least that many insertions
    or deletions, so pairs whose distance (known from their ratio) is smaller
    are spared the alignment.
    """
    distance = lengths * (100.0 - body_scores) / 100.0
    return distance >= DISTINCT_BLOCK - 0.5


def _lengths(texts: Sequence[str]) -> IntArray:
    """The texts' lengths, measured a slice at a time.

    One ``np.fromiter`` over millions of texts is one C call that keeps the GIL
    for a quarter of a second: the window, whose regroup runs this on a worker,
    froze that long (bench.ui). Slices of :data:`LENGTH_SLICE` hand it back.
    """
    parts = [
        np.fromiter(map(len, texts[start : start + LENGTH_SLICE]), np.int64)
        for start in range(0, len(texts), LENGTH_SLICE)
    ]
    return np.concatenate(parts) if parts else np.zeros(0, np.int64)


def _worth_a_look(
    firsts: Sequence[str], seconds: Sequence[str], body: FloatArray
) -> npt.NDArray[np.bool_]:
    """Pairs that may differ by a whole stretch and may be close once it is understood."""
    first_lengths = _lengths(firsts)
    second_lengths = _lengths(seconds)
    lengths = first_lengths + second_lengths
    # Indel similarity is 2 × common / total, so the common characters are known.
    common = lengths * body / 200.0
    contained = common >= LOOK_CONTAINED * np.maximum(1, np.minimum(first_lengths, second_lengths))
    look = _needs_a_look(lengths, body) & ((body >= LOOK_FLOOR) | contained)
    # Setting context aside removes whole sentences: between two texts of one sentence each
    # it can only leave the score as it is or make it 0, so a pair scoring too little to be
    # kept stays so (short requests, CLINC150's kind, make most candidate pairs).
    low = np.flatnonzero(look & (body < MIN_KEPT_SCORE)).tolist()
    for index in low:
        if not (
            _SEVERAL_SENTENCES.search(firsts[index]) or _SEVERAL_SENTENCES.search(seconds[index])
        ):
            look[index] = False
    return look


def _nothing_to_compare(compared: Compared, first: str, second: str) -> bool:
    """Whether a pair is no pair once context is set aside.

    Both ask something of their own; or too little text is left; or the text
    asking more asks mostly something else (the part it shares is small).
    """
    if compared.extra is Extra.BOTH:
        return True
    if min(len(compared.first), len(compared.second)) < MIN_COMPARED:
        return True
    if compared.extra is Extra.FIRST:
        return len(compared.first) < SHARED_SHARE * len(first)
    if compared.extra is Extra.SECOND:
        return len(compared.second) < SHARED_SHARE * len(second)
    return False


def look_closer_many(
    pairs: Sequence[tuple[str, str]], workers: int = 1
) -> tuple[npt.NDArray[np.int8], FloatArray]:
    """Per pair, which side asks more (:class:`Extra`) and its body score with context set
    aside: NaN when setting context aside changed nothing (the score stays), 0 when nothing
    is left to compare (:func:`_nothing_to_compare`).

    It runs in a worker process when the batch is big (:func:`_closer`), and returns two
    small arrays rather than the texts it compared: unpickling the texts back in the
    window's process held its GIL for up to 100 ms at a time (bench.ui).
    """
    extra = np.zeros(len(pairs), np.int8)
    score = np.full(len(pairs), np.nan, np.float32)
    reduced: list[int] = []
    left: list[str] = []
    right: list[str] = []
    for index, (first, second) in enumerate(pairs):
        compared = compare_texts(first, second)
        extra[index] = compared.extra
        if _nothing_to_compare(compared, first, second):
            score[index] = 0.0
        elif compared.first != first or compared.second != second:
            reduced.append(index)
            left.append(compared.first)
            right.append(compared.second)
    if reduced:
        score[np.asarray(reduced, np.int64)] = ratios(left, right, workers)
    return extra, score


def _closer(
    firsts: Sequence[str],
    seconds: Sequence[str],
    look: list[int],
    workers: int,
    executor: Executor | None,
) -> tuple[npt.NDArray[np.int8], FloatArray]:
    """:func:`look_closer_many` of the pairs ``look``, in worker processes when there are many.

    Reading sentences is Python: a batch of tens of thousands of pairs is
    shared among the executor's processes (the clustering service's spawn
    pool), :data:`LOOK_SHARE` pairs at a time.
    """
    if executor is None or len(look) < PARALLEL_LOOK:
        return look_closer_many([(firsts[i], seconds[i]) for i in look], workers)
    # Each share's pairs are built for its submission and let go with it: one list of a
    # million pairs for them all was freed in a single C call that kept the GIL 36 ms.
    futures = [
        executor.submit(
            look_closer_many, [(firsts[i], seconds[i]) for i in look[start : start + LOOK_SHARE]]
        )
        for start in range(0, len(look), LOOK_SHARE)
    ]
    shares = [future.result() for future in futures]
    return (
        np.concatenate([extra for extra, _ in shares]),
        np.concatenate([score for _, score in shares]),
    )


def _look_closer(
    firsts: Sequence[str],
    seconds: Sequence[str],
    body: FloatArray,
    workers: int,
    executor: Executor | None = None,
) -> tuple[FloatArray, npt.NDArray[np.int8]]:
    """Body scores with context set aside, and which side asks more (:class:`Extra`).

    Only pairs that may differ by a whole stretch and score at least
    LOOK_FLOOR, or whose shorter text lies mostly inside the longer, are
    aligned (:func:`_worth_a_look`); the others keep their score and ask
    nothing more.
    A pair whose texts become too short to compare once context is removed
    scores 0.
    """
    extra = np.zeros(len(body), np.int8)
    if not len(body):
        return body, extra
    look = np.flatnonzero(_worth_a_look(firsts, seconds, body))
    if not len(look):
        return body, extra
    looked_extra, looked_score = _closer(firsts, seconds, look.tolist(), workers, executor)
    extra[look] = looked_extra
    changed = ~np.isnan(looked_score)
    body = body.copy()
    body[look[changed]] = looked_score[changed]
    return body, extra


def _split(
    first: IntArray, second: IntArray, score: FloatArray, extra: npt.NDArray[np.int8]
) -> Scored:
    """Pairs kept at MIN_KEPT_SCORE, split into plain and "asks more" (first = the asker)."""
    keep = (score >= MIN_KEPT_SCORE) & (extra != Extra.BOTH)
    first, second, score, extra = first[keep], second[keep], score[keep], extra[keep]
    plain = extra == Extra.NONE
    by_first = extra == Extra.FIRST
    by_second = extra == Extra.SECOND
    return Scored(
        PairScores(first[plain], second[plain], score[plain]),
        PairScores(
            np.concatenate([first[by_first], second[by_second]]),
            np.concatenate([second[by_first], first[by_second]]),
            np.concatenate([score[by_first], score[by_second]]),
        ),
    )


def score_pairs(
    bodies: Sequence[str],
    subjects: Sequence[str],
    pairs: IntArray,
    workers: int = 1,
    executor: Executor | None = None,
) -> Scored:
    """Scores of ``pairs`` (from :func:`candidate_pairs`), keeping those ≥ MIN_KEPT_SCORE.

    A pair where one text asks something the other does not goes to
    ``asks_more``; where both do, it is dropped (see :func:`compare_texts`).
    """
    if len(pairs) == 0:
        return Scored.empty()
    left = [bodies[i] for i in pairs[:, 0]]
    right = [bodies[i] for i in pairs[:, 1]]
    score = ratios(left, right, workers)
    keep = (score >= (MIN_KEPT_SCORE - 100 * SUBJECT_WEIGHT) / (1 - SUBJECT_WEIGHT)) | (
        _worth_a_look(left, right, score)
    )
    pairs, score = pairs[keep], score[keep]
    left = [bodies[i] for i in pairs[:, 0]]
    right = [bodies[i] for i in pairs[:, 1]]
    body, extra = _look_closer(left, right, score, workers, executor)
    score = with_subject(
        body, [subjects[i] for i in pairs[:, 0]], [subjects[i] for i in pairs[:, 1]], workers
    )
    return _split(pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64), score, extra)


def score_against(
    body: str, subject: str, bodies: Sequence[str], subjects: Sequence[str]
) -> tuple[FloatArray, npt.NDArray[np.int8]]:
    """One text scored against several, exactly as :func:`score_pairs` scores pairs.

    Returns the scores (0 below MIN_KEPT_SCORE or when both ask more than the
    other) and, per text, which side asks more (:class:`Extra`, the new text
    being FIRST).
    """
    if not bodies:
        return np.empty(0, np.float32), np.empty(0, np.int8)
    scores = np.asarray(
        process.cdist([body], list(bodies), scorer=fuzz.ratio, dtype=np.float32)[0], np.float32
    )
    looked, extra = _look_closer([body] * len(bodies), list(bodies), scores, 1)
    scores = with_subject(looked, [subject] * len(bodies), subjects)
    scores[(scores < MIN_KEPT_SCORE) | (extra == Extra.BOTH)] = 0.0
    return scores, extra
