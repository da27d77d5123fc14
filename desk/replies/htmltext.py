"""Plain text as the small HTML subset templates use: paragraphs and line breaks, escaped.

Used for a signature (agents type it as plain text) and wherever a template
has only a plain-text version but HTML is wanted (Word export).
"""

from __future__ import annotations

import html
import re

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def text_to_html(text: str) -> str:
    """``<p>`` per blank-line-separated paragraph, ``<br>`` for single line breaks, all escaped.

    Braces are left alone, so placeholders in the text are still placeholders
    in the HTML.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return ""
    paragraphs = _PARAGRAPH_BREAK.split(text)
    return "".join(
        "<p>" + html.escape(paragraph, quote=False).replace("\n", "<br>\n") + "</p>\n"
        for paragraph in paragraphs
    )
