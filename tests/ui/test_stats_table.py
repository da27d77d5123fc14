"""The statistics' tables: rows shown as written, numbers right-aligned, nothing editable."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk.ui.stats_table import RowsModel, rows_table

HOSTILE = '<img src="/some/local/file.png"> <b>x</b> &amp;'


def test_a_name_typed_by_a_colleague_is_shown_as_written(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    model = RowsModel(["Template", "Replies"], (1,), parent)
    model.set_rows([[HOSTILE, "3"]])
    table = rows_table(parent, "table_templates", model, "Per template", "Replies per template")
    name, count = model.index(0, 0), model.index(0, 1)
    assert model.data(name) == HOSTILE
    assert model.data(name, Qt.ItemDataRole.AccessibleTextRole) == HOSTILE
    assert model.data(name, Qt.ItemDataRole.ToolTipRole) is None  # no tooltip to be read as HTML
    assert model.data(count, Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    assert model.data(name, Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Template"
    assert model.rows() == [[HOSTILE, "3"]]
    assert model.rowCount(name) == 0 and model.columnCount(QModelIndex()) == 2
    assert table.objectName() == "table_templates"
    assert table.accessibleName() == "Per template"
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not table.tabKeyNavigation()


def test_setting_rows_replaces_them(qtbot: QtBot) -> None:
    owner = QObject()
    model = RowsModel(["A"], (), owner)
    model.set_rows([["1"], ["2"]])
    model.set_rows([["3"]])
    assert model.rows() == [["3"]]


def test_the_rows_model_keeps_qts_model_contract(
    qapp: QApplication, qtmodeltester: ModelTester
) -> None:
    """Qt's model tester, through a reset to rows, to none, and to rows again (the model
    lives as long as the tester, which checks it again when the test ends)."""
    model = RowsModel(["Agent", "Answered", "Median"], (1, 2), qapp)
    model.set_rows([["Ana", "12", "3 min"], [HOSTILE, "0", "—"]])
    qtmodeltester.check(model, force_py=True)
    model.set_rows([])
    model.set_rows([["Bruno", "7", "4 min"]])
