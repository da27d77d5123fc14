"""The Word report for management: summary, charts, tables per agent, template and category.

Written with python-docx on A4 pages, with Word's built-in styles only
(``Title``, ``Heading 1``, ``Table Grid``) so that Word and LibreOffice both
open it without warnings; a test converts it to PDF with LibreOffice and
reads the text back. A period with no data gives a short report that says
so instead of empty charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

from desk.stats.charts import backlog_chart, forecast_chart, response_chart, volume_chart
from desk.stats.forecast import TeamForecast, forecast_sentences
from desk.stats.kpis import Kpis
from desk.stats.labels import fmt_duration, fmt_number, fmt_share, labels
from desk.stats.quality import Quality

# Tables longer than this are cut in the report (the XLSX export has them whole).
MAX_TABLE_ROWS = 200


def _summary(kpis: Kpis, language: str) -> list[tuple[str, str]]:
    words = labels(language)
    response = kpis.response

    def n(value: float) -> str:
        return fmt_number(value, language)

    def ratio(value: float | None) -> str:
        return words["none"] if value is None else fmt_number(value, language, 2)

    within = response.share_within_deadline
    return [
        (words["received"], n(kpis.received)),
        (words["answered"], n(kpis.answered)),
        (words["backlog_start"], n(kpis.backlog_start)),
        (words["backlog_end"], n(kpis.backlog_end)),
        (words["median"], fmt_duration(response.median_s, language)),
        (words["p90"], fmt_duration(response.p90_s, language)),
        (
            words["within"].format(hours=kpis.deadline_hours),
            f"{fmt_share(within, language)} ({n(response.within_deadline)} / "
            f"{n(response.within_deadline + response.late)})"
            if within is not None
            else words["none_yet"],
        ),
        (words["pending"], n(response.pending)),
        (words["actions"], n(kpis.actions)),
        (words["sends"], n(kpis.sends)),
        (words["active"], fmt_duration(kpis.active_ms / 1000, language)),
        (
            words["per_answer"],
            fmt_duration(
                None if kpis.ms_per_answer is None else kpis.ms_per_answer / 1000, language
            ),
        ),
        (words["per_action"], ratio(kpis.answered_per_action)),
        (words["per_send"], ratio(kpis.answered_per_send)),
        (
            words["recontacts"],
            f"{fmt_share(kpis.recontact_share, language)} ({n(kpis.recontacted)})",
        ),
    ]


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A grid table with a bold, repeated header row; numbers right-aligned."""
    from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: PLC0415
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = value
            if index:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _minutes(ms: float | None, language: str) -> str:
    return labels(language)["none"] if ms is None else fmt_number(ms / 60_000, language, 1)


def _hours(ms: int, language: str) -> str:
    return fmt_number(ms / 3_600_000, language, 1)


def build_docx(
    kpis: Kpis,
    language: str = "fr",
    forecast: TeamForecast | None = None,
    quality: Quality | None = None,
) -> Any:
    """The report as a python-docx ``Document`` (not yet saved); forecast and quality if given."""
    from docx import Document  # noqa: PLC0415 - loaded only when a report is made
    from docx.shared import Cm, Pt  # noqa: PLC0415

    words = labels(language)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = words["title"]
    document.add_heading(words["title"], level=0)
    period = kpis.period
    document.add_paragraph(
        words["period"].format(
            first=period.first.isoformat(), last=period.last.isoformat(), zone=period.zone_name
        )
    )
    document.add_paragraph(
        words["as_of"].format(
            moment=kpis.as_of.strftime("%Y-%m-%d %H:%M"), hours=kpis.deadline_hours
        )
    )
    if not kpis.has_data:
        document.add_paragraph(words["no_data"])
        return document
    document.add_heading(words["summary"], level=1)
    _table(document, (words["indicator"], words["value"]), _summary(kpis, language))
    document.add_heading(words["charts"], level=1)
    for chart in (volume_chart, backlog_chart, response_chart):
        document.add_picture(BytesIO(chart(kpis, language)), width=Cm(16))
    if forecast is not None:
        document.add_heading(words["forecast"], level=1)
        for line in forecast_sentences(forecast, language):
            document.add_paragraph(line)
        if forecast.history:
            document.add_picture(BytesIO(forecast_chart(forecast, language)), width=Cm(16))
    if quality is not None and (quality.total.answered or quality.services):
        _quality(document, quality, language)
    if kpis.agents:
        document.add_heading(words["agents"], level=1)
        _table(
            document,
            (
                words["agent"],
                words["actions"],
                words["answered"],
                words["hours_col"],
                words["minutes_per_answer"],
            ),
            [
                (
                    a.name,
                    fmt_number(a.actions, language),
                    fmt_number(a.answered, language),
                    _hours(a.active_ms, language),
                    _minutes(a.ms_per_answer, language),
                )
                for a in kpis.agents[:MAX_TABLE_ROWS]
            ],
        )
    for kind, key, unnamed, groups in (
        ("templates", "template", "no_template", kpis.templates),
        ("categories", "category", "no_category", kpis.categories),
    ):
        if not groups:
            continue
        document.add_heading(words[kind], level=1)
        _table(
            document,
            (
                words[key],
                words["replies"],
                words["answered"],
                words["hours_col"],
                words["minutes_per_answer"],
            ),
            [
                (
                    g.key or words[unnamed],
                    fmt_number(g.replies, language),
                    fmt_number(g.answered, language),
                    _hours(g.active_ms, language),
                    _minutes(g.ms_per_answer, language),
                )
                for g in groups[:MAX_TABLE_ROWS]
            ],
        )
    return document


def _quality(document: Any, quality: Quality, language: str) -> None:
    """The quality section: a sentence for everybody, then per agent and per template."""
    words, total = labels(language), quality.total
    document.add_heading(words["quality"], level=1)
    document.add_paragraph(
        words["quality_total"].format(
            answered=fmt_number(total.answered, language),
            fcr=fmt_share(total.share(total.resolved_first_time), language),
            edited=fmt_share(total.edited_share, language),
            again=fmt_share(total.share(total.recontacted), language),
            reopened=fmt_share(total.share(total.reopened), language),
            handed=fmt_share(total.share(total.handed_off), language),
        )
    )
    columns = ("q_answered", "q_edited", "q_again", "q_reopened", "q_handed", "q_fcr")
    for key, unnamed, rows in (
        ("agent", "nobody", quality.agents),
        ("template", "no_template", quality.templates),
    ):
        _table(
            document,
            (words[key], *(words[c] for c in columns)),
            [
                (
                    row.name or words[unnamed],
                    fmt_number(row.answered, language),
                    fmt_share(row.edited_share, language),
                    fmt_share(row.share(row.recontacted), language),
                    fmt_share(row.share(row.reopened), language),
                    fmt_share(row.share(row.handed_off), language),
                    fmt_share(row.share(row.resolved_first_time), language),
                )
                for row in rows[:MAX_TABLE_ROWS]
            ],
        )
    if quality.services:
        _table(
            document,
            (words["service"], words["s_handed"], words["q_answered"], words["s_failed"],
             words["s_overdue"], words["s_wait"]),
            [
                (
                    row.service,
                    fmt_number(row.handed, language),
                    fmt_number(row.answered, language),
                    fmt_number(row.failed, language),
                    fmt_number(row.overdue, language),
                    fmt_duration(None if row.median_wait_hours is None
                                 else row.median_wait_hours * 3600, language),
                )
                for row in quality.services[:MAX_TABLE_ROWS]
            ],
        )  # fmt: skip


def write_docx(
    path: Path,
    kpis: Kpis,
    language: str = "fr",
    forecast: TeamForecast | None = None,
    quality: Quality | None = None,
) -> None:
    """Write the report of ``kpis`` in ``language`` ("fr" or "en") to ``path``."""
    build_docx(kpis, language, forecast, quality).save(str(path))
