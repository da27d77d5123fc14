"""Property-based: whatever the bytes, parsing never raises and always keeps them."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.mail.charsets import decode_bytes
from desk.mail.html import html_to_text
from desk.mail.parse import ParsedMessage, decode_header_value, parse_message
from tests.conftest import FIXTURES, REALMAIL

_OWN = sorted((FIXTURES / "mail").glob("*.eml"))
_SHARED = (
    sorted((REALMAIL / "messages").glob("*"))[::13] if (REALMAIL / "messages").is_dir() else []
)
SEEDS = [p.read_bytes() for p in [*_OWN, *_SHARED] if p.stat().st_size < 200_000]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(raw: bytes, parsed: ParsedMessage) -> None:
    assert parsed.sha256 == hashlib.sha256(raw).hexdigest()
    assert parsed.size == len(raw)
    for value in (parsed.subject, parsed.text, parsed.html or "", parsed.from_name,
                  parsed.from_addr, parsed.message_id, *parsed.to_addrs, *parsed.warnings,
                  *(a.filename for a in parsed.attachments)):  # fmt: skip
        assert "\x00" not in value
        value.encode("utf-8")  # storable: no lone surrogates
    assert "\n" not in parsed.subject
    assert "\r" not in parsed.subject


@SETTINGS
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(raw: bytes) -> None:
    _check(raw, parse_message(raw))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate", "swap"]))
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        if kind == "flip" and raw:
            raw[at] ^= draw(st.integers(1, 255))
        elif kind == "delete":
            del raw[at : at + draw(st.integers(1, 200))]
        elif kind == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=50))
        elif kind == "truncate":
            del raw[at:]
        elif kind == "duplicate":
            raw[at:at] = raw[at : at + draw(st.integers(1, 300))]
        else:
            lines = bytes(raw).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            raw = bytearray(b"\n".join(lines))
    return bytes(raw)


@SETTINGS
@given(mutated())
def test_mutated_real_messages(raw: bytes) -> None:
    _check(raw, parse_message(raw))


@SETTINGS
@given(st.text(max_size=300))
def test_header_values_are_one_clean_line(value: str) -> None:
    decoded = decode_header_value(value, [])
    assert "\r" not in decoded
    assert "\n" not in decoded
    decoded.encode("utf-8")


@SETTINGS
@given(st.binary(max_size=500), st.one_of(st.none(), st.text(max_size=30)))
def test_decode_bytes_never_raises(data: bytes, declared: str | None) -> None:
    decode_bytes(data, declared, []).encode("utf-8", "surrogatepass")


@SETTINGS
@given(st.text(max_size=2000))
def test_html_to_text_never_raises(markup: str) -> None:
    html_to_text(markup)
