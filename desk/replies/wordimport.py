"""Reading reply templates from a Word (.docx) file, keeping what an email can carry.

Kept, in both an HTML and a plain-text version: paragraphs, line breaks, bold,
italic, underline, bulleted and numbered lists (nested too) and hyperlinks.
Everything else (images, tables, text boxes, unknown styles, colours, fields,
footnotes, headers, tracked changes…) is counted by kind in
:attr:`WordTemplates.dropped`, so the agent is told, never surprised.

A document with "Heading 1" (or "Title") paragraphs holds one template per
heading, named by it (that is how :mod:`desk.replies.wordexport` writes a
set); a document without holds one template named after the file.
"""

from __future__ import annotations

import html
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import docx
from docx.opc.exceptions import OpcError
from sqlalchemy.orm import Session

from desk.cluster.normalise import fold
from desk.core.errors import DeskError, ErrorCode
from desk.replies.htmltext import text_to_html
from desk.replies.templates import NAME_MAX, create_template, existing_names

# The custom XML data part the export keeps category, language and fallbacks in.
METADATA_NAMESPACE = "urn:desk:reply-templates"
_KNOWN_PARAGRAPH_STYLES = frozenset({
    "normal", "body text", "body text 2", "body text 3", "no spacing", "plain text",
    "normal (web)", "default", "salutation", "closing", "signature", "list paragraph",
    "list", "list 2", "list 3", "list continue", "list continue 2", "list continue 3",
    "list bullet", "list bullet 2", "list bullet 3", "list number", "list number 2",
    "list number 3", "title", "subtitle",
    *(f"heading {n}" for n in range(1, 10)),
})  # fmt: skip
_KNOWN_RUN_STYLES = frozenset({"default paragraph font", "strong", "emphasis", "hyperlink"})
_CONTAINERS = frozenset({"smartTag", "customXml", "ins", "fldSimple", "sdt", "sdtContent", "dir",
                         "bdo"})  # fmt: skip
_SILENT = frozenset({"pPr", "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd",
                     "lastRenderedPageBreak", "sdtPr", "sdtEndPr", "commentRangeEnd",
                     "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
                     "moveToRangeEnd"})  # fmt: skip
_REPORTED_IN_PARAGRAPH = {
    "del": "tracked change", "moveFrom": "tracked change", "oMath": "equation",
    "oMathPara": "equation", "commentRangeStart": "comment",
}  # fmt: skip
_REPORTED_IN_RUN = {
    "footnoteReference": "footnote", "endnoteReference": "endnote", "object": "embedded object",
    "fldChar": "field", "ruby": "ruby text", "sym": "symbol",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ImportedTemplate:
    """One template read from a Word file; ``body_html`` is None when it has no formatting."""

    name: str
    body_text: str
    body_html: str | None
    category: str = ""
    language: str | None = None
    fallbacks: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WordTemplates:
    """What a Word file held: its templates, and what could not be kept (kind → count)."""

    templates: tuple[ImportedTemplate, ...]
    dropped: dict[str, int]


@dataclass(slots=True)
class _Segment:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    href: str | None = None

    def same_format(self, other: _Segment) -> bool:
        return (self.bold, self.italic, self.underline, self.href) == (
            other.bold, other.italic, other.underline, other.href,
        )  # fmt: skip


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(element: Any, name: str) -> str | None:
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return str(value)
    return None


def _child(element: Any, name: str) -> Any | None:
    return next((c for c in element if _local(c) == name), None)


def _on(properties: Any, name: str) -> bool:
    """Whether a toggle property (w:b, w:i, w:strike…) is set in a run's w:rPr."""
    element = _child(properties, name) if properties is not None else None
    if element is None:
        return False
    return _attr(element, "val") not in ("0", "false", "none", "off")


class _Reader:
    """Walks one document's XML, building templates and counting what it cannot keep."""

    def __init__(self, document: Any, fallback_name: str) -> None:
        self.document = document
        self.fallback_name = fallback_name
        self.dropped: Counter[str] = Counter()
        self.styles = {s.style_id: s.name for s in document.styles}
        self.numbering = self._numbering_formats()
        self.templates: list[tuple[str, list[str], list[str], bool]] = []
        self._start(None)

    # -------------------------------------------------------------- structure
    def _numbering_formats(self) -> dict[tuple[str, str], str]:
        """(numId, ilvl) → numFmt ("bullet", "decimal"…), from the numbering part."""
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return {}
        abstract: dict[str, dict[str, str]] = {}
        for element in numbering:
            if _local(element) == "abstractNum":
                levels = abstract.setdefault(_attr(element, "abstractNumId") or "", {})
                for level in element:
                    if _local(level) == "lvl":
                        fmt = _child(level, "numFmt")
                        levels[_attr(level, "ilvl") or "0"] = (
                            _attr(fmt, "val") or "decimal" if fmt is not None else "decimal"
                        )
        formats: dict[tuple[str, str], str] = {}
        for element in numbering:
            if _local(element) == "num":
                ref = _child(element, "abstractNumId")
                levels = abstract.get(_attr(ref, "val") or "" if ref is not None else "", {})
                for ilvl, fmt in levels.items():
                    formats[(_attr(element, "numId") or "", ilvl)] = fmt
        return formats

    def _start(self, name: str | None) -> None:
        self.name = name
        self.text_blocks: list[str] = []
        self.html_blocks: list[str] = []
        self.rich = False
        self.list_stack: list[str] = []
        self.list_counters: list[int] = []

    def _finish(self) -> None:
        self._close_lists(0)
        if self.name is None and not self.text_blocks:
            return  # nothing before the first heading
        self.templates.append(
            (self.name or self.fallback_name, self.text_blocks, self.html_blocks, self.rich)
        )

    def read(self) -> WordTemplates:
        body = self.document.element.body
        for element in body:
            kind = _local(element)
            if kind == "p":
                self._paragraph(element)
            elif kind == "tbl":
                self.dropped["table"] += 1
            elif kind == "sdt":
                self.dropped["content control"] += 1
            elif kind not in ("sectPr", "bookmarkStart", "bookmarkEnd"):
                self.dropped[kind] += 1
        self._finish()
        self._headers_and_footers()
        return WordTemplates(self._templates(), dict(self.dropped))

    def _headers_and_footers(self) -> None:
        for section in self.document.sections:
            for kind, part in (("header", section.header), ("footer", section.footer)):
                if not part.is_linked_to_previous and any(p.text.strip() for p in part.paragraphs):
                    self.dropped[kind] += 1

    def _templates(self) -> tuple[ImportedTemplate, ...]:
        metadata = self._metadata()
        result = []
        for name, text_blocks, html_blocks, rich in self.templates:
            text = "\n\n".join(text_blocks)
            body_html = "".join(html_blocks)
            extra = metadata.get(name, {})
            result.append(
                ImportedTemplate(
                    name=name,
                    body_text=text,
                    body_html=body_html if rich or body_html != text_to_html(text) else None,
                    category=str(extra.get("category", "")),
                    language=extra.get("language") if extra.get("language") in ("fr", "en")
                    else None,
                    fallbacks={str(k): str(v) for k, v in dict(extra.get("fallbacks", {})).items()},
                )
            )  # fmt: skip
        return tuple(result)

    def _metadata(self) -> dict[str, dict[str, Any]]:
        """Category, language and fallbacks the export kept in a custom XML part, by name."""
        for relation in self.document.part.rels.values():
            if relation.is_external or not relation.reltype.endswith("/customXml"):
                continue
            try:
                root = ElementTree.fromstring(relation.target_part.blob)
                if root.tag != f"{{{METADATA_NAMESPACE}}}templates":
                    continue
                entries = json.loads(root.text or "[]")
            except (ElementTree.ParseError, ValueError):
                self.dropped["damaged template details"] += 1
                continue
            if isinstance(entries, list):
                return {str(e["name"]): e for e in entries if isinstance(e, dict) and "name" in e}
        return {}

    # -------------------------------------------------------------- paragraphs
    def _style_name(self, paragraph: Any) -> str:
        properties = _child(paragraph, "pPr")
        style = _child(properties, "pStyle") if properties is not None else None
        if style is None:
            return "Normal"
        style_id = _attr(style, "val") or ""
        return str(self.styles.get(style_id) or style_id)

    def _list_kind(self, paragraph: Any, style: str) -> tuple[str, int] | None:
        """("ul" or "ol", level) for a list item, else None."""
        lowered = style.lower()
        level = int(lowered[-1]) - 1 if lowered[-1:].isdigit() else 0
        if lowered.startswith("list bullet"):
            return "ul", level
        if lowered.startswith("list number"):
            return "ol", level
        properties = _child(paragraph, "pPr")
        numbering = _child(properties, "numPr") if properties is not None else None
        if numbering is None:
            return None
        num_id = _child(numbering, "numId")
        ilvl = _child(numbering, "ilvl")
        key = (
            _attr(num_id, "val") or "" if num_id is not None else "",
            _attr(ilvl, "val") or "0" if ilvl is not None else "0",
        )
        if key[0] == "0":
            return None  # numbering explicitly removed
        fmt = self.numbering.get(key, "bullet")
        return ("ul" if fmt in ("bullet", "none") else "ol"), int(key[1])

    def _paragraph(self, paragraph: Any) -> None:
        style = self._style_name(paragraph)
        lowered = style.lower()
        segments = self._segments(paragraph)
        text = "".join(s.text for s in segments)
        if lowered in ("heading 1", "title"):
            self._finish()
            self._start(" ".join(text.split()) or self.fallback_name)
            return
        if lowered not in _KNOWN_PARAGRAPH_STYLES:
            self.dropped[f"style: {style}"] += 1
        if lowered.startswith("heading") or lowered == "subtitle":
            segments = [_Segment(s.text, True, s.italic, s.underline, s.href) for s in segments]
        listed = self._list_kind(paragraph, style)
        if not text.strip():
            self._close_lists(0)
            return  # spacing between paragraphs, not content
        if any(s.bold or s.italic or s.underline or s.href for s in segments):
            self.rich = True
        if listed is None:
            self._close_lists(0)
            self.text_blocks.append(_plain(segments))
            self.html_blocks.append(f"<p>{_html(segments)}</p>\n")
            return
        self.rich = True
        self._list_item(listed[0], listed[1], segments)

    def _close_lists(self, depth: int) -> None:
        while len(self.list_stack) > depth:
            self.html_blocks.append(f"</li></{self.list_stack.pop()}>\n")
            self.list_counters.pop()

    def _list_item(self, tag: str, level: int, segments: list[_Segment]) -> None:
        level = min(level, 8)
        if len(self.list_stack) > level + 1:
            self._close_lists(level + 1)
        if len(self.list_stack) == level + 1 and self.list_stack[-1] != tag:
            self._close_lists(level)
        if len(self.list_stack) == level + 1:
            self.html_blocks.append("</li>\n")
        starting = not self.list_stack  # a new list (not a sibling or nested item)
        while len(self.list_stack) < level + 1:
            self.html_blocks.append(f"<{tag}>\n")
            self.list_stack.append(tag)
            self.list_counters.append(0)
        self.list_counters[-1] += 1
        self.html_blocks.append(f"<li>{_html(segments)}")
        marker = f"{self.list_counters[-1]}." if tag == "ol" else "-"
        line = "   " * level + f"{marker} {_plain(segments)}"
        if starting or not self.text_blocks:
            self.text_blocks.append(line)
        else:
            self.text_blocks[-1] += "\n" + line

    # -------------------------------------------------------------- runs
    def _segments(self, container: Any, href: str | None = None) -> list[_Segment]:
        segments: list[_Segment] = []
        for element in container:
            kind = _local(element)
            if kind == "r":
                segment = self._run(element, href)
                if segment is not None:
                    _append(segments, segment)
            elif kind == "hyperlink":
                link = self._link(element)
                for segment in self._segments(element, link or href):
                    _append(segments, segment)
            elif kind in _CONTAINERS:
                if kind in ("ins", "fldSimple", "sdt"):
                    label = {"ins": "tracked change", "fldSimple": "field"}.get(
                        kind, "content control"
                    )
                    self.dropped[label] += 1
                for segment in self._segments(element, href):
                    _append(segments, segment)
            elif kind in _REPORTED_IN_PARAGRAPH:
                self.dropped[_REPORTED_IN_PARAGRAPH[kind]] += 1
            elif kind not in _SILENT:
                self.dropped[kind] += 1
        return segments

    def _link(self, element: Any) -> str | None:
        relation = _attr(element, "id")
        anchor = _attr(element, "anchor")
        if relation:
            try:
                target = str(self.document.part.rels[relation].target_ref)
            except KeyError:
                target = ""
            if target:
                return target + (f"#{anchor}" if anchor else "")
        self.dropped["internal link"] += 1
        return None

    def _run(self, run: Any, href: str | None) -> _Segment | None:
        properties = _child(run, "rPr")
        for element in run.iter():
            kind = _local(element)
            if kind in _REPORTED_IN_RUN and (
                kind != "fldChar" or _attr(element, "fldCharType") == "begin"
            ):
                self.dropped[_REPORTED_IN_RUN[kind]] += 1
        for element in run:
            kind = _local(element)
            if kind in ("drawing", "pict", "AlternateContent"):
                boxed = any(_local(e) in ("txbxContent", "textbox") for e in element.iter())
                self.dropped["text box" if boxed else "image"] += 1
        style_name = ""
        if properties is not None:
            style = _child(properties, "rStyle")
            if style is not None:
                style_id = _attr(style, "val") or ""
                style_name = str(self.styles.get(style_id) or style_id)
                if style_name.lower() not in _KNOWN_RUN_STYLES:
                    self.dropped[f"style: {style_name}"] += 1
            for name, label in (
                ("strike", "strikethrough"),
                ("dstrike", "strikethrough"),
                ("highlight", "highlight"),
                ("vertAlign", "superscript/subscript"),
            ):
                if _child(properties, name) is not None and (
                    name in ("highlight", "vertAlign") or _on(properties, name)
                ):
                    self.dropped[label] += 1
            colour = _child(properties, "color")
            coloured = colour is not None and (_attr(colour, "val") or "auto") not in (
                "auto",
                "000000",
            )
            if coloured and style_name.lower() != "hyperlink" and href is None:
                self.dropped["colour"] += 1
        text = _run_text(run)
        if not text:
            return None
        underline = _child(properties, "u") if properties is not None else None
        return _Segment(
            text=text,
            bold=_on(properties, "b") or style_name.lower() == "strong",
            italic=_on(properties, "i") or style_name.lower() == "emphasis",
            underline=underline is not None
            and (_attr(underline, "val") or "single") != "none"
            and href is None,
            href=href,
        )


def _run_text(run: Any) -> str:
    """A run's text as Word shows it: text, tabs, line breaks (not deleted or field-code text)."""
    parts: list[str] = []
    for element in run:
        kind = _local(element)
        if kind == "t":
            parts.append(element.text or "")
        elif kind == "tab":
            parts.append("\t")
        elif kind in ("br", "cr"):
            parts.append("\n")
        elif kind == "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _append(segments: list[_Segment], segment: _Segment) -> None:
    """Add a segment, merged into the previous one if formatted alike (keeps placeholders whole)."""
    if segments and segments[-1].same_format(segment):
        segments[-1].text += segment.text
    else:
        segments.append(segment)


def _plain(segments: list[_Segment]) -> str:
    parts = []
    for segment in segments:
        if segment.href and segment.text.strip() not in (segment.href, ""):
            parts.append(f"{segment.text} ({segment.href})")
        else:
            parts.append(segment.text if segment.text.strip() else segment.href or segment.text)
    return "".join(parts).strip()


def _html(segments: list[_Segment]) -> str:
    out = []
    for index, segment in enumerate(segments):
        text = segment.text
        if index == 0:
            text = text.lstrip()
        if index == len(segments) - 1:
            text = text.rstrip()
        piece = html.escape(text, quote=False).replace("\n", "<br>\n")
        if segment.underline:
            piece = f"<u>{piece}</u>"
        if segment.italic:
            piece = f"<em>{piece}</em>"
        if segment.bold:
            piece = f"<strong>{piece}</strong>"
        previous = segments[index - 1].href if index else None
        following = segments[index + 1].href if index + 1 < len(segments) else None
        if segment.href and segment.href != previous:  # one link over differently formatted runs
            piece = f'<a href="{html.escape(segment.href, quote=True)}">' + piece
        if segment.href and segment.href != following:
            piece += "</a>"
        out.append(piece)
    return "".join(out)


def read_docx(path: Path) -> WordTemplates:
    """The templates in a .docx file, and what could not be kept.

    Raises :class:`DeskError` ``TEMPLATE_FILE_UNREADABLE`` for a missing file,
    an old binary .doc, anything that is not a .docx, or a corrupt one.
    """
    path = Path(path)
    if not path.is_file():
        raise DeskError(ErrorCode.TEMPLATE_FILE_UNREADABLE, path=str(path), reason="no such file")
    with path.open("rb") as stream:
        magic = stream.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        reason = "it is an old Word .doc file; save it as .docx in Word first"
        raise DeskError(ErrorCode.TEMPLATE_FILE_UNREADABLE, path=str(path), reason=reason)
    if not magic.startswith(b"PK"):
        reason = "it is not a Word .docx file"
        raise DeskError(ErrorCode.TEMPLATE_FILE_UNREADABLE, path=str(path), reason=reason)
    try:
        document = docx.Document(str(path))
        return _Reader(document, path.stem).read()
    except (OpcError, SyntaxError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        # lxml's XMLSyntaxError is a SyntaxError
        reason = f"the file is damaged or not a Word document ({type(error).__name__})"
        raise DeskError(
            ErrorCode.TEMPLATE_FILE_UNREADABLE, path=str(path), reason=reason
        ) from error


@dataclass(frozen=True, slots=True)
class WordImportResult:
    """What an import stored: new template ids, names changed to avoid clashes, what was dropped."""

    created: tuple[int, ...]
    renamed: dict[str, str]
    dropped: dict[str, int]


def import_docx(
    session: Session, path: Path, *, language: str = "fr", category: str = ""
) -> WordImportResult:
    """Read a .docx file and store its templates.

    A template keeps the category and language the export recorded, else gets
    ``language``/``category``. A name already taken gets " (2)", " (3)"… and
    is listed in ``renamed``: an import never overwrites a team's template.
    """
    read = read_docx(path)
    taken = existing_names(session)
    created: list[int] = []
    renamed: dict[str, str] = {}
    for template in read.templates:
        name = " ".join(template.name.split())[:NAME_MAX] or Path(path).stem
        base, number = name[: NAME_MAX - 6], 2
        while fold(name) in taken:
            name = f"{base} ({number})"
            number += 1
        if name != template.name:
            renamed[template.name] = name
        created.append(
            create_template(
                session,
                name,
                template.body_text,
                body_html=template.body_html,
                category=template.category or category,
                language=template.language or language,
                fallbacks=template.fallbacks,
            )
        )
        taken[fold(name)] = name
    return WordImportResult(tuple(created), renamed, read.dropped)
