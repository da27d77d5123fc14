"""Sentences and requests: where sentences end, which ones ask, which open another topic."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.cluster.normalise import normalise
from desk.cluster.sentences import (
    Sentence,
    is_request,
    split_sentences,
    starts_another_request,
)
from desk.cluster.titles import own_words
from desk.mail.parse import parse_message

HANDWRITTEN = Path(__file__).resolve().parent.parent / "fixtures" / "handwritten" / "Maildir"


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def _handwritten(name: str) -> tuple[str, str]:
    """(subject, own words) of one hand-written message."""
    parsed = parse_message((HANDWRITTEN / "cur" / f"hw-{name}:2,").read_bytes())
    return parsed.subject, own_words(parsed.text)


# ------------------------------------------------------------------ splitting


def test_sentences_end_at_stops_and_keep_their_question_mark() -> None:
    text = "Mon fils est en 3e. Le site plante ! Pouvez-vous m'aider ? Merci… À bientôt"
    assert _texts(text) == [
        "Mon fils est en 3e.",
        "Le site plante !",
        "Pouvez-vous m'aider ?",
        "Merci…",
        "À bientôt",
    ]


def test_offsets_point_into_the_text() -> None:
    text = "  Bonjour.\n\nJ'ai une question : c'est quand ??  Merci d'avance.\n"
    sentences = split_sentences(text)
    assert sentences[1] == Sentence("J'ai une question : c'est quand ??", 12, 46)
    assert all(text[s.start : s.end] == s.text for s in sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Dupont a écrit. Mme. Martin aussi.", ["M. Dupont a écrit.", "Mme. Martin aussi."]),
        ("Écrire à Mme. Martin, svp.", ["Écrire à Mme. Martin, svp."]),
        ("Les livres, cahiers etc. sont arrivés.", ["Les livres, cahiers etc. sont arrivés."]),
        ("Les livres, cahiers etc. Rien d'autre.", ["Les livres, cahiers etc.", "Rien d'autre."]),
        ("An app, e.g. the tablet one, crashes.", ["An app, e.g. the tablet one, crashes."]),
        ("Une appli, p.ex. celle de la tablette.", ["Une appli, p.ex. celle de la tablette."]),
        ("i.e. the same. Ok", ["i.e. the same.", "Ok"]),
        ("Voir p. 12 du livret. Merci", ["Voir p. 12 du livret.", "Merci"]),
        ("Fichier de 3.5 Mo refusé. Pourquoi ?", ["Fichier de 3.5 Mo refusé.", "Pourquoi ?"]),
        ("Commande n° 20-0412 perdue. Aide", ["Commande n° 20-0412 perdue.", "Aide"]),
        ("Signé J. Martin. Fin", ["Signé J. Martin.", "Fin"]),
        ("Voir moncompteformation.gouv.fr svp", ["Voir moncompteformation.gouv.fr svp"]),
        ("cf. le mail de la S.N.C.F. reçu hier", ["cf. le mail de la S.N.C.F. reçu hier"]),
    ],
)
def test_abbreviations_decimals_and_addresses_do_not_end_sentences(
    text: str, expected: list[str]
) -> None:
    assert _texts(text) == expected


def test_masks_of_the_normalised_text_are_words() -> None:
    body = (
        "dossier n° <num>-<ref>, ne le <date>. ecrire a <email> ou <url>. "
        "appeler <name> au <phone>. pouvez-vous verifier ?"
    )
    assert _texts(body) == [
        "dossier n° <num>-<ref>, ne le <date>.",
        "ecrire a <email> ou <url>.",
        "appeler <name> au <phone>.",
        "pouvez-vous verifier ?",
    ]


def test_line_breaks_end_sentences_but_wrapped_paragraphs_are_joined() -> None:
    sms = "slt\njsuis en 3e et mon compte est verrouillé\nmon identifiant c lucas\nmerci"
    assert len(split_sentences(sms)) == 4
    _, letter = _handwritten("004")  # a long letter wrapped at 79 columns
    assert (
        "Pourriez-vous réinitialiser son mot de\npasse manuellement, ou nous indiquer ce que "
        "nous faisons de travers ?" in _texts(letter)
    )
    _, english = _handwritten("136")
    assert any(s.startswith("Would you be willing to share a\nlink") for s in _texts(english))


def test_list_items_are_sentences() -> None:
    _, text = _handwritten("081")
    sentences = _texts(text)
    assert "- puis-je payer la suite de la formation avec mon CPF ?" in sentences
    assert "- l'épreuve écrite de mai est-elle maintenue, ou reportée ?" in sentences
    assert _texts("Deux questions :\n1. le brevet\n2. le bac") == [
        "Deux questions :",
        "1. le brevet",
        "2. le bac",
    ]


def test_punctuation_alone_stays_with_its_sentence() -> None:
    assert _texts("C'est quand\n???\nMerci") == ["C'est quand\n???", "Merci"]
    assert _texts("???") == ["???"]
    assert _texts("") == []
    assert _texts(" \n\t ") == []


def test_other_scripts_are_cut_at_their_own_stops() -> None:
    assert _texts("我无法登录我的账户。密码不起作用。") == [
        "我无法登录我的账户。",
        "密码不起作用。",
    ]
    arabic = "لا أستطيع الدخول إلى حسابي. هل يمكنكم مساعدتي؟"
    assert _texts(arabic) == ["لا أستطيع الدخول إلى حسابي.", "هل يمكنكم مساعدتي؟"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab .?!…\n\r\t«»"M<>-1é°')), max_size=120))
def test_any_text_splits_into_sentences_found_where_they_say(text: str) -> None:
    previous_end = 0
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end


# ------------------------------------------------------------------ requests


@pytest.mark.parametrize(
    "sentence",
    [
        # a question mark, French and English
        "le brevet c toujours en juin ou pas ??",
        "Is the site down?",
        # French request forms, written properly, without accents, lower case, SMS
        "Pouvez-vous réinitialiser son mot de passe",
        "pourriez vous m'envoyer le lien",
        "POURRIEZ-VOUS ME RAPPELER",
        "Merci de me renvoyer le certificat",
        "merci de bien vouloir reinitialiser mon mot de passe",
        "Je voudrais changer l'adresse du compte",
        "jvoudrais changer l'adresse mail du compte de mon fils",
        "J'aimerais un devis pour la formation",
        "jaimerais un devis",
        "Je souhaite inscrire ma fille en 4e",
        "Nous souhaitons inscrire une collaboratrice",
        "Comment déposer un devoir trop lourd",
        "cmt on fait pour deposer",
        "Est-ce que le brevet est maintenu",
        "est ce que le brevet est maintenu",
        "Quand les notes seront-elles publiées",
        "les resultats c kan",
        "c'est pour quand les livres",
        "Où trouver le lien de la classe virtuelle",
        "ou est passe le fichier",
        "Faut-il installer une application",
        "faut il installer une application",
        "Puis-je payer en trois fois",
        "puis je payer en trois fois",
        "pk le site marche pas",
        "Besoin d'un certificat de scolarité pour la CAF",
        "j'ai besoin de ce résultat pour mon dossier",
        "Débloquez le compte aujourd'hui, s'il vous plaît",
        "debloquez le compte svp",
        "mettez celle ci svp",
        "aide moi stp",
        "si vous pouvez le débloquer ça serait cool",
        "Votre site ne marche pas, réparez-le",
        "Y a-t-il un problème avec ma copie",
        "Serait-il possible de lui laisser une semaine de plus",
        "Je ne sais pas comment faire",
        "Je veux mon argent sous 48h",
        # English
        "Could you reset my teacher account",
        "can you send the link",
        "Would you be willing to share a link",
        "Please replace the email address on our account",
        "pls send the link",
        "plz help",
        "How do I upload a file that is too big",
        "When will the books arrive",
        "Where should we be looking",
        "Is it possible to pay by bank transfer",
        "is there any flexibility on deadlines",
        "I would like a refund",
        "I'd like to use my CPF for the payroll course",
        "I need a school certificate",
        "I want my money back",
        "I need help",
        "Do you know when marks will be published",
    ],
)
def test_requests_are_recognised(sentence: str) -> None:
    assert is_request(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # problems stated without asking anything
        "la page se recharge et mes réponses disparaissent",
        "La page se recharge et mes réponses disparaissent.",
        "Le lien de réinitialisation a expiré",
        "quand je clique sur le lien la page affiche une erreur",
        "The link says it has expired.",
        "My son can't get back into his account",
        "votre site de paiement ne marche pas",
        # context
        "mon fils est en CM2",
        "Mon fils est en CM2.",
        "j'ai aussi rempli le formulaire de contact, pas de réponse",
        "we have three kids and one laptop",
        "On nous demande de faire l'école à la maison",
        "Elle a besoin de votre devis avec le programme",
        "Je vous écris au sujet du compte de mon fils",
        "c'est pourquoi je vous écris",
        "Comme vous pouvez le voir, le site plante",
        "Nous avons trois enfants, dont Louis, inscrit en 4e",
        "It would help to have them before the interview",
        # what is quoted is not asked
        "Le site affiche « Votre navigateur n'est pas pris en charge, veuillez le mettre à jour »",
        'The page says "Forgot password?" and nothing happens',
        # politeness and offers that ask nothing
        "URGENT SVP",
        "urgent please",
        "merci de votre compréhension",
        "Merci d'avance",
        "Thanks for your help",
        "Je voulais vous remercier pour tout",
        "Je vous remercie par avance et vous souhaite bon courage",
        "Vous pouvez me joindre au 06 12 34 56 78",
        "Veuillez trouver ci-joint mon attestation",
        "",
        "   ",
    ],
)
def test_statements_and_context_are_not_requests(sentence: str) -> None:
    assert not is_request(sentence)


def test_requests_are_recognised_on_normalised_text() -> None:
    subject, text = _handwritten("004")
    body = normalise(subject, text).body
    # The compared text keeps the message's lines: a wrapped sentence is still one.
    asks = [" ".join(s.text.split()) for s in split_sentences(body) if is_request(s.text)]
    assert asks == [
        "pourriez-vous reinitialiser son mot de passe manuellement, ou nous indiquer ce que "
        "nous faisons de travers ?"
    ]


def test_a_long_letter_asks_once_and_tells_the_rest() -> None:
    _, text = _handwritten("062")  # a family's context, then one request
    asks = [s.text for s in split_sentences(text) if is_request(s.text)]
    assert len(asks) == 1 and asks[0].startswith("Serait-il possible de lui\naccorder un délai")


# ------------------------------------------------------------------ another request


@pytest.mark.parametrize(
    "sentence",
    [
        "Autre question : le brevet est-il maintenu ?",
        "autre chose, le colis n'est pas arrivé",
        "Et aussi la CAF veut le certificat de scolarité",
        "Aussi, je voudrais changer mon adresse",
        "De plus, la CAF demande un certificat",
        "Par ailleurs, le site est très lent",
        "En outre, le colis est incomplet",
        "Également, pourriez-vous m'envoyer une facture ?",
        "Egalement, pourriez-vous m'envoyer une facture ?",
        "D'autre part, le paiement a échoué",
        "Enfin, je n'ai pas reçu la facture",
        "P.S. : le lien ne marche pas non plus",
        "PS: la facture est fausse",
        "ps le code ne marche pas",
        "Also, could you send the invoice?",
        "Another question: is the exam still on?",
        "In addition, the parcel was incomplete",
        "Besides, the invoice is wrong",
        "One more thing: the app crashes",
        "Second question: when are the results out?",
        "Secondly, the invoice is wrong",
        "btw the link is broken",
        "By the way, the link is broken",
        "- also the invoice",
        "2) autre question : la facture",
        "Et par la même occasion : où trouve-t-on le lien ?",
    ],
)
def test_addition_markers_open_another_request(sentence: str) -> None:
    assert starts_another_request(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Mon fils est en CM2",
        "J'ai aussi rempli le formulaire de contact, pas de réponse",
        "Pourriez-vous aussi vérifier l'adresse ?",
        "Enfin bref, merci",
        "Pas de souci",
        "Psychologie de l'enfant",
        "We also tried another browser",
        "La page affiche de plus en plus d'erreurs",
        "",
    ],
)
def test_sentences_without_an_opening_marker_do_not(sentence: str) -> None:
    assert not starts_another_request(sentence)


def test_a_handwritten_second_request_is_announced() -> None:
    _, text = _handwritten("144")  # books not arrived, "et aussi" the CAF certificate
    opening = [s.text for s in split_sentences(text) if starts_another_request(s.text)]
    assert len(opening) == 1 and opening[0].startswith("Et aussi la CAF")
    assert is_request(opening[0])
