"""Marking, in the reading pane's text, the words that differ from the cluster's representative.

The marks are a faint background in the palette's highlight colour plus an
underline (solid: changed words; dashed: added ones), so they stay visible
in high-contrast themes. Positions come from
:func:`desk.workbench.reading.differences` as Python string indexes; Qt
counts UTF-16 units (an emoji is two), hence :func:`utf16_positions`. The
sentences keep the translation context ``MessageView`` they were first
written in, so their translations carry over.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from desk.workbench.reading import Span

DIFF_KIND = QTextFormat.Property.UserProperty  # the char format's mark: "changed" or "inserted"
HIGHLIGHT_ALPHA = 70  # the palette's highlight, faint enough to read the text through it
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_positions(text: str) -> Callable[[int], int]:
    """Python string index → Qt document position (UTF-16 units: emoji count twice)."""
    if text.isascii() or not _ASTRAL.search(text):
        return lambda index: index
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + (2 if ord(ch) >= 0x10000 else 1))
    return lambda index: prefix[index]


def difference_format(palette: QPalette, kind: str) -> QTextCharFormat:
    """The mark of a ``changed`` or ``inserted`` passage, in ``palette``'s highlight colour."""
    colour = QColor(palette.color(QPalette.ColorRole.Highlight))
    colour.setAlpha(HIGHLIGHT_ALPHA)
    fmt = QTextCharFormat()
    fmt.setBackground(colour)
    fmt.setUnderlineStyle(
        QTextCharFormat.UnderlineStyle.DashUnderline
        if kind == "inserted"
        else QTextCharFormat.UnderlineStyle.SingleUnderline
    )
    fmt.setProperty(DIFF_KIND, kind)
    return fmt


def mark_differences(
    document: QTextDocument, text: str, spans: Sequence[Span], palette: QPalette
) -> str:
    """Mark ``spans`` of ``text`` (the document's plain text); the note saying what was marked."""
    marked = [s for s in spans if s.kind != "unknown" and s.end <= len(text)]
    to_qt = utf16_positions(text)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for span in marked:
        cursor.setPosition(to_qt(span.start))
        cursor.setPosition(to_qt(span.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(difference_format(palette, span.kind))
    cursor.endEditBlock()
    return differences_note(len(marked), any(s.kind == "unknown" for s in spans))


def differences_note(count: int, unknown: bool) -> str:
    """How many passages differ; ``unknown``: only the beginning of a long text was compared."""
    if count == 0 and not unknown:
        return QCoreApplication.translate(
            "MessageView", "Same words as the cluster's representative."
        )
    if count == 0:
        return QCoreApplication.translate(
            "MessageView",
            "No differences in the part compared with the cluster's representative "
            "(the beginning of this long message).",
        )
    if count == 1 and not unknown:
        return QCoreApplication.translate(
            "MessageView", "One passage differs from the cluster's representative (underlined)."
        )
    if not unknown:
        return QCoreApplication.translate(
            "MessageView",
            "{count} passages differ from the cluster's representative (underlined).",
        ).format(count=QLocale().toString(count))
    return QCoreApplication.translate(
        "MessageView",
        "{count} passages differ from the cluster's representative (underlined) in the "
        "part compared, the beginning of this long message.",
    ).format(count=QLocale().toString(count))
