"""Text a sender chose is shown as written: a subject or a name that looks like HTML paints
nothing, loads nothing, and reads literally in every label, tooltip and list of the window.

Qt guesses "rich text" for labels and tooltips whose text looks like HTML; a subject
``<img src="/local/file.png">`` would then paint a local file into the agent's window.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from desk.app import App
from desk.store.models import Cluster, ClusterMember, Message
from desk.ui.main_window import MainWindow
from desk.ui.tasks import TaskRunner
from tests.ui.conftest import settle

IMAGE = "/usr/share/pixmaps/debian-logo.png"
HOSTILE = f'<img src="{IMAGE}"> <b>Urgent</b> &amp; <a href="file:///etc/passwd">x</a>'


def _renders_markup(text: str, plain: bool) -> bool:
    """True when ``text`` shown this way would be read as HTML (an image, a link, bold)."""
    if plain or "<" not in text:
        return False
    return QtGui.Qt.mightBeRichText(text) and "<img" in text


def _tooltip_renders_markup(tip: str) -> bool:
    """A tooltip is rich text when Qt guesses so: then its document must hold no image and
    no link (what the sender's markup would have made)."""
    if not tip or not QtGui.Qt.mightBeRichText(tip):
        return False
    document = QTextDocument()
    document.setHtml(tip)
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().isImageFormat() or fragment.charFormat().isAnchor():
                return True
            fragments += 1
        block = block.next()
    return False


@pytest.fixture
def hostile_window(qtbot: QtBot, runner: TaskRunner, desk_app: App) -> Iterator[MainWindow]:
    """The demo window whose biggest cluster's messages all have a hostile subject and name."""
    with desk_app.store.sessions.begin() as session:
        cluster_id = session.scalars(
            select(ClusterMember.cluster_id)
            .group_by(ClusterMember.cluster_id)
            .order_by(select(ClusterMember.message_id).correlate(None).exists().desc())
        ).first()
        members = select(ClusterMember.message_id).where(ClusterMember.cluster_id == cluster_id)
        session.execute(
            update(Message)
            .where(Message.id.in_(members))
            .values(subject=HOSTILE, from_name=HOSTILE)
        )
        session.execute(
            update(Cluster).where(Cluster.id == cluster_id).values(title=HOSTILE, label="")
        )
    window = MainWindow(desk_app, runner, login="ana", demo=True)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.queue_loaded, timeout=20_000)
    row = next(i for i, r in enumerate(window.queue_model.rows) if r.cluster_id == cluster_id)
    window._select(window.queue_view, row)
    qtbot.waitUntil(lambda: window.messages_model.rowCount() > 0, timeout=10_000)
    settle(qtbot, runner)
    yield window
    window.mailbox.stop()
    settle(qtbot, runner)


def _views(window: QWidget) -> list[QAbstractItemView]:
    return [view for view in window.findChildren(QAbstractItemView) if view.model() is not None]


def test_no_label_tooltip_or_list_of_the_window_reads_sender_text_as_html(
    qtbot: QtBot, hostile_window: MainWindow
) -> None:
    window = hostile_window
    shown = [
        label
        for label in window.findChildren(QLabel)
        if HOSTILE in label.text() or "Urgent" in label.text()
    ]
    assert shown, "the hostile subject is shown somewhere (else this test proves nothing)"
    rich_labels = [
        label.objectName() or label.text()[:40]
        for label in window.findChildren(QLabel)
        if _renders_markup(label.text(), label.textFormat() is Qt.TextFormat.PlainText)
    ]
    assert rich_labels == []
    rich_tips = [
        widget.objectName() or type(widget).__name__
        for widget in [window, *window.findChildren(QWidget)]
        if _tooltip_renders_markup(widget.toolTip())
    ]
    assert rich_tips == []
    for view in _views(window):
        model = view.model()
        try:
            columns = model.columnCount(QModelIndex())
        except TypeError:  # a list model keeps its one column private
            columns = 1
        for row in range(min(model.rowCount(QModelIndex()), 50)):
            for column in range(columns):
                tip = model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)
                assert not (isinstance(tip, str) and _tooltip_renders_markup(tip)), (
                    view.objectName(),
                    row,
                    column,
                    tip,
                )


def test_message_boxes_built_by_the_window_are_plain(
    qtbot: QtBot, hostile_window: MainWindow
) -> None:
    """Any message box open now (none is expected) would show the text as written."""
    boxes = [box for box in hostile_window.findChildren(QMessageBox) if box.isVisible()]
    assert all(box.textFormat() is Qt.TextFormat.PlainText for box in boxes)
