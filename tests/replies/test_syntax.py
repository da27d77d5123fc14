"""The placeholder scanner: one pass, literal braces, odd input reported, values never expanded."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from desk.replies.syntax import ProblemKind, Slot, escape_html, fill, parse


def test_placeholders_are_filled_in_both_languages() -> None:
    parsed = parse("Bonjour {prénom} {Last_Name}, dossier {REFERENCE}.")
    assert not parsed.problems
    assert parsed.keys == {"first_name", "last_name", "reference"}
    filled = fill(parsed, {"first_name": "Marie", "last_name": "Dupont", "reference": "123"})
    assert filled.text == "Bonjour Marie Dupont, dossier 123."
    assert not filled.missing


def test_doubled_braces_are_literal_braces() -> None:
    parsed = parse("{{prénom}} is written {{ and }}, {prénom} is filled")
    assert not parsed.problems
    assert fill(parsed, {"first_name": "Léa"}).text == "{prénom} is written { and }, Léa is filled"


def test_odd_placeholders_are_reported_where_they_are_and_kept_as_typed() -> None:
    source = "Bonjour,\n{pré nom!} {} {a{b} } {never closed"
    parsed = parse(source)
    problems = [(p.kind, p.text, p.line, p.column) for p in parsed.problems]
    assert problems == [
        (ProblemKind.UNKNOWN, "{pré nom!}", 2, 1),
        (ProblemKind.EMPTY, "{}", 2, 12),
        (ProblemKind.UNCLOSED, "{", 2, 15),
        (ProblemKind.UNKNOWN, "{b}", 2, 17),
        (ProblemKind.UNOPENED, "}", 2, 21),
        (ProblemKind.UNCLOSED, "{", 2, 23),
    ]
    assert fill(parsed, {}).text == source


def test_a_missing_value_keeps_the_placeholder_visible_or_uses_the_fallback() -> None:
    parsed = parse("Bonjour {civilité} {nom}")
    filled = fill(parsed, {"civility": None, "last_name": "Dupont"})
    assert filled.text == "Bonjour {civilité} Dupont"
    assert filled.missing == {"civility"}
    fallen = fill(parsed, {"last_name": "Dupont"}, {"civility": "Madame, Monsieur"})
    assert fallen.text == "Bonjour Madame, Monsieur Dupont"
    assert fallen.fell_back == {"civility"} and not fallen.missing


def test_values_holding_placeholders_or_html_are_inserted_as_text() -> None:
    parsed = parse("<p>{prénom}</p>", "html", is_html=True)
    value = '<script>alert(1)</script>{nom}{{"'
    filled = fill(parsed, {"first_name": value, "last_name": "X"}, escape=escape_html)
    assert filled.text == f"<p>{html.escape(value)}</p>"
    assert fill(parse("{prénom}"), {"first_name": value}).text == value


def test_html_escaped_names_are_understood_in_the_html_version() -> None:
    parsed = parse("<p>{pr&eacute;nom}</p>", "html", is_html=True)
    assert parsed.pieces == ("<p>", Slot("first_name", "{pr&eacute;nom}"), "</p>")


def test_a_one_megabyte_template_is_scanned_and_filled_in_linear_work() -> None:
    """No quadratic blow-up: size grows 16-fold, so would the work (checked by output, not time)."""
    unit = "Bonjour {prénom}, votre dossier {référence} est {{bien}} reçu. } { \n"
    source = unit * (1_000_000 // len(unit) + 1)
    assert len(source) > 1_000_000
    parsed = parse(source)
    filled = fill(parsed, {"first_name": "Marie", "reference": "EL-2020-000001"})
    repeats = source.count(unit)
    assert filled.text.count("Marie") == repeats
    assert filled.text.count("{bien}") == repeats
    assert len(parsed.problems) == 2 * repeats
    assert parsed.problems[-1].line == repeats


_VALUES = st.text(alphabet=st.sampled_from("{}<>&\"' aé{prénom}\n"), max_size=30)


@given(source=st.text(alphabet=st.sampled_from("{}ab é\nprénom_"), max_size=200), value=_VALUES)
def test_any_template_parses_and_each_problem_points_at_what_was_typed(
    source: str, value: str
) -> None:
    parsed = parse(source)
    lines = source.split("\n")
    for problem in parsed.problems:
        line = lines[problem.line - 1]
        assert line[problem.column - 1 :].startswith(problem.text)
    filled = fill(parsed, {"first_name": value}, escape=escape_html)
    if "{" not in source and "}" not in source:
        assert filled.text == source


@given(first=_VALUES, last=_VALUES)
def test_values_are_never_expanded(first: str, last: str) -> None:
    template = "A{prénom}B{nom}C"
    filled = fill(parse(template), {"first_name": first, "last_name": last})
    expected = "A" + (first or "{prénom}") + "B" + (last or "{nom}") + "C"
    assert filled.text == expected
    in_html = fill(
        parse(template, "html", is_html=True),
        {"first_name": first, "last_name": last},
        escape=escape_html,
    )
    assert "<" not in in_html.text
    assert html.unescape(in_html.text) == expected
