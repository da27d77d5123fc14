"""Decode bytes to text whatever the sender's mailer claimed, and say when we had to guess.

Real mail lies about its charset: iso-8859-1 that is really windows-1252 (curly
quotes, €, œ), UTF-8 declared as latin-1, 8-bit text with no charset at all,
charset names no codec knows. The order of guesses is chosen for French and
English mail: valid UTF-8 is almost never an accident, windows-1252 covers
the rest of western European text, and latin-1 never fails.
"""

from __future__ import annotations

import codecs
import re

# Names mailers write that Python's codec registry does not know, or knows as
# something narrower than what the mailer meant.
_ALIASES: dict[str, str] = {
    "utf8": "utf-8",
    "utf-8-bom": "utf-8-sig",
    "unicode-1-1-utf-8": "utf-8",
    "x-unknown": "",
    "unknown-8bit": "",
    "x-user-defined": "",
    "default": "",
    "_iso-2022-jp$esc": "iso-2022-jp",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "windows-874": "cp874",
    "iso-8859-8-i": "iso-8859-8",  # logical-order Hebrew: the same bytes
    "iso-8859-8-e": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "iso-8859-6-e": "iso-8859-6",
    "x-mac-roman": "mac-roman",
    "macintosh": "mac-roman",
}
# Declared as these, the text is treated as windows-1252, its superset (as browsers do).
_LATIN1_FAMILY = frozenset(
    {
        "iso-8859-1",
        "iso8859-1",
        "latin1",
        "latin-1",
        "l1",
        "us-ascii",
        "ascii",
        "iso-8859-15",
        "iso8859-15",
        "cp1252",
        "windows-1252",
    }
)
_SAFE_CHARSET = re.compile(r"[a-z0-9._:()+-]{1,40}")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
# A well-formed multi-byte UTF-8 character: text that has some was written in UTF-8.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def normalise_charset(declared: str | None) -> str | None:
    """A cleaned, lower-case charset name with known aliases resolved ('' means: guess)."""
    if declared is None:
        return None
    name = declared.strip().strip("\"'").lower()
    return _ALIASES.get(name, name)


# Encodings that write non-ASCII text with ASCII bytes (escape sequences, base64 runs).
_SEVEN_BIT_CODECS = frozenset(
    {"iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_jp_3",
     "iso2022_jp_ext", "iso2022_kr", "utf-7", "hz"}
)  # fmt: skip


def _is_seven_bit_codec(charset: str | None) -> bool:
    if not charset or not _SAFE_CHARSET.fullmatch(charset):
        return False
    try:
        return codecs.lookup(charset).name in _SEVEN_BIT_CODECS
    except LookupError:
        return False


def decode_with_hint(data: bytes, hint: str | None, warnings: list[str]) -> str:
    """Undeclared 8-bit bytes (raw header text): UTF-8, else the message's own charset, else cp1252.

    Mail clients read raw 8-bit headers in the charset the message declares for
    its text; that is the best guess there is for, say, Hebrew or Cyrillic.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    charset = normalise_charset(hint)
    if charset and charset not in _LATIN1_FAMILY and _SAFE_CHARSET.fullmatch(charset):
        try:
            text = data.decode(codecs.lookup(charset).name)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            warnings.append(f"undeclared-8bit-text:{charset}")
            return text
    warnings.append("undeclared-8bit-text:none")
    return _decode_cp1252(data)


def _decode_cp1252(data: bytes) -> str:
    """windows-1252, or latin-1 for the five bytes windows-1252 leaves undefined."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _decode_western(data: bytes) -> str:
    """Decode 8-bit text of unknown charset: UTF-8 if valid, else windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_cp1252(data)


def decode_bytes(data: bytes, declared: str | None, warnings: list[str]) -> str:
    """Decode ``data`` declared as ``declared``; append a warning when we had to guess.

    Never raises: the last resort (latin-1) maps every byte to a character.
    """
    charset = normalise_charset(declared)
    if not _NON_ASCII.search(data) and not _is_seven_bit_codec(charset):
        return data.decode("ascii")
    if charset is None or charset == "":
        warnings.append(f"undeclared-8bit-text:{declared or 'none'}")
        return _decode_western(data)
    if charset in _LATIN1_FAMILY:
        # UTF-8 declared as latin-1 is a common mailer bug; real latin-1 text is
        # almost never valid UTF-8, so trying it first is safe.
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return _decode_cp1252(data)
        warnings.append(f"charset-mismatch:{charset}:utf-8")
        return text
    if not _SAFE_CHARSET.fullmatch(charset):
        warnings.append("unknown-charset:(unprintable name)")
        return _decode_western(data)
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        warnings.append(f"unknown-charset:{charset}")
        return _decode_western(data)
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError:
        warnings.append(f"invalid-bytes-for-charset:{charset}")
        if codec.name == "utf-8" and not _UTF8_SEQUENCE.search(data):
            return _decode_cp1252(data)  # the declaration was wrong, not the bytes
        # Real UTF-8 with some damaged bytes: keep what is right, mark the rest.
        return data.decode(codec.name, errors="replace")
    except (UnicodeError, LookupError):
        # Codecs that are no text charset at all: "undefined" refuses everything,
        # "base64" and "rot13" are bytes-to-bytes transforms.
        warnings.append(f"unknown-charset:{charset}")
        return _decode_western(data)
