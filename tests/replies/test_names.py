"""Reading a sender's name from display names, addresses and forms; civility never guessed."""

from __future__ import annotations

import pytest

from desk.replies.names import (
    PersonName,
    parse_address,
    parse_display_name,
    parse_form_fields,
    person_name,
)


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Dupont, Marie", PersonName("Marie", "Dupont")),
        ("Marie DUPONT", PersonName("Marie", "Dupont")),
        ("DUPONT Marie", PersonName("Marie", "Dupont")),
        ("marie dupont", PersonName("Marie", "Dupont")),
        ("MARIE DUPONT", PersonName("Marie", "Dupont")),
        ("Mme Marie Dupont", PersonName("Marie", "Dupont", "f")),
        ("M. Jean-Pierre LE GALL", PersonName("Jean-Pierre", "Le Gall", "m")),
        ("Madame Dupont", PersonName(None, "Dupont", "f")),
        ("Mr John Smith", PersonName("John", "Smith", "m")),
        ("Ms. Jane Doe", PersonName("Jane", "Doe", "f")),
        ("M. et Mme Dupont", PersonName(None, "Dupont", None)),
        ("Jean de la Fontaine", PersonName("Jean", "de la Fontaine")),
        ("Charles d'ARTAGNAN", PersonName("Charles", "d'Artagnan")),
        ("Marie Dupont (via Google Drive)", PersonName("Marie", "Dupont")),
        ('"Dupont, Marie"', PersonName("Marie", "Dupont")),
        ("Marie", PersonName("Marie", None)),
        ("marie.dupont@example.fr", PersonName()),
        ("Formulaire de contact", PersonName()),
        ("R2D2", PersonName()),
        ("", PersonName()),
    ],
)
def test_display_names(display: str, expected: PersonName) -> None:
    assert parse_display_name(display) == expected


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("marie.dupont@example.fr", PersonName("Marie", "Dupont")),
        ("marie_dupont1985@example.fr", PersonName("Marie", "Dupont")),
        ("m.dupont@example.fr", PersonName(None, "Dupont")),
        ("marie.dupont+ecole@example.fr", PersonName("Marie", "Dupont")),
        ("mdupont12@example.fr", PersonName()),
        ("service.client@example.fr", PersonName()),
        ("jean.pierre.dupont@example.fr", PersonName()),
    ],
)
def test_addresses(address: str, expected: PersonName) -> None:
    assert parse_address(address) == expected


def test_a_contact_forms_fields_name_the_person_behind_the_robot() -> None:
    body = (
        "Nouveau message depuis le formulaire de contact\n"
        "Civilité : Madame\nNom : DUPONT\nPrénom : Marie\nEmail : marie@example.fr\n"
        "Message :\nBonjour..."
    )
    assert parse_form_fields(body) == PersonName("Marie", "Dupont", "f")
    found = person_name("Formulaire de contact", "noreply@example-edu.fr", "m@example.fr", body)
    assert found == PersonName("Marie", "Dupont", "f")


def test_one_labelled_line_is_not_a_form() -> None:
    assert parse_form_fields("Nom : Dupont\nJe voudrais savoir...") == PersonName()


def test_the_address_completes_a_first_name_only_when_it_is_the_same_person() -> None:
    assert person_name("Marie", "marie.dupont@x.fr", None, "") == PersonName("Marie", "Dupont")
    assert person_name("Marie", "jean.martin@x.fr", None, "") == PersonName("Marie", None)
    assert person_name("", "jean.martin@x.fr", None, "") == PersonName("Jean", "Martin")


def test_civility_is_never_guessed_from_a_first_name() -> None:
    assert person_name("Marie Dupont", "marie.dupont@x.fr", None, "").civility is None
