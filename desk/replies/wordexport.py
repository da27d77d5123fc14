"""Writing a set of reply templates to a Word (.docx) file that imports back unchanged.

One "Heading 1" per template (its name), then its body: paragraphs, line
breaks, bold, italic, underline, lists ("List Bullet"/"List Number" styles)
and hyperlinks, from the template's HTML version (or its plain text). Each
template's category, language and fallbacks go into a custom XML data part,
invisible in the page and kept by Word, so :func:`desk.replies.wordimport.read_docx`
restores them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from desk.core.errors import DeskError, ErrorCode
from desk.replies.htmltext import text_to_html
from desk.replies.templates import TemplateData
from desk.replies.wordimport import METADATA_NAMESPACE

_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"})


class _Writer(HTMLParser):
    """Turns the small HTML subset templates use into paragraphs of a python-docx document."""

    def __init__(self, document: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph: Any = None
        self.bold = self.italic = self.underline = 0
        self.href: str | None = None
        self.link: Any = None
        self.lists: list[str] = []

    def _current(self) -> Any:
        if self.paragraph is None:
            self.paragraph = self.document.add_paragraph()
        return self.paragraph

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.paragraph = None
            if tag.startswith("h"):
                self.bold += 1
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self.paragraph = None
        elif tag == "li":
            level = min(len(self.lists), 3)
            kind = "List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet"
            style = kind if level <= 1 else f"{kind} {level}"
            self.paragraph = self.document.add_paragraph(style=style)
        elif tag == "br":
            self._current().add_run().add_break()
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "u":
            self.underline += 1
        elif tag == "a":
            self.href = dict(attrs).get("href") or None
            self.link = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS or tag == "li":
            self.paragraph = None
            if tag.startswith("h") and tag != "li":
                self.bold = max(0, self.bold - 1)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "u":
            self.underline = max(0, self.underline - 1)
        elif tag == "a":
            self.href = None
            self.link = None

    def handle_data(self, data: str) -> None:
        data = data.replace("\n", "")  # HTML source line breaks are not breaks in the text
        if not data or (self.paragraph is None and not data.strip()):
            return
        run = self._current().add_run(data)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None
        run.underline = bool(self.underline) or None
        if self.href:
            self._into_link(run)

    def _into_link(self, run: Any) -> None:
        if self.link is None:
            assert self.href is not None
            relation = self.paragraph.part.relate_to(
                self.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True
            )
            self.link = OxmlElement("w:hyperlink")
            self.link.set(qn("r:id"), relation)
            self.paragraph._p.append(self.link)
        self.link.append(run._r)  # moves the run inside the hyperlink


def _attach_metadata(document: Any, metadata: list[dict[str, Any]]) -> None:
    """Keep the templates' other fields in a custom XML data part (Word preserves those)."""
    root = ElementTree.Element(f"{{{METADATA_NAMESPACE}}}templates")
    root.text = json.dumps(metadata, ensure_ascii=False)
    blob = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    package = document.part.package
    partname = package.next_partname("/customXml/item%d.xml")
    part = Part(partname, "application/xml", blob, package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_XML)


def write_docx(templates: Sequence[TemplateData], path: Path) -> None:
    """Write ``templates`` to ``path``: a heading per template, then its body.

    Raises :class:`DeskError` ``EXPORT_UNWRITABLE`` when the file cannot be written.
    """
    document = docx.Document()
    metadata = []
    for template in templates:
        document.add_heading(template.name, level=1)
        writer = _Writer(document)
        writer.feed(template.body_html or text_to_html(template.body_text))
        writer.close()
        metadata.append(
            {
                "name": " ".join(template.name.split()),
                "category": template.category,
                "language": template.language,
                "fallbacks": dict(template.fallbacks),
            }
        )
    _attach_metadata(document, metadata)
    try:
        document.save(str(path))
    except OSError as error:
        raise DeskError(
            ErrorCode.EXPORT_UNWRITABLE, path=str(path), reason=error.strerror or str(error)
        ) from error
