"""Cluster titles: what the cluster asks, readable, short, never a bare "URGENT !!"."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.cluster.normalise import normalise
from desk.cluster.titles import TITLE_CHARS, cluster_title, readable, shorten
from desk.mail.parse import parse_message

HANDWRITTEN = Path(__file__).resolve().parent.parent / "fixtures" / "handwritten" / "Maildir"


def _handwritten(name: str) -> tuple[str, str, str]:
    """(subject, plain text, compared body) of one hand-written message."""
    parsed = parse_message((HANDWRITTEN / "cur" / f"hw-{name}:2,").read_bytes())
    body = normalise(parsed.subject, parsed.text, [parsed.from_name]).body
    return parsed.subject, parsed.text, body


# ------------------------------------------------------------------ what is chosen


def test_the_first_request_is_the_title_not_the_subject() -> None:
    body = (
        "mon fils est en cm2 depuis septembre. pouvez-vous reinitialiser son mot de passe ? "
        "merci de me repondre vite"
    )
    assert cluster_title(body, "URGENT !!") == "Pouvez-vous reinitialiser son mot de passe ?"


def test_the_original_text_keeps_accents_capitals_and_its_line_breaks() -> None:
    subject, text, body = _handwritten("004")  # a long letter, its request in the middle
    from_body = cluster_title(body, subject)
    from_text = cluster_title(body, subject, original=text)
    assert from_body.startswith("Pourriez-vous reinitialiser son mot de passe manuellement")
    assert from_text.startswith("Pourriez-vous réinitialiser son mot de passe manuellement")
    assert from_text.endswith("…") and len(from_text) <= TITLE_CHARS
    assert "\n" not in from_text


def test_english_requests_are_titles_too() -> None:
    subject, text, body = _handwritten("042")  # "Brevet in June?", wrapped after "in"
    expected = "Quick one: with everything going on, is the brevet still going ahead in June?"
    assert cluster_title(body, subject, original=text) == expected
    assert cluster_title(body, subject) == expected.replace("June", "june")


def test_sms_and_accentless_text() -> None:
    subject, text, body = _handwritten("112")  # "changer mail", SMS French
    assert cluster_title(body, subject, original=text) == (
        "Jvoudrais changer l'adresse mail du compte de mon fils, l'ancienne ([e-mail]) marche plus"
    )
    assert cluster_title("cmt on fait pour deposer un devoir trop gros", "devoir") == (
        "Cmt on fait pour deposer un devoir trop gros"
    )


def test_without_a_request_the_first_sentence() -> None:
    body = "le site affiche une erreur depuis ce matin. mes deux filles attendent."
    assert cluster_title(body, "SITE EN PANNE") == "Le site affiche une erreur depuis ce matin"


def test_a_subject_that_asks_beats_a_body_that_does_not() -> None:
    subject, text, body = _handwritten("029")  # "Où sont les livres ???", an angry statement
    assert cluster_title(body, subject, original=text) == "Où sont les livres ?"
    assert cluster_title(body, "URGENT !!", original=text) == "Inscription payée le [date]"


def test_a_vague_request_takes_the_problem_it_refers_to() -> None:
    subject, text, body = _handwritten("117")  # "… Une idée ?"
    title = cluster_title(body, subject, original=text)
    assert title.startswith("La caméra de mon fils ne s'allume pas dans la classe virtuelle")
    assert title.endswith("… Une idée ?") and len(title) <= TITLE_CHARS
    masked = "mon dossier <num>-<ref> est bloque depuis le <date>. pouvez-vous le debloquer ?"
    assert cluster_title(masked, "URGENT") == (
        "Mon dossier n°… est bloque depuis le [date]. Pouvez-vous le debloquer ?"
    )


def test_a_request_announced_as_another_matter_does_not_name_the_cluster() -> None:
    subject, text, body = _handwritten("144")  # books late; "Et aussi" the CAF certificate
    title = cluster_title(body, subject, original=text)
    assert title.startswith("On attend toujours le colis des livres pour ma fille")
    body = "ps : pouvez-vous aussi changer mon adresse ? le colis n'est jamais arrive."
    assert cluster_title(body, "") == "Ps : pouvez-vous aussi changer mon adresse ?"


def test_greetings_quotes_and_signatures_never_make_the_title() -> None:
    original = (
        "Bonjour Madame,\n\nPourriez-vous m'envoyer le certificat de scolarité ?\n\n"
        "Cordialement,\nJeanne Martin\n06 12 34 56 78\n\n"
        "Le 12/03/2020 à 09:12, Service scolarité <scol@example-edu.fr> a écrit :\n"
        "> Comment pouvons-nous vous aider ?"
    )
    assert cluster_title("", "Re: certificat", original=original) == (
        "Pourriez-vous m'envoyer le certificat de scolarité ?"
    )


def test_an_empty_original_falls_back_to_the_compared_text() -> None:
    body = "pourriez-vous m'envoyer le certificat de scolarite ?"
    quoting = "\n\nLe 12/03/2020 à 09:12, Jeanne <j@x.fr> a écrit :\n> Bonjour, le certificat ?"
    assert cluster_title(body, "Re: certificat", original=quoting) == (
        "Pourriez-vous m'envoyer le certificat de scolarite ?"
    )


def test_abbreviations_and_decimals_do_not_cut_the_title() -> None:
    original = "M. Dupont m'a dit d'écrire, etc. Pouvez-vous envoyer le certificat à Mme. Martin ?"
    assert cluster_title("", "", original=original) == (
        "Pouvez-vous envoyer le certificat à Mme. Martin ?"
    )
    original = "Fichier de 3.5 Mo refusé. Que faire, p.ex. le compresser ?"
    assert cluster_title("", "", original=original) == original


# ------------------------------------------------------------------ masks and placeholders


@pytest.mark.parametrize(
    ("masked", "shown"),
    [
        ("il a <num> ans", "il a … ans"),
        ("dossier <num>-<ref> bloque", "dossier n°… bloque"),
        ("commande n° <num>-<num>", "commande n° …"),
        ("identifiant <ref>", "identifiant …"),
        ("ne le <date>", "ne le [date]"),
        ("ecrire a <email>", "ecrire a [e-mail]"),
        ("voir <url>", "voir [URL]"),
        ("appeler <name> au <phone>", "appeler … au …"),
        ("<num>, <num>, <num>.", "…, …, …."),
        ("pas de masque ici", "pas de masque ici"),
    ],
)
def test_masks_become_placeholders_a_french_agent_reads(masked: str, shown: str) -> None:
    assert readable(masked) == shown


def test_the_original_text_is_masked_but_keeps_what_says_what_is_wrong() -> None:
    original = (
        "Mon numéro est le 06 12 34 56 78 et mon dossier le 2020-10342 : pouvez-vous me "
        "rappeler à 10h30 au sujet de l'erreur 503 ?"
    )
    title = cluster_title("", "", 200, original=original)
    assert title == (
        "Mon numéro est le … et mon dossier le n°… : pouvez-vous me rappeler à 10h30 au "
        "sujet de l'erreur 503 ?"
    )
    mailed = cluster_title("", "", original="Écrivez à jean.dupont@example.fr svp, le 12/03/2020")
    assert mailed == "Écrivez à [e-mail] svp, le [date]"


# ------------------------------------------------------------------ edges


def test_empty_input_falls_back_to_the_subject_then_to_nothing() -> None:
    assert cluster_title("", "") == ""
    assert cluster_title("", "", original="") == ""
    assert cluster_title("", "Re: TR: Certificat de scolarité") == "Certificat de scolarité"
    assert cluster_title("", "???") == "???"
    assert cluster_title("   ", "Re:", original="\n\n") == ""


def test_a_one_word_message_is_its_own_title() -> None:
    assert cluster_title("aide", "") == "Aide"
    assert cluster_title("", "", original="Inscription") == "Inscription"


def test_arabic_and_chinese_text_is_titled_by_its_first_sentence() -> None:
    arabic = "لا أستطيع الدخول إلى حسابي. كلمة المرور لا تعمل."
    assert cluster_title(arabic, "") == "لا أستطيع الدخول إلى حسابي"
    assert cluster_title("", "", original=arabic) == "لا أستطيع الدخول إلى حسابي"
    chinese = "我无法登录我的账户。密码不起作用。"
    assert cluster_title(chinese, "") == "我无法登录我的账户"
    assert cluster_title("", "", 5, original=chinese) == "我无法登…"


def test_a_long_sentence_is_cut_at_a_word_boundary() -> None:
    sentence = "Pourriez-vous vérifier " + " ".join(f"le dossier numéro {n}" for n in range(40))
    title = cluster_title("", "", original=sentence + " ?")
    assert len(title) <= TITLE_CHARS and title.endswith("…")
    kept = title[:-1]
    assert sentence.startswith(kept) and sentence[len(kept)] == " "
    assert len(cluster_title("", "", 40, original=sentence)) <= 40


def test_shorten_never_exceeds_its_limit() -> None:
    assert shorten("court", 90) == "court"
    assert shorten("un deux trois quatre", 10) == "un deux…"
    assert shorten("abcdefghij", 5) == "abcd…"
    assert shorten("abc", 1) == "…"
    assert shorten("abc", 0) == ""


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=300),
    st.text(max_size=60),
    st.integers(min_value=0, max_value=120),
    st.one_of(st.none(), st.text(max_size=300)),
)
def test_any_input_gives_a_short_single_line_title(
    body: str, subject: str, limit: int, original: str | None
) -> None:
    title = cluster_title(body, subject, limit, original=original)
    assert len(title) <= limit
    assert "\n" not in title
