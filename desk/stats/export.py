"""One export as the command line and the UI ask for it: a period, a format, a file.

The file is written next to its destination under a temporary name and
renamed at the end, so a failed export (full disk, bad data) never leaves a
half-written report where the team lead expects a whole one; a folder that
does not exist or cannot be written is a :class:`~desk.core.errors.DeskError`.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy.orm import Session

from desk.core.clock import utc_now
from desk.core.errors import DeskError, ErrorCode
from desk.stats.csvx import write_csv, write_message_rows
from desk.stats.forecast import team_forecast
from desk.stats.kpis import Kpis, compute_kpis
from desk.stats.labels import labels
from desk.stats.period import Period
from desk.stats.quality import compute_quality
from desk.stats.report import write_docx
from desk.stats.rows import per_message_rows
from desk.stats.sheets import (
    Sheet,
    agent_sheet,
    day_sheet,
    forecast_sheet,
    group_sheet,
    hour_sheet,
    message_sheet,
    quality_sheets,
    summary_sheet,
)
from desk.stats.xlsx import write_xlsx

Format = Literal["docx", "csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("docx", "csv", "xlsx")


def _sheets(kpis: Kpis, language: str) -> list[Sheet]:
    return [
        summary_sheet(kpis, language),
        day_sheet(kpis, language),
        hour_sheet(kpis, language),
        agent_sheet(kpis, language),
        group_sheet(kpis, language, "templates"),
        group_sheet(kpis, language, "categories"),
    ]


def export_stats(
    session: Session,
    period: Period,
    out: Path,
    fmt: Format,
    *,
    per_message: bool = False,
    language: str = "fr",
    delimiter: str = ",",
    deadline_hours: int = 48,
    as_of: datetime | None = None,
) -> int:
    """Write the statistics of ``period`` to ``out``; returns the rows (or report days) written.

    Aggregates: the Word report, the days as CSV, or every table as XLSX
    tabs. ``per_message``: one row per message instead (CSV or XLSX only).
    """
    if fmt not in FORMATS:
        raise DeskError(ErrorCode.STATS_BAD_EXPORT, reason=f"unknown format {fmt!r}")
    if per_message and fmt == "docx":
        raise DeskError(
            ErrorCode.STATS_BAD_EXPORT,
            reason="one row per message goes to a spreadsheet: use --format csv or xlsx",
        )
    labels(language)  # an unknown language fails before any work
    as_of = as_of or utc_now()
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise DeskError(ErrorCode.EXPORT_UNWRITABLE, path=out, reason="no such folder")
    partial = folder / f".{out.name}.part"
    try:
        if per_message:
            rows = per_message_rows(session, period, deadline_hours, as_of)
            if fmt == "csv":
                count = write_message_rows(
                    partial,
                    rows,
                    period,
                    language=language,
                    delimiter=delimiter,
                    deadline_hours=deadline_hours,
                )
            else:
                sheet = message_sheet(rows, period, language, deadline_hours)
                count = write_xlsx(partial, [sheet])
        else:
            kpis = compute_kpis(session, period, deadline_hours, as_of)
            if fmt == "docx":
                # The forecast as things stood at the end of the period (now if today).
                forecast = team_forecast(session, min(as_of, period.end), deadline_hours)
                quality = compute_quality(session, period)
                write_docx(partial, kpis, language, forecast, quality)
                count = len(kpis.days)
            elif fmt == "csv":
                count = write_csv(partial, day_sheet(kpis, language), delimiter)
            else:
                words = labels(language)
                shares = (words["within"].format(hours=deadline_hours), words["recontacts"])
                forecast = team_forecast(session, min(as_of, period.end), deadline_hours)
                sheets = [
                    *_sheets(kpis, language),
                    *quality_sheets(compute_quality(session, period), language),
                    forecast_sheet(forecast, period, language),
                ]
                count = write_xlsx(partial, sheets, shares=shares)
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DeskError(
            ErrorCode.EXPORT_UNWRITABLE, path=out, reason=exc.strerror or str(exc)
        ) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count
