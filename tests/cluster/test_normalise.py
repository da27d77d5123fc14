"""Normalisation: what is removed is recognised for sure, and the request is never lost."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.cluster.normalise import (
    fold,
    mask,
    normalise,
    split_quoted,
    strip_greeting,
    strip_signature,
    strip_subject_prefixes,
    strip_web_form,
)
from tests.conftest import REALMAIL

REPLIES = sorted(p.name for p in (REALMAIL / "replies").glob("*")) if REALMAIL.is_dir() else []
REQUEST = "Mon fils n'arrive pas à se connecter à la plateforme depuis lundi."


@pytest.mark.parametrize(
    "quote",
    [
        "Le lun. 16 mars 2020 à 09:12, Camille Martin <c@x.fr> a écrit :\n\n> ancien texte",
        "On Mon, Mar 16, 2020 at 9:12 AM Camille Martin <c@x.fr> wrote:\n\n> old text",
        "On Dec 16, 2011, at 12:47 PM, Corey Donohoe\n<reply@reply.github.com>\nwrote:\n\n> old",
        "Le 16/03/2020 à 09:12, Camille Martin a écrit :\n> ancien texte",
        "> Le 16 mars 2020 à 09:12, Camille <c@x.fr> a écrit :\n>\n> ancien texte",
        "________________________________\nDe : Camille <c@x.fr>\nEnvoyé : lundi 16 mars 2020"
        "\nÀ : contact@example-edu.fr\nObjet : question\n\nancien texte",
        "From: Camille <c@x.fr>\nSent: Monday, March 16, 2020 9:12 AM\nTo: contact@x.fr\n"
        "Subject: question\n\nold text",
        "-----Message d'origine-----\nDe : Camille <c@x.fr>\n\nancien texte",
        "-----Original Message-----\nFrom: Camille\n\nold text",
        "---------- Forwarded message ---------\nDe : Camille <c@x.fr>\n\nancien texte",
        "-------- Message transféré --------\nSujet : question\n\nancien texte",
        "Début du message réexpédié :\n\nDe: Camille\n\nancien texte",
    ],
)
def test_quoted_history_is_split_off(quote: str) -> None:
    text = f"{REQUEST}\n\n{quote}".replace("\n", "\r\n")
    own, quoted = split_quoted(text)
    assert own == REQUEST
    assert "ancien texte" in quoted or "old text" in quoted or "old" in quoted


def test_a_request_starting_with_le_is_not_a_quote_header() -> None:
    text = "Le professeur a écrit :\nil faut rendre le devoir lundi, mais le lien ne marche pas."
    assert split_quoted(text) == (text, "")


def test_inline_quote_lines_are_removed_but_new_text_kept() -> None:
    own, quoted = split_quoted("> vous avez écrit\nma réponse\n> encore\nsuite")
    assert own == "ma réponse\nsuite"
    assert quoted == "> vous avez écrit\n> encore"


@pytest.mark.parametrize(
    "greeting",
    ["Bonjour,", "Madame, Monsieur,", "bjr", "Bonjour Madame,", "Bonjour à tous,",
     "Bonjour au service des inscriptions,", "Chère Madame, cher Monsieur,", "Hello,",
     "Dear Sir or Madam,", "Bonjour, j'espère que vous allez bien."],
)  # fmt: skip
def test_greeting_lines_go(greeting: str) -> None:
    assert strip_greeting(f"{greeting}\n{REQUEST}") == REQUEST


def test_greeting_phrase_goes_but_the_request_on_its_line_stays() -> None:
    assert strip_greeting("Bonjour, je n'arrive pas à me connecter") == (
        "je n'arrive pas à me connecter"
    )
    assert strip_greeting("bonjour je n'arrive pas à me connecter") == (
        "je n'arrive pas à me connecter"
    )


@pytest.mark.parametrize(
    "closing",
    ["Cordialement,\nCamille Martin", "Bien à vous,\nC. Martin\n06 12 34 56 78",
     "Merci d'avance pour votre aide.\nCamille", "Je vous prie d'agréer, Madame, Monsieur, "
     "l'expression de mes salutations distinguées.\nCamille Martin", "cdlt", "Kind regards,\nSam",
     "-- \nCamille Martin\nResponsable RH\nACME SA", "Envoyé de mon iPhone",
     "Obtenir Outlook pour Android", "Sent from my iPhone",
     "Ce message et ses pièces jointes sont confidentiels et destinés exclusivement à leur "
     "destinataire.", "Pensez à l'environnement avant d'imprimer ce message."],
)  # fmt: skip
def test_signatures_footers_and_disclaimers_go(closing: str) -> None:
    assert strip_signature(f"{REQUEST}\n\n{closing}") == REQUEST


def test_a_disclaimer_without_blank_line_takes_only_itself() -> None:
    # Regression: the whole paragraph, request included, used to go with the disclaimer.
    text = f"{REQUEST}\nMerci beaucoup !\nAyşe\nPensez à l'environnement avant d'imprimer."
    assert strip_signature(text) == REQUEST


def test_merci_de_is_a_request_not_a_signoff() -> None:
    text = "Je n'ai pas reçu le colis.\nMerci de me le renvoyer à ma nouvelle adresse."
    assert strip_signature(text) == text


def test_web_form_wrapper_goes() -> None:
    form = (
        "Nouveau message depuis le formulaire de contact\nNom : Martin\nPrénom : Camille\n"
        "Email : c@x.fr\nProfil : Parent d'élève\nObjet : mdp\nMessage :\n"
        f"{REQUEST}\n\n---\nCe message a été envoyé depuis https://www.example-edu.fr/contact"
    )
    assert strip_web_form(form).strip() == REQUEST
    assert strip_web_form(REQUEST) == REQUEST


def test_a_quoted_web_form_does_not_become_the_body() -> None:
    # Regression: the form inside the quoted original used to be taken as the request.
    text = (
        "Je relance ma demande.\n\n-----Message d'origine-----\nDe : Camille <c@x.fr>\n"
        "Envoyé : lundi 16 mars 2020\n\nNom : Martin\nPrénom : Camille\nMessage :\n"
        "Il me faut un certificat de scolarité."
    )
    result = normalise("RE: certificat", text)
    assert result.generic
    assert "certificat" not in result.body
    assert "certificat de scolarité" in result.quoted


def test_subject_prefixes() -> None:
    assert strip_subject_prefixes("RE : TR: Re:  Mot de passe") == "Mot de passe"
    assert strip_subject_prefixes("Fwd: AW: [Contact] Relance : mdp") == "mdp"
    assert strip_subject_prefixes("Réponse à ma question") == "Réponse à ma question"


def test_masks() -> None:
    text = (
        "Écrivez à camille.martin@gmail.com ou au 06 12 34 56 78 (+33 6 12 34 56 78), "
        "dossier EL-2020-123456, code A7F3K9, n° 4521879, le 16/03/2020 ou lundi 16 mars, "
        "voir https://x.example/p?q=1 ; il a 15 ans. Camille Martin, classe de 4e et CM2."
    )
    masked = mask(text, ["Camille Martin", "Camille", "Martin"])
    for token in ("<email>", "<phone>", "<ref>", "<date>", "<url>", "<num>", "<name>"):
        assert token in masked, token
    for leaked in ("gmail", "12 34", "123456", "A7F3K9", "4521879", "16/03", "camille"):
        assert leaked not in masked, leaked
    assert "4e" in masked
    assert "cm2" in masked


def test_fold() -> None:
    assert fold("  Élève   ŒUVRE\n l’école — «\u00a0ça\u00a0» ") == 'eleve oeuvre l\'ecole - " ca "'


def test_near_misses_stay_apart() -> None:
    pupil = normalise("", "Le mot de passe de mon fils (élève de 4e) ne marche plus.").body
    teacher = normalise("", "Le mot de passe de mon compte enseignant ne marche plus.").body
    assert pupil != teacher
    assert "eleve" in pupil
    assert "enseignant" in teacher


@pytest.mark.parametrize(
    ("text", "generic"),
    [("Toujours pas de réponse ?", True), ("??", True), ("RELANCE", True), ("", True),
     ("Je me permets d'insister, la situation est urgente.", True), ("Any news?", True),
     ("Resending in case this got lost.", True), ("I lost my password", False),
     ("certificat de scolarité svp", False), ("mot de passe perdu", False),
     ("je n'arrive pas à me connecter", False), (REQUEST, False)],
)  # fmt: skip
def test_generic(text: str, generic: bool) -> None:
    assert normalise("", text).generic is generic


def test_entirely_quoted_message_is_empty_and_generic() -> None:
    result = normalise("Re: x", "> Bonjour\n> mon fils ne peut pas se connecter")
    assert (result.body, result.generic) == ("", True)
    assert "connecter" in result.quoted


def test_big_and_non_latin_input() -> None:
    big = normalise("x", ("Mon fils ne peut pas se connecter. " * 30_000)[:1_000_000])
    assert big.body.startswith("mon fils ne peut pas se connecter")
    for text in ("مرحبا، لا أستطيع تسجيل الدخول", "我无法登录平台", "Не могу войти на платформу"):
        body = normalise("", text).body
        assert body
        assert re.search(r"[^\x00-\x7f]", body)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600), st.text(max_size=80))
def test_never_raises(text: str, subject: str) -> None:
    result = normalise(subject, text, ["Camille"])
    assert "\r" not in result.body


@pytest.mark.parametrize("name", REPLIES)
def test_real_replies(realmail: Path, name: str) -> None:
    text = (realmail / "replies" / name).read_bytes().decode("utf-8", "replace")
    result = normalise("", text)
    unmasked = re.sub(r"<(?:email|url|phone|date|ref|num|name)>", "", result.body)
    assert len(unmasked) <= len(fold(text))
    assert not re.search(r"(?:wrote|a écrit)\s*:?\s*$", result.body, re.MULTILINE)
    first = next((line for line in text.splitlines() if line.strip()), "")
    header_like = re.match(r"\s*(?:>|on |le |-{2,}|_{5,}|[\w ]{1,12}:)", first, re.IGNORECASE)
    if first and not header_like:
        words = re.findall(r"[^\W\d_]{4,}", fold(strip_greeting(first)))[:3]
        for word in words:
            assert word in result.body or result.body == "", (name, word)


def test_specific_real_replies(realmail: Path) -> None:
    def body(name: str) -> str:
        text = (realmail / "replies" / name).read_bytes().decode("utf-8", "replace")
        return normalise("", text).body

    assert body("crisp__correct_sig.txt") == "this is an email with a correct -- signature."
    assert body("crisp__email_19.txt").startswith("on thursday, i get proper rendering.")
    assert "corey donohoe" not in body("crisp__email_19.txt")
    assert "john doe" not in body("mpreply__multiline_on.txt")
    assert "java sucks" not in body("crisp__email_zoho.txt")
    assert body("crisp__email_zoho.txt").startswith("what is the best way to clear a riak")


def test_demo_follow_ups_are_generic_and_originals_are_not(tmp_path: Path) -> None:
    from desk.demo.generator import generate_mailbox
    from desk.mail.parse import parse_message

    generated = generate_mailbox(tmp_path, size=600, seed=21)
    labels = [json.loads(line) for line in generated.labels.read_text().splitlines()]
    counts = {"follow-up": [0, 0], "original": [0, 0]}
    for label in labels:
        if label["kind"] not in counts:
            continue
        parsed = parse_message((generated.mailbox / label["file"]).read_bytes())
        result = normalise(parsed.subject, parsed.text, [parsed.from_name])
        counts[label["kind"]][0] += 1
        counts[label["kind"]][1] += result.generic
        if label["kind"] == "follow-up":
            assert result.quoted
        else:
            assert result.body
    assert counts["original"][1] == 0
    assert counts["follow-up"][1] >= 0.95 * counts["follow-up"][0]


def test_danish_outlook_separator(realmail: Path) -> None:
    text = (realmail / "replies" / "crisp__email_danish_dash_separator.txt").read_text()
    result = normalise("", text)
    assert "oprindelig" not in result.body
    assert "peter petersen" not in result.body
