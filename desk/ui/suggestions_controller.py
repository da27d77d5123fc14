"""Suggested templates in the window: computed off the GUI thread, grouped, answered in one pass.

Suggestions take seconds on a big mailbox (:mod:`desk.workbench.suggestions`),
so they are computed on a worker once the queue is shown, and again when the
queue refreshes (after answers are sent, new mail, a regrouping), at most
once every :data:`MIN_GAP_S` seconds. The queue shows them in its
"Suggested" column and can group clusters by them; "Answer all clusters
with this suggestion" opens the review (:mod:`desk.ui.suggestion_dialog`),
and what the agent confirms is queued on a worker exactly as the window
queues a single cluster's answer (:mod:`desk.workbench.by_suggestion`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desk.ui.error_text import error_sentence
from desk.ui.suggestion_dialog import ReviewEntry, SuggestionDialog
from desk.ui.suggestion_model import SuggestedQueueModel
from desk.ui.tasks import Task
from desk.ui.team_panel import conflict_text
from desk.workbench.by_suggestion import ReviewCluster, merged
from desk.workbench.suggestion_tasks import (
    Queued,
    Reviewed,
    Suggested,
    queue_by_suggestion,
    read_review,
    read_suggestions,
)
from desk.workbench.suggestions import ClusterSuggestion
from desk.workbench.worklist import QueueRow

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow

MIN_GAP_S = 30.0  # between two computations of the suggestions
GROUP_SHORTCUT = "Ctrl+G"
ANSWER_SHORTCUT = "Ctrl+Shift+A"


class SuggestionsController(QObject):
    """The window's suggestions: their refresh, the grouping toggle and answering by suggestion."""

    refreshed = Signal()  # new suggestions are in the queue model
    review_opened = Signal(object)  # the SuggestionDialog, shown (window-modal)
    answered = Signal(object)  # list[(cluster id, QueuedAnswer)], after queueing

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model: SuggestedQueueModel = window.queue_model
        self.dialog: SuggestionDialog | None = None
        self._task: Task[Suggested] | None = None
        self._last: float | None = None  # monotonic time of the last computation's start
        self._again = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        self.group_action = QAction(self.tr("G&roup the queue by suggestion"), window)
        self.group_action.setCheckable(True)
        self.group_action.setShortcut(QKeySequence(GROUP_SHORTCUT))
        tip = self.tr("List together the clusters suggested the same template")
        self.group_action.setStatusTip(tip)
        self.group_action.setToolTip(tip)
        self.group_action.toggled.connect(self.set_grouped)
        self.answer_action = QAction(self.tr("&Answer all clusters with this suggestion…"), window)
        self.answer_action.setShortcut(QKeySequence(ANSWER_SHORTCUT))
        tip = self.tr("Review every open cluster suggested this row's template, then answer them")
        self.answer_action.setStatusTip(tip)
        self.answer_action.setToolTip(tip)
        self.answer_action.triggered.connect(lambda _checked=False: self.answer_suggested())
        for action in (self.group_action, self.answer_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
        window.queue_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.queue_view.customContextMenuRequested.connect(self._context_menu)

    def add_actions(self, menu: QMenu) -> None:
        """Put the grouping toggle and answering by suggestion in a menu of the window."""
        menu.addAction(self.group_action)
        menu.addAction(self.answer_action)

    # ------------------------------------------------------------------ refreshing
    def queue_shown(self) -> None:
        """The queue was (re)loaded: compute the suggestions now, or once the gap has passed."""
        if self._last is None:
            self.refresh()
            return
        if not self._timer.isActive():
            wait = max(0.0, MIN_GAP_S - (time.monotonic() - self._last))
            self._timer.start(int(wait * 1000))

    def refresh(self) -> Task[Suggested] | None:
        """Compute the suggestions on a worker now (one computation at a time)."""
        self._timer.stop()
        if self._task is not None and not self._task.finished:
            self._again = True
            return None
        self._last = time.monotonic()
        self._task = self.window.runner.run(
            "suggest templates",
            read_suggestions,
            self.window.app.store.sessions,
            on_done=self._arrived,
            on_error=lambda _exc: None,  # a suggestion is a help: the queue works without it
        )
        return self._task

    def _arrived(self, suggested: Suggested) -> None:
        self.model.set_suggestions(*suggested)
        self.refreshed.emit()
        if self._again:
            self._again = False
            self.queue_shown()

    def set_grouped(self, grouped: bool) -> None:
        """Group the queue by suggested template (or not), keeping the selected row."""
        window = self.window
        current = self.model.row_at(window.queue_view.currentIndex().row())
        self.model.set_grouped(grouped)
        if self.group_action.isChecked() != grouped:
            self.group_action.setChecked(grouped)
        if current is not None and (row := self.model.row_of(current.key)) >= 0:
            window.queue_view.setCurrentIndex(self.model.index(row, 1))

    # ------------------------------------------------------------------ answering
    def _context_menu(self, point: QPoint) -> None:
        row = self.model.row_at(self.window.queue_view.indexAt(point).row())
        found = self.model.suggestion(row)
        if found is None:
            return
        menu = QMenu(self.window.queue_view)
        action = menu.addAction(
            self.tr("Answer all clusters suggested {template}…").format(
                template=found.template_name
            )
        )
        action.triggered.connect(lambda _checked=False: self.answer_suggested(row))
        menu.addAction(self.group_action)
        menu.exec(self.window.queue_view.viewport().mapToGlobal(point))
        menu.deleteLater()

    def _not_ready(self) -> str | None:
        window = self.window
        if window.account_error or not window.mailbox.configured:
            return self.tr("Set up the mailbox account to send (File → Mailbox account).")
        if not window.team.reachable:
            return self.tr("The database cannot be reached: reconnecting…")
        if window.agent is None or window.account_id is None:
            return self.tr("Opening the desk…")
        return None

    def answer_suggested(self, row: QueueRow | None = None) -> None:
        """Review every open cluster suggested the same template as ``row`` (the selected one)."""
        window = self.window
        if row is None:
            row = self.model.row_at(window.queue_view.currentIndex().row())
        found = self.model.suggestion(row)
        reason = self._not_ready()
        if found is None:
            reason = self.tr("The selected row has no suggested template.")
        if reason is not None or found is None or window.agent is None:
            window.statusBar().showMessage(reason or "", 5000)
            return
        rows = self.model.suggested_rows(found.template_id)
        confidences = {
            r.cluster_id: s.confidence for r in rows if (s := self.model.suggestion(r)) is not None
        }
        window.runner.run(
            "review by suggestion",
            read_review,
            window.app.store.sessions,
            found.template_id,
            [r.cluster_id for r in rows if r.cluster_id is not None],
            window.agent.id,
            on_done=lambda reviewed: self._show_review(found, rows, confidences, reviewed),
        )

    def _show_review(
        self,
        found: ClusterSuggestion,
        rows: Sequence[QueueRow],
        confidences: Mapping[int | None, float],
        reviewed: Reviewed,
    ) -> None:
        clusters, opened_at = reviewed
        titles = {row.cluster_id: row.title for row in rows}
        entries = [
            ReviewEntry(titles.get(c.cluster_id, ""), confidences.get(c.cluster_id, 0.0), c)
            for c in clusters
        ]
        dialog = SuggestionDialog(found.template_name, entries, self.window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._send(found.template_id, dialog.chosen(), opened_at))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        self.review_opened.emit(dialog)

    def _closed(self, dialog: SuggestionDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _send(self, template_id: int, chosen: list[ReviewCluster], opened_at: datetime) -> None:
        window = self.window
        if not chosen or self._not_ready() is not None:
            return
        assert window.agent is not None and window.account_id is not None
        window.runner.run(
            "answer by suggestion",
            partial(
                queue_by_suggestion,
                window.app.store.sessions,
                window.account_id,
                chosen,
                agent_id=window.agent.id,
                template_id=template_id,
                hold_seconds=window.app.settings.undo_seconds,
                opened_at=opened_at,
            ),
            on_done=self._queued,
            on_error=lambda exc: window.inform(
                self.tr("Nothing was sent"), error_sentence(exc, doing="answer by suggestion")
            ),
        )

    def _queued(self, result: Queued) -> None:
        done, counts = result
        locale = QLocale()
        refused = [(c, a) for c, a in done if a.conflicts]
        sent = merged([(c, a) for c, a in done if not a.conflicts])
        if refused:
            lines = [conflict_text(x) for _, a in refused for x in a.conflicts][:20]
            self.window.inform(
                self.tr("Some clusters were not answered"),
                self.tr(
                    "{count} clusters changed since the review opened and got no reply; "
                    "open them to check:"
                ).format(count=locale.toString(len(refused)))
                + "\n\n"
                + "\n".join(lines),
            )
        self.window.statusBar().showMessage(
            self.tr("{replies} replies queued for {clusters} clusters.").format(
                replies=locale.toString(len(sent.reply_ids)),
                clusters=locale.toString(len(done) - len(refused)),
            ),
            8000,
        )
        self.window.answers_queued(sent, counts)
        self.answered.emit(done)
