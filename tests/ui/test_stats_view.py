"""The statistics view over the demo store, with a few answers and agent actions added."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import docx
import openpyxl
import pytest
from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk.app import App
from desk.stats.events import record_event
from desk.stats.export import Format
from desk.stats.kpis import compute_kpis
from desk.stats.labels import labels
from desk.store.models import (
    Agent,
    EventKind,
    Message,
    Reply,
    ReplyMessage,
    ReplyState,
    Template,
)
from desk.ui.stats_view import StatsDialog, StatsView, duration_text, percent_text
from desk.ui.tasks import TaskRunner
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle

ANSWERED = 6


def answer_some(app: App) -> list[int]:
    """An agent answers six requests from the middle of the demo week, one reply each."""
    with app.store.sessions.begin() as session:
        ids = list(session.scalars(select(Message.id).order_by(Message.date, Message.id)))
        chosen = ids[len(ids) // 2 : len(ids) // 2 + ANSWERED]
        agent = Agent(login="amina", display_name="Amina Diallo")
        template = Template(name="Mot de passe")
        session.add_all([agent, template])
        session.flush()
        for number, message_id in enumerate(chosen):
            message = session.get(Message, message_id)
            assert message is not None
            sent = message.date + timedelta(hours=1 + number)
            reply = Reply(
                message_id_header=f"<r{number}@desk>",
                agent_id=agent.id,
                template_id=template.id,
                to_addr="x@example.org",
                subject="Re",
                body_text="...",
                state=ReplyState.SENT,
                sent_at=sent,
            )
            session.add(reply)
            session.flush()
            session.add(ReplyMessage(reply_id=reply.id, message_id=message_id))
            record_event(
                session,
                agent.id,
                EventKind.SEND,
                [message_id],
                sent - timedelta(minutes=1),
                sent,
                template_id=template.id,
            )
        return chosen


def open_stats(qtbot: QtBot, app: App, runner: TaskRunner) -> StatsDialog:
    dialog = StatsDialog(app, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.view.kpis is not None, timeout=20_000)
    settle(qtbot, runner)
    return dialog


def newest_day(app: App, view: StatsView) -> date:
    with app.store.sessions() as session:
        newest = session.scalar(select(func.max(Message.date)))
    assert newest is not None
    period = view.period()
    assert period is not None
    return newest.astimezone(period.zone).date()


def test_the_figures_shown_are_those_compute_kpis_gives(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    answer_some(desk_app)
    dialog = open_stats(qtbot, desk_app, runner)
    view = dialog.view
    period = view.period()
    assert period is not None
    # The last seven days up to the newest message, not an empty "this week".
    assert period.last == newest_day(desk_app, view)
    assert period.first == period.last - timedelta(days=6)

    shown = view.kpis
    assert shown is not None
    with desk_app.store.sessions() as session:
        direct = compute_kpis(session, period, desk_app.settings.deadline_hours, shown.as_of)
    assert shown == direct
    assert direct.received > 0 and direct.answered == ANSWERED
    locale = QLocale()
    assert view.figure_text("received") == locale.toString(direct.received)
    assert view.figure_text("answered") == locale.toString(ANSWERED)
    assert view.figure_text("backlog_end") == locale.toString(direct.backlog_end)
    assert view.figure_text("median") == duration_text(direct.response.median_s)
    assert view.figure_text("p90") == duration_text(direct.response.p90_s)
    assert view.figure_text("within").startswith(
        percent_text(direct.response.share_within_deadline)
    )
    assert view.figure_text("sends") == locale.toString(ANSWERED)
    assert view.figure_text("median") != "—"

    assert [row[0] for row in view.agent_model.rows()] == ["Amina Diallo"]
    assert view.agent_model.rows()[0][1] == locale.toString(ANSWERED)
    assert [row[0] for row in view.template_model.rows()] == ["Mot de passe"]
    assert view.category_model.rowCount() == len(direct.categories)

    # The charts say their figures in words.
    days = view.day_chart.accessibleDescription()
    assert locale.toString(direct.received) in days
    assert view.day_chart.accessibleName()
    assert "most messages arrived between" in view.hour_chart.accessibleDescription()
    assert "Figures from" in view.message_label.text()
    assert unnamed_controls(dialog) == []
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        assert unnamed_controls(dialog) == []
    view.day_chart.grab()  # painting with data does not fail
    view.tabs.setCurrentIndex(0)
    view.day_chart.setFocus()
    view.hour_chart.grab()


@pytest.mark.parametrize("fmt", ["docx", "csv", "xlsx"])
def test_each_export_writes_what_the_screen_shows(
    qtbot: QtBot, desk_app: App, runner: TaskRunner, tmp_path: Path, fmt: Format
) -> None:
    answer_some(desk_app)
    dialog = open_stats(qtbot, desk_app, runner)
    view = dialog.view
    kpis = view.kpis
    assert kpis is not None
    asked: list[str] = []

    def ask(fmt: Format, suggested: str) -> Path:
        asked.append(suggested)
        return tmp_path / "rapport"  # no extension: the format's is added

    view._ask_save_path = ask  # type: ignore[method-assign]
    qtbot.mouseClick(view.export_buttons[fmt], Qt.MouseButton.LeftButton)
    assert not view.export_buttons[fmt].isEnabled()
    settle(qtbot, runner)
    out = tmp_path / f"rapport.{fmt}"
    assert asked == [f"statistics {kpis.period.first} {kpis.period.last}.{fmt}"]
    assert view.export_status.text() == f"Statistics exported to {out}."
    assert view.export_buttons[fmt].isEnabled()
    words = labels(view.language())
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        assert words["title"] in text
        cells = [
            cell.text
            for table in docx.Document(str(out)).tables
            for row in table.rows
            for cell in row.cells
        ]
        assert "Amina Diallo" in cells
    elif fmt == "csv":
        with out.open(newline="", encoding="utf-8-sig") as stream:
            rows = list(csv.reader(stream, delimiter=view.csv_delimiter()))
        assert len(rows) == 1 + len(kpis.days)  # a header, then one line per day
        received_column = rows[0].index(words["received"])
        assert sum(int(r[received_column]) for r in rows[1:]) == kpis.received
    else:
        book = openpyxl.load_workbook(out)
        values = [
            cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
        ]
        assert "Amina Diallo" in values
        assert kpis.received in values


def test_a_failed_export_is_told_and_nothing_is_left_behind(
    qtbot: QtBot, desk_app: App, runner: TaskRunner, tmp_path: Path
) -> None:
    dialog = open_stats(qtbot, desk_app, runner)
    view = dialog.view
    view._ask_save_path = lambda fmt, suggested: tmp_path / "absent" / "r.xlsx"  # type: ignore[method-assign]
    qtbot.mouseClick(view.export_buttons["xlsx"], Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert view.export_status.text().startswith("The export failed:")
    assert "no such folder" in view.export_status.text()
    assert not (tmp_path / "absent").exists()
    cancelled: list[str] = []
    view._ask_save_path = lambda fmt, suggested: cancelled.append(fmt)  # type: ignore[method-assign]
    qtbot.mouseClick(view.export_buttons["csv"], Qt.MouseButton.LeftButton)
    assert cancelled == ["csv"] and not runner.pending  # cancelled: nothing started


def test_a_reversed_or_empty_period_is_told_not_crashed_on(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    dialog = open_stats(qtbot, desk_app, runner)
    view = dialog.view
    view.from_edit.setFocus()
    view.set_period(date(2020, 3, 20), date(2020, 3, 10))
    view.compute()
    settle(qtbot, runner)
    assert "ends" in view.message_label.text() and "before it starts" in view.message_label.text()
    assert view.kpis is None and view.period() is None
    assert view.figure_text("received") == "—"
    assert view.agent_model.rowCount() == 0
    assert not any(b.isEnabled() for b in view.export_buttons.values())
    assert unnamed_controls(dialog) == []
    view.day_chart.grab()  # an empty chart paints

    view.set_period(date(2010, 1, 1), date(2010, 1, 7))  # the figures follow after a pause
    qtbot.waitUntil(lambda: view.kpis is not None, timeout=20_000)
    settle(qtbot, runner)
    kpis = view.kpis
    assert kpis is not None and not kpis.has_data
    assert "Nothing happened" in view.message_label.text()
    assert view.figure_text("received") == QLocale().toString(0)
    assert view.figure_text("median") == "—"
    assert "no message received" in view.day_chart.accessibleDescription()
    view.day_chart.grab()


def test_quick_buttons_and_escape(qtbot: QtBot, desk_app: App, runner: TaskRunner) -> None:
    dialog = open_stats(qtbot, desk_app, runner)
    view = dialog.view
    today = date.today()
    for button, days in ((view.today_button, 1), (view.week_button, 7), (view.month_button, 30)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.kpis is not None and not runner.pending, timeout=20_000)
        period = view.period()
        assert period is not None
        assert (period.first, period.last) == (today - timedelta(days=days - 1), today)
        kpis = view.kpis
        assert kpis is not None and kpis.period == period
    qtbot.keyClick(view.from_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_path_that_looks_like_markup_is_shown_as_written(
    qtbot: QtBot, desk_app: App, runner: TaskRunner, tmp_path: Path
) -> None:
    """The status lines show paths and reasons as plain text (issue 16 item 13)."""
    dialog = open_stats(qtbot, desk_app, runner)
    view = dialog.view
    for label in (view.zone_label, view.message_label, view.export_status):
        assert label.textFormat() == Qt.TextFormat.PlainText
    # Folders and a file name that, put together, read as markup (the ends of </b> as a folder).
    folder = tmp_path / '<img src="' / "some" / "local" / 'file.png"> <b>x<'
    folder.mkdir(parents=True)
    name = "b> &amp;"
    view._ask_save_path = lambda fmt, suggested: folder / name  # type: ignore[method-assign]
    qtbot.mouseClick(view.export_buttons["csv"], Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    out = folder / f"{name}.csv"
    assert out.exists()
    assert str(out).endswith('<img src="/some/local/file.png"> <b>x</b> &amp;.csv')
    assert view.export_status.text() == f"Statistics exported to {out}."
