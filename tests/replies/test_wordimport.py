"""Word import: formatting kept in HTML and text, the rest counted, bad files refused clearly."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from desk.core.errors import DeskError, ErrorCode
from desk.replies.templates import create_template, get_template
from desk.replies.wordimport import import_docx, read_docx
from desk.store.database import Store


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _link(paragraph: Any, text: str, url: str) -> None:
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = paragraph.add_run(text)
    link.append(run._r)
    paragraph._p.append(link)


def _rich(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Mot de passe", level=1)
    paragraph = document.add_paragraph("Bonjour {prénom},")
    paragraph = document.add_paragraph("Votre accès est ")
    paragraph.add_run("réinitialisé").bold = True
    paragraph.add_run(" et ")
    paragraph.add_run("actif").italic = True
    paragraph.add_run(" dès maintenant.")
    document.add_paragraph("Connectez-vous", style="List Bullet")
    document.add_paragraph("Choisissez un mot de passe", style="List Bullet")
    document.add_paragraph("Premier", style="List Number")
    document.add_paragraph("Second", style="List Number")
    paragraph = document.add_paragraph("Aide : ")
    _link(paragraph, "le site", "https://example-edu.fr/aide?a=1&b=2")
    paragraph = document.add_paragraph("Ligne un")
    paragraph.add_run().add_break()
    paragraph.add_run("ligne deux")
    document.add_paragraph("")
    document.add_heading("Retard colis", level=1)
    document.add_paragraph("Votre colis arrive, {nom}.")
    document.save(str(path))
    return path


def test_formatting_lists_links_and_breaks_are_kept_in_html_and_text(tmp_path: Path) -> None:
    read = read_docx(_rich(tmp_path / "modeles.docx"))
    assert read.dropped == {}
    password, parcel = read.templates
    assert password.name == "Mot de passe"
    assert password.body_text == (
        "Bonjour {prénom},\n\n"
        "Votre accès est réinitialisé et actif dès maintenant.\n\n"
        "- Connectez-vous\n- Choisissez un mot de passe\n\n"
        "1. Premier\n2. Second\n\n"
        "Aide : le site (https://example-edu.fr/aide?a=1&b=2)\n\n"
        "Ligne un\nligne deux"
    )
    assert password.body_html == (
        "<p>Bonjour {prénom},</p>\n"
        "<p>Votre accès est <strong>réinitialisé</strong> et <em>actif</em> dès maintenant.</p>\n"
        "<ul>\n<li>Connectez-vous</li>\n<li>Choisissez un mot de passe</li></ul>\n"
        "<ol>\n<li>Premier</li>\n<li>Second</li></ol>\n"
        '<p>Aide : <a href="https://example-edu.fr/aide?a=1&amp;b=2">le site</a></p>\n'
        "<p>Ligne un<br>\nligne deux</p>\n"
    )
    assert parcel.name == "Retard colis"
    assert parcel.body_text == "Votre colis arrive, {nom}."
    assert parcel.body_html is None  # nothing an HTML version would add


def test_a_document_without_headings_is_one_template_named_after_the_file(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Bonjour,")
    paragraph = document.add_paragraph("")
    paragraph.add_run("{pré").bold = False
    paragraph.add_run("nom}")  # Word often splits what was typed in two runs
    document.save(str(tmp_path / "Réponse type.docx"))
    (template,) = read_docx(tmp_path / "Réponse type.docx").templates
    assert template.name == "Réponse type"
    assert template.body_text == "Bonjour,\n\n{prénom}"


def test_images_tables_text_boxes_and_unknown_styles_are_counted_not_silently_dropped(
    tmp_path: Path,
) -> None:
    image = tmp_path / "pixel.png"
    image.write_bytes(_png())
    document = docx.Document()
    document.add_heading("Avec extras", level=1)
    document.add_paragraph("Texte gardé.")
    document.add_picture(str(image))
    document.add_picture(str(image))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "dans un tableau"
    document.styles.add_style("Encadré maison", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Style inconnu, texte gardé.", style="Encadré maison")
    box = document.add_paragraph("Avant la zone de texte. ")
    box._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape>'
        "<v:textbox><w:txbxContent><w:p><w:r><w:t>Zone</w:t></w:r></w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict></w:r>"
    ))  # fmt: skip
    coloured = document.add_paragraph().add_run("rouge")
    coloured.font.color.rgb = docx.shared.RGBColor(0xFF, 0, 0)
    document.sections[0].header.paragraphs[0].text = "En-tête"
    document.save(str(tmp_path / "extras.docx"))
    read = read_docx(tmp_path / "extras.docx")
    assert read.dropped == {
        "image": 2, "table": 1, "style: Encadré maison": 1, "text box": 1, "colour": 1,
        "header": 1,
    }  # fmt: skip
    (template,) = read.templates
    assert template.body_text == (
        "Texte gardé.\n\nStyle inconnu, texte gardé.\n\nAvant la zone de texte.\n\nrouge"
    )


def test_a_file_that_is_not_a_docx_is_refused_clearly(tmp_path: Path) -> None:
    cases = {
        "notes.txt": b"Bonjour {prenom}",
        "ancien.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
        "casse.docx": b"PK\x03\x04" + b"\0garbage" * 20,
        "vide.docx": b"",
    }
    empty_zip = tmp_path / "zip.docx"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("hello.txt", "not word")
    paths = [empty_zip, tmp_path / "absent.docx"]
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        paths.append(tmp_path / name)
    truncated = tmp_path / "tronque.docx"
    truncated.write_bytes(_rich(tmp_path / "ok.docx").read_bytes()[:2000])
    paths.append(truncated)
    for path in paths:
        with pytest.raises(DeskError) as raised:
            read_docx(path)
        assert raised.value.code is ErrorCode.TEMPLATE_FILE_UNREADABLE, path
        assert str(path) in raised.value.describe()
    with pytest.raises(DeskError) as raised:
        read_docx(tmp_path / "ancien.doc")
    assert "old Word .doc" in raised.value.describe()


def test_import_stores_templates_and_renames_clashes(store: Store, tmp_path: Path) -> None:
    path = _rich(tmp_path / "modeles.docx")
    with store.sessions.begin() as session:
        create_template(session, "MOT DE PASSE", "déjà là")
        result = import_docx(session, path, language="fr", category="account")
    assert result.renamed == {"Mot de passe": "Mot de passe (2)"}
    assert result.dropped == {}
    with store.sessions() as session:
        first, second = (get_template(session, i) for i in result.created)
    assert first.name == "Mot de passe (2)" and first.category == "account"
    assert first.body_html is not None and "<strong>réinitialisé</strong>" in first.body_html
    assert second.name == "Retard colis" and second.language == "fr"
