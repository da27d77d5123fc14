"""The Word report: built right, and read back through LibreOffice (docx → PDF → text)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from docx import Document

from desk.stats.kpis import compute_kpis
from desk.stats.period import Period
from desk.stats.report import write_docx
from desk.store.database import Store
from tests.stats.conftest import AS_OF, World
from tests.support.required import missing

PERIOD = Period(date(2020, 3, 16), date(2020, 3, 17), ZoneInfo("UTC"))
EMPTY = Period(date(2021, 1, 4), date(2021, 1, 10), ZoneInfo("UTC"))


def _report(store: Store, path: Path, period: Period, language: str) -> None:
    with store.sessions() as session:
        write_docx(path, compute_kpis(session, period, as_of=AS_OF), language=language)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_document_holds_a4_pages_tables_and_three_charts(
    store: Store, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "r.docx"
    _report(store, path, PERIOD, "en")
    document = Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert document.paragraphs[0].text == "Mailbox handling report"
    assert len(document.inline_shapes) == 3
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert headers[0] == ["Indicator", "Value"]
    assert headers[1][0] == "Agent" and headers[2][0] == "Template" and headers[3][0] == "Category"
    summary = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows}
    assert summary["Messages received"] == "6"
    assert summary["Answered within 48 h"] == "50.0% (2 / 4)"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_period_without_data_says_so(store: Store, world: World, tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    with store.sessions() as session:
        kpis = compute_kpis(session, EMPTY, as_of=AS_OF)
    # Nothing arrived or was done; with no backlog either, there is nothing to show.
    write_docx(path, replace(kpis, backlog_start=0, backlog_end=0), language="fr")
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "il n'y a rien à présenter" in text
    assert "du 2021-01-04 au 2021-01-10" in text


def _pdf_text(docx: Path) -> str:
    """Convert with LibreOffice headless (a private profile per run) and extract the text."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        missing("LibreOffice is not installed (scripts/test.sh installs libreoffice-writer-nogui)")
    if shutil.which("pdftotext") is None:
        missing("pdftotext is not installed (scripts/test.sh installs poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="lo-") as profile:
        result = subprocess.run(
            [
                office,
                "--headless",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(docx.parent),
                str(docx),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    pdf = docx.with_suffix(".pdf")
    assert pdf.exists(), f"LibreOffice made no PDF (exit {result.returncode}): {result.stderr}"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.replace("\u00a0", " ")


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_libreoffice_reads_the_report(
    store: Store, world: World, tmp_path: Path, language: str
) -> None:
    path = tmp_path / "rapport.docx"
    _report(store, path, PERIOD, language)
    text = _pdf_text(path)
    flat = re.sub(r"\s+", " ", text)
    if language == "fr":
        assert "Rapport de traitement de la boîte partagée" in flat
        assert "du 2020-03-16 au 2020-03-17" in flat
        assert "Indicateur" in flat and "Valeur" in flat
        assert re.search(r"Messages reçus\s+6\b", text)
        assert re.search(r"Répondus en moins de 48 h\s+50,0 % \(2 / 4\)", text)
        assert re.search(r"Amina Diallo\s+3\s+3\s+0,1\s+2,7", text)  # 480 000 ms; 160 000 ms
        assert "Mot de passe" in flat and "(sans modèle)" in flat
    else:
        assert "Mailbox handling report" in flat
        assert "2020-03-16 to 2020-03-17" in flat
        assert re.search(r"Messages received\s+6\b", text)
        assert re.search(r"Backlog at the end\s+4\b", text)
        assert re.search(r"First response, median\s+2\.0 h", text)
        assert re.search(r"Bruno Petit\s+1\s+0\s+0\.0\s+—", text)
        assert "Per template" in flat and "Per category" in flat and "exam" in flat


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])
def test_libreoffice_reads_an_empty_report(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    _report(store, path, EMPTY, "en")
    flat = re.sub(r"\s+", " ", _pdf_text(path))
    assert "Mailbox handling report" in flat
    assert "there is nothing to report" in flat
