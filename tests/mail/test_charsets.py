"""Charset recovery: the right text from what mailers claim, and a warning when guessed."""

from __future__ import annotations

import pytest

from desk.mail.charsets import decode_bytes, normalise_charset


def _decode(data: bytes, declared: str | None) -> tuple[str, list[str]]:
    warnings: list[str] = []
    return decode_bytes(data, declared, warnings), warnings


def test_ascii_needs_no_guess() -> None:
    assert _decode(b"plain", "x-anything") == ("plain", [])


@pytest.mark.parametrize("declared", ["iso-8859-1", "ISO-8859-1", "latin1", "us-ascii"])
def test_latin1_family_is_read_as_windows_1252(declared: str) -> None:
    text = "l’œuvre coûte 15 € — « déjà »"
    assert _decode(text.encode("cp1252"), declared) == (text, [])


def test_bytes_undefined_in_windows_1252_fall_back_to_latin1() -> None:
    data = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) + "é".encode("latin-1")
    text, _ = _decode(data, "windows-1252")
    assert text == data.decode("latin-1")


def test_damaged_utf8_keeps_the_valid_characters() -> None:
    text, warnings = _decode("élève".encode() + b"\xff" + "àç".encode(), "utf-8")
    assert text == "élève\ufffdàç"
    assert warnings == ["invalid-bytes-for-charset:utf-8"]


def test_latin1_bytes_declared_utf8_are_read_as_windows_1252() -> None:
    text, warnings = _decode("reçu à l’école".encode("cp1252"), "utf-8")
    assert text == "reçu à l’école"
    assert warnings == ["invalid-bytes-for-charset:utf-8"]


def test_unknown_charset_is_guessed_with_a_warning() -> None:
    text, warnings = _decode("déjà".encode(), "x-klingon")
    assert text == "déjà"
    assert warnings == ["unknown-charset:x-klingon"]


def test_an_unprintable_charset_name_is_not_echoed() -> None:
    _, warnings = _decode("é".encode(), "\x1b[31mred")
    assert warnings == ["unknown-charset:(unprintable name)"]


def test_other_real_charsets_decode() -> None:
    assert _decode("Привет".encode("koi8-r"), "koi8-r") == ("Привет", [])
    assert _decode("日本".encode("shift_jis"), "shift_jis") == ("日本", [])


@pytest.mark.parametrize(
    ("name", "expected"),
    [('"UTF-8"', "utf-8"), (" utf8 ", "utf-8"), ("x-user-defined", ""), (None, None),
     ("ks_c_5601-1987", "cp949")],
)  # fmt: skip
def test_names_are_normalised(name: str | None, expected: str | None) -> None:
    assert normalise_charset(name) == expected


def test_seven_bit_encodings_are_decoded_not_taken_as_ascii() -> None:
    assert _decode("日本".encode("iso-2022-jp"), "iso-2022-jp")[0] == "日本"
    assert _decode("Frösche".encode("utf-7"), "utf-7")[0] == "Frösche"


def test_logical_order_hebrew_name_is_known() -> None:
    assert _decode("שלום".encode("iso-8859-8"), "iso-8859-8-i") == ("שלום", [])


@pytest.mark.parametrize("declared", ["UNDEFINED", "base64", "rot13", "zlib", "hex"])
def test_codecs_that_are_no_text_charset_are_unknown_charsets(declared: str) -> None:
    # Found by hypothesis: Python's "undefined" codec raises a bare UnicodeError, and
    # bytes-to-bytes codecs raise LookupError on decode; the parser must never raise.
    warnings: list[str] = []
    assert decode_bytes(b"caf\xe9 \x80", declared, warnings) == "café €"
    assert warnings == [f"unknown-charset:{declared.lower()}"]
