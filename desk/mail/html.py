"""HTML bodies: sanitised for display, and turned into text for reading and clustering.

Sanitising uses nh3 (the Rust ``ammonia`` sanitiser): an allow-list, so scripts,
forms, styles, event handlers and every element that could load remote content
(images, frames, objects) are removed, and links get ``rel="noopener noreferrer"``.

The text conversion is a single regular-expression pass over the tags (C speed,
no DOM). Blockquotes become ``> `` lines, so quoted history in an HTML-only
reply is recognisable to the quote stripper exactly as in a plain-text one.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3

_ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins",
    "kbd", "li", "ol", "p", "pre", "q", "s", "small", "span", "strike", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "font": {"color"},
    "*": {"dir", "lang"},
}
_CONTENT_DROPPED = frozenset({"script", "style", "title", "head", "noscript", "template"})


def sanitise_html(markup: str) -> str:
    """HTML safe to show in the reading pane: nothing runs, nothing loads from outside."""
    return str(
        nh3.clean(
            markup,
            tags=set(_ALLOWED_TAGS),
            attributes={k: set(v) for k, v in _ALLOWED_ATTRIBUTES.items()},
            clean_content_tags=set(_CONTENT_DROPPED),
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
            strip_comments=True,
        )
    )


_DROP_BLOCKS = re.compile(
    r"<(script|style|head|title|noscript|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?[^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*>",
    re.DOTALL,
)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "table",
    "tr", "pre", "hr", "address", "article", "section", "header", "footer", "center",
    "form", "fieldset", "body", "html",
})  # fmt: skip
_MANY_BLANKS = re.compile(r"\n{3,}")


class _TextBuilder:
    """Collects lines, each with the blockquote depth it was written at.

    Paragraph breaks are remembered and written only when more text follows,
    at that text's depth: no trailing blank lines, no empty ``>`` lines.
    """

    def __init__(self) -> None:
        self.lines: list[tuple[int, str]] = []
        self.current: list[str] = []
        self.depth = 0
        self.pending_blank = False

    def text(self, chunk: str) -> None:
        if not self.current and not chunk.strip():
            return
        if self.pending_blank and not self.current:
            if self.lines and self.lines[-1][1]:
                # The separator belongs to the shallower side: "" before a quote, ">" inside.
                self.lines.append((min(self.depth, self.lines[-1][0]), ""))
            self.pending_blank = False
        self.current.append(chunk)

    def line_break(self) -> None:
        line = _SPACES.sub(" ", "".join(self.current)).strip()
        if line or self.current:
            self.lines.append((self.depth, line))
        self.current = []

    def block_break(self) -> None:
        if self.current:
            self.line_break()
        self.pending_blank = True

    def render(self) -> str:
        if self.current:
            self.line_break()
        rendered = "\n".join(
            (("> " * depth) + line).rstrip() if depth else line for depth, line in self.lines
        )
        return _MANY_BLANKS.sub("\n\n", rendered).strip()


def html_to_text(markup: str) -> str:
    """Readable plain text from an HTML body: paragraphs, line breaks, list items, quotes."""
    builder = _TextBuilder()
    position = 0
    markup = _DROP_BLOCKS.sub("", markup)
    for match in _TOKEN.finditer(markup):
        if match.start() > position:
            builder.text(html_lib.unescape(markup[position : match.start()]))
        position = match.end()
        name = match.group(2)
        if name is None:
            continue
        tag = name.lower()
        closing = bool(match.group(1))
        if tag == "br":
            builder.line_break()
        elif tag == "blockquote":
            builder.block_break()
            builder.depth = max(0, builder.depth + (-1 if closing else 1))
        elif tag == "li" and not closing:
            if builder.current:
                builder.line_break()
            builder.text("- ")
        elif tag in {"td", "th"} and not closing:
            builder.text(" ")
        elif tag in _BLOCKS:
            builder.block_break()
    if position < len(markup):
        builder.text(html_lib.unescape(markup[position:]))
    return builder.render()
