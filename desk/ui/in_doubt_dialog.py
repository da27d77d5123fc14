"""Replies in doubt, and replies whose last send attempt failed: what the agent must look at.

A reply in doubt was handed over to a server that keeps no copy in Sent, and
the connection broke before the server answered: it may have left. The
outbox never sends it again on its own. This dialog lists them (recipient,
subject, when it was handed over, why it is in doubt) with the agent's two
decisions, "Send again" and "It went", applied to the selected rows. Below,
the replies whose last attempt failed, with the server's or the run's reason,
so a failure that happened while no window was open is seen at the next one.

All reading and writing goes through the :class:`TaskRunner` (never on the
GUI thread); :attr:`InDoubtDialog.changed` tells the window to refresh its
outbox counts after a decision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from desk.core.clock import utc_now
from desk.ui.error_text import error_sentence
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import named, push_button
from desk.workbench.in_doubt import (
    TroubledReply,
    failed_replies,
    mark_went,
    replies_in_doubt,
    send_again,
)

Lists = tuple[list[TroubledReply], list[TroubledReply]]


def read_lists(sessions: sessionmaker[Session]) -> Lists:
    """The replies in doubt and the failed ones (on a worker)."""
    with sessions.begin() as session:
        return replies_in_doubt(session), failed_replies(session)


def _plain_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # never read as HTML
    label.setWordWrap(True)
    return label


class InDoubtDialog(QDialog):
    """The replies in doubt with "Send again" / "It went", and the failed ones with why."""

    RECIPIENT, SUBJECT, WHEN, WHY = range(4)
    # A decision was recorded: the window refreshes its outbox counts.
    changed = Signal()
    # The lists were (re)loaded and shown.
    loaded = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        sessions: sessionmaker[Session],
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._tasks: list[Task[Any]] = []
        self._sessions = sessions
        self._clock = clock
        self._in_doubt: list[TroubledReply] = []
        self._failed: list[TroubledReply] = []
        self.setObjectName("inDoubtDialog")
        self.setWindowTitle(self.tr("Replies to check"))
        named(
            self,
            self.tr("Replies to check"),
            self.tr("Replies that may or may not have left, and replies that failed"),
        )
        self.in_doubt_label = _plain_label(
            self.tr(
                "These replies were handed over to the mail server, then the connection "
                "broke before it answered, and the server keeps no copy to check: they "
                "may have left. Desk will not send them again by itself."
            ),
            self,
        )
        self.in_doubt_table = self._table("inDoubtReplies", self.tr("Replies in doubt"))
        self.send_again_button = push_button(
            self,
            "sendAgain",
            self.tr("Send again"),
            self.tr("Send again"),
            self.tr("The selected replies did not arrive: put them back in the outbox"),
        )
        self.it_went_button = push_button(
            self,
            "itWent",
            self.tr("It went"),
            self.tr("It went"),
            self.tr("The selected replies arrived: count them as sent"),
        )
        self.failed_label = _plain_label(self.tr("Replies whose last send attempt failed"), self)
        self.failed_table = self._table("failedReplies", self.tr("Failed replies"))
        self.status_label = _plain_label("", self)
        self.status_label.setObjectName("inDoubtStatus")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        named(close, self.tr("Close"), self.tr("Close this list"))
        self.buttons.rejected.connect(self.reject)
        decisions = QHBoxLayout()
        decisions.addWidget(self.send_again_button)
        decisions.addWidget(self.it_went_button)
        decisions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.in_doubt_label)
        layout.addWidget(self.in_doubt_table, 1)
        layout.addLayout(decisions)
        layout.addWidget(self.failed_label)
        layout.addWidget(self.failed_table, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self.resize(860, 520)
        self.send_again_button.clicked.connect(lambda: self._decide(again=True))
        self.it_went_button.clicked.connect(lambda: self._decide(again=False))
        self.in_doubt_table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()
        self.reload()

    def _table(self, name: str, accessible: str) -> QTableWidget:
        table = QTableWidget(0, 4, self)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(
            [self.tr("Recipient"), self.tr("Subject"), self.tr("When"), self.tr("Why")]
        )
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        named(table, accessible, accessible)
        return table

    # ------------------------------------------------------------- loading
    def reload(self) -> None:
        """Read both lists on a worker; shown when they arrive."""
        self._keep(
            self._runner.run(
                "List replies to check", read_lists, self._sessions, on_done=self._show
            )
        )

    def _keep(self, task: Task[Any]) -> None:
        self._tasks = [t for t in self._tasks if not t.finished] + [task]

    def done(self, result: int) -> None:
        """Closed: answers still on their way are dropped (the widgets they fill are going)."""
        for task in self._tasks:
            task.discard()
        super().done(result)

    def _show(self, lists: Lists) -> None:
        self._in_doubt, self._failed = lists
        self._fill(self.in_doubt_table, self._in_doubt)
        self._fill(self.failed_table, self._failed)
        locale = QLocale()
        self.in_doubt_label.setVisible(bool(self._in_doubt))
        self.status_label.setText(
            self.tr("{in_doubt} in doubt, {failed} failed").format(
                in_doubt=locale.toString(len(self._in_doubt)),
                failed=locale.toString(len(self._failed)),
            )
        )
        self._update_buttons()
        self.loaded.emit()

    def _fill(self, table: QTableWidget, rows: Sequence[TroubledReply]) -> None:
        locale = QLocale()
        table.clearContents()
        table.setRowCount(len(rows))
        for row, reply in enumerate(rows):
            when = QDateTime.fromSecsSinceEpoch(int(reply.when.timestamp())).toLocalTime()
            texts = (
                reply.to_addr,
                reply.subject or self.tr("(no subject)"),
                locale.toString(when, QLocale.FormatType.ShortFormat),
                reply.reason,
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()

    # ------------------------------------------------------------- deciding
    def selected_in_doubt(self) -> list[int]:
        """The reply ids of the selected rows in the list of replies in doubt."""
        rows = sorted({index.row() for index in self.in_doubt_table.selectedIndexes()})
        return [self._in_doubt[row].reply_id for row in rows if row < len(self._in_doubt)]

    def _update_buttons(self) -> None:
        chosen = bool(self.selected_in_doubt())
        self.send_again_button.setEnabled(chosen)
        self.it_went_button.setEnabled(chosen)

    def _decide(self, *, again: bool) -> None:
        reply_ids = self.selected_in_doubt()
        if not reply_ids:
            return
        self.send_again_button.setEnabled(False)
        self.it_went_button.setEnabled(False)
        now = self._clock()

        def record() -> int:
            with self._sessions.begin() as session:
                if again:
                    return send_again(session, reply_ids)
                return mark_went(session, reply_ids, now)

        self._keep(
            self._runner.run(
                "Send again" if again else "Mark as sent",
                record,
                on_done=self._decided,
                on_error=self._refused,
            )
        )

    def _decided(self, _count: int) -> None:
        self.changed.emit()
        self.reload()

    def _refused(self, exc: BaseException) -> None:
        self.status_label.setText(
            self.tr("Not recorded: {reason}").format(reason=error_sentence(exc, doing="decide"))
        )
        self._update_buttons()
