"""Auto-replies, bounces and spam are set apart; a request is never taken for one of them."""

from __future__ import annotations

import pytest

from desk.cluster.nonrequest import SPAM_CUES_NEEDED, Kind, classify, spam_cues

PARENT = "camille.martin@gmail.com"


def kind(
    subject: str, text: str, from_addr: str = PARENT, *, is_auto: bool = False, spam: bool = False
) -> Kind:
    return classify(
        subject=subject, text=text, from_addr=from_addr, is_auto=is_auto, spam_flag=spam
    )


# ------------------------------------------------------------------ auto-replies


def test_a_message_the_sender_marks_automatic_is_an_auto_reply() -> None:
    # is_auto folds Auto-Submitted, X-Autoreply and Precedence: the subject does not matter.
    assert kind("Re: votre demande", "Je suis absente jusqu'au 30 mars.", is_auto=True) is (
        Kind.AUTO_REPLY
    )


@pytest.mark.parametrize(
    "subject",
    [
        "Réponse automatique : Lettre d'information",
        "REPONSE AUTOMATIQUE: inscription",
        "Absence du bureau : Lettre d'information",
        "Absente du bureau",
        "Message automatique : continuité pédagogique",
        "Accusé de réception automatique",
        "Automatic reply: Newsletter",
        "Auto-Reply: your message",
        "Out of Office: continuity",
        "Out of the office",
    ],
)
def test_out_of_office_subjects_are_auto_replies(subject: str) -> None:
    assert kind(subject, "Je suis absent, je lirai votre message à mon retour.") is (
        Kind.AUTO_REPLY
    )


@pytest.mark.parametrize(
    "subject",
    [
        "Re: Réponse automatique reçue, mais aucune réponse à ma question",
        "Question sur la réponse automatique",
        "Mon fils est absent du bureau de vote",
    ],
)
def test_a_request_about_an_auto_reply_is_a_request(subject: str) -> None:
    text = "J'ai reçu une réponse automatique mais personne n'a répondu à ma demande d'inscription."
    assert kind(subject, text) is Kind.REQUEST


# ------------------------------------------------------------------ bounces


@pytest.mark.parametrize(
    "sender",
    ["MAILER-DAEMON@smtp.gmail.com", "mailer-daemon@orange.fr", "postmaster@laposte.net"],
)
def test_a_daemon_sender_is_a_bounce(sender: str) -> None:
    assert kind("Votre message", "Votre message n'a pas pu être remis.", sender) is Kind.BOUNCE
    # Even when the parser did not see a delivery report.
    assert kind("", "", sender, is_auto=False) is Kind.BOUNCE


@pytest.mark.parametrize(
    "subject",
    [
        "Undelivered Mail Returned to Sender",
        "Non remis : Votre demande",
        "Delivery Status Notification (Failure)",
        "Mail delivery failed: returning message to sender",
        "Échec de la remise : Re: inscription",
    ],
)
def test_an_automatic_message_with_a_bounce_subject_is_a_bounce(subject: str) -> None:
    assert kind(subject, "", "notifications@mail.example.org", is_auto=True) is Kind.BOUNCE


@pytest.mark.parametrize(
    "subject", ["Colis non remis", "Undelivered Mail Returned to Sender", "Non remis"]
)
def test_a_person_writing_about_an_undelivered_parcel_is_a_request(subject: str) -> None:
    text = "Le colis de livres de CM1 ne m'a pas été remis, le transporteur dit l'adresse fausse."
    assert kind(subject, text) is Kind.REQUEST


# ------------------------------------------------------------------ spam


@pytest.mark.parametrize(
    "text",
    [
        "Félicitations, vous avez gagné une carte cadeau de 500 € ! Cliquez ici pour la recevoir.",
        "Investissez dans le bitcoin : générez jusqu'à 3000 € par mois, sans engagement.",
        "Dear friend, I have a business proposal regarding an unclaimed inheritance. Kindly reply.",
        "Votre colis est en attente : 2,99 € à régler. Cliquez sur le lien pour le recevoir.",
        "Cher client, nous avons détecté une activité inhabituelle. Mettez à jour vos "
        "informations en cliquant ici.",
        "Formation 100 % financée par votre CPF, vous êtes éligible ! Rappel gratuit.",
    ],
)
def test_two_spam_cues_make_spam(text: str) -> None:
    assert len(spam_cues(text)) >= SPAM_CUES_NEEDED
    assert kind("Offre", text, "offres@promo.example.net") is Kind.SPAM


def test_spam_cues_in_the_subject_count() -> None:
    assert kind("Félicitations, vous avez gagné !", "Cliquez ici.", "x@promo.example") is Kind.SPAM


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, je demande le remboursement des frais d'inscription de ma fille, "
        "la formation de 3e a été annulée.",
        "Bonjour, mon compte a été suspendu alors que j'ai payé l'inscription. Que faire ?",
        "Dans votre mail il est écrit de cliquer pour télécharger le certificat, mais "
        "cliquez ici ne marche pas.",
        "Mon remboursement est en attente depuis deux mois, pouvez-vous vérifier ?",
        "Pourquoi mon compte a-t-il été désactivé ? Je ne peux plus voir les cours de CM2.",
        "Le lien « cliquez ici » pour la classe virtuelle ne marche pas sur la tablette.",
        "Quand aura lieu le remboursement ? Mon compte a été suspendu par erreur.",
    ],
)
def test_a_request_with_one_spam_like_phrase_stays_a_request(text: str) -> None:
    assert len(spam_cues(text)) < SPAM_CUES_NEEDED
    assert kind("Demande", text) is Kind.REQUEST


def test_a_spam_filter_verdict_makes_spam() -> None:
    text = "Bonjour, mon fils n'arrive pas à se connecter."
    assert kind("Question", text, spam=True) is Kind.SPAM
    assert kind("Question", text) is Kind.REQUEST


def test_auto_replies_and_bounces_win_over_spam_cues() -> None:
    spam = "Félicitations, vous avez gagné ! Cliquez ici."
    assert kind("Out of Office", spam, spam=True) is Kind.AUTO_REPLY
    assert kind("Hi", spam, "MAILER-DAEMON@x.example", spam=True) is Kind.BOUNCE


def test_spam_cues_are_folded_and_each_counted_once() -> None:
    assert spam_cues("CLIQUEZ ICI, cliquez ici, Cliquez Ici") == ["cliquez ici"]
    assert spam_cues("FÉLICITATIONS, VOUS AVEZ GAGNÉ") == ["felicitations, vous avez gagne"]
    assert spam_cues("") == []


def test_a_word_containing_a_cue_is_not_a_cue() -> None:
    text = "Ma fille suit le chapitre de cryptographie en NSI : le lien cliquez ici ne marche pas."
    assert kind("Cours NSI", text) is Kind.REQUEST


@pytest.mark.parametrize(
    "text",
    [
        "Nous habitons à Nouméa : le transporteur réclame des frais de douane pour le colis "
        "de livres de 3e. Comment reprogrammer la livraison ?",
        "Est-ce aujourd'hui le dernier jour pour se désinscrire sans frais ? Je voudrais "
        "annuler l'inscription de ma fille.",
    ],
)
def test_requests_about_customs_or_withdrawal_are_requests(text: str) -> None:
    assert kind("Question", text) is Kind.REQUEST
