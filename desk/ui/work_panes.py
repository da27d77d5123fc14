"""The panes of the agent's window: the search bar, the work lists, the messages of a row.

Only widgets live here: what they show is decided by the window's
controllers (:mod:`desk.ui.queue_controller`, :mod:`desk.ui.search_controller`,
:mod:`desk.ui.corrections_controller`). Their strings keep the window's
translation context ("MainWindow"): they are the window's words, and the
translations made for it carry over.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.ui.models import MessageListModel, QueueModel
from desk.ui.suggestion_model import SuggestedQueueModel
from desk.ui.team_panel import TeamPanel
from desk.ui.widgets import named, plain_label, plain_tooltip
from desk.workbench.worklist import QueueRow

translate = QCoreApplication.translate


def table_view(parent: QWidget, object_name: str) -> QTableView:
    """A list of rows: one selected at a time, fixed row height, no Tab stops inside."""
    view = QTableView(parent)
    view.setObjectName(object_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.horizontalHeader().setStretchLastSection(True)
    view.setTabKeyNavigation(False)
    return view


def select_row(view: QTableView, row: int) -> None:
    """Make ``row`` the current, selected row of ``view`` and scroll to it."""
    index = view.model().index(row, 0)
    view.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    view.scrollTo(index)


def splitter(
    orientation: Qt.Orientation, parent: QWidget, *panes: tuple[QWidget, int, int]
) -> QSplitter:
    """Panes side by side (or one above the other): each with its stretch and first size."""
    split = QSplitter(orientation, parent)
    for pane, stretch, _size in panes:
        split.addWidget(pane)
        split.setStretchFactor(split.count() - 1, stretch)
    split.setSizes([size for _pane, _stretch, size in panes])
    return split


def stacked(parent: QWidget, main: QWidget, under: QWidget) -> QWidget:
    """``main`` taking the room, ``under`` below it at its own height."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(main, 1)
    layout.addWidget(under)
    return box


class SearchBar(QWidget):
    """The search field and the similarity slider above the panes."""

    def __init__(self, threshold: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            translate("MainWindow", "Search sender, subject and text (Ctrl+F)")
        )
        named(
            self.search,
            translate("MainWindow", "Search messages"),
            translate(
                "MainWindow",
                "Full-text search; the results replace the message list, Escape clears",
            ),
        )
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("similarity")
        self.slider.setRange(60, 100)
        self.slider.setValue(round(threshold))
        self.slider.setPageStep(5)
        named(
            self.slider,
            translate("MainWindow", "Similarity"),
            translate(
                "MainWindow",
                "How alike messages must be to share a cluster; moving it regroups at once",
            ),
        )
        self.slider_label = QLabel(self)
        self.slider_label.setBuddy(self.slider)
        self.show_threshold(self.slider.value())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        search_label = QLabel(translate("MainWindow", "&Search:"), self)
        search_label.setBuddy(self.search)
        layout.addWidget(search_label)
        layout.addWidget(self.search, 2)
        layout.addWidget(self.slider_label)
        layout.addWidget(self.slider, 1)

    def show_threshold(self, value: int) -> None:
        """Say the similarity the slider stands at."""
        self.slider_label.setText(
            translate("MainWindow", "Si&milarity {value} %").format(value=QLocale().toString(value))
        )


class WorkLists(QWidget):
    """The queue, the senders with several messages, the team, and why the row scored so."""

    QUEUE_TAB, SENDERS_TAB = 0, 1

    def __init__(self, team_panel: TeamPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue_model = SuggestedQueueModel(self)
        self.queue_view = table_view(self, "queueView")
        self.queue_view.setModel(self.queue_model)
        self._size_columns(self.queue_view)
        named(
            self.queue_view,
            translate("MainWindow", "Queue"),
            translate(
                "MainWindow",
                "Clusters and lone messages, most urgent first; Ctrl+Down and Ctrl+Up move, "
                "Enter opens",
            ),
        )
        self.senders_model = QueueModel(self)
        self.senders_view = table_view(self, "sendersView")
        self.senders_view.setModel(self.senders_model)
        self._size_columns(self.senders_view)
        named(
            self.senders_view,
            translate("MainWindow", "Senders"),
            translate(
                "MainWindow", "People with several open messages: answer all of them at once"
            ),
        )
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("queueTabs")
        named(
            self.tabs,
            translate("MainWindow", "Work lists"),
            translate("MainWindow", "The queue, or the people to answer"),
        )
        self.tabs.addTab(self.queue_view, translate("MainWindow", "&Queue"))
        self.tabs.addTab(self.senders_view, translate("MainWindow", "Se&nders"))
        self.team_panel = team_panel
        self.tabs.addTab(team_panel, translate("MainWindow", "T&eam"))
        # Names of agents and score lines: shown as written.
        self.breakdown = plain_label(self, "breakdown")
        self.breakdown.setWordWrap(True)
        self.breakdown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.breakdown)

    def active(self) -> tuple[QTableView, QueueModel]:
        """The list the agent is looking at (the queue, or the senders) and its model."""
        if self.tabs.currentIndex() == self.SENDERS_TAB:
            return self.senders_view, self.senders_model
        return self.queue_view, self.queue_model

    def _size_columns(self, view: QTableView) -> None:
        """Widths from the font, not from the rows: measuring 5,000 rows stalled every reload."""
        metrics = view.fontMetrics()
        header = view.horizontalHeader()
        padding = 3 * metrics.horizontalAdvance(" ")
        samples = {
            QueueModel.PRIORITY: "8888",
            QueueModel.TITLE: "M" * 16,
            QueueModel.COUNT: "88888",
            QueueModel.WAITING: "88 d 88 h",
            QueueModel.LEFT: "overdue by 88 d 88 h",
        }
        titles = self.queue_model.headers()
        for column, sample in samples.items():
            width = max(
                metrics.horizontalAdvance(sample), metrics.horizontalAdvance(titles[column])
            )
            header.resizeSection(column, width + padding)
        # The suggestion next to what the cluster asks: at the end it was off-screen.
        header.moveSection(header.visualIndex(SuggestedQueueModel.SUGGESTED), QueueModel.TITLE + 1)
        header.resizeSection(
            SuggestedQueueModel.SUGGESTED, metrics.horizontalAdvance("M" * 12) + padding
        )


class MessagesPane(QWidget):
    """The messages behind the selected row (or a search), with the two corrections."""

    def __init__(self, messages_model: MessageListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messages_model = messages_model
        self.messages_view = table_view(self, "messagesView")
        self.messages_view.setModel(messages_model)
        self.messages_view.resizeColumnToContents(MessageListModel.INCLUDE)
        self.messages_view.setColumnWidth(
            MessageListModel.ASKS_MORE,
            messages_model.marker_width(self.messages_view.fontMetrics()),
        )
        self.messages_view.setColumnWidth(MessageListModel.FROM, 140)
        self.messages_view.setColumnWidth(MessageListModel.SUBJECT, 180)
        named(
            self.messages_view,
            translate("MainWindow", "Messages"),
            translate(
                "MainWindow",
                "The messages behind the selected row; Ctrl+E leaves one out of the answer",
            ),
        )
        # A row's title comes from its messages' subjects: shown as written, never as HTML.
        self.messages_title = plain_label(self, "messagesTitle")
        self.messages_title.setWordWrap(True)
        self.move_button = QPushButton(translate("MainWindow", "Move &out of cluster"), self)
        self.move_button.setObjectName("moveOut")
        named(
            self.move_button,
            translate("MainWindow", "Move out of cluster"),
            translate("MainWindow", "Take the selected message out of this cluster (Ctrl+Shift+M)"),
        )
        self.merge_button = QPushButton(translate("MainWindow", "&Merge into…"), self)
        self.merge_button.setObjectName("merge")
        named(
            self.merge_button,
            translate("MainWindow", "Merge clusters"),
            translate("MainWindow", "Merge this cluster into another one you choose (Ctrl+M)"),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.messages_title)
        layout.addWidget(self.messages_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.merge_button)
        layout.addLayout(buttons)

    def show_row_title(self, row: QueueRow | None) -> None:
        """Head the list with what the row asks; its subject line stays one hover away."""
        if row is None:
            self.messages_title.setText(translate("MainWindow", "Nothing to answer."))
            self.messages_title.setToolTip("")
            return
        self.messages_title.setText(row.title or translate("MainWindow", "(no subject)"))
        self.messages_title.setToolTip(
            plain_tooltip(translate("MainWindow", "Subject: {subject}").format(subject=row.subject))
            if row.subject
            else ""
        )

    def show_search_title(self, count: int, query: str) -> None:
        """Head the list with how many messages match what the agent typed."""
        self.messages_title.setText(
            translate("MainWindow", "{count} messages match “{query}”").format(
                count=QLocale().toString(count), query=query
            )
        )
        self.messages_title.setToolTip("")

    def show_ids(self, ids: list[int]) -> None:
        """List these messages and make the first one current (it is shown to read)."""
        self.messages_model.set_ids(ids)
        if ids:
            self.messages_view.setCurrentIndex(self.messages_model.index(0, MessageListModel.FROM))

    def current_id(self) -> int | None:
        """The message of the current row, if any."""
        index = self.messages_view.currentIndex()
        return self.messages_model.id_at(index.row()) if index.isValid() else None
