"""Suggestions from answered messages: the nearest vote, calibrated on the answers themselves."""

from __future__ import annotations

import numpy as np
import pytest

from desk.cluster.suggest import NEIGHBOURS, Calibration, Space, leave_one_out, suggest, vote

PASSWORD = [
    "mon fils ne peut plus se connecter, le mot de passe est refuse",
    "le mot de passe de ma fille est refuse depuis lundi, elle ne peut plus se connecter",
    "mot de passe refuse pour mon fils, impossible de se connecter a son espace",
    "my son's password is refused and he cannot log in any more",
]
BOOKS = [
    "les livres de cm2 ne sont toujours pas arrives, le colis est en retard",
    "toujours pas recu le colis de livres pour ma fille en 6e",
    "le colis des livres n'est pas arrive, pouvez-vous verifier l'envoi",
]


def test_the_nearest_answers_vote_for_their_template() -> None:
    texts = [*PASSWORD, *BOOKS]
    templates = ["password"] * len(PASSWORD) + ["books"] * len(BOOKS)
    space = Space(texts)
    answered = space.vectors(texts)
    queries = space.vectors(
        ["mon mot de passe est refuse, je ne peux plus me connecter", "colis de livres en retard"]
    )
    found = suggest(queries, answered, templates)
    assert [s.template if s else None for s in found] == ["password", "books"]
    assert all(s is not None and 0 < s.score <= 1 for s in found)


def test_nothing_similar_means_no_suggestion() -> None:
    assert vote(np.zeros(5), ["a"] * 5) is None
    assert vote(np.zeros(0), []) is None


def test_a_close_unanimous_vote_scores_higher_than_a_split_one() -> None:
    unanimous = vote(np.array([0.9, 0.8, 0.7]), ["a", "a", "a"])
    split = vote(np.array([0.9, 0.85, 0.7]), ["a", "b", "a"])
    assert unanimous is not None and split is not None
    assert unanimous.template == split.template == "a"
    assert unanimous.score > split.score


def test_only_the_nearest_vote() -> None:
    # Many far answers for "b" do not outvote the close ones for "a".
    similarities = np.array([0.9] * 3 + [0.2] * 50)
    templates = ["a"] * 3 + ["b"] * 50
    found = vote(similarities, templates)
    assert found is not None and found.template == "a"
    assert NEIGHBOURS < 53


def test_calibration_gives_the_precision_seen_at_or_above_a_score() -> None:
    calibration = Calibration([0.9, 0.8, 0.7, 0.6, 0.5], [True, True, False, True, False])
    assert calibration.confidence(0.95) == 1.0
    assert calibration.confidence(0.8) == 1.0
    assert calibration.confidence(0.7) == pytest.approx(2 / 3)
    assert calibration.confidence(0.1) == pytest.approx(3 / 5)
    assert calibration.threshold(1.0) == 0.8
    # 3 right of the top 4 (0.75), but 2 of the top 3 already: never claimed above 2/3.
    assert calibration.confidence(0.6) == pytest.approx(2 / 3)
    assert calibration.threshold(0.7) == 0.8
    assert calibration.threshold(0.6) == 0.5
    assert Calibration([], []).confidence(0.5) == 0.0


def test_leave_one_out_learns_from_the_answers_themselves() -> None:
    texts = [*PASSWORD, *BOOKS]
    templates = ["password"] * len(PASSWORD) + ["books"] * len(BOOKS)
    scores, correct = leave_one_out(Space(texts).vectors(texts), templates)
    assert len(scores) == len(texts)
    assert sum(correct) >= len(texts) - 1  # the English message may find no French twin
    calibration = Calibration(scores, correct)
    assert calibration.confidence(max(scores)) == 1.0
