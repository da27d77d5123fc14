"""The parser on good mail (exact results) and on every bad input the issue names."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from desk.mail.parse import (
    MAX_DEPTH,
    MAX_TEXT_CHARS,
    ParsedMessage,
    parse_headers,
    parse_message,
    synthetic_message_id,
)


def _intact(raw: bytes, parsed: ParsedMessage) -> None:
    """What must hold for every input: identity from the bytes, storable text."""
    assert parsed.sha256 == hashlib.sha256(raw).hexdigest()
    assert parsed.size == len(raw)
    for value in (parsed.subject, parsed.text, parsed.html or "", parsed.from_name,
                  parsed.from_addr, parsed.message_id):  # fmt: skip
        assert "\x00" not in value
        value.encode("utf-8")


def _mail(headers: str, body: bytes = b"Bonjour\n") -> bytes:
    return headers.replace("\n", "\r\n").encode() + b"\r\n" + body


# ---------------------------------------------------------------- good mail, exact results


def test_headers_are_decoded_exactly() -> None:
    raw = _mail(
        "From: =?utf-8?q?H=C3=A9l=C3=A8ne?= Dupont <Helene.Dupont@Example.FR>\n"
        "To: contact@example-edu.fr, =?iso-8859-1?q?R=E9mi?= <remi@x.fr>\n"
        "Cc: a@x.fr\nReply-To: parent@x.fr\n"
        "Subject: =?utf-8?b?Q2VydGlmaWNhdA==?= =?utf-8?q?_de_scolarit=C3=A9?=\n"
        "Date: Mon, 16 Mar 2020 09:12:00 +0100\n"
        "Message-ID:   <abc@example.fr>  \nIn-Reply-To: <x@y>\nReferences: <w@y> <x@y>\n"
    )
    parsed = parse_message(raw)
    _intact(raw, parsed)
    assert parsed.from_name == "Hélène Dupont"
    assert parsed.from_addr == "helene.dupont@example.fr"
    assert parsed.to_addrs == ["contact@example-edu.fr", "remi@x.fr"]
    assert parsed.cc_addrs == ["a@x.fr"]
    assert parsed.reply_to_addr == "parent@x.fr"
    assert parsed.subject == "Certificat de scolarité"
    assert parsed.date == datetime(2020, 3, 16, 8, 12, tzinfo=UTC)
    assert parsed.message_id == parsed.message_id_header == "<abc@example.fr>"
    assert parsed.in_reply_to == "<x@y>"
    assert parsed.references == "<w@y> <x@y>"
    assert parsed.warnings == []


def test_folded_headers_unfold_without_warning() -> None:
    raw = _mail("From: a@x.fr\nSubject: une demande\n  sur deux lignes\nMessage-ID: <f@x>\n"
                "Date: Mon, 16 Mar 2020 09:12:00 +0100\n")  # fmt: skip
    parsed = parse_message(raw)
    assert parsed.subject == "une demande sur deux lignes"
    assert parsed.warnings == []


def test_alternative_prefers_plain_and_keeps_sanitised_html() -> None:
    raw = _mail(
        'From: a@x.fr\nContent-Type: multipart/alternative; boundary="b"\n',
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTexte brut \xc3\xa9\r\n"
        b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>Texte <b>riche</b></p><script>alert(1)</script><img src='http://t.example/p.gif'>\r\n"
        b"--b--\r\n",
    )
    parsed = parse_message(raw)
    assert parsed.text.strip() == "Texte brut é"
    assert parsed.html is not None
    assert "<b>riche</b>" in parsed.html
    assert "script" not in parsed.html
    assert "img" not in parsed.html


def test_html_only_mail_gets_text_from_its_html() -> None:
    raw = _mail(
        "From: a@x.fr\nContent-Type: text/html; charset=utf-8\n",
        b"<html><body><p>Bonjour,</p><p>mon fils<br>est en CM2</p>"
        b"<blockquote>ancien message</blockquote></body></html>",
    )
    assert parse_message(raw).text == "Bonjour,\n\nmon fils\nest en CM2\n\n> ancien message"


def test_attachments_are_listed_with_decoded_names_and_sizes() -> None:
    raw = _mail(
        'From: a@x.fr\nContent-Type: multipart/mixed; boundary="m"\n',
        b"--m\r\nContent-Type: text/plain\r\n\r\ncorps\r\n"
        b"--m\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment; filename*=UTF-8''certificat%20m%C3%A9dical.pdf\r\n"
        b"\r\nJVBERi0xLjQK\r\n"
        b"--m\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="=?utf-8?q?capture_d=C3=A9cran.jpg?="\r\n'
        b"\r\n/9j/4AAQ\r\n"
        b"--m\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n"
        b"From: b@y\r\nSubject: transfert\r\n\r\ntexte du message joint\r\n"
        b"--m--\r\n",
    )
    parsed = parse_message(raw)
    assert [(a.filename, a.content_type, a.size) for a in parsed.attachments[:2]] == [
        ("certificat médical.pdf", "application/pdf", 9),
        ("capture décran.jpg".replace("dé", "d\u00e9"), "image/jpeg", 6),
    ]
    assert parsed.attachments[2].content_type == "message/rfc822"
    assert "texte du message joint" not in parsed.text


@pytest.mark.parametrize(
    "header",
    ["Auto-Submitted: auto-replied", "X-Autoreply: yes", "Precedence: bulk",
     "From: MAILER-DAEMON@x.fr"],
)  # fmt: skip
def test_automatic_mail_is_recognised(header: str) -> None:
    sender = "" if header.startswith("From") else "From: a@x.fr\n"
    assert parse_message(_mail(f"{sender}{header}\n")).is_auto


def test_ordinary_mail_is_not_automatic() -> None:
    assert not parse_message(_mail("From: a@x.fr\nSubject: question\n")).is_auto


# ---------------------------------------------------------------- charsets


def test_latin1_declared_windows_1252_bytes_decode_right() -> None:
    body = "Il faut 15 € pour l’œuvre « complète »".encode("cp1252")
    raw = _mail("From: a@x.fr\nContent-Type: text/plain; charset=iso-8859-1\n", body)
    assert parse_message(raw).text.strip() == "Il faut 15 € pour l’œuvre « complète »"


def test_utf8_declared_as_latin1_is_read_as_utf8_with_a_warning() -> None:
    raw = _mail("From: a@x.fr\nContent-Type: text/plain; charset=iso-8859-1\n", "déjà".encode())
    parsed = parse_message(raw)
    assert parsed.text.strip() == "déjà"
    assert "charset-mismatch:iso-8859-1:utf-8" in parsed.warnings


@pytest.mark.parametrize("codec", ["utf-8", "cp1252"])
def test_undeclared_8bit_text_is_recovered(codec: str) -> None:
    raw = _mail("From: a@x.fr\n", "élève inscrit en 4e".encode(codec))
    parsed = parse_message(raw)
    assert parsed.text.strip() == "élève inscrit en 4e"
    assert any(w.startswith("undeclared-8bit-text") for w in parsed.warnings)


@pytest.mark.parametrize("name", ["x-foo-bar", "utf8", "latin1", '"utf-8"', "x-user-defined"])
def test_unknown_or_odd_charset_names_are_recovered(name: str) -> None:
    raw = _mail(f"From: a@x.fr\nContent-Type: text/plain; charset={name}\n", "reçu".encode())
    parsed = parse_message(raw)
    _intact(raw, parsed)
    assert parsed.text.strip() == "reçu"


def test_raw_8bit_subject_is_recovered() -> None:
    raw = "From: a@x.fr\r\nSubject: Échéance\r\n\r\nx".encode()
    assert parse_message(raw).subject == "Échéance"
    raw = "From: a@x.fr\r\nSubject: Échéance\r\n\r\nx".encode("cp1252")
    parsed = parse_message(raw)
    assert parsed.subject == "Échéance"
    assert any(w.startswith("undeclared-8bit-text") for w in parsed.warnings)


# ---------------------------------------------------------------- the bad inputs


def test_truncated_mime_keeps_what_arrived() -> None:
    raw = _mail(
        'From: a@x.fr\nContent-Type: multipart/mixed; boundary="cut"\n',
        b"--cut\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nd\xc3\xa9but du tex",
    )
    parsed = parse_message(raw)
    _intact(raw, parsed)
    assert "début du tex" in parsed.text
    assert any(w.startswith("defect:") for w in parsed.warnings)


def test_missing_boundary_parameter() -> None:
    raw = _mail("From: a@x.fr\nContent-Type: multipart/mixed\n", b"--x\r\n\r\ntexte perdu?\r\n")
    parsed = parse_message(raw)
    _intact(raw, parsed)
    assert "defect:NoBoundaryInMultipartDefect" in parsed.warnings


def test_wrong_boundary() -> None:
    raw = _mail(
        'From: a@x.fr\nContent-Type: multipart/mixed; boundary="declared"\n',
        b"--other\r\nContent-Type: text/plain\r\n\r\nle texte\r\n--other--\r\n",
    )
    parsed = parse_message(raw)
    _intact(raw, parsed)
    assert parsed.warnings


def test_invalid_base64() -> None:
    raw = _mail(
        "From: a@x.fr\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: base64\n",
        b"Qm9uam91ciDDqWzDqHZl!!!*** mauvais\r\nQm9u=\r\n",
    )
    parsed = parse_message(raw)
    _intact(raw, parsed)
    assert "Bonjour élève" in parsed.text


def test_invalid_quoted_printable() -> None:
    raw = _mail(
        "From: a@x.fr\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n",
        b"caf=C3=A9 =ZZ fin=\r\nsuite=",
    )
    parsed = parse_message(raw)
    _intact(raw, parsed)
    assert "café =ZZ" in parsed.text
    assert "suite" in parsed.text


def test_nul_bytes_never_reach_the_text() -> None:
    raw = b"From: a@x.fr\r\nSubject: nul\x00l\r\n\r\ncorps\x00avec\x00nul"
    parsed = parse_message(raw)
    _intact(raw, parsed)
    assert parsed.subject == "null"
    assert parsed.text == "corpsavecnul"


def test_twenty_megabyte_body_is_truncated_for_display_only() -> None:
    raw = _mail("From: a@x.fr\nContent-Type: text/plain\n", b"abcdefghi\n" * 2_000_000)
    parsed = parse_message(raw)
    _intact(raw, parsed)
    assert len(parsed.text) == MAX_TEXT_CHARS
    assert "text-truncated" in parsed.warnings


def test_a_thousand_attachments_are_all_listed() -> None:
    parts = b"".join(
        b"--m\r\nContent-Type: application/octet-stream\r\n"
        b'Content-Disposition: attachment; filename="f%d.bin"\r\n\r\nxx\r\n' % i
        for i in range(1000)
    )
    raw = _mail('From: a@x.fr\nContent-Type: multipart/mixed; boundary="m"\n',
                b"--m\r\n\r\ncorps\r\n" + parts + b"--m--\r\n")  # fmt: skip
    parsed = parse_message(raw)
    assert len(parsed.attachments) == 1000
    assert parsed.attachments[999].filename == "f999.bin"


def test_multipart_nested_200_deep() -> None:
    depth = 200
    head = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(depth)
    )
    tail = b"".join(b"\r\n--b%d--\r\n" % i for i in reversed(range(depth)))
    raw = b"From: a@x.fr\r\n" + head + b"Content-Type: text/plain\r\n\r\nau fond" + tail
    parsed = parse_message(raw)
    _intact(raw, parsed)
    assert "nesting-too-deep" in parsed.warnings
    assert depth > MAX_DEPTH


def test_line_break_injected_through_an_encoded_word() -> None:
    raw = _mail("From: a@x.fr\nSubject: =?utf-8?q?hello=0D=0ABcc:_evil@example.com?=\n")
    parsed = parse_message(raw)
    assert "\r" not in parsed.subject
    assert "\n" not in parsed.subject
    assert parsed.subject == "hello Bcc: evil@example.com"
    assert "line-break-in-header:subject" in parsed.warnings


def test_non_utf8_attachment_names() -> None:
    raw = (
        b'From: a@x.fr\r\nContent-Type: multipart/mixed; boundary="m"\r\n\r\n'
        b"--m\r\n\r\ncorps\r\n"
        b'--m\r\nContent-Disposition: attachment; filename="re\xe7u sign\xe9.pdf"\r\n\r\nx\r\n'
        b"--m\r\nContent-Disposition: attachment; filename*=utf-8''re%E7u.pdf\r\n\r\nx\r\n"
        b"--m--\r\n"
    )
    parsed = parse_message(raw)
    _intact(raw, parsed)
    assert parsed.attachments[0].filename == "reçu signé.pdf"
    assert len(parsed.attachments) == 2
    parsed.attachments[1].filename.encode("utf-8")


def test_a_file_that_is_not_an_email() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    parsed = parse_message(png)
    _intact(png, parsed)
    assert "not-an-email:binary" in parsed.warnings
    assert parsed.text == ""
    prose = "Liste de courses : pain, lait, œufs.\n".encode()
    parsed = parse_message(prose)
    assert "no-headers" in parsed.warnings
    assert "œufs" in parsed.text


@pytest.mark.parametrize("raw", [b"", b"From: a@x.fr\r\n", b"\r\n\r\n", b"Subject"])
def test_empty_and_headers_only(raw: bytes) -> None:
    _intact(raw, parse_message(raw))


def test_missing_message_id_is_synthetic_and_stable() -> None:
    first = _mail("From: a@x.fr\nSubject: a\n")
    other = _mail("From: a@x.fr\nSubject: b\n")
    one, again, two = parse_message(first), parse_message(first), parse_message(other)
    assert one.message_id == again.message_id == synthetic_message_id(one.sha256)
    assert one.message_id.endswith("@desk.invalid>")
    assert one.message_id != two.message_id
    assert one.message_id_header is None
    assert "message-id-missing" in one.warnings


@pytest.mark.parametrize(
    ("date", "warning"),
    [(None, "date-missing"), ("demain matin", "date-invalid"),
     ("Mon, 16 Mar 1970 09:12:00 +0100", "date-implausible")],
)  # fmt: skip
def test_bad_dates_leave_the_date_to_the_caller(date: str | None, warning: str) -> None:
    header = f"Date: {date}\n" if date else ""
    parsed = parse_message(_mail(f"From: a@x.fr\n{header}"))
    assert parsed.date is None
    assert warning in parsed.warnings


def test_raw_8bit_headers_are_read_in_the_messages_own_charset() -> None:
    raw = (
        "From: Иван <i@x.ru>\nSubject: Запись на курс\n"
        "Content-Type: text/plain; charset=koi8-r\n\nПривет\n"
    ).encode("koi8-r")
    parsed = parse_message(raw)
    assert parsed.subject == "Запись на курс"
    assert parsed.from_name == "Иван"
    assert parsed.text.strip() == "Привет"


def test_header_only_parse_agrees_with_the_full_parse_on_the_demo_mailbox() -> None:
    """The sync stores header-only rows first; the full parse later must not change them."""
    from itertools import islice

    from desk.demo.generator import demo_messages
    from tests.mail.test_parse_corpus import HEADER_FIELDS, header_block

    for raw, _, _ in islice(demo_messages(400, 7), 400):
        full, headers = parse_message(raw), parse_headers(header_block(raw))
        for field in HEADER_FIELDS:
            assert getattr(headers, field) == getattr(full, field), (field, raw[:300])


def test_header_only_parse_never_raises() -> None:
    for raw in (b"", b"\x00\xff" * 40, b"Subject: =?x?Q?bad?=\n\n", b"No colon here\n\nbody"):
        assert parse_headers(raw).message_id  # a synthetic id at worst
