"""XLSX exports with typed cells: dates are dates, numbers are numbers, the header stays on screen.

A team lead sorts, filters and charts these in Excel or LibreOffice, which
only works when a date cell holds a date and a count holds a number, not
text. openpyxl's write-only mode streams rows to the file, so the
per-message export of a whole year never holds 200,000 rows of cells in
memory. Every sheet's first row is bold and frozen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desk.stats.sheets import Sheet

DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"
SHARE_FORMAT = "0.0%"


def write_xlsx(path: Path, sheets: Sequence[Sheet], shares: Sequence[str] = ()) -> int:
    """Write ``sheets`` as tabs of one workbook; returns the data rows written in all.

    ``shares``: labels of summary rows whose value is a fraction, shown as a percentage.
    """
    from openpyxl import Workbook  # noqa: PLC0415 - loaded only when exporting
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    count = 0
    for sheet in sheets:
        tab: Any = book.create_sheet(_tab_name(sheet.name))
        tab.freeze_panes = "A2"
        for index, title in enumerate(sheet.header, start=1):
            tab.column_dimensions[get_column_letter(index)].width = max(12, min(len(title) + 2, 40))
        header = []
        for title in sheet.header:
            cell = WriteOnlyCell(tab, value=title)
            cell.font = bold
            header.append(cell)
        tab.append(header)
        for row in sheet.rows:
            values: list[Any] = []
            for value in row:
                if isinstance(value, datetime):
                    cell = WriteOnlyCell(tab, value=value)
                    cell.number_format = DATETIME_FORMAT
                    values.append(cell)
                elif isinstance(value, date):
                    cell = WriteOnlyCell(tab, value=value)
                    cell.number_format = DATE_FORMAT
                    values.append(cell)
                else:
                    values.append(value)
            if row and row[0] in shares and isinstance(row[-1], float):
                cell = WriteOnlyCell(tab, value=row[-1])
                cell.number_format = SHARE_FORMAT
                values[-1] = cell
            tab.append(values)
            count += 1
    book.save(path)
    return count


def _tab_name(name: str) -> str:
    """Excel limits tab names to 31 characters without ``[]:*?/\\``."""
    cleaned = "".join("-" if c in "[]:*?/\\" else c for c in name)
    return cleaned[:31]
