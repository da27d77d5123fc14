"""Answers suggested from what agents already answered: nearest answered messages, calibrated.

When agents answer with a template, each answered message says which template
fit it. An open message close to answered ones is likely to need the same
template; Desk suggests it, with a confidence the agent can trust: the share
of past suggestions at that score that were right.

Closeness here is not the clusterer's (near-duplicates, precision first, an
automatic grouping): it is TF-IDF cosine over word 1–2-grams and character
3–5-grams of the compared texts (scikit-learn's vectorisers), which tolerates
other words, typos and SMS spellings, because a suggestion is only ever
confirmed by an agent. The vote of the K nearest answered messages, weighted
by similarity, names the template; its raw score mixes how close the nearest
such message is with how far ahead of the runner-up it stands. Measured by
replaying labelled mailboxes in date order (``bench/suggest.py``): on the demo
and on CLINC150 this mix covers more at precision 0.98 than either part alone
(0.678 / 0.328 against 0.680 / 0.128 for the margin and 0.676 / 0.304 for
similarity × vote share).

Backing the vote with the templates a message's own cluster was answered with
was tried and left out: trusting the cluster first put CLINC150's few impure
clusters' errors above every right suggestion (coverage at 0.98: 0.328 -> 0.005),
and raising only agreeing votes changed nothing (demo 0.679 either way).

Calibration (:class:`Calibration`) maps raw scores to the precision observed
at that score or above, from the answered messages themselves (each suggested
from the others), so "0.98" means what it says on this mailbox.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

# How many nearest answered messages vote.
NEIGHBOURS = 10
# Rows of similarities computed at once (a block of NEIGHBOURS-best per row is kept).
BLOCK = 1000

if TYPE_CHECKING:
    from scipy import sparse

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The template suggested for a message, and the raw score of the suggestion (0–1)."""

    template: Hashable
    score: float


class Space:
    """The mailbox's texts as TF-IDF vectors (word and character n-grams, unit length)."""

    def __init__(self, texts: Sequence[str]) -> None:
        # Imported here: scikit-learn takes most of a second to import, and the window
        # imports this module to show suggestions long before it computes any.
        from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415

        self._words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
        # Character n-grams seen in one text only describe nothing shared: min_df=2.
        self._chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=min(2, len(texts))
        )
        self._words.fit(texts)
        self._chars.fit(texts)

    def vectors(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Unit vectors of ``texts`` in this space (rows)."""
        from scipy import sparse  # noqa: PLC0415
        from sklearn.preprocessing import normalize  # noqa: PLC0415

        stacked = sparse.hstack([self._words.transform(texts), self._chars.transform(texts)])
        return normalize(stacked.tocsr())


def vote(similarities: FloatArray, templates: Sequence[Hashable]) -> Suggestion | None:
    """The template the nearest answered messages vote for (see the module docstring).

    ``similarities[j]`` is the cosine to answered message ``j``, whose
    template is ``templates[j]``. None when nothing answered is similar at all.
    """
    if not len(similarities):
        return None
    count = min(NEIGHBOURS, len(similarities))
    nearest = np.argpartition(-similarities, count - 1)[:count]
    nearest = nearest[similarities[nearest] > 0]
    if not len(nearest):
        return None
    votes: dict[Hashable, float] = {}
    closest: dict[Hashable, float] = {}
    for j in nearest.tolist():
        template, value = templates[j], float(similarities[j])
        votes[template] = votes.get(template, 0.0) + value
        closest[template] = max(closest.get(template, 0.0), value)
    best = max(votes, key=lambda t: (votes[t], closest[t]))
    share = votes[best] / sum(votes.values())
    runner_up = max((v for t, v in closest.items() if t != best), default=0.0)
    score = 0.5 * (closest[best] - runner_up) + 0.5 * closest[best] * share
    return Suggestion(best, max(0.0, min(1.0, score)))


def suggest(
    queries: sparse.csr_matrix, answered: sparse.csr_matrix, templates: Sequence[Hashable]
) -> list[Suggestion | None]:
    """A suggestion for each query row from the answered rows (same :class:`Space`)."""
    found: list[Suggestion | None] = []
    for start in range(0, queries.shape[0], BLOCK):
        block = (queries[start : start + BLOCK] @ answered.T).toarray()
        found.extend(vote(row, templates) for row in block)
    return found


class Calibration:
    """Raw score → the precision observed at that score or above on answered messages."""

    def __init__(self, scores: Sequence[float], correct: Sequence[bool]) -> None:
        order = np.argsort(-np.asarray(scores, np.float64), kind="stable")
        self._scores = np.asarray(scores, np.float64)[order]
        right = np.asarray(correct, np.float64)[order]
        # Precision of "every suggestion scoring at least this": cumulative from the top,
        # then the running minimum, so a lower score never claims more (the cautious way).
        precision = np.cumsum(right) / np.arange(1, len(right) + 1) if len(right) else right
        self._precision = np.minimum.accumulate(precision) if len(right) else right

    def __len__(self) -> int:
        return len(self._scores)

    def confidence(self, score: float) -> float:
        """The precision of suggestions scoring ``score`` or more (0 with no history)."""
        if not len(self._scores):
            return 0.0
        # Scores are in decreasing order: the last index whose score is >= score.
        at = int(np.searchsorted(-self._scores, -score, side="right")) - 1
        return float(self._precision[max(at, 0)]) if at >= 0 else float(self._precision[0])

    def threshold(self, precision: float) -> float | None:
        """The lowest raw score whose suggestions were right at least ``precision`` of the time."""
        ok = np.flatnonzero(self._precision >= precision)
        return float(self._scores[ok.max()]) if len(ok) else None


def leave_one_out(
    vectors: sparse.csr_matrix, templates: Sequence[Hashable]
) -> tuple[list[float], list[bool]]:
    """Each answered message suggested from the others: (raw scores, whether right).

    What :class:`Calibration` learns from: how often a suggestion at a given
    score named the template agents actually used.
    """
    scores: list[float] = []
    correct: list[bool] = []
    for start in range(0, vectors.shape[0], BLOCK):
        block = (vectors[start : start + BLOCK] @ vectors.T).toarray()
        for offset, row in enumerate(block):
            row[start + offset] = 0.0  # not from itself
            found = vote(row, templates)
            if found is not None:
                scores.append(found.score)
                correct.append(found.template == templates[start + offset])
    return scores, correct
