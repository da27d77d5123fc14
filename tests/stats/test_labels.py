"""Both languages say everything, and numbers are written the local way."""

from __future__ import annotations

import pytest

from desk.stats.labels import LANGUAGES, fmt_duration, fmt_number, fmt_share, labels


def test_every_language_has_every_word() -> None:
    english = set(labels("en"))
    for language in LANGUAGES:
        assert set(labels(language)) == english
        assert all(labels(language).values())


def test_placeholders_are_the_same_in_both_languages() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, english in labels("en").items():
        assert fields(labels("fr")[key]) == fields(english), key


def test_numbers_follow_the_language() -> None:
    assert fmt_number(1234.5, "fr", 1) == "1\u00a0234,5"
    assert fmt_number(1234.5, "en", 1) == "1,234.5"
    assert fmt_share(0.875, "fr") == "87,5\u00a0%"
    assert fmt_share(0.875, "en") == "87.5%"
    assert fmt_share(None, "en") == "—"


def test_durations_use_the_readable_unit() -> None:
    assert fmt_duration(90, "en") == "1.5\u00a0min"
    assert fmt_duration(5400, "fr") == "1,5\u00a0h"
    assert fmt_duration(4 * 86400, "fr") == "4,0\u00a0j"
    assert fmt_duration(None, "fr") == "—"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="de"):
        labels("de")
