"""Members that ask more: the stored requests, and finding each one in the text as written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from desk.cluster.normalise import fold
from desk.store.database import Store
from desk.store.models import ClusterMember
from desk.workbench.asks_more import (
    MIN_SCORE,
    asking_more,
    extra_request,
    folded_with_offsets,
    locate_request,
    request_quote,
    request_sentences,
)

MESSAGE = (
    "Bonjour,\n\n"
    "Mon fils n'arrive pas à se connecter à son compte élève depuis lundi. "
    "Pouvez-vous nous aider ?\n\n"
    "Autre question : le CNED a-t-il reçu mon paiement du 12/03/2020 pour le dossier "
    "A13654K ?\n\n"
    "Cordialement,\nZoé Masson"
)
ASKED = "Autre question : le CNED a-t-il reçu mon paiement du 12/03/2020 pour le dossier A13654K ?"


def _shown(text: str, request: str) -> list[str]:
    return [text[p.start : p.end] for p in locate_request(text, request).passages]


# ------------------------------------------------------------------ folding with offsets
LATIN = st.lists(
    st.sampled_from(
        [*"abcXYZ éèÉçÀôŒœßæﬁ’«»—-_.,;:?!'\"0123456789\t\n\u00a0\u200b\u00ad😀", "e\u0301"]
    ),
    max_size=60,
).map("".join)


@given(LATIN)
def test_folding_one_character_at_a_time_is_folding(text: str) -> None:
    folded, origin = folded_with_offsets(text)
    assert folded == fold(text)
    assert len(origin) == len(folded)
    assert origin == sorted(origin), "offsets go forward"
    assert all(0 <= i < len(text) for i in origin)


@given(st.text(max_size=60))
def test_every_folded_character_points_into_the_text(text: str) -> None:
    folded, origin = folded_with_offsets(text)
    assert len(origin) == len(folded)
    assert origin == sorted(origin)
    assert all(0 <= i < len(text) for i in origin)


def test_folding_keeps_where_each_character_came_from() -> None:
    text = "  ŒUVRE  ﬁnale\n— Très bien "
    folded, origin = folded_with_offsets(text)
    assert folded == "oeuvre finale - tres bien"
    assert [text[i] for i in origin[:3]] == ["Œ", "Œ", "U"]  # œ is two letters, one origin
    at = folded.index("finale")
    assert text[origin[at] : origin[at + 5] + 1] == "ﬁnale"  # so is the ligature
    assert text[origin[folded.index("tres")]] == "T"


# ------------------------------------------------------------------ locating
def test_a_stored_sentence_is_found_whole_despite_case_accents_and_masks() -> None:
    stored = "autre question : le cned a-t-il recu mon paiement du <date> pour le dossier <ref> ?"
    located = locate_request(MESSAGE, stored)
    assert located.found and located.missing == ()
    assert _shown(MESSAGE, stored) == [ASKED]
    assert located.passages[0].score >= MIN_SCORE


def test_the_masks_of_numbers_addresses_and_links_are_matched_whatever_their_length() -> None:
    text = (
        "Bonjour,\nMon fils a 12 ans.\n"
        "Pouvez-vous envoyer le relevé à jean.dupont@free.fr avant le 12/04/2020 ?\n"
        "Le site https://example.org/inscription?id=99 ne marche pas. Merci"
    )
    assert _shown(text, "pouvez-vous envoyer le releve a <email> avant le <date> ?") == [
        "Pouvez-vous envoyer le relevé à jean.dupont@free.fr avant le 12/04/2020 ?"
    ]
    assert _shown(text, "le site <url> ne marche pas.") == [
        "Le site https://example.org/inscription?id=99 ne marche pas."
    ]
    assert _shown(text, "mon fils a <num> ans.") == ["Mon fils a 12 ans."]


def test_sentences_are_found_across_wrapped_lines_and_joined_when_adjacent() -> None:
    text = (
        "Bonjour,\n\nEt aussi, je suis professeure des écoles en 3e à Bordeaux. Comment\n"
        "puis-je créer un espace pour ma classe et y inviter mes élèves ?\n\nMerci"
    )
    stored = (
        "et aussi, je suis professeure des ecoles en 3e a bordeaux.\n"
        "comment puis-je creer un espace pour ma classe et y inviter mes eleves ?"
    )
    located = locate_request(text, stored)
    assert located.missing == ()
    assert len(located.passages) == 1, "two sentences side by side are one passage"
    shown = text[located.passages[0].start : located.passages[0].end]
    assert shown.startswith("Et aussi") and shown.endswith("mes élèves ?")


def test_in_a_quoted_message_the_quote_marks_are_not_marked() -> None:
    text = (
        "relance svp\n\n> J'ai tapé trois fois le mauvais code.\n>\n"
        "> Autre question : convocation reçue pour l'anglais mais pas pour le français.\n>\n"
        "> Salutations"
    )
    stored = "autre question : convocation recue pour l'anglais mais pas pour le francais."
    assert _shown(text, stored) == [
        "Autre question : convocation reçue pour l'anglais mais pas pour le français."
    ]


def test_what_the_text_does_not_say_is_missing_and_short_sentences_must_match_closely() -> None:
    located = locate_request(MESSAGE, "pouvez-vous me rembourser les frais de dossier ?")
    assert not located.found
    assert located.missing == ("pouvez-vous me rembourser les frais de dossier ?",)
    # "merci ?" is nearly in any message: a short sentence needs an almost exact match.
    assert not locate_request(MESSAGE, "bourse ?").found
    assert locate_request("C'est gratuit ? bourse possible ?", "bourse possible ?").found


def test_a_request_beyond_the_text_shown_or_an_empty_one_finds_nothing() -> None:
    assert locate_request("", "autre question : le cned a-t-il recu mon paiement ?").missing
    assert locate_request(MESSAGE, "") == locate_request(MESSAGE, None)
    assert locate_request(MESSAGE, None).sentences == ()
    assert request_sentences("  une\n\n deux \n") == ("une", "deux")


def test_the_banner_quotes_the_text_as_written_and_what_was_not_found_as_stored() -> None:
    stored = (
        "autre question : le cned a-t-il recu mon paiement du <date> pour le dossier <ref> ?\n"
        "zorglub wibble frobnicate quux ?"
    )
    located = locate_request(MESSAGE, stored)
    assert request_quote(MESSAGE, located) == f"{ASKED} … zorglub wibble frobnicate quux ?"
    short = request_quote(MESSAGE, located, limit=40)
    assert len(short) <= 40 and short.endswith("…") and short.startswith("Autre question")


# ------------------------------------------------------------------ the store
def test_the_stored_requests_are_read_one_or_many_at_a_time(demo_store: Store) -> None:
    with demo_store.sessions.begin() as session:
        members = list(session.scalars(select(ClusterMember.message_id).limit(3)))
        session.execute(update(ClusterMember).values(asks_more=None))
        session.execute(
            update(ClusterMember)
            .where(ClusterMember.message_id == members[0])
            .values(asks_more="bourse possible ?")
        )
    with demo_store.sessions() as session:
        assert extra_request(session, members[0]) == "bourse possible ?"
        assert extra_request(session, members[1]) is None
        assert extra_request(session, 10**9) is None
        assert asking_more(session, [*members, 10**9]) == {members[0]: "bourse possible ?"}
        assert asking_more(session, []) == {}
