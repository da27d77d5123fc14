"""Five kinds of real mail the parser used to lose, in messages written for these tests.

The files are in ``tests/fixtures/mail/heldout/`` and its README says which RFC
behaviour each one exercises. The mbox files are split in ``test_sources.py``
and driven through ingest in ``test_ingest.py``.
"""

from __future__ import annotations

from pathlib import Path

from desk.mail.parse import parse_headers, parse_message
from tests.conftest import FIXTURES

HELDOUT = FIXTURES / "mail" / "heldout"


def _raw(name: str) -> bytes:
    return (HELDOUT / name).read_bytes()


def test_boundary_folded_inside_its_quotes_is_unfolded() -> None:
    # RFC 5322 §2.2.3: unfolding removes the CRLF and keeps the space after it,
    # and the body's delimiter lines carry that space.
    parsed = parse_message(_raw("folded-boundary.eml"))
    assert parsed.text.strip() == (
        "Bonjour, je joins le certificat de scolarité de ma fille pour l'inscription."
    )
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("certificat.pdf", "application/pdf")
    ]
    assert not any(w.startswith("defect:") for w in parsed.warnings)


def test_boundary_folded_where_the_body_has_no_space_is_joined() -> None:
    parsed = parse_message(_raw("folded-boundary-joined.eml"))
    assert parsed.text.strip() == "Hello, when does the spring term start this year?"
    assert parsed.html is not None
    assert "spring term" in parsed.html
    assert parsed.attachments == []


def test_a_folded_boundary_that_matches_no_line_leaves_the_body_whole() -> None:
    raw = (
        b'From: a@example.org\r\nContent-Type: multipart/mixed; boundary="ab\r\n cd"\r\n\r\n'
        b"--nothing-like-it\r\n\r\nbody\r\n"
    )
    parsed = parse_message(raw)
    assert "defect:StartBoundaryNotFoundDefect" in parsed.warnings
    assert parsed.from_addr == "a@example.org"


def test_an_eml_starting_with_a_byte_order_mark_keeps_its_headers() -> None:
    raw = _raw("bom.eml")
    assert raw.startswith(b"\xef\xbb\xbf")
    for parsed in (parse_message(raw), parse_headers(raw)):
        assert parsed.subject == "Attestation de réussite"
        assert (parsed.from_name, parsed.from_addr) == ("Léa Bernard", "lea.bernard@example.org")
        assert parsed.message_id == "<bom-1@example.org>"
        assert parsed.date is not None
        assert "byte-order-mark" in parsed.warnings
    assert parse_message(raw).text.strip() == (
        "Bonjour, pourriez-vous m'envoyer mon attestation de réussite ?"
    )


def test_body_declared_gb2312_that_is_utf8_is_read_as_utf8() -> None:
    parsed = parse_message(_raw("gb2312-declared-utf8.eml"))
    assert parsed.text.strip() == "您好！我想咨询一下课程注册的问题，请问什么时候开始报名？谢谢。"
    assert "charset-mismatch:gb2312:utf-8" in parsed.warnings


def test_utf8_display_name_with_one_stray_byte_stays_utf8() -> None:
    for parsed in (
        parse_message(_raw("from-name-stray-byte.eml")),
        parse_headers(_raw("from-name-stray-byte.eml")),
    ):
        assert parsed.from_name == "Юникод Сервис\ufffd"
        assert parsed.from_addr == "service@example.ru"
        assert "invalid-bytes-for-charset:utf-8" in parsed.warnings


def test_iso_2022_jp_keeps_the_cp932_vendor_characters() -> None:
    parsed = parse_message(_raw("iso2022jp-vendor-chars.eml"))
    assert parsed.subject == "№12 お問い合わせ"
    assert parsed.text.strip() == "① 申し込み"
    assert not any(w.startswith("invalid-bytes") for w in parsed.warnings)


def test_addresses_run_together_keep_the_first_as_sender_with_a_warning() -> None:
    for parsed in (
        parse_message(_raw("addresses-run-together.eml")),
        parse_headers(_raw("addresses-run-together.eml")),
    ):
        assert parsed.from_addr == "tim@example.com"
        assert parsed.from_name == ""
        assert "addresses-not-separated:from" in parsed.warnings


def test_every_heldout_file_is_described_in_the_readme() -> None:
    readme = (HELDOUT / "README.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in Path(HELDOUT).iterdir() if p.name != "README.md")
    assert files
    assert [name for name in files if f"`{name}`" not in readme] == []
