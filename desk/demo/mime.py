"""Bytes on the wire: a demo message rendered the way real mailers send it, warts included.

Built by hand rather than with ``email.message.EmailMessage`` so that the
generator can reproduce what real mailers get wrong (windows-1252 declared as
iso-8859-1, 8-bit text with no charset, charset names no codec knows, raw UTF-8
in headers), and because ``policy.default`` header folding is slow.
"""

from __future__ import annotations

import base64
import html
import quopri
import random
from dataclasses import dataclass, field
from email.header import Header
from urllib.parse import quote as url_quote

# How the body's text is turned into bytes and what the headers claim about it.
CHARSET_MODES = (
    ("utf-8", 0.78),
    ("iso-8859-1", 0.07),  # honest latin-1 when the text fits, else windows-1252 bytes (a lie)
    ("windows-1252", 0.06),
    ("undeclared", 0.03),  # 8-bit bytes and no charset parameter at all
    ("odd-name", 0.06),  # "utf8", "latin1", "x-user-defined", quoted names
)
_ODD_NAMES = (("utf8", "utf-8"), ('"utf-8"', "utf-8"), ("latin1", "cp1252"),
              ("x-user-defined", "utf-8"), ("UTF-8", "utf-8"))  # fmt: skip
_LATIN1_LIES = str.maketrans({"’": "'", "“": '"', "”": '"', "…": "...", "–": "-"})


@dataclass
class Attachment:
    """A file attached to a demo message."""

    filename: str
    content_type: str
    data: bytes
    name_style: str = "rfc2231"  # rfc2231 | raw-utf8 | rfc2047


@dataclass
class Rendering:
    """How one message is put on the wire; chosen per message by the generator."""

    charset_mode: str = "utf-8"
    transfer: str = "8bit"  # 8bit | quoted-printable | base64 (7bit when the text is ASCII)
    structure: str = "plain"  # plain | alternative | html-only
    header_style: str = "rfc2047-b"  # rfc2047-b | rfc2047-q | raw-utf8
    html_extras: tuple[str, ...] = ()  # style, tracker, script
    attachments: list[Attachment] = field(default_factory=list)


def choose_rendering(rng: random.Random) -> Rendering:
    """A realistic mix of charsets, encodings and structures."""
    modes = [mode for mode, _ in CHARSET_MODES]
    weights = [weight for _, weight in CHARSET_MODES]
    rendering = Rendering(charset_mode=rng.choices(modes, weights)[0])
    rendering.transfer = rng.choices(("8bit", "quoted-printable", "base64"), (4, 4, 2))[0]
    rendering.structure = rng.choices(("plain", "alternative", "html-only"), (58, 34, 8))[0]
    rendering.header_style = rng.choices(("rfc2047-b", "rfc2047-q", "raw-utf8"), (5, 4, 1))[0]
    extras = []
    if rng.random() < 0.4:
        extras.append("style")
    if rng.random() < 0.15:
        extras.append("tracker")
    if rng.random() < 0.03:
        extras.append("script")
    rendering.html_extras = tuple(extras)
    return rendering


def _encode_text(text: str, mode: str, rng: random.Random) -> tuple[bytes, str | None]:
    """The body's bytes and the charset the headers will declare (None: no parameter)."""
    if mode == "iso-8859-1":
        try:
            return text.encode("latin-1"), "iso-8859-1"
        except UnicodeEncodeError:
            # The classic lie: windows-1252 bytes (’ € œ) labelled iso-8859-1.
            return text.encode("cp1252", errors="replace"), "iso-8859-1"
    if mode == "windows-1252":
        return text.encode("cp1252", errors="replace"), "windows-1252"
    if mode == "undeclared":
        codec = rng.choice(("utf-8", "cp1252"))
        return text.encode(codec, errors="replace"), None
    if mode == "odd-name":
        declared, codec = rng.choice(_ODD_NAMES)
        return text.encode(codec, errors="replace"), declared
    return text.encode("utf-8"), "utf-8"


def _transfer(data: bytes, transfer: str) -> tuple[bytes, str]:
    if all(b < 0x80 for b in data) and transfer == "8bit":
        return data, "7bit"
    if transfer == "quoted-printable":
        return quopri.encodestring(data), "quoted-printable"
    if transfer == "base64":
        return base64.encodebytes(data), "base64"
    return data, "8bit"


def encode_header(value: str, style: str) -> str:
    """A header value as mailers write it: encoded words, or raw UTF-8 from lax ones."""
    if value.isascii() or style == "raw-utf8":
        return value
    if style == "rfc2047-q":
        return Header(value, "iso-8859-1" if _fits_latin1(value) else "utf-8").encode()
    return Header(value, "utf-8").encode()


def _fits_latin1(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def address(name: str, addr: str, style: str) -> str:
    """``Name <addr>`` with the display name encoded (or quoted) as needed."""
    if not name:
        return addr
    if name.isascii():
        return f'"{name}" <{addr}>' if any(c in name for c in ",.;:") else f"{name} <{addr}>"
    return f"{encode_header(name, style)} <{addr}>"


def text_to_html(text: str, extras: tuple[str, ...]) -> str:
    """An HTML body for a text: paragraphs, <br>, quoted lines in a Gmail-style blockquote."""
    blocks: list[str] = []
    quoted: list[str] = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.split("\n")
        if all(line.startswith(">") for line in lines if line):
            quoted.extend(line.lstrip("> ") for line in lines)
            continue
        if quoted:
            blocks.append(_blockquote(quoted))
            quoted = []
        blocks.append("<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>")
    if quoted:
        blocks.append(_blockquote(quoted))
    head = ""
    if "style" in extras:
        head = "<head><style>p { margin: 0 0 1em; font-family: Arial; }</style></head>"
    body = "\n".join(blocks)
    if "tracker" in extras:
        body += '\n<img src="https://tracker.example.com/p.gif?u=1" width="1" height="1">'
    if "script" in extras:
        body += "\n<script>document.location='https://phish.example.com/'</script>"
    return f'<html>{head}<body><div dir="ltr">{body}</div></body></html>'


def _blockquote(lines: list[str]) -> str:
    inner = "<br>\n".join(html.escape(line) for line in lines)
    return (
        '<div class="gmail_quote"><blockquote class="gmail_quote" '
        f'style="margin:0 0 0 .8ex;border-left:1px #ccc solid">{inner}</blockquote></div>'
    )


def _leaf(content_type: str, text: str, rendering: Rendering, rng: random.Random) -> bytes:
    data, charset = _encode_text(text.replace("\r\n", "\n"), rendering.charset_mode, rng)
    encoded, cte = _transfer(data, rendering.transfer)
    ctype = f"{content_type}; charset={charset}" if charset else content_type
    return (
        f"Content-Type: {ctype}\nContent-Transfer-Encoding: {cte}\n\n".encode()
        + encoded
        + (b"" if encoded.endswith(b"\n") else b"\n")
    )


def _attachment_part(attachment: Attachment) -> bytes:
    name = attachment.filename
    if name.isascii():
        params = f'filename="{name}"'
        type_name = f'; name="{name}"'
    elif attachment.name_style == "rfc2231":
        params = f"filename*=UTF-8''{url_quote(name)}"
        type_name = f"; name*=UTF-8''{url_quote(name)}"
    elif attachment.name_style == "rfc2047":
        encoded = Header(name, "utf-8").encode()
        params = f'filename="{encoded}"'
        type_name = f'; name="{encoded}"'
    else:
        params = f'filename="{name}"'
        type_name = f'; name="{name}"'
    head = (
        f"Content-Type: {attachment.content_type}{type_name}\n"
        f"Content-Disposition: attachment; {params}\n"
        "Content-Transfer-Encoding: base64\n\n"
    )
    return head.encode() + base64.encodebytes(attachment.data)


def _multipart(subtype: str, boundary: str, parts: list[bytes]) -> bytes:
    out = [f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n\n'.encode()]
    for part in parts:
        out.append(f"--{boundary}\n".encode() + part)
    out.append(f"--{boundary}--\n".encode())
    return b"".join(out)


def render_body(text: str, rendering: Rendering, rng: random.Random, token: str) -> bytes:
    """The Content-* headers and body of a message (everything after its own headers)."""
    if rendering.structure == "plain":
        body = _leaf("text/plain", text, rendering, rng)
    elif rendering.structure == "html-only":
        body = _leaf("text/html", text_to_html(text, rendering.html_extras), rendering, rng)
    else:
        body = _multipart(
            "alternative",
            f"000000000000alt{token}",
            [
                _leaf("text/plain", text, rendering, rng),
                _leaf("text/html", text_to_html(text, rendering.html_extras), rendering, rng),
            ],
        )
    if rendering.attachments:
        body = _multipart(
            "mixed",
            f"----=_Part_{token}",
            [body, *(_attachment_part(a) for a in rendering.attachments)],
        )
    return body


def headers_bytes(headers: list[tuple[str, str]]) -> bytes:
    """Header lines, UTF-8 where a lax mailer left raw 8-bit text."""
    return "".join(f"{name}: {value}\n" for name, value in headers).encode("utf-8")


def fake_file(kind: str, rng: random.Random) -> bytes:
    """Small deterministic bytes that start like the file type they pretend to be."""
    noise = rng.randbytes(rng.randrange(600, 3000))
    if kind == "pdf":
        return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + noise + b"\n%%EOF\n"
    if kind == "jpeg":
        return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + noise + b"\xff\xd9"
    return b"PK\x03\x04\x14\x00\x06\x00" + noise
