"""XLSX: typed date and number cells, a frozen bold header, one tab per table."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from desk.stats.export import export_stats
from desk.stats.period import Period
from desk.stats.sheets import Sheet
from desk.stats.xlsx import write_xlsx
from desk.store.database import Store
from tests.stats.conftest import AS_OF, World

PERIOD = Period(date(2020, 3, 16), date(2020, 3, 17), ZoneInfo("UTC"))


def test_cells_keep_their_types_and_the_header_is_frozen(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    sheet = Sheet(
        "Jours",
        ("Jour", "Reçus", "Délai", "Quand"),
        [(date(2020, 3, 16), 4, 1.5, datetime(2020, 3, 16, 9, 5))],
    )
    assert write_xlsx(path, [sheet]) == 1
    tab = load_workbook(path)["Jours"]
    assert tab.freeze_panes == "A2"
    assert tab["A1"].value == "Jour" and tab["A1"].font.bold
    assert tab["A2"].is_date and tab["A2"].value == datetime(2020, 3, 16)
    assert tab["A2"].number_format == "yyyy-mm-dd"
    assert tab["B2"].data_type == "n" and tab["B2"].value == 4
    assert tab["C2"].data_type == "n" and tab["C2"].value == 1.5
    assert tab["D2"].is_date and tab["D2"].value == datetime(2020, 3, 16, 9, 5)


def test_the_kpi_workbook(store: Store, world: World, tmp_path: Path) -> None:
    path = tmp_path / "kpis.xlsx"
    with store.sessions() as session:
        export_stats(session, PERIOD, path, "xlsx", language="en", as_of=AS_OF)
    book = load_workbook(path)
    assert book.sheetnames == [
        "Summary",
        "Days",
        "Hours",
        "Per agent",
        "Per template",
        "Per category",
        "Quality per agent",
        "Quality per template",
        "Hand-offs per service",
        "Forecast",
    ]
    for tab in book.worksheets:
        assert tab.freeze_panes == "A2"
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Messages received"] == 6
    assert summary["Messages answered"] == 3
    share = next(c for c in book["Summary"]["A"] if c.value == "Answered within 48 h")
    cell = book["Summary"].cell(row=share.row, column=2)
    assert cell.value == 0.5 and cell.number_format == "0.0%"
    days = list(book["Days"].iter_rows(min_row=2, values_only=True))
    assert days == [(datetime(2020, 3, 16), 4, 3, 2), (datetime(2020, 3, 17), 2, 0, 4)]
    agents = list(book["Per agent"].iter_rows(min_row=2, values_only=True))
    assert agents[0][:4] == ("Amina Diallo", 3, 2, 3)


def test_per_message_workbook(store: Store, world: World, tmp_path: Path) -> None:
    path = tmp_path / "rows.xlsx"
    with store.sessions() as session:
        assert export_stats(session, PERIOD, path, "xlsx", per_message=True, as_of=AS_OF) == 6
    tab = load_workbook(path).worksheets[0]
    assert tab.freeze_panes == "A2"
    first = [c for c in next(tab.iter_rows(min_row=2, max_row=2))]
    assert first[1].is_date and first[1].value == datetime(2020, 3, 16, 8)
    assert first[3].data_type == "n" and first[3].value == 2.0
