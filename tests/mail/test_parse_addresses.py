"""The address fast path gives what the stdlib's getaddresses gives, wherever it applies."""

from __future__ import annotations

from email.utils import getaddresses

from hypothesis import given, settings
from hypothesis import strategies as st

from desk.mail.parse import _SIMPLE_ADDRESS, _split_addresses

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
