"""Decode bytes to text whatever the sender's mailer claimed, and say when we had to guess.

Real mail lies about its charset: iso-8859-1 that is really windows-1252 (curly
quotes, €, œ), UTF-8 declared as latin-1, 8-bit text with no charset at all,
charset names no codec knows. The order of guesses is chosen for French and
English mail: valid UTF-8 is almost never an accident, windows-1252 covers
the rest of western European text, and latin-1 never fails.

A declared charset is read as the superset mail clients and browsers read it
as (the WHATWG Encoding Standard's mapping): GB2312 as GB18030, EUC-KR as
CP949, Shift_JIS as CP932, ISO-2022-JP with the CP932 vendor characters
(like Microsoft's CP50220), ISO-8859-9 as windows-1254. Bytes the declared
charset itself refuses are first tried as UTF-8: a mailer that declares
GB2312 and writes UTF-8 produces bytes GB2312 cannot hold, while its superset
GB18030 would take them and show mojibake.
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
    "x-sjis": "shift_jis",
    "windows-31j": "cp932",
    "csiso2022jp": "iso-2022-jp",
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
_C1_CONTROLS = re.compile(r"[\x80-\x9f]")
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


# What mail clients read a declared charset as: its superset (WHATWG Encoding
# Standard labels), keyed by Python's codec name for the declared one.
_SUPERSETS: dict[str, str] = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "cp950",
    "euc_jp": "euc_jis_2004",  # also holds the NEC row 13 characters (①, №, ㈱)
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
}
# Declared as these, ISO-2022-JP is read with the CP932 vendor characters (see decode_iso2022_jp).
_ISO2022_JP_FAMILY = frozenset({"iso2022_jp", "iso2022_jp_ext"})


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _damaged_utf8(data: bytes) -> bool:
    """True for UTF-8 text with a few broken bytes (a truncated or spliced header).

    Its well-formed multi-byte characters must be at least two and twice as
    many as the bytes that are not UTF-8: windows-1252 or KOI8-R text almost
    never forms even one such character, since its accented letters are
    followed by letters, not by bytes 0x80-0xBF.
    """
    good = len(_UTF8_SEQUENCE.findall(data))
    if good < 2:
        return False
    bad = data.decode("utf-8", errors="replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")
    return 0 < bad * 2 <= good


def decode_with_hint(data: bytes, hint: str | None, warnings: list[str]) -> str:
    """Undeclared 8-bit bytes (raw header text): UTF-8, else the message's own charset, else cp1252.

    Mail clients read raw 8-bit headers in the charset the message declares for
    its text; that is the best guess there is for, say, Hebrew or Cyrillic.
    UTF-8 with a stray broken byte stays UTF-8, the byte becoming U+FFFD:
    headers may be UTF-8 (RFC 6532), and reading them as windows-1252 would
    turn every other character into mojibake ("Ð®Ð½Ð¸…").
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _damaged_utf8(data):
        warnings.append("invalid-bytes-for-charset:utf-8")
        return data.decode("utf-8", errors="replace")
    charset = normalise_charset(hint)
    if charset and charset not in _LATIN1_FAMILY and _SAFE_CHARSET.fullmatch(charset):
        try:
            codec = codecs.lookup(charset).name
            text = data.decode(_SUPERSETS.get(codec, codec))
        except (LookupError, UnicodeError):
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


def _decode_western(data: bytes, warnings: list[str]) -> str:
    """8-bit text of unknown charset: UTF-8 if valid or barely damaged, else windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _damaged_utf8(data):
        warnings.append("invalid-bytes-for-charset:utf-8")
        return data.decode("utf-8", errors="replace")
    return _decode_cp1252(data)


_ISO2022_ESCAPE = re.compile(rb"\x1b(\(B|\(J|\(I|\$@|\$B|&@\x1b\$B|\$\(B|\$\(D)")
_JIS_X0208 = (b"$@", b"$B", b"&@\x1b$B", b"$(B")


def _decode_jis_x0208(run: bytes, errors: str) -> str:
    """JIS X 0208 row/cell byte pairs (0x21-0x7E) read as CP932 through Shift_JIS.

    White space the sender left in double-byte mode (a line break) passes
    through; any other byte, or an odd last byte, is an error (U+FFFD under
    ``errors="replace"``).
    """
    pieces: list[str] = []
    sjis = bytearray()
    i = 0
    while i < len(run):
        first = run[i]
        if first in b" \t\r\n":
            sjis.append(first)
            i += 1
            continue
        if not (0x21 <= first <= 0x7E and i + 1 < len(run) and 0x21 <= run[i + 1] <= 0x7E):
            if errors == "strict":
                raise UnicodeDecodeError("iso2022_jp", run, i, i + 1, "not a JIS X 0208 pair")
            pieces.append(bytes(sjis).decode("cp932", errors) + "\ufffd")
            sjis.clear()
            i += 1
            continue
        second = run[i + 1]
        sjis.append(((first + 1) >> 1) + (0x70 if first <= 0x5E else 0xB0))
        if first & 1:
            sjis.append(second + (0x1F if second <= 0x5F else 0x20))
        else:
            sjis.append(second + 0x7E)
        i += 2
    pieces.append(bytes(sjis).decode("cp932", errors))
    return "".join(pieces)


def decode_iso2022_jp(data: bytes, errors: str = "strict") -> str:
    """ISO-2022-JP as mail clients read it: JIS X 0208 with Microsoft's CP932 extensions.

    Japanese mailers on Windows write NEC row 13 (①, №, ㈱) and the IBM
    extensions in ISO-2022-JP (Microsoft's CP50220); Python's ``iso2022_jp``
    codecs refuse them. Each double-byte run is converted to Shift_JIS and read
    as CP932; half-width katakana (``ESC ( I``), JIS X 0212 (``ESC $ ( D``) and
    JIS X 0201 Roman (``ESC ( J``) runs go to Python's codecs. An escape
    sequence of another ISO-2022 variant is an error. Raises
    ``UnicodeDecodeError`` under ``errors="strict"``, like a codec.
    """
    pieces: list[str] = []
    mode = b"(B"
    position = 0
    for match in [*_ISO2022_ESCAPE.finditer(data), None]:
        end = match.start() if match is not None else len(data)
        run = data[position:end]
        if run:
            if mode in _JIS_X0208:
                pieces.append(_decode_jis_x0208(run, errors))
            elif mode == b"(B":
                pieces.append(run.decode("ascii", errors))
            else:
                codec = "iso2022_jp_2" if mode == b"$(D" else "iso2022_jp_ext"
                pieces.append((b"\x1b" + mode + run + b"\x1b(B").decode(codec, errors))
            if b"\x1b" in run:  # an escape sequence this decoder does not know
                if errors == "strict":
                    at = position + run.index(b"\x1b")
                    raise UnicodeDecodeError("iso2022_jp", data, at, at + 1, "unknown escape")
                pieces[-1] = pieces[-1].replace("\x1b", "\ufffd")
        if match is not None:
            mode = match.group(1)
            position = match.end()
    return "".join(pieces)


def decode_bytes(data: bytes, declared: str | None, warnings: list[str]) -> str:
    """Decode ``data`` declared as ``declared``; append a warning when we had to guess.

    Never raises: the last resort (latin-1) maps every byte to a character.
    """
    charset = normalise_charset(declared)
    if not _NON_ASCII.search(data) and not _is_seven_bit_codec(charset):
        return data.decode("ascii")
    if charset is None or charset == "":
        warnings.append(f"undeclared-8bit-text:{declared or 'none'}")
        return _decode_western(data, warnings)
    if charset in _LATIN1_FAMILY:
        # UTF-8 declared as latin-1 is a common mailer bug; real latin-1 text is
        # almost never valid UTF-8, so trying it first is safe.
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            if not _damaged_utf8(data):
                return _decode_cp1252(data)
            text = data.decode("utf-8", errors="replace")
            warnings.append("invalid-bytes-for-charset:utf-8")
        warnings.append(f"charset-mismatch:{charset}:utf-8")
        return text
    if not _SAFE_CHARSET.fullmatch(charset):
        warnings.append("unknown-charset:(unprintable name)")
        return _decode_western(data, warnings)
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        warnings.append(f"unknown-charset:{charset}")
        return _decode_western(data, warnings)
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError:
        pass
    except (UnicodeError, LookupError):
        # Codecs that are no text charset at all: "undefined" refuses everything,
        # "base64" and "rot13" are bytes-to-bytes transforms.
        warnings.append(f"unknown-charset:{charset}")
        return _decode_western(data, warnings)
    else:
        superset = _SUPERSETS.get(codec.name)
        if superset is not None and _C1_CONTROLS.search(text):
            # No text holds C1 controls: these are the superset's letters (€, …).
            try:
                return data.decode(superset)
            except UnicodeDecodeError:
                pass
        return text
    return _decode_refused(data, charset, codec.name, warnings)


def _decode_refused(data: bytes, charset: str, codec: str, warnings: list[str]) -> str:
    """Bytes the declared charset refuses: UTF-8 if they are that, else the superset."""
    if codec != "utf-8" and _NON_ASCII.search(data) and _is_utf8(data):
        warnings.append(f"charset-mismatch:{charset}:utf-8")
        return data.decode("utf-8")
    superset = _SUPERSETS.get(codec)
    try:
        if codec in _ISO2022_JP_FAMILY:
            return decode_iso2022_jp(data)
        if superset is not None:
            return data.decode(superset)
    except UnicodeDecodeError:
        pass
    warnings.append(f"invalid-bytes-for-charset:{charset}")
    if codec == "utf-8" and not _UTF8_SEQUENCE.search(data):
        return _decode_cp1252(data)  # the declaration was wrong, not the bytes
    if codec != "utf-8" and _damaged_utf8(data):
        return data.decode("utf-8", errors="replace")
    if codec in _ISO2022_JP_FAMILY:
        return decode_iso2022_jp(data, errors="replace")
    # Real text with some damaged bytes: keep what is right, mark the rest.
    return data.decode(superset or codec, errors="replace")
