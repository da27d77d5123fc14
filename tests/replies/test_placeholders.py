"""Placeholder names: French and English, case, accents and separators tolerated."""

from __future__ import annotations

import pytest

from desk.replies.placeholders import PLACEHOLDERS, fold_name, insert_menu, lookup


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("prénom", "first_name"),
        ("first_name", "first_name"),
        ("Prenom", "first_name"),
        ("PRÉNOM", "first_name"),
        ("first name", "first_name"),
        ("nom", "last_name"),
        ("last-name", "last_name"),
        ("civilité", "civility"),
        ("title", "civility"),
        ("référence", "reference"),
        ("reference", "reference"),
        ("date réception", "received_date"),
        ("date_reception", "received_date"),
        ("aujourd'hui", "today"),
        ("aujourd’hui", "today"),
        ("objet", "subject"),
        ("courriel", "email"),
        ("service", "mailbox"),
        ("agent", "agent"),
    ],
)
def test_names_in_either_language_and_any_spelling_mean_one_placeholder(
    typed: str, key: str
) -> None:
    found = lookup(typed)
    assert found is not None
    assert found.key == key


@pytest.mark.parametrize("typed", ["pré nom!", "", "  ", "prénom2", "a{b", "__class__", "0"])
def test_odd_names_are_unknown(typed: str) -> None:
    assert lookup(typed) is None


def test_every_placeholder_has_two_names_and_two_descriptions_that_resolve_to_it() -> None:
    assert len({p.key for p in PLACEHOLDERS}) == len(PLACEHOLDERS)
    for placeholder in PLACEHOLDERS:
        assert placeholder.description_fr and placeholder.description_en
        for name in (placeholder.name_fr, placeholder.name_en, placeholder.key):
            assert lookup(name) is placeholder
            assert fold_name(name) == fold_name(name.upper())


def test_the_insert_menu_offers_tokens_in_the_templates_language() -> None:
    french = dict(insert_menu("fr"))
    english = dict(insert_menu("en"))
    assert "{prénom}" in french and "{first_name}" in english
    assert french["{prénom}"].startswith("Prénom")
    assert english["{first_name}"].startswith("Sender's first name")
    assert len(french) == len(english) == len(PLACEHOLDERS)
