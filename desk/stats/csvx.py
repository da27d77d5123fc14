"""CSV exports that spreadsheets open right: UTF-8 with a BOM, ``,`` or ``;`` between fields.

Excel only reads a CSV as UTF-8 when it starts with a byte-order mark, and a
French Excel or LibreOffice expects ``;`` between fields and a decimal comma,
because the comma is its decimal separator. So ``delimiter=";"`` also writes
numbers with a decimal comma. Times are written ``YYYY-MM-DD HH:MM:SS``,
which both spreadsheets recognise as dates.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from desk.stats.labels import labels
from desk.stats.period import Period
from desk.stats.rows import MessageRow
from desk.stats.sheets import Sheet, Value, message_header

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
    """The per-message export as CSV, times in ``period``'s zone; returns the rows written.

    The same text as :func:`write_csv` of :func:`~desk.stats.sheets.message_sheet`,
    written column by column: each column's type is known, so no value is
    inspected, and a year (200,000 rows) takes a third of the time.
    """
    if delimiter not in DELIMITERS:
        raise ValueError(f"CSV delimiter must be one of {DELIMITERS}, not {delimiter!r}")
    words = labels(language)
    yes, no = words["yes"], words["no"]
    zone = period.zone
    decimal_comma = delimiter == ";"

    def number(value: float) -> str:
        # ``_text`` writes repr(round(value, 6)); every value here is already
        # rounded to 3 or 1 decimals, which rounding to 6 leaves as it is.
        text = repr(value)
        return text.replace(".", ",") if decimal_comma else text

    def local(moment: datetime) -> str:
        # ``isoformat`` gives what ``_text`` writes (to the second), several times faster.
        return moment.astimezone(zone).isoformat(" ", "seconds")[:19]

    # One reply answers several messages at once: its time is written once per reply.
    answered_at: dict[datetime, str] = {}

    count = 0

    def lines() -> Iterator[tuple[object, ...]]:
        nonlocal count
        for row in rows:
            count += 1
            answered, seconds, within = row.first_answer_at, row.response_s, row.within_deadline
            # The csv module writes None as nothing and an int as str() does, as _text would.
            yield (
                row.message_id,
                local(row.received_at),
                None
                if answered is None
                else answered_at.get(answered) or answered_at.setdefault(answered, local(answered)),
                None if seconds is None else number(round(seconds / 3600, 3)),
                None if within is None else yes if within else no,
                row.agent,
                row.template,
                row.cluster_id,
                row.category,
                number(round(row.handling_ms / 1000, 1)),
                row.recontacts,
                row.status,
            )

    # The byte-order mark written by hand: "utf-8-sig" encodes every row in Python.
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write("\ufeff")
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(message_header(period, language, deadline_hours))
        writer.writerows(lines())
    return count
