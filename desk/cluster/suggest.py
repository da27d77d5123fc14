"""Answers suggested from what agents already answered: a linear classifier, calibrated.

When agents answer with a template, each answered message says which template
fit it. An open message like answered ones is likely to need the same
template; Desk suggests it, with a confidence the agent can trust: the share
of past suggestions at that score that were right.

Likeness here is not the clusterer's (near-duplicates, precision first, an
automatic grouping): messages are TF-IDF vectors over word 1–2-grams and
character 3–5-grams of the compared texts (scikit-learn's vectorisers), which
tolerate other words, typos and SMS spellings, and a linear SVM (one template
per class, one-vs-rest) learns from the answered ones which words tell the
templates apart; a suggestion is only ever confirmed by an agent. Its raw score
is the margin between the best template's decision value and the runner-up's.
Templates answered fewer than MIN_EXAMPLES times are learnt together as "none
of the known templates", so an unusual message gets no suggestion rather than
the nearest common one.

It replaced a vote of the ten nearest answered messages (cosine, weighted by
similarity). Measured by replaying labelled mailboxes in date order with every
answer before each block of 100 messages known (``bench/suggest.py``), coverage
at precision 0.98, vote → classifier: demo 2,600 0.651 → 0.675; the second
hand-written set 0.134 → 0.169; CLINC150 0.307 → 0.433; MInDS-14 0.102 → 0.223;
the first hand-written set (140 requests) 0.057 → 0.043, 6 messages covered
instead of 8.
Backing the vote with the templates of a message's own cluster had been tried
and left out (it put impure clusters' errors above every right suggestion).

Calibration (:class:`Calibration`) maps raw scores to the precision of
suggestions at that score or above, as far as the answered messages show it
(each suggested by a classifier trained without it, :func:`cross_scores`; a
lower bound, so few answers claim little), so "0.98" means what it says on
this mailbox.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

# Templates answered fewer times than this are learnt as "none of the known templates".
MIN_EXAMPLES = 2
# The most recent answers of each template learnt from: enough to tell templates apart, few
# enough to keep a computation to seconds. bench/suggest.py, coverage at precision 0.98:
# learning from every answer (no cap, no "none") gave demo 0.679 and CLINC150 0.421 with
# 8 times the fitting time; 300 with a 3-answer minimum gave 0.664 and 0.420.
PER_TEMPLATE = 100
# The class of the templates answered too rarely to be learnt.
NONE = -1
# The calibration's folds: each answered message scored by a classifier trained on the others.
FOLDS = 2

if TYPE_CHECKING:
    from scipy import sparse

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The template suggested for a message, and its raw score (higher is surer)."""

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


def learnable(templates: Sequence[Hashable]) -> set[Hashable]:
    """The templates answered often enough to be learnt (MIN_EXAMPLES times or more)."""
    counts: dict[Hashable, int] = {}
    for template in templates:
        counts[template] = counts.get(template, 0) + 1
    return {template for template, count in counts.items() if count >= MIN_EXAMPLES}


def _training_rows(
    templates: Sequence[Hashable], learnt: set[Hashable]
) -> tuple[IntArray, IntArray, list[Hashable]]:
    """(rows learnt from, their class, the templates by class): see PER_TEMPLATE, MIN_EXAMPLES.

    ``templates`` come most recent first, so the cap keeps the most recent answers.
    """
    known = sorted(learnt & set(templates), key=repr)
    index = {template: number for number, template in enumerate(known)}
    taken: dict[int, int] = {}
    rows: list[int] = []
    labels: list[int] = []
    for row, template in enumerate(templates):
        label = index.get(template, NONE)
        if taken.get(label, 0) < PER_TEMPLATE:
            taken[label] = taken.get(label, 0) + 1
            rows.append(row)
            labels.append(label)
    return np.asarray(rows, np.intp), np.asarray(labels, np.intp), known


def learnt_rows(templates: Sequence[Hashable]) -> list[int]:
    """The rows a :class:`Classifier` learns from (PER_TEMPLATE per template, most recent).

    Only these are worth turning into vectors: on a big mailbox most answers
    are older copies of the same few templates.
    """
    rows, _, _ = _training_rows(templates, learnable(templates))
    return [int(row) for row in rows]


class Classifier:
    """Which template answered messages like these got: a linear SVM over :class:`Space` vectors."""

    def __init__(
        self,
        vectors: sparse.csr_matrix,
        templates: Sequence[Hashable],
        learnt: set[Hashable] | None = None,
    ) -> None:
        """Learn from ``vectors`` (rows) answered with ``templates``, most recent first.

        ``learnt``: the templates learnt as themselves (default :func:`learnable`).
        """
        if learnt is None:
            learnt = learnable(templates)
        rows, labels, self._templates = _training_rows(templates, learnt)
        self._svm = None
        # One template and nothing else teaches nothing about what is not that template.
        if len(set(labels.tolist())) >= 2:
            from sklearn.exceptions import ConvergenceWarning  # noqa: PLC0415  (see Space)
            from sklearn.svm import LinearSVC  # noqa: PLC0415

            with warnings.catch_warnings():
                # Many templates answered twice look like "a regression problem" to
                # scikit-learn's guess at the task, and an SVM stopped before its last
                # digit still ranks templates: neither is news to a user.
                warnings.filterwarnings("ignore", "The number of unique classes", UserWarning)
                warnings.filterwarnings("ignore", category=ConvergenceWarning)
                self._svm = LinearSVC(C=1.0).fit(vectors[rows], labels)

    def suggest(self, queries: sparse.csr_matrix) -> list[Suggestion | None]:
        """A suggestion for each query row; None where no known template stands out."""
        if self._svm is None or queries.shape[0] == 0:
            return [None] * queries.shape[0]
        decision = np.asarray(self._svm.decision_function(queries), np.float64)
        if decision.ndim == 1:  # two classes: one decision value, for the second
            decision = np.stack([-decision, decision], axis=1)
        classes = self._svm.classes_
        order = np.argsort(-decision, axis=1)[:, :2]
        found: list[Suggestion | None] = []
        for values, (best, second) in zip(decision, order, strict=True):
            label = int(classes[best])
            if label == NONE:
                found.append(None)
                continue
            margin = float(values[best] - values[second])
            found.append(Suggestion(self._templates[label], margin))
        return found


def cross_scores(
    vectors: sparse.csr_matrix, templates: Sequence[Hashable]
) -> tuple[list[float], list[bool]]:
    """Each answered message suggested by a classifier trained without it: (scores, right).

    What :class:`Calibration` learns from: how often a suggestion at a given
    score named the template agents actually used. FOLDS classifiers, each
    trained on the other folds' messages (every FOLDS-th message, so each
    fold spans the whole history), learning the templates the whole history
    can teach: a template answered twice is learnt from its one other answer,
    as the full classifier would learn it from two.
    """
    scores: list[float] = []
    correct: list[bool] = []
    learnt = learnable(templates)
    fold = np.arange(len(templates)) % FOLDS
    for held_out in range(FOLDS):
        train = np.flatnonzero(fold != held_out)
        test = np.flatnonzero(fold == held_out)
        if not len(train) or not len(test):
            continue
        model = Classifier(vectors[train], [templates[i] for i in train.tolist()], learnt)
        for row, found in zip(test.tolist(), model.suggest(vectors[test]), strict=True):
            if found is not None:
                scores.append(found.score)
                correct.append(found.template == templates[row])
    return scores, correct


# One-sided 95 % normal quantile: a confidence is the precision we are 95 % sure of.
Z = 1.645


def precision_floor(right: FloatArray, seen: FloatArray) -> FloatArray:
    """Wilson's lower bound on a precision from ``right`` of ``seen`` suggestions."""
    share = right / seen
    spread = Z * np.sqrt(share * (1 - share) / seen + Z * Z / (4 * seen * seen))
    return np.asarray((share + Z * Z / (2 * seen) - spread) / (1 + Z * Z / seen), np.float64)


class Calibration:
    """Raw score → the precision of suggestions at that score or above, as far as it is known.

    Not the precision observed but its lower bound (:func:`precision_floor`):
    ten right suggestions out of ten do not show that 98 % of the next ones
    will be right, a thousand do. A higher score never gets less: the
    suggestions scoring at least s include those scoring at least s' > s, and
    are no more precise than them, so each score takes the best bound of any
    lower score (a suffix maximum).
    """

    def __init__(self, scores: Sequence[float], correct: Sequence[bool]) -> None:
        order = np.argsort(-np.asarray(scores, np.float64), kind="stable")
        self._scores = np.asarray(scores, np.float64)[order]
        right = np.asarray(correct, np.float64)[order]
        if len(right):
            floor = precision_floor(np.cumsum(right), np.arange(1.0, len(right) + 1))
            self._precision = np.maximum.accumulate(floor[::-1])[::-1]
        else:
            self._precision = right

    def __len__(self) -> int:
        return len(self._scores)

    def confidence(self, score: float) -> float:
        """The precision of suggestions scoring ``score`` or more, as far as known (0 unknown)."""
        if not len(self._scores):
            return 0.0
        # Scores are in decreasing order: the last index whose score is >= score.
        at = int(np.searchsorted(-self._scores, -score, side="right")) - 1
        return float(self._precision[max(at, 0)]) if at >= 0 else float(self._precision[0])

    def threshold(self, precision: float) -> float | None:
        """The lowest raw score whose suggestions are known right ``precision`` of the time."""
        ok = np.flatnonzero(self._precision >= precision)
        return float(self._scores[ok.max()]) if len(ok) else None
