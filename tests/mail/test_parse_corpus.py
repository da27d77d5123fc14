"""Every real corpus message parses, and subjects match the stdlib's or improve on it."""

from __future__ import annotations

import csv
import email
import email.policy
import hashlib
import re
from pathlib import Path

import pytest

from desk.mail.parse import parse_headers, parse_message
from tests.conftest import REALMAIL

MESSAGES = sorted(p.name for p in (REALMAIL / "messages").glob("*")) if REALMAIL.is_dir() else []

# Where our subject differs from policy.default's on purpose: the stdlib shows
# U+FFFD for raw 8-bit header bytes and for charsets it does not know, which we
# recover (UTF-8, the message's own charset, windows-1252, known aliases).
RECOVERED_8BIT = {
    "flanker__spam_broken-headers.eml": "Forget Asking For A Link Exchange…",
    "phpmmp__issue149": "מענה 'אני לא נמצא': Invoice 02722027",  # iso-8859-8-i
    "spamscope__mail_test_9": None,  # Chinese in raw 8-bit; the stdlib garbles two characters
    **{name: None for name in (
        "zbateson__github-102-01.txt", "zbateson__github-102-02.txt", "zbateson__m0001.txt",
        "zbateson__m0002.txt", "zbateson__m0003.txt", "zbateson__m0009.txt",
        "zbateson__m0023.txt", "zbateson__m2015.txt", "zbateson__m4001.txt")},
}  # fmt: skip


# Where a header block alone cannot say what the whole message does (found by the test).
HEADER_ONLY_DIFFERS: dict[str, dict[str, tuple[object, object]]] = {}

# The stdlib leaves an ISO-2022-JP encoded word undecoded; we decode it, with
# the CP932 vendor characters Windows mailers write in it ("№" is NEC row 13).
DECODED_SEVEN_BIT = {"phpmmp__issue116": "ЖД№41 от 28.09.2016"}


def _ok_for_stdlib(realmail: Path) -> set[str]:
    with (realmail / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {
            row["file"].split("/", 1)[1]
            for row in rows
            if row["stdlib_policy_default_result"] == "ok"
        }


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", MESSAGES)
def test_corpus_message(realmail: Path, name: str) -> None:
    raw = (realmail / "messages" / name).read_bytes()
    parsed = parse_message(raw)
    assert parsed.sha256 == hashlib.sha256(raw).hexdigest()
    for value in (parsed.subject, parsed.text, parsed.html or "", parsed.from_addr):
        assert "\x00" not in value
        value.encode("utf-8")
    if name not in _ok_for_stdlib(realmail):
        return
    reference = email.message_from_bytes(raw, policy=email.policy.default)["subject"]
    if reference is None:
        return
    if name in DECODED_SEVEN_BIT:
        assert str(reference).startswith("=?iso-2022-jp?")
        assert parsed.subject == DECODED_SEVEN_BIT[name]
        return
    if name in RECOVERED_8BIT:
        assert "\ufffd" in str(reference)
        assert "\ufffd" not in parsed.subject
        expected = RECOVERED_8BIT[name]
        if expected is not None:
            assert parsed.subject == expected
        return
    assert _squash(parsed.subject) == _squash(str(reference))


def test_corpus_is_there_when_shared_is(realmail: Path) -> None:
    assert len(MESSAGES) == 266


HEADER_FIELDS = (
    "message_id_header",
    "subject",
    "from_name",
    "from_addr",
    "reply_to_addr",
    "to_addrs",
    "cc_addrs",
    "date",
    "in_reply_to",
    "references",
    "is_auto",
)


def header_block(raw: bytes) -> bytes:
    """What IMAP's ``BODY[HEADER]`` returns: the header lines and the blank line."""
    for end in (b"\r\n\r\n", b"\n\n"):
        if end in raw:
            return raw.split(end, 1)[0] + end
    return raw


@pytest.mark.parametrize("name", MESSAGES)
def test_header_only_parse_agrees_with_the_full_parse(realmail: Path, name: str) -> None:
    raw = (realmail / "messages" / name).read_bytes()
    full, headers = parse_message(raw), parse_headers(header_block(raw))
    differing = {
        field: (getattr(headers, field), getattr(full, field))
        for field in HEADER_FIELDS
        if getattr(headers, field) != getattr(full, field)
    }
    assert differing == HEADER_ONLY_DIFFERS.get(name, {})
