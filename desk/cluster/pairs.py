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
pipeline, thresholds 80 to 95): with the whole-sentence rule below, every
scorer stays pure, and ``ratio`` saves the most answers at 85 and above
(0.971 at 85, 0.927 at 95, against 0.964/0.846 for ``token_sort_ratio``,
0.969/0.915 for ``token_set_ratio``, 0.970/0.910 for ``partial_ratio``);
``WRatio`` made one impure cluster. It is also the one whose score gives the
Indel distance, which the whole-sentence rule uses to skip alignments.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

SUBJECT_WEIGHT = 0.1
# Lowest score kept: the similarity slider cannot go below it.
MIN_KEPT_SCORE = 60.0
# A stretch of text one message has and the other lacks, this long, is another request
# (a second question appended), not a typo or another name: such pairs are not kept.
DISTINCT_BLOCK = 25
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


def largest_distinct_block(first: str, second: str) -> int:
    """Length of the longest stretch of text in which the two differ, on the longer side.

    Names, typos and other slot values differ by a few characters; an extra
    question differs by a whole sentence. Differences separated by fewer than
    ``_BLOCK_GAP`` equal characters count as one stretch.
    """
    largest = 0
    start_a = start_b = end_a = end_b = -1
    for opcode in Indel.opcodes(first, second):
        a0, a1, b0, b1 = opcode.src_start, opcode.src_end, opcode.dest_start, opcode.dest_end
        if opcode.tag == "equal":
            if a1 - a0 >= _BLOCK_GAP and start_a >= 0:
                largest = max(largest, end_a - start_a, end_b - start_b)
                start_a = -1
            continue
        if start_a < 0:
            start_a, start_b = a0, b0
        end_a, end_b = a1, b1
    if start_a >= 0:
        largest = max(largest, end_a - start_a, end_b - start_b)
    return largest


def _differ_by_a_sentence(
    firsts: Sequence[str], seconds: Sequence[str], body_scores: FloatArray
) -> npt.NDArray[np.bool_]:
    """Which of these text pairs differ by a stretch of DISTINCT_BLOCK characters or more.

    Such a stretch costs at least DISTINCT_BLOCK insertions or deletions, so
    pairs whose Indel distance (known from their ratio) is smaller are spared
    the alignment.
    """
    differ = np.zeros(len(firsts), bool)
    if not len(firsts):
        return differ
    total = np.fromiter(
        (len(a) + len(b) for a, b in zip(firsts, seconds, strict=True)), np.int64, len(firsts)
    )
    distance = total * (100.0 - body_scores) / 100.0
    for index in np.flatnonzero(distance >= DISTINCT_BLOCK - 0.5).tolist():
        differ[index] = largest_distinct_block(firsts[index], seconds[index]) >= DISTINCT_BLOCK
    return differ


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
    subject = ratios(list(first), list(second), workers)
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


def score_pairs(
    bodies: Sequence[str], subjects: Sequence[str], pairs: IntArray, workers: int = 1
) -> PairScores:
    """Scores of ``pairs`` (from :func:`candidate_pairs`), keeping those ≥ MIN_KEPT_SCORE.

    Pairs that differ by a whole sentence are dropped whatever their score
    (see :func:`largest_distinct_block`).
    """
    if len(pairs) == 0:
        return PairScores.empty()
    left = [bodies[i] for i in pairs[:, 0]]
    right = [bodies[i] for i in pairs[:, 1]]
    score = ratios(left, right, workers)
    # The subject adds at most SUBJECT_WEIGHT × the missing points.
    keep = score >= (MIN_KEPT_SCORE - 100 * SUBJECT_WEIGHT) / (1 - SUBJECT_WEIGHT)
    pairs, body = pairs[keep], score[keep]
    score = with_subject(
        body, [subjects[i] for i in pairs[:, 0]], [subjects[i] for i in pairs[:, 1]], workers
    )
    keep = score >= MIN_KEPT_SCORE
    pairs, score, body = pairs[keep], score[keep], body[keep]
    keep = ~_differ_by_a_sentence(
        [bodies[i] for i in pairs[:, 0]], [bodies[i] for i in pairs[:, 1]], body
    )
    return PairScores(pairs[keep, 0].astype(np.int64), pairs[keep, 1].astype(np.int64), score[keep])


def score_against(
    body: str, subject: str, bodies: Sequence[str], subjects: Sequence[str]
) -> FloatArray:
    """One text scored against several, exactly as :func:`score_pairs` scores pairs.

    Scores below MIN_KEPT_SCORE, and those of texts that differ by a whole
    sentence, come back as 0.
    """
    if not bodies:
        return np.empty(0, np.float32)
    scores = np.asarray(
        process.cdist([body], list(bodies), scorer=fuzz.ratio, dtype=np.float32)[0], np.float32
    )
    body_scores = scores
    scores = with_subject(scores, [subject] * len(bodies), subjects)
    kept = np.flatnonzero(scores >= MIN_KEPT_SCORE)
    differ = _differ_by_a_sentence(
        [body] * len(kept), [bodies[i] for i in kept.tolist()], body_scores[kept]
    )
    scores[kept[differ]] = 0.0
    scores[scores < MIN_KEPT_SCORE] = 0.0
    return scores
