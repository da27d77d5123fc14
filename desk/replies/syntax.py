"""Reading ``{placeholders}`` in a template and filling them in: one hand-written pass, no engine.

Why not ``str.format`` or a template engine: both can reach attributes
(``{0.__class__}``) and both choke on what agents type. Here a template is
scanned once into literal text and slots; filling a slot inserts its value as
text, so a value holding ``{autre}`` or ``<b>`` is never expanded (and is
HTML-escaped in the HTML version). ``{{`` and ``}}`` are literal braces.
Anything odd (an unknown name, ``{}``, a ``{`` never closed, a stray ``}``) is
reported with its line and column and kept as typed, never raised.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from desk.replies.placeholders import lookup

# A placeholder is short and on one line; "{" then up to 100 such characters then "}".
_TOKENS = re.compile(r"\{\{|\}\}|\{([^{}\r\n]{0,100})\}|[{}]")


class ProblemKind(StrEnum):
    """What is wrong with a brace in a template."""

    UNKNOWN = "unknown"  # {pré nom!}: not a placeholder Desk knows
    EMPTY = "empty"  # {}
    UNCLOSED = "unclosed"  # a "{" with no "}" on its line (write "{{" for a literal brace)
    UNOPENED = "unopened"  # a "}" with no "{" (write "}}" for a literal brace)


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """One brace problem and where to find it: part ("text", "html", "signature"), line, column."""

    kind: ProblemKind
    text: str
    part: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Slot:
    """A placeholder in a template: its canonical key, and the text as typed (shown if unfilled)."""

    key: str
    typed: str


@dataclass(frozen=True, slots=True)
class Parsed:
    """A template scanned once: literal strings and slots in order, and what was wrong."""

    pieces: tuple[str | Slot, ...]
    problems: tuple[SyntaxProblem, ...]

    @property
    def keys(self) -> frozenset[str]:
        """The placeholders this template uses."""
        return frozenset(p.key for p in self.pieces if isinstance(p, Slot))


@dataclass(slots=True)
class Filled:
    """One rendering: the text, and which placeholders had no value (or used their fallback)."""

    text: str
    missing: set[str] = field(default_factory=set)
    fell_back: set[str] = field(default_factory=set)


def parse(source: str, part: str = "text", *, is_html: bool = False) -> Parsed:
    """Scan ``source`` once into literals and slots, reporting every brace problem.

    In HTML, a placeholder's name is unescaped before lookup (``{pr&eacute;nom}``).
    Linear in the size of the source.
    """
    pieces: list[str | Slot] = []
    problems: list[SyntaxProblem] = []
    literal: list[str] = []
    position = 0
    line, line_start, counted = 1, 0, 0

    def where(offset: int) -> tuple[int, int]:
        nonlocal line, line_start, counted
        line += source.count("\n", counted, offset)
        if line > 1:
            line_start = source.rfind("\n", 0, offset) + 1
        counted = offset
        return line, offset - line_start + 1

    def problem(kind: ProblemKind, text: str, offset: int) -> None:
        problems.append(SyntaxProblem(kind, text, part, *where(offset)))

    for found in _TOKENS.finditer(source):
        literal.append(source[position : found.start()])
        position = found.end()
        token = found.group(0)
        if token in ("{{", "}}"):
            literal.append(token[0])
            continue
        name = found.group(1)
        if name is None:  # a lone brace
            problem(ProblemKind.UNCLOSED if token == "{" else ProblemKind.UNOPENED, token,
                    found.start())  # fmt: skip
            literal.append(token)
            continue
        placeholder = lookup(html.unescape(name) if is_html else name)
        if placeholder is None:
            problem(ProblemKind.EMPTY if not name.strip() else ProblemKind.UNKNOWN, token,
                    found.start())  # fmt: skip
            literal.append(token)
            continue
        if literal:
            pieces.append("".join(literal))
            literal.clear()
        pieces.append(Slot(placeholder.key, token))
    literal.append(source[position:])
    pieces.append("".join(literal))
    return Parsed(tuple(p for p in pieces if p != ""), tuple(problems))


def fill(
    parsed: Parsed,
    values: Mapping[str, str | None],
    fallbacks: Mapping[str, str] | None = None,
    *,
    escape: Callable[[str], str] | None = None,
) -> Filled:
    """The template with each slot replaced by its value, inserted as text.

    A slot whose value is None or empty takes its fallback when one is set,
    else stays as typed (``{prénom}``) so the preview shows the gap; either
    way it is recorded. ``escape`` (``html.escape`` for the HTML version)
    is applied to values and fallbacks, never to the template's own text.
    """
    fallbacks = fallbacks or {}
    out: list[str] = []
    result = Filled("")
    for piece in parsed.pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        value = values.get(piece.key)
        if not value:
            if piece.key in fallbacks:
                value = fallbacks[piece.key]
                result.fell_back.add(piece.key)
            else:
                result.missing.add(piece.key)
                out.append(escape(piece.typed) if escape else piece.typed)
                continue
        out.append(escape(value) if escape else value)
    result.text = "".join(out)
    return result


def escape_html(value: str) -> str:
    """A value made safe to insert into HTML text or a quoted attribute."""
    return html.escape(value, quote=True)
