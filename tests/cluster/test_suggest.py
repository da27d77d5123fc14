"""Suggestions from answered messages: a linear classifier, calibrated on the answers themselves."""

from __future__ import annotations

import pytest

from desk.cluster.suggest import (
    MIN_EXAMPLES,
    PER_TEMPLATE,
    Calibration,
    Classifier,
    Space,
    cross_scores,
    learnt_rows,
)

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


def _learnt(texts: list[str], templates: list[str]) -> tuple[Space, Classifier]:
    space = Space(texts)
    return space, Classifier(space.vectors(texts), templates)


def test_answered_messages_teach_their_template() -> None:
    texts = [*PASSWORD, *BOOKS]
    space, classifier = _learnt(texts, ["password"] * len(PASSWORD) + ["books"] * len(BOOKS))
    found = classifier.suggest(
        space.vectors(
            [
                "mon mot de passe est refuse, je ne peux plus me connecter",
                "colis de livres en retard",
            ]
        )
    )
    assert [s.template if s else None for s in found] == ["password", "books"]
    assert all(s is not None and s.score > 0 for s in found)


def test_a_clear_message_scores_higher_than_one_between_two_templates() -> None:
    texts = [*PASSWORD, *BOOKS]
    space, classifier = _learnt(texts, ["password"] * len(PASSWORD) + ["books"] * len(BOOKS))
    clear, torn = classifier.suggest(
        space.vectors(
            [
                "le mot de passe de mon fils est refuse, il ne peut plus se connecter",
                "le colis de livres est en retard et le mot de passe est refuse",
            ]
        )
    )
    assert clear is not None and torn is not None
    assert clear.score > torn.score


def test_one_template_alone_suggests_nothing() -> None:
    # Nothing says what is *not* that template: every message would get it.
    space, classifier = _learnt(PASSWORD, ["password"] * len(PASSWORD))
    assert classifier.suggest(space.vectors(["colis de livres en retard"])) == [None]


def test_a_template_answered_once_is_never_suggested() -> None:
    # Learnt as "none of the known templates": a message like it gets no suggestion.
    texts = [*PASSWORD, *BOOKS, "je voudrais un certificat de scolarite pour la caf"]
    templates = ["password"] * len(PASSWORD) + ["books"] * len(BOOKS) + ["certificate"]
    assert MIN_EXAMPLES > 1
    space, classifier = _learnt(texts, templates)
    [found] = classifier.suggest(space.vectors(["un certificat de scolarite pour la caf svp"]))
    assert found is None or found.template != "certificate"


def test_only_the_most_recent_answers_of_a_template_are_learnt() -> None:
    # Most recent first: an old habit beyond PER_TEMPLATE answers is forgotten.
    recent = ["password"] * PER_TEMPLATE + ["books"] * len(BOOKS)
    texts = [PASSWORD[i % len(PASSWORD)] for i in range(PER_TEMPLATE)] + BOOKS
    old = ["books"] * 5
    space, classifier = _learnt([*texts, *PASSWORD[:1] * 5], recent + old)
    [found] = classifier.suggest(space.vectors([PASSWORD[0]]))
    assert found is not None and found.template == "password"


def test_calibration_gives_the_precision_known_at_or_above_a_score() -> None:
    # 400 right above 0.5, then 100 suggestions of which half are wrong.
    scores = [1.0 - i / 1000 for i in range(400)] + [0.5 - i / 1000 for i in range(100)]
    correct = [True] * 400 + [i % 2 == 0 for i in range(100)]
    calibration = Calibration(scores, correct)
    top = calibration.confidence(0.9)
    assert 0.99 < top < 1.0  # 400 of 400: very sure, never certain
    assert calibration.confidence(0.45) < 0.97  # 450 of 500 right, about 0.9
    assert calibration.confidence(0.0) == pytest.approx(0.9, abs=0.03)
    # A higher score never gets less.
    values = [calibration.confidence(s) for s in sorted(scores)]
    assert values == sorted(values)
    assert calibration.threshold(0.99) is not None and calibration.threshold(0.99) >= 0.5
    assert calibration.threshold(0.999) is None
    assert Calibration([], []).confidence(0.5) == 0.0


def test_a_few_right_suggestions_do_not_make_a_high_confidence() -> None:
    assert Calibration([0.9, 0.8, 0.7], [True] * 3).confidence(0.9) < 0.6
    assert Calibration([0.9] * 200, [True] * 200).confidence(0.9) > 0.98


def test_only_the_rows_learnt_from_are_worth_vectorising() -> None:
    # Most recent first: the first PER_TEMPLATE of a template, and every rare answer
    # (up to PER_TEMPLATE of them, as "none of the known").
    templates = ["a"] * (PER_TEMPLATE + 5) + ["b", "b", "once", "again"]
    rows = learnt_rows(templates)
    assert rows == [*range(PER_TEMPLATE), *range(PER_TEMPLATE + 5, PER_TEMPLATE + 9)]


def test_cross_scores_learn_from_the_answers_themselves() -> None:
    texts = [*PASSWORD, *BOOKS] * 2
    templates = (["password"] * len(PASSWORD) + ["books"] * len(BOOKS)) * 2
    scores, correct = cross_scores(Space(texts).vectors(texts), templates)
    assert len(scores) == len(texts)
    assert sum(correct) >= len(texts) - 2
    assert Calibration(scores, correct).confidence(max(scores)) > 0.5
