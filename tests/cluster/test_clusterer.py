"""The clusterer end to end: precise on the demo mailbox, in batches, one by one and regrouped."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from desk.cluster.clusterer import (
    DEFAULT_THRESHOLD,
    Clusterer,
    Mail,
    Prepared,
    check_threshold,
    prepare,
)
from desk.cluster.features import Source
from desk.cluster.metrics import Scores, load_labels, score
from desk.cluster.nonrequest import Kind
from desk.cluster.pairs import SUBJECT_WEIGHT
from desk.demo.generator import generate_mailbox
from desk.demo.intents import INTENTS
from desk.demo.phrases import FIRST_NAMES, LAST_NAMES
from desk.mail.parse import parse_message

NEAR_MISS = [(i.key, i.near_miss_of) for i in INTENTS if i.near_miss_of]

REQUEST_A = (
    "Bonjour, mon fils est en 4e et il n'arrive pas à se connecter à la plateforme de cours en "
    "ligne depuis lundi : le site indique que son mot de passe est incorrect alors qu'il vient "
    "de le réinitialiser. Pouvez-vous nous aider ?"
)
REQUEST_B = "Pouvez-vous me dire quand les livres de CM2 seront envoyés ?"
CHASER = "toujours pas de réponse ?"


@dataclass(frozen=True)
class Demo:
    prepared: list[Prepared]
    gold: dict[str, str]
    base: dict[str, str]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """A labelled demo mailbox of 600 messages, parsed and prepared once."""
    root: Path = tmp_path_factory.mktemp("demo")
    generate_mailbox(root, size=600, seed=3)
    labels = load_labels(root / "labels.jsonl")
    prepared = []
    for row in labels:
        message = parse_message((root / "Maildir" / str(row["file"])).read_bytes())
        mail = Mail(
            key=str(row["file"]),
            subject=message.subject,
            text=message.text,
            from_name=message.from_name,
            from_addr=message.from_addr,
            is_auto=message.is_auto,
            message_id=message.message_id_header,
            in_reply_to=message.in_reply_to,
        )
        prepared.append(prepare(mail))
    gold = {str(r["file"]): str(r["intent"]) for r in labels}
    base = {str(r["file"]): str(r["base_id"]) for r in labels}
    return Demo(prepared, gold, base)


def assignments(clusterer: Clusterer) -> dict[str, str]:
    return {str(k): str(v) for k, v in clusterer.assignments().items()}


def as_answered(clusterer: Clusterer) -> dict[str, str]:
    """Clusters as the cluster's reply answers them: a member flagged "asks more" is left out."""
    return {
        str(k): (f"asks more {k}" if clusterer.asks_more(k) else str(v))
        for k, v in clusterer.assignments().items()
    }


def quality(clusterer: Clusterer, demo: Demo) -> Scores:
    return score(as_answered(clusterer), demo.gold, reference=demo.base, near_miss_pairs=NEAR_MISS)


def batch(items: Iterable[Prepared], threshold: float = DEFAULT_THRESHOLD) -> Clusterer:
    clusterer = Clusterer(threshold)
    clusterer.add_batch(items)
    return clusterer


def groups(found: Mapping[Hashable, Hashable]) -> list[set[Hashable]]:
    members: defaultdict[Hashable, set[Hashable]] = defaultdict(set)
    for key, cluster in found.items():
        members[cluster].add(key)
    return list(members.values())


def mail(
    key: str,
    text: str,
    subject: str = "connexion",
    *,
    from_name: str = "",
    from_addr: str = "",
    is_auto: bool = False,
    message_id: str | None = None,
    in_reply_to: str | None = None,
) -> Prepared:
    return prepare(Mail(key, subject, text, from_name, from_addr, is_auto, message_id, in_reply_to))


# ------------------------------------------------------------------ the demo mailbox


@pytest.fixture(scope="module")
def batch_scores(demo: Demo) -> Scores:
    return quality(batch(demo.prepared), demo)


def test_batch_clustering_is_precise_on_the_demo(batch_scores: Scores) -> None:
    assert batch_scores.near_miss_mixed == 0
    assert batch_scores.bcubed_precision >= 0.99
    # And it does cluster: most of what an ideal near-duplicate detector would save.
    assert batch_scores.actions_saved >= 0.5 * batch_scores.ideal_actions_saved


def test_non_requests_never_share_a_cluster_with_requests(demo: Demo) -> None:
    clusterer = batch(demo.prepared)
    for members in groups(clusterer.assignments()):
        kinds = {clusterer.kind_of(key) for key in members}
        assert len(kinds) == 1, f"cluster mixes {kinds}: {sorted(map(str, members))[:5]}"
    assert {clusterer.kind_of(p.key) for p in demo.prepared} >= {Kind.REQUEST, Kind.SPAM}


def test_one_by_one_after_a_half_batch_is_as_precise(demo: Demo, batch_scores: Scores) -> None:
    half = len(demo.prepared) // 2
    clusterer = batch(demo.prepared[:half])
    for item in demo.prepared[half:]:
        clusterer.add(item)
    assert len(clusterer) == len(demo.prepared)
    found = quality(clusterer, demo)
    assert found.near_miss_mixed == 0
    assert found.impure_clusters <= batch_scores.impure_clusters
    assert found.bcubed_precision >= batch_scores.bcubed_precision - 1e-9
    assert found.actions_saved >= 0.5 * found.ideal_actions_saved


def test_regroup_higher_splits_and_back_restores(demo: Demo) -> None:
    clusterer = batch(demo.prepared)
    before = assignments(clusterer)
    previous = quality(clusterer, demo)
    for threshold in (90.0, 95.0, 100.0):
        clusterer.regroup(threshold)
        assert clusterer.threshold == threshold
        now = quality(clusterer, demo)
        assert now.clusters >= previous.clusters
        assert now.clusters - now.impure_clusters >= previous.clusters - previous.impure_clusters
        previous = now
    clusterer.regroup(DEFAULT_THRESHOLD)
    assert assignments(clusterer) == before


def test_near_miss_bases_never_share_a_cluster() -> None:
    """Every French base of each near-miss pair, twice with different names: kept apart."""
    by_key = {i.key: i for i in INTENTS}
    slots = {"level": "4e", "ref": "EL-2020-123456", "date": "16 mars", "course": "français",
             "email": "x@example.org", "phone": "06 12 34 56 78", "city": "Lyon"}  # fmt: skip
    items: list[Prepared] = []
    intent_of: dict[str, str] = {}
    for key in sorted({key for pair in NEAR_MISS for key in pair}):
        for index, base in enumerate(by_key[key].bases_fr):
            for child in ("Lucas", "Emma"):
                name = f"{key}/{index}/{child}"
                items.append(mail(name, base.format_map({**slots, "child": child}), ""))
                intent_of[name] = key
    clusterer = batch(items)
    found = {str(k): str(v) for k, v in clusterer.assignments().items()}
    result = score(found, intent_of, near_miss_pairs=NEAR_MISS)
    assert result.near_miss_mixed == 0
    assert result.impure_clusters == 0
    assert result.actions_saved > 0  # the two copies of a base do cluster


# ------------------------------------------------------------------ thresholds and keys


@pytest.mark.parametrize("bad", [59.0, 101.0, math.nan, -1.0, math.inf])
def test_check_threshold_rejects_what_is_not_a_similarity(bad: float) -> None:
    with pytest.raises(ValueError, match=r"between 60 and 100 \(percent\), not"):
        check_threshold(bad)
    with pytest.raises(ValueError, match="between 60 and 100"):
        Clusterer(bad)


def test_check_threshold_accepts_the_bounds() -> None:
    assert check_threshold(60) == 60
    assert check_threshold(100.0) == 100.0
    assert check_threshold(85.5) == 85.5


def test_a_rejected_regroup_keeps_the_threshold() -> None:
    clusterer = batch([mail("a", REQUEST_A)])
    with pytest.raises(ValueError, match="not nan"):
        clusterer.regroup(math.nan)
    assert clusterer.threshold == DEFAULT_THRESHOLD


def test_adding_the_same_key_twice_is_refused() -> None:
    clusterer = batch([mail("a", REQUEST_A)])
    with pytest.raises(ValueError, match="'a' was already clustered"):
        clusterer.add(mail("a", REQUEST_B))
    with pytest.raises(ValueError, match="already clustered"):
        clusterer.add_batch([mail("b", REQUEST_B), mail("b", REQUEST_B)])
    with pytest.raises(ValueError, match="already clustered"):
        Clusterer().add_batch([mail("c", ""), mail("c", "")])  # messages left alone too


# ------------------------------------------------------------------ surges


def test_five_thousand_identical_messages_are_one_cluster_of_one_node() -> None:
    items = [mail(f"m{i}", REQUEST_A) for i in range(5000)]
    clusterer = batch(items)
    assert len(set(clusterer.assignments().values())) == 1
    assert clusterer.pair_count() == 0  # one node: nothing to compare
    assert clusterer.add(mail("late", REQUEST_A)) == clusterer.cluster_of("m0")


def test_messages_differing_by_name_and_account_number_are_one_cluster() -> None:
    rng = random.Random(7)
    items = []
    for index in range(5000):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        text = (
            f"Bonjour, je suis {name}, mon numéro est {rng.randrange(10**6, 10**7)}, "
            "je n'ai pas reçu mes livres de CM2"
        )
        items.append(mail(f"m{index}", text, "livres CM2", from_name=name))
    clusterer = batch(items)
    assert len(set(clusterer.assignments().values())) == 1


# ------------------------------------------------------------------ two questions


def _variants() -> list[Prepared]:
    """Request A three times, by different people: one cluster."""
    texts = [
        REQUEST_A,
        REQUEST_A.replace("mon fils", "ma fille").replace("il n'arrive", "elle n'arrive"),
        REQUEST_A.replace("lundi", "mardi"),
    ]
    return [
        mail(f"a{i}", text, message_id=f"<a{i}@example.org>") for i, text in enumerate(texts, 1)
    ]


TWO_QUESTIONS = f"{REQUEST_A}\n\nAutre question : {REQUEST_B}"


def test_the_two_question_message_would_pass_the_threshold_on_score_alone() -> None:
    # What makes the next two tests able to fail: by score, it is close enough to A.
    body_a = prepare(Mail("a", "connexion", REQUEST_A)).features.body
    body_ab = prepare(Mail("ab", "connexion", TWO_QUESTIONS)).features.body
    assert (1 - SUBJECT_WEIGHT) * fuzz.ratio(body_a, body_ab) + 100 * SUBJECT_WEIGHT >= (
        DEFAULT_THRESHOLD
    )


def _joined_as_asking_more(clusterer: Clusterer) -> None:
    """ "ab" is in A's cluster, flagged with its second question; A's own members are not."""
    assert clusterer.cluster_of("ab") == clusterer.cluster_of("a1")
    asked = clusterer.asks_more("ab")
    assert asked is not None
    assert "livres de cm2" in " ".join(asked)
    assert "mot de passe" not in " ".join(asked)
    assert all(clusterer.asks_more(f"a{i}") is None for i in (1, 2, 3))


def test_a_message_asking_two_things_joins_a_flagged_as_asking_more_in_a_batch() -> None:
    clusterer = batch([*_variants(), mail("ab", TWO_QUESTIONS)])
    assert clusterer.cluster_of("a2") == clusterer.cluster_of("a1")
    _joined_as_asking_more(clusterer)


def test_a_message_asking_two_things_joins_a_flagged_as_asking_more_one_by_one() -> None:
    clusterer = batch(_variants())
    clusterer.add(mail("ab", TWO_QUESTIONS))
    _joined_as_asking_more(clusterer)
    clusterer.regroup(DEFAULT_THRESHOLD)  # from the kept pair scores
    _joined_as_asking_more(clusterer)


def test_a_message_asking_more_never_gathers_others() -> None:
    # Two messages asking A and B, alone: neither becomes a centre the other joins through
    # B, and a lone message asking only B does not join them.
    clusterer = batch(
        [
            *_variants(),
            mail("ab", TWO_QUESTIONS),
            mail("ab2", TWO_QUESTIONS.replace("mon fils", "ma fille")),
            mail("b", REQUEST_B),
        ]
    )
    assert clusterer.cluster_of("b") not in {clusterer.cluster_of("a1"), clusterer.cluster_of("ab")}
    # The two alike A+B messages are plain near-duplicates of each other: their own cluster.
    assert clusterer.cluster_of("ab") == clusterer.cluster_of("ab2")
    assert clusterer.asks_more("ab") is None


def test_a_sentence_of_context_does_not_split_a_message_from_its_cluster() -> None:
    context = (
        "Je suis aide-soignante, je travaille de nuit cette semaine et mon mari aussi. "
        "J'ai aussi rempli le formulaire de contact, pas de réponse."
    )
    clusterer = batch([*_variants(), mail("ctx", f"{REQUEST_A}\n\n{context}")])
    assert clusterer.cluster_of("ctx") == clusterer.cluster_of("a1")
    assert clusterer.asks_more("ctx") is None


# ------------------------------------------------------------------ follow-ups and generic messages


def test_a_generic_follow_up_in_a_thread_joins_the_cluster_it_replies_to() -> None:
    follow_up = mail("f", CHASER, "Re: connexion", in_reply_to="<a2@example.org>")
    assert follow_up.features.source is Source.NONE
    clusterer = batch([*_variants(), follow_up])
    assert clusterer.cluster_of("a2") == clusterer.cluster_of("a1")
    assert clusterer.cluster_of("f") == clusterer.cluster_of("a1")
    # One by one too, and a follow-up of the follow-up.
    again = mail(
        "g", "Relance", "Re: connexion", message_id="<g@x>", in_reply_to="<a2@example.org>"
    )
    assert clusterer.add(again) == clusterer.cluster_of("a1")
    deeper = mail("h", CHASER, "Re: Re: connexion", in_reply_to="<g@x>")
    assert clusterer.add(deeper) == clusterer.cluster_of("a1")


def test_a_follow_up_listed_before_its_original_in_a_batch_still_joins_it() -> None:
    original = mail("r", REQUEST_A, message_id="<r@example.org>")
    follow_up = mail("f", CHASER, "Re: connexion", in_reply_to="<r@example.org>")
    clusterer = batch([follow_up, original])
    assert clusterer.cluster_of("f") == clusterer.cluster_of("r")


def test_a_generic_follow_up_quoting_the_request_joins_its_cluster() -> None:
    quoted = "\n".join(f"> {line}" for line in REQUEST_A.split("\n"))
    text = f"{CHASER}\n\nLe lun. 16 mars 2020 à 08:12, Camille <c@x.fr> a écrit :\n{quoted}"
    clusterer = batch([*_variants(), mail("f", text, "Re: connexion")])
    assert clusterer.prepared("f").features.source is Source.QUOTED
    assert clusterer.cluster_of("f") == clusterer.cluster_of("a1")


def test_identical_generic_chasers_without_quote_or_thread_stay_alone() -> None:
    chasers = [mail(f"c{i}", CHASER, "Relance") for i in range(50)]
    unknown = [mail(f"u{i}", CHASER, "Relance", in_reply_to=f"<unknown{i}@x>") for i in range(5)]
    clusterer = batch([*_variants(), *chasers, *unknown])
    for item in (*chasers, *unknown):
        assert clusterer.cluster_of(item.key) == item.key
    # One by one: the same.
    one_by_one = batch(_variants())
    for item in chasers:
        assert one_by_one.add(item) == item.key


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_bodies_stay_alone(text: str) -> None:
    items = [mail(f"e{i}", text, "Inscription") for i in range(20)]
    clusterer = batch([*_variants(), *items])
    for item in items:
        assert item.features.source is Source.NONE
        assert clusterer.cluster_of(item.key) == item.key
        assert clusterer.kind_of(item.key) is Kind.REQUEST


@pytest.mark.parametrize(
    "history",
    [
        "\n".join(f"> {line}" for line in REQUEST_A.split("\n")),
        "-----Message d'origine-----\nDe : Camille Martin <c@x.fr>\nEnvoyé : lundi 16 mars 2020 "
        f"08:12\nÀ : contact@example-edu.fr\nObjet : connexion\n\n{REQUEST_A}",
        f"Le lun. 16 mars 2020 à 08:12, Camille <c@x.fr> a écrit :\n> {REQUEST_A}",
    ],
)
def test_a_message_that_is_only_quoted_history_joins_what_it_quotes(history: str) -> None:
    clusterer = batch([*_variants(), mail("q", history, "TR: connexion")])
    assert clusterer.prepared("q").features.source is Source.QUOTED
    assert clusterer.cluster_of("q") == clusterer.cluster_of("a1")


def test_non_requests_are_clustered_among_themselves_only() -> None:
    # The same words as an auto-reply and as a request: one is compared with the other never.
    text = "Je suis absente jusqu'au 30 mars, je lirai les devoirs de ma fille à mon retour."
    items = [
        *(mail(f"auto{i}", text, "Réponse automatique : devoirs", is_auto=True) for i in range(3)),
        mail("r1", text, "devoirs"),
        mail("r2", text.replace("30 mars", "2 avril"), "devoirs"),
    ]
    clusterer = batch(items)
    assert clusterer.kind_of("auto0") is Kind.AUTO_REPLY
    assert clusterer.kind_of("r1") is Kind.REQUEST
    assert clusterer.cluster_of("auto2") == clusterer.cluster_of("auto0")
    assert clusterer.cluster_of("r2") == clusterer.cluster_of("r1")
    assert clusterer.cluster_of("r1") != clusterer.cluster_of("auto0")
    late = mail("auto3", text, "Réponse automatique : devoirs", is_auto=True)
    assert clusterer.add(late) == clusterer.cluster_of("auto0")


def test_a_generic_auto_reply_in_a_thread_does_not_join_the_request() -> None:
    request = mail("r", REQUEST_A, message_id="<r@example.org>")
    auto = mail(
        "auto",
        "Merci pour votre message.",
        "Réponse automatique : connexion",
        is_auto=True,
        in_reply_to="<r@example.org>",
    )
    assert auto.kind is Kind.AUTO_REPLY
    clusterer = batch([request, auto])
    assert clusterer.cluster_of("auto") != clusterer.cluster_of("r")


# ------------------------------------------------------------------ boilerplate


FORM = (
    "Nouveau message depuis le formulaire de contact\n"
    "Nom : {last}\nPrénom : {first}\nEmail : {email}\nProfil : Parent\n"
    "Objet : demande\nMessage :\n{message}\n\n---\n"
    "Ce message a été envoyé depuis https://www.example-edu.fr/contact\n"
)
SHORT_REQUESTS = [
    "Inscription annulée ?",
    "Livres pas reçus.",
    "Mot de passe perdu.",
    "Facture svp.",
    "Date du brevet ?",
    "Lien visio ?",
    "Certificat de scolarité svp.",
    "Remboursement ?",
]


def test_the_web_form_wrapper_does_not_glue_short_requests() -> None:
    # The wrapper is ten times longer than each request: on raw text every pair would
    # score above the threshold. Its fields are removed, so only the requests compare.
    items = [
        mail(
            f"form-{i}",
            FORM.format(last="Martin", first="Lou", email=f"lou{i}@example.org", message=text),
            subject="[Contact] demande",
            from_name="Formulaire de contact",
        )
        for i, text in enumerate(SHORT_REQUESTS)
    ]
    raw_scores = [fuzz.ratio(items[0].features.body, x.features.body) for x in items[1:]]
    assert max(raw_scores) < DEFAULT_THRESHOLD
    found = batch(items).assignments()
    assert len(set(found.values())) == len(SHORT_REQUESTS)


def test_an_empty_web_form_message_joins_nothing() -> None:
    empty = mail("empty", FORM.format(last="A", first="B", email="a@b.fr", message=""))
    others = [
        mail(f"r{i}", FORM.format(last="A", first="B", email="a@b.fr", message=REQUEST_A))
        for i in range(3)
    ]
    found = batch([empty, *others]).assignments()
    assert empty.features.source is Source.NONE
    assert found["empty"] == "empty"
    assert len({found[f"r{i}"] for i in range(3)}) == 1


def test_a_long_unrecognised_signature_does_not_glue_different_requests() -> None:
    # A corporate footer the recognisers do not know, 400 characters long, under
    # requests that differ by a whole sentence: the whole-sentence rule keeps them apart.
    footer = (
        "\n\nSociété Transports Rapides du Centre - ZA des Prés - 36000 Châteauroux\n"
        "Standard : 02 54 00 00 00 - www.transports-rapides.example\n"
        "Horaires d'ouverture : du lundi au vendredi de 8 h à 18 h, le samedi de 9 h à 12 h.\n"
        "Notre engagement qualité : satisfaction, réactivité, proximité depuis 1987.\n"
    )
    requests = [
        "Je voudrais savoir quand les livres de mon fils seront envoyés.",
        "Je voudrais annuler l'inscription de ma fille pour l'an prochain.",
        "Je voudrais recevoir une facture pour mon employeur, merci.",
        "Je voudrais connaître la date des examens de fin d'année svp.",
    ]
    items = [mail(f"s{i}", text + footer, subject="") for i, text in enumerate(requests)]
    assert fuzz.ratio(items[0].features.body, items[1].features.body) >= DEFAULT_THRESHOLD
    found = batch(items).assignments()
    assert len(set(found.values())) == len(requests)


def test_an_auto_reply_quoting_a_request_does_not_join_it() -> None:
    request = mail("req", REQUEST_A, message_id="<req@x>")
    auto = mail(
        "auto",
        "Je suis absente jusqu'au 30 mars.\n\nLe 16 mars 2020 à 09:00, contact@example-edu.fr "
        f"a écrit :\n> {REQUEST_A}",
        subject="Réponse automatique : connexion",
        is_auto=True,
        in_reply_to="<req@x>",
    )
    found = batch([request, auto]).assignments()
    assert found["auto"] != found["req"]


# ------------------------------------------------------------------ hand-written mail


def test_the_hand_written_set_is_never_merged_wrongly() -> None:
    # 155 messages written in another style than the generator's (long letters, SMS,
    # English, several questions): paraphrases stay apart (a known limit), but nothing
    # that asks something else is ever merged, and follow-ups join what they quote.
    root = Path(__file__).resolve().parent.parent / "fixtures" / "handwritten"
    labels = load_labels(root / "labels.jsonl")
    items = []
    for row in labels:
        parsed = parse_message((root / "Maildir" / str(row["file"])).read_bytes())
        items.append(
            prepare(
                Mail(
                    str(row["file"]), parsed.subject, parsed.text, parsed.from_name,
                    parsed.from_addr, parsed.is_auto, parsed.message_id_header,
                    parsed.in_reply_to,
                )
            )
        )  # fmt: skip
    found = assignments(batch(items))
    gold = {str(r["file"]): str(r["intent"]) for r in labels}
    result = score(
        found,
        gold,
        reference={str(r["file"]): str(r["base_id"]) for r in labels},
        near_miss_pairs=NEAR_MISS,
    )
    assert result.impure_clusters == 0
    assert result.bcubed_precision == 1.0
    by_id = {r["message_id"]: str(r["file"]) for r in labels if r["message_id"]}
    for row in labels:
        if row["kind"] == "follow-up":
            assert found[str(row["file"])] == found[by_id[row["thread_of"]]], row["file"]


def test_pairs_read_in_worker_processes_give_the_same_clusters(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from desk.cluster import pairs

    alone = batch(demo.prepared)
    monkeypatch.setattr(pairs, "PARALLEL_LOOK", 10)  # the 600-message demo has a few hundred
    monkeypatch.setattr(pairs, "LOOK_SHARE", 50)  # several shares, concatenated in order
    spawn = multiprocessing.get_context("spawn")
    submitted: list[object] = []

    class Counting(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            submitted.append(fn)
            return super().submit(fn, *args, **kwargs)

    with Counting(2, mp_context=spawn) as pool:
        shared = Clusterer(DEFAULT_THRESHOLD)
        shared.add_batch(demo.prepared, executor=pool)
    assert len(submitted) > 1 and all(fn is pairs.look_closer_many for fn in submitted)
    assert shared.assignments() == alone.assignments()
    flagged = {k for k in alone.assignments() if alone.asks_more(k)}
    assert flagged and flagged == {k for k in shared.assignments() if shared.asks_more(k)}
