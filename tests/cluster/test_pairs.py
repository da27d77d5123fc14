"""Candidate pairs and their scores: near-duplicates are found, extra questions are not merged."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from desk.cluster.features import tokens_of
from desk.cluster.pairs import (
    ANCHORS,
    DISTINCT_BLOCK,
    LONG_LIST,
    MIN_KEPT_SCORE,
    SUBJECT_WEIGHT,
    Extra,
    IntArray,
    PairScores,
    candidate_pairs,
    compare_texts,
    largest_distinct_block,
    prefix_length,
    score_against,
    score_pairs,
)

REQUEST = (
    "mon fils n'arrive pas a se connecter a la plateforme de cours en ligne depuis lundi, "
    "le site indique que son mot de passe est incorrect alors qu'il vient de le reinitialiser."
)
QUESTION = "pouvez-vous aussi m'envoyer le calendrier des examens de fin d'annee ?"


def token_ids(texts: Sequence[str]) -> tuple[list[list[int]], int]:
    """Texts as the index sees them: word ids, and the vocabulary size."""
    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(w, len(vocabulary)) for w in tokens_of(t)] for t in texts]
    return ids, len(vocabulary)


def pair_set(pairs: IntArray | PairScores) -> set[tuple[int, int]]:
    if isinstance(pairs, PairScores):
        return set(zip(pairs.first.tolist(), pairs.second.tolist(), strict=True))
    return {(int(a), int(b)) for a, b in pairs.tolist()}


def all_pairs(count: int) -> IntArray:
    left, right = np.triu_indices(count, k=1)
    return np.stack([left, right], axis=1).astype(np.int64)


def expected_score(body_a: str, body_b: str, subject_a: str, subject_b: str) -> float:
    """The rule score_pairs documents: with a subject on both sides it may raise, never lower."""
    body = fuzz.ratio(body_a, body_b)
    if subject_a and subject_b:
        mixed = (1 - SUBJECT_WEIGHT) * body + SUBJECT_WEIGHT * fuzz.ratio(subject_a, subject_b)
        return max(body, mixed)
    return body


# ------------------------------------------------------------------ largest_distinct_block


def test_equal_texts_have_no_distinct_block() -> None:
    assert largest_distinct_block(REQUEST, REQUEST) == 0
    assert largest_distinct_block("", "") == 0


@pytest.mark.parametrize(
    "other",
    [
        REQUEST.replace("mon fils", "ma fille"),  # another child
        REQUEST.replace("lundi", "mardi"),  # another slot value
        REQUEST.replace("connecter", "conecter").replace("plateforme", "platefrome"),  # typos
        REQUEST.replace("mot de passe", "mot-de-passe"),
    ],
)
def test_a_changed_name_or_typo_is_a_small_block(other: str) -> None:
    assert 0 < largest_distinct_block(REQUEST, other) < DISTINCT_BLOCK // 2
    assert 0 < largest_distinct_block(other, REQUEST) < DISTINCT_BLOCK // 2


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_an_appended_sentence_is_a_distinct_block(where: str) -> None:
    middle = REQUEST.index("le site")
    other = {
        "start": f"{QUESTION} {REQUEST}",
        "middle": f"{REQUEST[:middle]}{QUESTION} {REQUEST[middle:]}",
        "end": f"{REQUEST} {QUESTION}",
    }[where]
    assert largest_distinct_block(REQUEST, other) >= DISTINCT_BLOCK
    assert largest_distinct_block(other, REQUEST) >= DISTINCT_BLOCK


# ------------------------------------------------------------------ candidate_pairs


def test_near_duplicates_sharing_rare_words_are_candidates() -> None:
    texts = [
        REQUEST,
        REQUEST.replace("mon fils", "ma fille").replace("lundi", "mardi"),
        "le colis de livres de cm2 n'est toujours pas arrive a la maison",
        "le colis de livres de ce1 n'est toujours pas arrive a la maison",
        "comment payer les frais d'inscription en trois fois",
    ]
    ids, vocabulary = token_ids(texts)
    found = pair_set(candidate_pairs(ids, vocabulary))
    assert (0, 1) in found
    assert (2, 3) in found
    assert not {p for p in found if 4 in p}  # shares no word with anyone


def test_texts_with_no_shared_word_are_never_paired() -> None:
    texts = [
        "inscription annulee remboursement",
        "tablette bloquee application",
        "calendrier examens juin",
        "colis livres manquants",
    ]
    ids, vocabulary = token_ids(texts)
    assert len(candidate_pairs(ids, vocabulary)) == 0
    assert candidate_pairs([], 0).shape == (0, 2)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, 14), max_size=8, unique=True),
        min_size=0,
        max_size=25,
    )
)
def test_candidates_are_unique_ordered_and_share_a_word(token_lists: list[list[int]]) -> None:
    pairs = candidate_pairs(token_lists, 15)
    assert pairs.ndim == 2 and pairs.shape[1] == 2
    assert pairs.dtype == np.int64
    assert bool(np.all(pairs[:, 0] < pairs[:, 1]))
    assert len(pair_set(pairs)) == len(pairs)
    for a, b in pairs.tolist():
        assert set(token_lists[a]) & set(token_lists[b])
    # Texts with the same words are always candidates (their rarest words are the same).
    found = pair_set(pairs)
    for a, b in combinations(range(len(token_lists)), 2):
        if token_lists[a] and set(token_lists[a]) == set(token_lists[b]):
            assert (a, b) in found


def test_a_long_posting_list_pairs_members_with_anchors_only() -> None:
    count = 3000
    assert count > LONG_LIST
    # Every text has the shared word 0 and a word of its own (which pairs nothing).
    token_lists = [[0, 1 + node] for node in range(count)]
    pairs = candidate_pairs(token_lists, count + 1)
    assert len(pairs) <= ANCHORS * count
    assert len(pairs) < count * (count - 1) // 20  # nowhere near all pairs
    assert len(pair_set(pairs)) == len(pairs)
    # Each pair has an anchor (one of the first ANCHORS members of the list) ...
    assert bool(np.all(pairs[:, 0] < ANCHORS))
    # ... and every member is paired with every anchor, so the centre can take it.
    found = pair_set(pairs)
    for node in (ANCHORS, 1000, count - 1):
        assert all((anchor, node) in found for anchor in range(ANCHORS))


def test_a_short_posting_list_pairs_all_its_members() -> None:
    count = LONG_LIST
    pairs = candidate_pairs([[0, 1 + node] for node in range(count)], count + 1)
    assert len(pairs) == count * (count - 1) // 2


# ------------------------------------------------------------------ score_pairs


def test_only_pairs_scoring_at_least_the_minimum_are_kept() -> None:
    bodies = [
        REQUEST,
        REQUEST.replace("mon fils", "ma fille"),
        "le colis de livres de cm2 n'est toujours pas arrive a la maison",
        "comment payer les frais d'inscription en trois fois",
    ]
    subjects = [""] * len(bodies)
    scored = score_pairs(bodies, subjects, all_pairs(len(bodies))).plain
    assert pair_set(scored) == {(0, 1)}
    assert float(scored.score[0]) == pytest.approx(fuzz.ratio(bodies[0], bodies[1]), abs=1e-3)
    assert bool(np.all(scored.score >= MIN_KEPT_SCORE))
    empty = score_pairs(bodies, subjects, np.empty((0, 2), np.int64))
    assert len(empty.plain) == len(empty.asks_more) == 0


@pytest.mark.parametrize("where", ["start", "end"])
def test_an_appended_question_makes_an_asks_more_pair_not_a_plain_one(where: str) -> None:
    longer = f"{QUESTION} {REQUEST}" if where == "start" else f"{REQUEST} {QUESTION}"
    bodies = [REQUEST, longer, REQUEST.replace("mon fils", "ma fille")]
    assert fuzz.ratio(REQUEST, longer) >= MIN_KEPT_SCORE  # similar enough to be kept...
    scored = score_pairs(bodies, ["connexion"] * 3, all_pairs(3))
    assert pair_set(scored.plain) == {(0, 2)}  # ...but it asks something more:
    asks_more = set(
        zip(scored.asks_more.first.tolist(), scored.asks_more.second.tolist(), strict=True)
    )
    assert asks_more == {(1, 0), (1, 2)}  # the asker first, scored on what they share
    shared = dict(
        zip(scored.asks_more.second.tolist(), scored.asks_more.score.tolist(), strict=True)
    )
    assert shared[0] == pytest.approx(100.0)
    # One text against others agrees, and says which side asks more.
    scores, extra = score_against(longer, "connexion", [REQUEST], ["connexion"])
    assert extra.tolist() == [Extra.FIRST] and float(scores[0]) == pytest.approx(100.0)
    scores, extra = score_against(REQUEST, "connexion", [longer], ["connexion"])
    assert extra.tolist() == [Extra.SECOND]


# Sentences that only give context: they must not split a message from its cluster.
CONTEXT = [
    "mon fils est en cm2 et je travaille a l'hopital, je suis debordee.",
    "j'ai aussi rempli le formulaire de contact, pas de reponse.",
    "we have three children at home and one laptop.",
]
# Sentences that ask something else: the message asks more than its cluster.
MORE = [
    QUESTION,
    "autre question : les notes comptent-elles pour le passage en 5e ?",
    "de plus, mdp perdu. eleve <ref>. merci",
    "et aussi, la page se recharge et mes reponses disparaissent quand je valide.",
    "could you also tell me when the books will be sent?",
]


@pytest.mark.parametrize("context", CONTEXT)
def test_a_sentence_of_context_is_set_aside_and_the_pair_stays_plain(context: str) -> None:
    longer = f"{REQUEST} {context}"
    assert largest_distinct_block(REQUEST, longer) >= DISTINCT_BLOCK  # it used to split them
    compared = compare_texts(longer, REQUEST)
    assert compared.extra is Extra.NONE
    assert compared.first == REQUEST and compared.second == REQUEST
    scored = score_pairs([REQUEST, longer], ["", ""], all_pairs(2))
    assert pair_set(scored.plain) == {(0, 1)} and float(scored.plain.score[0]) == 100.0


@pytest.mark.parametrize("more", MORE)
def test_a_sentence_asking_something_else_is_named(more: str) -> None:
    compared = compare_texts(REQUEST, f"{REQUEST} {more}")
    assert compared.extra is Extra.SECOND
    assert " ".join(compared.asked_by_second).strip() in more
    assert compared.asked_by_first == ()


def test_a_request_changed_by_a_whole_stretch_is_another_request() -> None:
    footer = " societe transports rapides du centre - za des pres - chateauroux standard."
    first = "je voudrais annuler l'inscription de ma fille pour l'an prochain." + footer
    second = "je voudrais recevoir une facture pour mon employeur, merci." + footer
    assert fuzz.ratio(first, second) >= 70
    assert compare_texts(first, second).extra is Extra.BOTH
    scored = score_pairs([first, second], ["", ""], all_pairs(2))
    assert len(scored.plain) == len(scored.asks_more) == 0


def test_what_is_left_after_setting_context_aside_must_be_enough_to_compare() -> None:
    # Two texts that share only a sentence of context are no pair.
    first = "mon fils est en cm2 et je travaille a l'hopital. comment payer en trois fois ?"
    second = "mon fils est en cm2 et je travaille a l'hopital. le colis est-il parti ?"
    scored = score_pairs([first, second], ["", ""], all_pairs(2))
    assert len(scored.plain) == 0


# The subject: max(body, 0.9 × body + 0.1 × subject) when both messages have one, else the body.
BODY = "le colis de livres de cm2 n'est pas arrive a la maison, pouvez-vous verifier l'envoi ?"
BODY_NEAR = "le colis des livres de 6e n'est pas arrive chez nous, pouvez-vous verifier l'envoi ?"


def test_the_subject_can_raise_a_pair_over_the_default_threshold() -> None:
    body_score = fuzz.ratio(BODY, BODY_NEAR)  # ≈ 87: typos, another level, other words
    assert largest_distinct_block(BODY, BODY_NEAR) < DISTINCT_BLOCK
    pair = all_pairs(2)
    same = score_pairs([BODY, BODY_NEAR], ["livres", "livres"], pair).plain
    assert float(same.score[0]) == pytest.approx(0.9 * body_score + 10, abs=1e-3)
    assert float(same.score[0]) > body_score
    # Without a subject on both sides, the body decides alone.
    for subjects in (["livres", ""], ["", ""], ["livres", "inscription"]):
        alone = score_pairs([BODY, BODY_NEAR], subjects, pair).plain
        assert float(alone.score[0]) == pytest.approx(body_score, abs=1e-3)


def test_the_subject_never_lowers_a_pair() -> None:
    # People pick other subjects for the same request ("Question", "Urgent"): that must
    # not push near-duplicate bodies apart.
    other = REQUEST.replace("mon fils", "ma fille")
    body_score = fuzz.ratio(REQUEST, other)
    pair = all_pairs(2)
    alike = score_pairs([REQUEST, other], ["connexion", "connexion"], pair).plain
    unlike = score_pairs([REQUEST, other], ["connexion", "examens"], pair).plain
    alone = score_pairs([REQUEST, other], ["connexion", ""], pair).plain
    assert float(alone.score[0]) == pytest.approx(body_score, abs=1e-3)
    assert float(alike.score[0]) > body_score
    assert float(unlike.score[0]) == pytest.approx(body_score, abs=1e-3)


WORDS = [
    *("mon", "fils", "fille", "n'arrive", "pas", "a", "se", "connecter", "plateforme", "cours"),
    *("colis", "livres", "cm2", "ce1", "inscription", "examen", "calendrier", "tablette"),
    *("mot", "de", "passe", "refuse", "depuis", "lundi", "mardi"),
]


@st.composite
def variants(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """A few texts written from one or two bases, with words swapped, dropped or added."""
    bases = draw(
        st.lists(st.lists(st.sampled_from(WORDS), min_size=4, max_size=14), min_size=1, max_size=2)
    )
    bodies: list[str] = []
    for _ in range(draw(st.integers(2, 7))):
        words = list(draw(st.sampled_from(bases)))
        for _ in range(draw(st.integers(0, 3))):
            index = draw(st.integers(0, len(words) - 1))
            edit = draw(st.sampled_from(("swap", "drop", "add")))
            if edit == "swap":
                words[index] = draw(st.sampled_from(WORDS))
            elif edit == "drop" and len(words) > 1:
                del words[index]
            else:
                words.insert(index, draw(st.sampled_from(WORDS)))
        bodies.append(" ".join(words))
    subjects = [
        draw(st.sampled_from(("", "connexion", "connexion impossible", "livres"))) for _ in bodies
    ]
    return bodies, subjects


@settings(max_examples=150, deadline=None)
@given(variants())
def test_score_pairs_agrees_with_brute_force_ratio(texts: tuple[list[str], list[str]]) -> None:
    bodies, subjects = texts
    scored = score_pairs(bodies, subjects, all_pairs(len(bodies))).plain
    kept = {
        (a, b): float(s)
        for a, b, s in zip(
            scored.first.tolist(), scored.second.tolist(), scored.score.tolist(), strict=True
        )
    }
    for (a, b), value in kept.items():
        if largest_distinct_block(bodies[a], bodies[b]) >= DISTINCT_BLOCK:
            continue  # scored without what one of them adds (tested above)
        expected = expected_score(bodies[a], bodies[b], subjects[a], subjects[b])
        assert value == pytest.approx(expected, abs=1e-3)
        assert value >= MIN_KEPT_SCORE
        # One message scored against others gives the same number.
        against, extra = score_against(bodies[a], subjects[a], [bodies[b]], [subjects[b]])
        assert float(against[0]) == pytest.approx(value, abs=1e-3)
        assert extra.tolist() == [Extra.NONE]
    for a, b in combinations(range(len(bodies)), 2):
        expected = expected_score(bodies[a], bodies[b], subjects[a], subjects[b])
        if expected < MIN_KEPT_SCORE - 1e-3:
            assert (a, b) not in kept
        elif (
            expected >= MIN_KEPT_SCORE + 1e-3
            and largest_distinct_block(bodies[a], bodies[b]) < DISTINCT_BLOCK
        ):
            assert (a, b) in kept


def test_pair_scores_concat_and_empty() -> None:
    empty = PairScores.empty()
    assert len(empty) == 0
    one = PairScores(np.array([0]), np.array([1]), np.array([90.0], np.float32))
    both = empty.concat(one).concat(PairScores(np.array([1]), np.array([2]), np.array([70.0])))
    assert len(both) == 2
    assert both.first.tolist() == [0, 1] and both.second.tolist() == [1, 2]


def test_same_request_with_two_different_second_questions_is_not_a_pair() -> None:
    # A + B1 and A + B2 start alike and have the same length: only the alignment tells
    # that they end with different questions, so they must not be near-duplicates.
    start = (
        "je vous ecris car je tourne en rond. vendredi, j'ai inscrit mon fils en 6e sur "
        "votre plateforme, comme l'a demande son college. "
    )
    first = start + "autre question : paiement en trois fois possible ?"
    second = start + "autre question : le bac est-il maintenu cette annee ?"
    assert fuzz.ratio(first, second) >= 80
    scored = score_pairs([first, second], ["", ""], all_pairs(2))
    assert len(scored.plain) == len(scored.asks_more) == 0
    assert score_against(first, "", [second], [""])[0].tolist() == [0.0]


def reference_candidates(token_ids: list[list[int]]) -> set[tuple[int, int]]:
    """Prefix filtering written the plain way, text by text: the specification."""
    frequency: dict[int, int] = {}
    for ids in token_ids:
        for token in ids:
            frequency[token] = frequency.get(token, 0) + 1
    postings: dict[int, list[int]] = {}
    for node, ids in enumerate(token_ids):
        shared = sorted((t for t in ids if frequency[t] > 1), key=lambda t: (frequency[t], t))
        for token in shared[: prefix_length(len(shared))]:
            postings.setdefault(token, []).append(node)
    found: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) <= LONG_LIST:
            found.update(combinations(members, 2))
        else:
            anchors = members[:ANCHORS]
            found.update((min(a, m), max(a, m)) for a in anchors for m in members if a != m)
    return found


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), max_size=15, unique=True), min_size=0, max_size=60))
def test_vectorised_candidates_match_the_plain_definition(token_ids: list[list[int]]) -> None:
    assert pair_set_of(candidate_pairs(token_ids, 41)) == reference_candidates(token_ids)


def test_vectorised_candidates_match_the_plain_definition_with_long_lists() -> None:
    rng = np.random.default_rng(5)
    token_ids = [
        sorted({0, *rng.choice(np.arange(1, 300), size=8, replace=False).tolist()})
        for _ in range(LONG_LIST + 150)
    ]
    assert pair_set_of(candidate_pairs(token_ids, 300)) == reference_candidates(token_ids)


def pair_set_of(pairs: IntArray) -> set[tuple[int, int]]:
    return {(int(a), int(b)) for a, b in pairs.tolist()}


def test_a_marker_before_the_shared_request_makes_what_precedes_it_another_request() -> None:
    # "<problem without a question>\nbesides, <the cluster's request>": the first line is
    # a request of its own, however it is phrased.
    shared = "are the june exams still on or cancelled because of covid?"
    longer = (
        "my card keeps getting declined on your payment page although it works everywhere "
        f"else.\nbesides, {shared}"
    )
    compared = compare_texts(longer, shared)
    assert compared.extra is Extra.FIRST
    assert compared.asked_by_first[0].startswith("my card keeps getting declined")


def test_two_messages_sharing_their_second_request_only_are_no_pair() -> None:
    second = (
        "autre question : j'ai cree le compte hier soir et je n'ai toujours pas recu le mail "
        "d'activation. j'ai regarde dans les spams, rien."
    )
    first = f"colis toujours pas arrive, dossier n° <ref>\n{second}"
    other = (
        "dans l'onglet classes virtuelles, la liste est vide, alors que l'emploi du temps en "
        f"prevoit trois par semaine.\n{second}"
    )
    assert compare_texts(first, other).extra is Extra.BOTH
    scored = score_pairs([first, other], ["", ""], all_pairs(2))
    assert len(scored.plain) == len(scored.asks_more) == 0


def test_lengths_in_slices_are_the_lengths(monkeypatch: pytest.MonkeyPatch) -> None:
    """Measured a slice at a time (so a worker hands the GIL back), across slice edges."""
    from desk.cluster import pairs

    monkeypatch.setattr(pairs, "LENGTH_SLICE", 3)
    texts = ["", "a", "ab", "abc", "ééé", "x" * 10, "yz"]
    assert pairs._lengths(texts).tolist() == [len(t) for t in texts]
    assert pairs._lengths([]).tolist() == []
