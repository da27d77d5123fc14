"""Finding the reference a sender quoted, in the forms the demo mailbox and real people use."""

from __future__ import annotations

import pytest

from desk.replies.references import find_reference


@pytest.mark.parametrize(
    ("subject", "text", "expected"),
    [
        ("code d'accès élève EL-2020-123456", "", "EL-2020-123456"),
        ("", "Son numéro d'inscription est 1234567.", "1234567"),
        ("", "bjr ma fille arrive pas a se connecter, c'est urgent num 1234567", "1234567"),
        ("", "mon identifiant c'est n° 0123456", "0123456"),
        ("", "N°1234567", "1234567"),
        ("", "Her enrolment number is A12345K.", "A12345K"),
        ("", "Merci de traiter le dossier 123456 rapidement", "123456"),
        ("", "Réinitialisation demandée pour le compte A00123K.", "A00123K"),
        ("", "Mon fils est inscrit sous 7654321, merci", "7654321"),
        ("Relance dossier 555555", "dossier 123456", "555555"),
    ],
)
def test_references_are_found(subject: str, text: str, expected: str) -> None:
    assert find_reference(subject, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "code postal 75011, tél. 06 12 34 56 78, le 16/03/2020",
        "appelez le 0612345678 ou écrivez à marie.dupont1234567@example.fr",
        "mon compte est bloqué depuis 2019",
        "voir https://www.example-edu.fr/cours/1234567",
        "Le dossier du 2020-03-16 est incomplet",
        "",
    ],
)
def test_dates_phones_postcodes_addresses_and_links_are_not_references(text: str) -> None:
    assert find_reference("", text) is None


def test_the_senders_own_words_come_before_the_quoted_history() -> None:
    text = (
        "Toujours rien, mon numéro est 7777777.\n\n"
        "Le 16 mars 2020 à 10:00, Service <x@y.fr> a écrit :\n> dossier 1111111\n"
    )
    assert find_reference("", text) == "7777777"
