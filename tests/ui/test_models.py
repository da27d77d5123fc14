"""The window's item models: the queue's rows, and message lists that load only what is shown."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk.ui.models import PAGE, MessageListModel, QueueModel, duration_text
from desk.ui.suggestion_model import SuggestedQueueModel
from desk.ui.tasks import TaskRunner
from desk.workbench.worklist import MessageRow, QueueRow, ScoreLine
from tests.ui.conftest import settle

NOW = datetime(2020, 3, 20, 12, tzinfo=UTC)


def _line(mid: int, status: str = "open", held_by: str | None = None) -> MessageRow:
    return MessageRow(
        id=mid,
        date=NOW - timedelta(hours=mid % 50),
        from_name=f"Person {mid}",
        from_addr=f"p{mid}@example.org",
        subject=f"Question {mid}",
        snippet="Bonjour",
        status=status,
        held_by=held_by,
    )


class _Store:
    """Rows on demand, counting what was asked (the database stands behind this in the app)."""

    def __init__(self, special: dict[int, MessageRow] | None = None) -> None:
        self.asked: list[int] = []
        self.threads: set[int] = set()
        self.special = special or {}

    def fetch(self, ids: Sequence[int]) -> list[MessageRow]:
        self.asked.extend(ids)
        self.threads.add(threading.get_ident())
        return [self.special.get(i, _line(i)) for i in ids]


def test_a_list_of_100000_loads_only_the_pages_shown(qtbot: QtBot, runner: TaskRunner) -> None:
    store = _Store()
    model = MessageListModel(runner, store.fetch)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    model.set_ids(range(100_000))
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: model.message_row(0) is not None, timeout=5_000)
    settle(qtbot, runner)
    assert model.rowCount() == 100_000
    assert len(store.asked) <= 2 * PAGE, "only the visible page (and perhaps the next) loads"
    assert threading.get_ident() not in store.threads, "rows are fetched on a worker"
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.message_row(99_999) is not None, timeout=5_000)
    settle(qtbot, runner)
    assert len(store.asked) <= 4 * PAGE
    assert model.data(model.index(99_999, MessageListModel.SUBJECT)) == "Question 99999"


def test_excluded_held_and_answered_messages_stay_out_of_the_answer(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    store = _Store({2: _line(2, held_by="Bob"), 3: _line(3, status="answered")})
    model = MessageListModel(runner, store.fetch)
    model.set_ids([1, 2, 3, 4])
    model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole)
    qtbot.waitUntil(model.loaded, timeout=5_000)
    assert model.included_ids() == [1, 4]
    check = Qt.ItemDataRole.CheckStateRole
    assert model.data(model.index(1, 0), check) == Qt.CheckState.Unchecked
    assert model.setData(model.index(3, 0), Qt.CheckState.Unchecked.value, check)
    assert model.included_ids() == [1]
    model.toggle(3)
    assert model.included_ids() == [1, 4]
    assert "Bob" in model.data(model.index(1, MessageListModel.STATUS))


def test_a_new_list_drops_the_answers_for_the_old_one(qtbot: QtBot, runner: TaskRunner) -> None:
    gate = threading.Event()

    def slow(ids: Sequence[int]) -> list[MessageRow]:
        gate.wait(5)
        return [_line(i) for i in ids]

    model = MessageListModel(runner, slow)
    model.set_ids([1, 2])
    model.data(model.index(0, 1))
    model.set_ids([7])
    gate.set()
    model.data(model.index(0, 1))
    qtbot.waitUntil(model.loaded, timeout=5_000)
    settle(qtbot, runner)
    assert model.ids == [7] and model.message_row(0) is not None
    assert model.message_row(0).id == 7  # type: ignore[union-attr]


def _row(key: str, score: float, held_by: str | None = None) -> QueueRow:
    return QueueRow(
        key=key,
        kind="cluster",
        cluster_id=int(key[1:]),
        message_id=None,
        sender=None,
        title=f"Cluster {key}",
        open_count=12,
        oldest=NOW - timedelta(hours=50),
        deadline=NOW - timedelta(hours=2),
        time_left_s=-7200.0,
        category="exam",
        score=score,
        breakdown=(ScoreLine("deadline", -2.0, 41.0), ScoreLine("size", 12.0, 13.5)),
        held_by=held_by,
        held_count=3 if held_by else 0,
    )


def test_the_queue_shows_scores_deadlines_and_who_holds_what(qtbot: QtBot) -> None:
    model = QueueModel()
    model.set_rows([_row("c1", 80.0), _row("c2", 50.0)], NOW)
    assert model.rowCount() == 2 and model.row_of("c2") == 1
    assert "overdue" in model.data(model.index(0, QueueModel.LEFT))
    assert "41" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, QueueModel.HELD)) == ""
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    model.set_holders({"c2": ("Bob", 3)})
    assert changed == [1]
    assert "Bob" in model.data(model.index(1, QueueModel.HELD))
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert "Bob" in model.data(model.index(1, 0), Qt.ItemDataRole.AccessibleTextRole)


def test_the_title_says_what_the_row_asks_and_its_subject_shows_on_hover(qtbot: QtBot) -> None:
    model = QueueModel()
    asked = replace(_row("c1", 80.0), title="Pouvez-vous envoyer le lien ?", subject="URGENT !!")
    model.set_rows([asked, replace(_row("c2", 50.0), title="")], NOW)
    assert model.data(model.index(0, QueueModel.TITLE)) == "Pouvez-vous envoyer le lien ?"
    tip = model.data(model.index(0, QueueModel.TITLE), Qt.ItemDataRole.ToolTipRole)
    assert "URGENT !!" in tip and "41" in tip
    other = model.data(model.index(0, QueueModel.COUNT), Qt.ItemDataRole.ToolTipRole)
    assert "URGENT" not in other
    assert model.data(model.index(1, QueueModel.TITLE)) == "(no subject)"


def test_durations_read_naturally() -> None:
    assert duration_text(30 * 60) == "30 min"
    assert duration_text(5 * 3600) == "5 h"
    assert duration_text(50 * 3600) == "2 d 2 h"
    assert duration_text(-3 * 3600) == "overdue by 3 h"


# ------------------------------------------------------------ Qt's own model contract
# One check() per model: the tester then stays connected and checks every change it sees.


def test_the_queue_model_keeps_qts_model_contract(qtmodeltester: ModelTester) -> None:
    """Indexes, parents, row counts, roles' types and every signal, through a reset, a
    holder change and an empty queue."""
    model = QueueModel()
    model.set_rows([_row("c1", 80.0), _row("c2", 50.0, held_by="Bob")], NOW)
    qtmodeltester.check(model, force_py=True)
    model.set_holders({"c1": ("Ana", 2)})
    model.set_rows([], NOW)
    model.set_rows([_row("c3", 10.0)], NOW)


def test_the_suggested_queue_model_keeps_qts_model_contract(
    qtmodeltester: ModelTester,
) -> None:
    model = SuggestedQueueModel()
    model.set_rows([_row("c1", 80.0), _row("c2", 50.0), _row("c3", 20.0)], NOW)
    qtmodeltester.check(model, force_py=True)
    model.set_grouped(True)
    model.set_grouped(False)


def test_the_message_list_model_keeps_qts_model_contract(
    qtbot: QtBot, qtmodeltester: ModelTester, runner: TaskRunner
) -> None:
    """Rows not loaded yet and rows loaded both answer as Qt expects."""
    store = _Store()
    model = MessageListModel(runner, store.fetch)
    model.set_ids(range(300))
    qtmodeltester.check(model, force_py=True)  # asks for rows not fetched yet
    qtbot.waitUntil(lambda: model.message_row(0) is not None, timeout=5_000)
    settle(qtbot, runner)
    model.set_ids(range(5))
    qtbot.waitUntil(lambda: model.message_row(4) is not None, timeout=5_000)
    settle(qtbot, runner)
