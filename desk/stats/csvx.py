"""CSV exports that spreadsheets open right: UTF-8 with a BOM, ``,`` or ``;`` between fields.

Excel only reads a CSV as UTF-8 when it starts with a byte-order mark, and a
French Excel or LibreOffice expects ``;`` between fields and a decimal comma,
because the comma is its decimal separator. So ``delimiter=";"`` also writes
numbers with a decimal comma. Times are written ``YYYY-MM-DD HH:MM:SS``,
which both spreadsheets recognise as dates.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from desk.stats.period import Period
from desk.stats.rows import MessageRow
from desk.stats.sheets import Sheet, Value, message_sheet

DELIMITERS = (",", ";")


def _text(value: Value, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        text = repr(round(value, 6))
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def write_csv(path: Path, sheet: Sheet, delimiter: str = ",") -> int:
    """Write ``sheet`` to ``path``; returns the number of data rows written."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"CSV delimiter must be one of {DELIMITERS}, not {delimiter!r}")
    decimal_comma = delimiter == ";"
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(sheet.header)
        for row in sheet.rows:
            writer.writerow([_text(v, decimal_comma) for v in row])
            count += 1
    return count


def write_message_rows(
    path: Path,
    rows: Iterable[MessageRow],
    period: Period,
    *,
    language: str = "en",
    delimiter: str = ",",
    deadline_hours: int = 48,
) -> int:
    """The per-message export as CSV, times in ``period``'s zone; returns the rows written."""
    return write_csv(path, message_sheet(rows, period, language, deadline_hours), delimiter)
