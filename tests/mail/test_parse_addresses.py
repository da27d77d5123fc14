"""The address fast path gives what the stdlib's getaddresses gives, wherever it applies."""

from __future__ import annotations

from email.utils import getaddresses

from hypothesis import given, settings
from hypothesis import strategies as st

from desk.mail.parse import (
    _SIMPLE_ADDRESS,
    _addresses,
    _Headers,
    _split_addresses,
    parse_message,
)

_atoms = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n\x00"), max_size=20)


@settings(max_examples=3000, deadline=None)
@given(name=_atoms, local=_atoms, domain=_atoms, quoted=st.booleans(), bare=st.booleans())
def test_fast_path_agrees_with_getaddresses(
    name: str, local: str, domain: str, quoted: bool, bare: bool
) -> None:
    if bare:
        value = f"{local}@{domain}"
    else:
        shown = f'"{name}"' if quoted else name
        value = f"{shown} <{local}@{domain}>"
    if _SIMPLE_ADDRESS.fullmatch(value):
        assert _split_addresses([value]) == getaddresses([value])


def test_common_shapes_take_the_fast_path_and_match() -> None:
    for value in ("Jean Dupont <jean@example.fr>", '"Dupont Jean" <j@x.fr>', "a@b.fr"):
        assert _SIMPLE_ADDRESS.fullmatch(value)
        assert _split_addresses([value]) == getaddresses([value])


def test_anything_unusual_goes_to_the_stdlib() -> None:
    for value in ('"Dupont, Jean" <j@x.fr>', "a@b (Jean)", "Groupe: a@b, c@d;"):
        assert not _SIMPLE_ADDRESS.fullmatch(value)
        assert _split_addresses([value]) == getaddresses([value])


def _addresses_of(header: str) -> tuple[list[tuple[str, str]], list[str]]:
    """What the parser keeps of one address header, and the warnings it gave."""
    name, _, value = header.partition(": ")
    warnings: list[str] = []
    pairs = _addresses(_Headers([(name, value)]), name.lower(), warnings)
    return pairs, warnings


def test_addresses_without_a_comma_are_all_kept_first_first() -> None:
    # The stdlib reads "a@x b@y" as ("", "") and ("", "@y"): the sender was "@example.com".
    assert getaddresses(["tim@example.com concierge@example.com"])[-1] == ("", "@example.com")
    assert _addresses_of("From: tim@example.com concierge@example.com") == (
        [("", "tim@example.com"), ("", "concierge@example.com")],
        ["addresses-not-separated:from"],
    )
    assert _addresses_of("To: Ann <ann@x.fr>, tim@example.com concierge@example.com") == (
        [("Ann", "ann@x.fr"), ("", "tim@example.com"), ("", "concierge@example.com")],
        ["addresses-not-separated:to"],
    )


def test_the_sender_of_a_run_together_from_is_the_first_address() -> None:
    parsed = parse_message(b"From: tim@example.com (Tim) bob@x.org\r\n\r\nbody\r\n")
    assert (parsed.from_name, parsed.from_addr) == ("", "tim@example.com")
    assert "addresses-not-separated:from" in parsed.warnings


def test_well_formed_lists_and_local_names_are_left_alone() -> None:
    for header in (
        "From: root",
        'From: "john doe"@example.com',
        "From: a@x.fr, b@y.fr",
        "From: Tim Smith <tim@example.com> concierge@example.com",
        "To: undisclosed-recipients:;",
    ):
        assert _addresses_of(header)[1] == [], header
    assert _addresses_of("From: root") == ([("", "root")], [])
