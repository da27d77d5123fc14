"""Charset recovery: the right text from what mailers claim, and a warning when guessed."""

from __future__ import annotations

import pytest

from desk.mail.charsets import (
    decode_bytes,
    decode_iso2022_jp,
    decode_with_hint,
    normalise_charset,
)


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


# ------------------------------------------- declared charsets read as mail clients read them


def test_utf8_declared_as_a_multibyte_charset_that_refuses_it_is_utf8() -> None:
    text = "您好，请问什么时候开始报名？ Привет"
    for declared in ("gb2312", "GB2312", "euc-kr", "shift_jis", "big5"):
        assert _decode(text.encode(), declared) == (
            text,
            [f"charset-mismatch:{declared.lower()}:utf-8"],
        )


def test_declared_charsets_are_read_as_their_supersets() -> None:
    # Characters only the superset holds: GBK's 镕, CP949's 똠, CP932's ①, windows-1254's €.
    assert _decode("镕你好".encode("gb18030"), "gb2312") == ("镕你好", [])
    assert _decode("똠방각하".encode("cp949"), "euc-kr") == ("똠방각하", [])
    assert _decode("①番".encode("cp932"), "shift_jis") == ("①番", [])
    assert _decode("Fiyatı 5 €".encode("cp1254"), "iso-8859-9") == ("Fiyatı 5 €", [])


def test_text_valid_in_the_declared_charset_is_not_second_guessed() -> None:
    assert _decode("你好，世界".encode("gb2312"), "gb2312") == ("你好，世界", [])
    assert _decode("日本語".encode("euc_jp"), "euc-jp") == ("日本語", [])


def test_iso_2022_jp_reads_the_cp932_vendor_characters() -> None:
    # JIS 0x2D62 "№" and 0x2D21 "①" (NEC row 13): no iso2022_jp codec of Python's has them.
    data = b"\x1b$B'('%-b\x1b(B41 \x1b$B-!\x1b(B"
    assert _decode(data, "iso-2022-jp") == ("ЖД№41 ①", [])
    assert decode_iso2022_jp("ｱｲｳ漢字".encode("iso2022_jp_ext")) == "ｱｲｳ漢字"
    assert decode_iso2022_jp("丂".encode("iso2022_jp_1")) == "丂"  # JIS X 0212


def test_broken_iso_2022_jp_is_marked_not_raised() -> None:
    text, warnings = _decode(b"\x1b$B\x7f\x7f$3\x1b(B ok", "iso-2022-jp")
    assert text.endswith("こ ok")
    assert "\ufffd" in text
    assert warnings == ["invalid-bytes-for-charset:iso-2022-jp"]


def test_utf8_with_one_stray_byte_stays_utf8() -> None:
    data = "Юникод".encode() + b"\xff" + " запрещен".encode()
    expected = "Юникод\ufffd запрещен"
    for declared in (None, "iso-8859-1"):
        text, warnings = _decode(data, declared)
        assert text == expected
        assert "invalid-bytes-for-charset:utf-8" in warnings
    warnings = []
    assert decode_with_hint(data, None, warnings) == expected
    assert warnings == ["invalid-bytes-for-charset:utf-8"]


def test_western_text_is_not_taken_for_damaged_utf8() -> None:
    for text in ("Élève déjà inscrit à l’école", "ÀÉÈ « çà » ß°", "Ça coûte 15 € — voilà"):
        assert decode_with_hint(text.encode("cp1252"), None, []) == text
        assert _decode(text.encode("cp1252"), None)[0] == text
        assert _decode(text.encode("cp1252"), "iso-8859-1") == (text, [])
