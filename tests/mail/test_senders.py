"""The sender key: robots resolve to the person, and no two people are merged."""

from __future__ import annotations

import pytest

from desk.mail.senders import is_robot, normalise_address, sender_key


@pytest.mark.parametrize(
    ("address", "expected"),
    [("Jean.Dupont@Example.FR", "jean.dupont@example.fr"),
     ("jean+cned@gmail.com", "jean@gmail.com"), ("<a@b.fr>", "a@b.fr"),
     ("jean.dupont@gmail.com", "jean.dupont@gmail.com"), ("+x@b.fr", "+x@b.fr"),
     ("not an address", "not an address")],
)  # fmt: skip
def test_normalise_address(address: str, expected: str) -> None:
    assert normalise_address(address) == expected


def test_gmail_dots_are_not_folded() -> None:
    # Provider-specific equivalences are left alone: a wrong merge mixes two people's answers.
    assert normalise_address("jean.dupont@gmail.com") != normalise_address("jeandupont@gmail.com")


@pytest.mark.parametrize(
    ("address", "name"),
    [("noreply@formulaires.example-edu.fr", ""), ("no-reply@x.fr", ""),
     ("ne-pas-repondre@x.fr", ""), ("contact@x.fr", "Formulaire de contact"),
     ("webform@x.org", "")],
)  # fmt: skip
def test_robots(address: str, name: str) -> None:
    assert is_robot(address, name)


def test_people_are_not_robots() -> None:
    assert not is_robot("jean.dupont@gmail.com", "Jean Dupont")
    assert not is_robot("norbert@x.fr", "Norbert")


def test_web_form_with_reply_to_is_from_the_person() -> None:
    key = sender_key("noreply@formulaires.x.fr", "Formulaire", "Camille <C.Martin@x.fr>", "")
    assert key == "c.martin@x.fr"


def test_web_form_without_reply_to_uses_the_form_field() -> None:
    body = "Nom : Martin\nPrénom : Camille\nEmail : Camille.Martin+form@x.fr\nMessage :\nbonjour"
    assert sender_key("noreply@formulaires.x.fr", "", None, body) == "camille.martin@x.fr"


def test_robot_without_any_person_stays_itself() -> None:
    assert sender_key("noreply@x.fr", "", "no-reply@x.fr", "texte") == "noreply@x.fr"


def test_ordinary_mail_is_from_its_sender_whatever_reply_to_says() -> None:
    assert sender_key("Parent@x.fr", "Parent", "other@y.fr", "") == "parent@x.fr"
    assert sender_key("", "", None, "") == ""


def test_a_full_address_header_value_is_accepted() -> None:
    assert normalise_address("Camille Martin <C.Martin+x@X.fr>") == "c.martin@x.fr"
