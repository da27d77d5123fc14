"""Compared text: a generic follow-up is placed by what it quotes, a generic message by nothing."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.cluster._patterns import STOPWORDS
from desk.cluster.features import MAX_KEPT_CHARS, Source, features, tokens_of
from desk.cluster.normalise import fold

SENDER = "Camille Martin"
SUBJECT = "Re: connexion impossible"
REQUEST = (
    "Bonjour,\n"
    "Mon fils n'arrive pas à se connecter à la plateforme de cours en ligne depuis lundi, "
    "le mot de passe est refusé.\n"
    "Cordialement,\n"
    "Camille Martin"
)
REQUEST_WORDS = ("connecter", "plateforme", "passe", "refuse")
CHASER = "toujours pas de réponse ?"
CHASER_WORDS = ("toujours", "reponse")
MASK_WORDS = {"email", "url", "phone", "date", "ref", "num", "name"}


def gmail_quote(text: str) -> str:
    """``text`` quoted the way Gmail does: an attribution line, then "> " lines."""
    lines = "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
    return f"Le lun. 16 mars 2020 à 08:12, {SENDER} <camille.martin@gmail.com> a écrit :\n{lines}"


def outlook_quote(text: str) -> str:
    """``text`` quoted the way Outlook does: a separator and a header block, no ">"."""
    return (
        "-----Message d'origine-----\n"
        f"De : {SENDER} <camille.martin@gmail.com>\n"
        "Envoyé : lundi 16 mars 2020 08:12\n"
        "À : contact@example-edu.fr\n"
        "Objet : connexion impossible\n\n"
        f"{text}"
    )


QUOTES = {"gmail": gmail_quote, "outlook": outlook_quote}


# ------------------------------------------------------------------ where the text comes from


@pytest.mark.parametrize("style", sorted(QUOTES))
def test_generic_follow_up_is_compared_on_the_request_it_quotes(style: str) -> None:
    own = features(SUBJECT, REQUEST, [SENDER])
    chaser = features(SUBJECT, f"{CHASER}\n\n{QUOTES[style](REQUEST)}", [SENDER])
    assert chaser.source is Source.QUOTED
    # The quoted request, cleaned exactly like the request itself: same cluster.
    assert chaser.body == own.body
    assert chaser.tokens == own.tokens
    for word in REQUEST_WORDS:
        assert word in chaser.body
    for word in CHASER_WORDS:
        assert word not in chaser.body


@pytest.mark.parametrize("style", sorted(QUOTES))
def test_a_signed_chaser_is_still_generic(style: str) -> None:
    text = f"{CHASER}\n\nCordialement,\nCamille\n\n{QUOTES[style](REQUEST)}"
    found = features(SUBJECT, text, [SENDER])
    assert found.source is Source.QUOTED
    assert "connecter" in found.body


def test_a_chaser_quoting_a_chaser_reaches_the_request() -> None:
    text = "Relance n°2 : toujours rien.\n\n" + gmail_quote(f"{CHASER}\n\n{gmail_quote(REQUEST)}")
    found = features(SUBJECT, text, [SENDER])
    assert found.source is Source.QUOTED
    assert found.body == features(SUBJECT, REQUEST, [SENDER]).body


@pytest.mark.parametrize("style", sorted(QUOTES))
def test_a_message_that_is_only_quoted_history_is_compared_on_it(style: str) -> None:
    found = features(SUBJECT, QUOTES[style](REQUEST), [SENDER])
    assert found.source is Source.QUOTED
    assert found.body == features(SUBJECT, REQUEST, [SENDER]).body


def test_a_specific_reply_is_compared_on_its_own_words_not_the_quote() -> None:
    text = "Comment payer en trois fois les frais d'inscription ?\n\n" + gmail_quote(REQUEST)
    found = features(SUBJECT, text, [SENDER])
    assert found.source is Source.OWN
    assert "payer" in found.body
    assert "connecter" not in found.body


@pytest.mark.parametrize("text", [CHASER, "Des nouvelles ?", "Relance", "any news?", "fyi"])
def test_generic_message_without_quote_has_nothing_to_compare(text: str) -> None:
    found = features(SUBJECT, text, [SENDER])
    assert found.source is Source.NONE
    assert found.body == ""
    assert found.tokens == ()
    assert found.subject == "connexion impossible"  # the subject is still cleaned


def test_a_generic_message_quoting_only_a_generic_message_has_nothing_to_compare() -> None:
    found = features(SUBJECT, f"{CHASER}\n\n{gmail_quote('Des nouvelles ?')}", [SENDER])
    assert found.source is Source.NONE
    assert found.body == ""


def test_a_request_is_compared_on_its_own_words_cleaned() -> None:
    found = features(SUBJECT, REQUEST, [SENDER])
    assert found.source is Source.OWN
    assert found.body == (
        "mon fils n'arrive pas a se connecter a la plateforme de cours en ligne depuis lundi, "
        "le mot de passe est refuse."
    )
    assert found.subject == "connexion impossible"


# ------------------------------------------------------------------ tokens


def test_tokens_exclude_stopwords_masks_and_repeats() -> None:
    text = (
        "Bonjour, je suis Camille Martin, écrivez-moi à camille.martin@gmail.com ou au "
        "06 12 34 56 78. Les cours de CM2 ne s'affichent pas, les cours de 4e non plus, "
        "voir https://example-edu.fr/cours le 16/03/2020, dossier EL-2020-123456."
    )
    found = features("", text, [SENDER])
    assert found.source is Source.OWN
    assert "<email>" in found.body and "<name>" in found.body  # masks are in the body...
    tokens = found.tokens
    assert not MASK_WORDS & set(tokens)  # ...but never in the index
    assert not STOPWORDS & set(tokens)
    assert "camille" not in tokens and "martin" not in tokens
    assert len(tokens) == len(set(tokens))
    assert tokens.count("cours") == 1
    # In order of first appearance.
    assert tokens.index("ecrivez") < tokens.index("cours") < tokens.index("affichent")


def test_a_word_that_is_also_a_mask_name_is_kept_when_written_out() -> None:
    # "date" typed by the sender is a word; "<date>" from a masked date is not.
    assert "date" in tokens_of("quelle est la date des examens")
    assert tokens_of("<date> <num> <ref>") == ()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_tokens_are_distinct_letters_only_words_of_three_or_more(text: str) -> None:
    tokens = tokens_of(fold(text))
    assert len(tokens) == len(set(tokens))
    for token in tokens:
        assert len(token) >= 3
        assert token.isalpha()
        assert token not in STOPWORDS


# ------------------------------------------------------------------ sizes and scripts


def test_a_one_megabyte_message_is_cut_to_the_compared_length() -> None:
    sentence = "Le module {} de mathématiques ne se charge pas sur la tablette de ma fille. "
    text = REQUEST + "\n" + "".join(sentence.format(i) for i in range(14_000))
    assert len(text.encode()) > 1_000_000
    found = features(SUBJECT, text, [SENDER])
    assert found.source is Source.OWN
    # Kept longer than compared: the mailbox's boilerplate is removed before the cut.
    assert 0 < len(found.body) <= MAX_KEPT_CHARS
    assert found.body.startswith("mon fils n'arrive pas a se connecter")


def test_a_one_megabyte_single_line_is_handled() -> None:
    text = "je n'arrive pas " + "a" * 1_000_000
    found = features(SUBJECT, text)
    assert found.source is Source.OWN
    assert len(found.body) == MAX_KEPT_CHARS


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\r\n"])
def test_an_empty_body_has_nothing_to_compare(text: str) -> None:
    found = features("Inscription au CNED", text)
    assert found == features("Inscription au CNED", "")
    assert found.source is Source.NONE
    assert found.body == "" and found.tokens == ()
    assert found.subject == "inscription au cned"


@pytest.mark.parametrize("word", ["Inscription", "connexion", "Bonjour"])
def test_a_one_word_body_is_too_vague_to_compare(word: str) -> None:
    # A single word is generic (normalise.is_generic: two words at most): left alone.
    found = features("", word)
    assert found.source is Source.NONE
    assert found.body == ""


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("مرحبا، لم أستلم الكتب المدرسية لابني حتى الآن", ("الكتب", "المدرسية", "لابني")),
        ("您好，我的孩子还没有收到课本，请问什么时候寄出？", ("我的孩子还没有收到课本",)),
        (
            "Здравствуйте, мой сын не получил учебники для третьего класса",
            ("получил", "учебники", "третьего", "класса"),
        ),
    ],
)
def test_non_latin_scripts_keep_their_letters(text: str, words: tuple[str, ...]) -> None:
    found = features("", text)
    assert found.source is Source.OWN
    body = unicodedata.normalize("NFC", found.body)
    tokens = {unicodedata.normalize("NFC", t) for t in found.tokens}
    for word in words:
        assert word in body
        assert word in tokens


def test_arabic_words_with_hamza_or_madda_are_whole_tokens() -> None:
    found = features("", "مرحبا، لم أستلم الكتب المدرسية لابني حتى الآن")
    tokens = {unicodedata.normalize("NFC", t) for t in found.tokens}
    assert {"أستلم", "الآن"} <= tokens
