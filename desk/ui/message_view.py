"""The reading pane: one message, shown safely, and how it differs from its representative.

Nothing a message contains can reach out: the HTML comes sanitised from
:mod:`desk.workbench.reading`, and :class:`~desk.ui.safe_browser.SafeBrowser`
answers every resource request itself with nothing, so even markup the
sanitiser missed loads no remote image, no local file, no style sheet. Links
are shown; following one asks first (:mod:`desk.ui.message_links`). What the
sender wrote (subject, names, attachment names, addresses) shows as plain text.

Reading the store or the disk (the message, all of a long one, an attachment,
the raw source) runs on the task runner with module-level functions of
:mod:`desk.workbench.reading`; choosing another message drops the previous
one's answer, so a quick run through a list ends on the message last chosen.
The pane composes :class:`~desk.ui.message_header.MessageHeader`,
:class:`~desk.ui.attachments_view.AttachmentsView`, :class:`~desk.ui.source_dialog.SourceViewer`
and the marks of :mod:`desk.ui.difference_marks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QLocale, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.app import App
from desk.ui.asks_more import AsksMoreBanner, request_selections
from desk.ui.attachments_view import AttachmentsView
from desk.ui.difference_marks import DIFF_KIND, HIGHLIGHT_ALPHA, mark_differences, utf16_positions
from desk.ui.error_text import error_sentence
from desk.ui.handoff_banner import HandoffBanner
from desk.ui.message_header import MessageHeader
from desk.ui.message_links import hover_text, link_question, openable, unopenable_text
from desk.ui.safe_browser import SafeBrowser
from desk.ui.source_dialog import SourceDialog, SourceViewer
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import named, plain_label
from desk.workbench.asks_more import LocatedRequest, request_quote
from desk.workbench.reading import (
    MessageDetail,
    NotAvailableError,
    ShownMessage,
    Span,
    WholeMessage,
    read_message,
    read_whole_message,
    safe_filename,
    save_attachment,
)

__all__ = ["DIFF_KIND", "HIGHLIGHT_ALPHA", "MessageView", "SafeBrowser", "SourceDialog"]

BANNER_QUOTE_CHARS = 1_000  # the extra request above the text (shown to fit, whole on hover)


class MessageView(QWidget):
    """One message: headers, body, attachments, source; differences from the representative.

    A message that asks more than its cluster gets a banner above its text
    quoting the extra request, the request marked in the text (an extra
    selection, over the differences' marks), and a button asking the window
    to move it out of the cluster (:attr:`move_out_requested`).
    """

    loaded = Signal(int)
    move_out_requested = Signal(int)  # the message shown

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.message_id: int | None = None
        self.detail: MessageDetail | None = None
        self._representative: str | None = None
        self._marking = False  # differences asked for: a representative, or show_differences
        self._spans: tuple[Span, ...] = ()
        self._request: LocatedRequest | None = None
        self._shown_plain: str | None = None  # the plain text in the view, when it is plain
        self._load_task: Task[ShownMessage] | None = None
        self._whole_task: Task[WholeMessage] | None = None
        self._source = SourceViewer(app.store.sessions, runner, self)
        self.setAccessibleName(self.tr("Message"))
        self.setAccessibleDescription(self.tr("The message chosen in the list"))

        self.message_header = MessageHeader(self)
        self.header = self.message_header.rows
        self.subject_label = self.message_header.subject_label
        self.from_label = self.message_header.from_label
        self.reply_to_label = self.message_header.reply_to_label
        self.to_label = self.message_header.to_label
        self.cc_label = self.message_header.cc_label
        self.date_label = self.message_header.date_label

        self.problem = plain_label(self, "problem")  # a reason may quote a server or a path
        self.problem.setWordWrap(True)
        self.pending_note = QLabel(
            self.tr(
                "Only the headers of this message have been downloaded so far; "
                "its text and attachments appear after the next sync."
            ),
            self,
        )
        self.pending_note.setObjectName("pendingNote")
        self.pending_note.setWordWrap(True)

        self.truncated_bar = QWidget(self)
        self.truncated_label = QLabel(self.truncated_bar)
        self.truncated_label.setWordWrap(True)
        self.show_all_button = QPushButton(self.tr("Truncated: show &all"), self.truncated_bar)
        self.show_all_button.setObjectName("showAll")
        named(
            self.show_all_button,
            self.tr("Show all of the message"),
            self.tr("Only the beginning of this long message is shown; load the rest"),
        )
        bar = QHBoxLayout(self.truncated_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.truncated_label, 1)
        bar.addWidget(self.show_all_button)

        self.highlight_box = QCheckBox(self.tr("&Highlight differences from the cluster"), self)
        self.highlight_box.setObjectName("highlightDifferences")
        self.highlight_box.setChecked(True)
        named(
            self.highlight_box,
            self.tr("Highlight differences"),
            self.tr(
                "Show the text with the words that differ from the cluster's representative "
                "highlighted and underlined; unchecked, the message as it was written"
            ),
        )
        self.differences_note = QLabel(self)
        self.differences_note.setObjectName("differencesNote")
        self.differences_note.setWordWrap(True)
        self.asks_more_banner = AsksMoreBanner(self)
        self.handoff_banner = HandoffBanner(self)

        self.body = SafeBrowser(self)
        self.body.setObjectName("body")
        self.body.setPlaceholderText(self.tr("No message selected."))
        named(
            self.body,
            self.tr("Message text"),
            self.tr("The message as its sender wrote it; a link asks before it opens"),
        )
        self.link_label = plain_label(self, "linkTarget")

        self.attachments_box = AttachmentsView(self)
        self.attachments = self.attachments_box.list
        self.attachments_label = self.attachments_box.label
        self.save_button = self.attachments_box.save_button

        self.source_button = QPushButton(self.tr("Show so&urce"), self)
        self.source_button.setObjectName("showSource")
        named(
            self.source_button,
            self.tr("Show source"),
            self.tr("Open the message exactly as it arrived, headers included"),
        )
        self.status = plain_label(self, "status")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message_header)
        for widget in (
            self.problem, self.pending_note, self.truncated_bar, self.highlight_box,
            self.differences_note, self.handoff_banner, self.asks_more_banner,
        ):  # fmt: skip
            layout.addWidget(widget)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.link_label)
        layout.addWidget(self.attachments_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.source_button)
        layout.addLayout(bottom)

        self.show_all_button.clicked.connect(self.show_all)
        self.highlight_box.toggled.connect(self._render_body)
        self.body.anchorClicked.connect(self._link_clicked)
        self.body.highlighted.connect(self._link_hovered)
        self.attachments_box.save_requested.connect(lambda _index: self.save_attachment())
        self.source_button.clicked.connect(self.show_source)
        self.asks_more_banner.move_out_requested.connect(self._move_out)
        self._clear()

    @property
    def source_dialog(self) -> SourceDialog | None:
        """The source dialog opened last (None before the first)."""
        return self._source.dialog

    # ------------------------------------------------------------------ showing a message
    def show_message(self, message_id: int | None, representative_text: str | None = None) -> None:
        """Show a message (None: nothing); with the representative's text, mark what differs.

        The answer of a message chosen before is dropped, so the pane ends on
        the last one asked for however fast the agent moves through a list.
        """
        for task in (self._load_task, self._whole_task):
            if task is not None:
                task.discard()
        self._load_task = self._whole_task = None
        self.message_id = message_id
        self._representative = representative_text
        self._marking = representative_text is not None
        if message_id is None:
            self._clear()
            return
        self.problem.hide()
        self.status.clear()
        self._load_task = self.runner.run(
            "read a message", read_message, self.app.store.sessions, message_id,
            representative_text, on_done=self._loaded, on_error=self._load_failed,
        )  # fmt: skip

    def _clear(self) -> None:
        self.detail = None
        self._spans = ()
        self._request = None
        self._shown_plain = None
        self.asks_more_banner.clear()
        self.handoff_banner.clear()
        self.message_header.clear()
        for widget in (
            self.problem, self.pending_note, self.truncated_bar, self.highlight_box,
            self.differences_note,
        ):  # fmt: skip
            widget.hide()
        self.link_label.clear()
        self.attachments_box.clear()
        self.source_button.setEnabled(False)
        self.status.clear()
        self.body.clear()

    def _loaded(self, loaded: ShownMessage) -> None:
        self._load_task = None
        detail = loaded.detail
        self.detail = detail
        self._spans = loaded.spans
        self._request = loaded.request
        self.message_header.show_detail(detail)
        self.handoff_banner.show_notes(loaded.handoffs, loaded.hint)
        self.pending_note.setVisible(not detail.body_fetched)
        self._show_truncation(detail)
        self.attachments_box.show_attachments(detail.attachments)
        self.source_button.setEnabled(detail.body_fetched)
        self.highlight_box.setVisible(self._marking and detail.body_fetched)
        self._render_body()
        self.loaded.emit(detail.id)

    def _load_failed(self, error: BaseException) -> None:
        self._load_task = None
        self._clear()
        if isinstance(error, NotAvailableError):
            self._show_problem(self.tr("This message is no longer in the store."))
        else:
            self._show_problem(
                self.tr("The message could not be read: {reason}").format(
                    reason=error_sentence(error, doing="reading a message")
                )
            )

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _show_truncation(self, detail: MessageDetail) -> None:
        self.truncated_bar.setVisible(detail.truncated)
        self.show_all_button.setEnabled(True)
        if detail.truncated:
            self.truncated_label.setText(
                self.tr(
                    "This message is long: only its beginning is shown ({count} lines in all)."
                ).format(count=QLocale().toString(detail.line_count))
            )

    # ------------------------------------------------------------------ the body
    def _highlighting(self) -> bool:
        return self._marking and self.highlight_box.isChecked()

    def _render_body(self) -> None:
        """Show the body: marked plain text, else the sanitised HTML, else the text."""
        detail = self.detail
        self._shown_plain = None
        self.differences_note.hide()
        if detail is None or not detail.body_fetched:
            self.body.clear()
            self._show_request()
            return
        if self._highlighting():
            self._shown_plain = detail.text
            self.body.setPlainText(detail.text)
            note = mark_differences(self.body.document(), detail.text, self._spans, self.palette())
            self.differences_note.setText(note)
            self.differences_note.show()
        elif detail.safe_html:
            self.body.setHtml(detail.safe_html)
        else:
            self._shown_plain = detail.text
            self.body.setPlainText(detail.text)
        self.body.moveCursor(QTextCursor.MoveOperation.Start)
        self._show_request()

    def _show_request(self) -> None:
        """The banner and the marks of what the message asks beyond its cluster, if it does.

        The request's positions are positions in the plain text: shown as
        HTML (differences unticked), the message gets the banner alone.
        """
        request, detail, plain = self._request, self.detail, self._shown_plain
        if request is None or detail is None or not request.sentences:
            self.body.setExtraSelections([])
            self.asks_more_banner.clear()
            return
        spans: list[tuple[int, int]] = []
        if plain is not None and request.found:
            to_qt = utf16_positions(plain)
            spans = [(to_qt(p.start), to_qt(p.end)) for p in request.passages]
        self.body.setExtraSelections(request_selections(self.body, spans))
        quote = request_quote(detail.text, request, BANNER_QUOTE_CHARS)
        self.asks_more_banner.show_request(quote, bool(spans))

    def _move_out(self) -> None:
        if self.message_id is not None:
            self.move_out_requested.emit(self.message_id)

    def show_differences(self, spans: Sequence[Span]) -> None:
        """Mark ``spans`` of the text (from :func:`~desk.workbench.reading.differences`).

        The text is shown plain, since positions are positions in the text,
        not in the HTML (see :mod:`desk.ui.difference_marks` for the marks).
        """
        self._spans = tuple(spans)
        self._marking = True
        self.highlight_box.blockSignals(True)
        self.highlight_box.setChecked(True)
        self.highlight_box.blockSignals(False)
        self.highlight_box.setVisible(self.detail is not None and self.detail.body_fetched)
        self._render_body()

    def show_all(self) -> None:
        """Load the whole text of a message shown cut (on a worker)."""
        if self.detail is None or self.message_id is None or self._whole_task is not None:
            return
        self.show_all_button.setEnabled(False)
        self.truncated_label.setText(self.tr("Loading the whole message…"))
        self._whole_task = self.runner.run(
            "read a whole message", read_whole_message, self.app.store.sessions,
            self.message_id, self._representative,
            on_done=self._whole_loaded, on_error=self._whole_failed,
        )  # fmt: skip

    def _whole_loaded(self, whole: WholeMessage) -> None:
        self._whole_task = None
        if self.detail is None:
            return
        self.detail = replace(
            self.detail, text=whole.text, safe_html=whole.safe_html, truncated=False
        )
        self._spans = whole.spans
        self._request = whole.request
        self.truncated_bar.hide()
        self._render_body()

    def _whole_failed(self, error: BaseException) -> None:
        self._whole_task = None
        self.show_all_button.setEnabled(True)
        if self.detail is not None:
            self._show_truncation(self.detail)
        self._show_problem(
            self.tr("The rest of the message could not be read: {reason}").format(
                reason=error_sentence(error, doing="reading a whole message")
            )
        )

    # ------------------------------------------------------------------ links
    def _link_hovered(self, url: QUrl) -> None:
        self.link_label.setText(hover_text(url))

    def _link_clicked(self, url: QUrl) -> None:
        if not openable(url):
            self.status.setText(unopenable_text())
            return
        if self._confirm_open_link(url):
            self._open_external(url)

    def _confirm_open_link(self, url: QUrl) -> bool:
        """Ask before leaving Desk (tests answer in their place)."""
        return link_question(self, url).exec() == QMessageBox.StandardButton.Open

    def _open_external(self, url: QUrl) -> bool:
        """Hand the link to the system (tests record it instead)."""
        return bool(QDesktopServices.openUrl(url))

    # ------------------------------------------------------------------ attachments
    def _ask_save_path(self, default_name: str) -> str | None:
        """Where to save an attachment (a file dialog; tests answer in its place)."""
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DownloadLocation
        ) or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save attachment"), str(Path(folder) / default_name)
        )
        return path or None

    def save_attachment(self) -> None:
        """Ask where, then write the selected attachment's exact bytes there (on a worker)."""
        index = self.attachments_box.current_index()
        if index is None or self.detail is None:
            return
        info = self.detail.attachments[index]
        path = self._ask_save_path(safe_filename(info.filename))
        if not path:
            return
        self.status.setText(self.tr("Saving {name}…").format(name=Path(path).name))
        self.runner.run(
            "save an attachment", save_attachment, self.app.store.sessions, self.detail.id,
            index, path,
            on_done=lambda size: self._saved(path, size),
            on_error=lambda error: self._save_failed(path, error),
        )  # fmt: skip

    def _saved(self, path: str, size: int) -> None:
        self.status.setText(
            self.tr("Saved {name} ({size}).").format(
                name=Path(path).name, size=QLocale().formattedDataSize(size)
            )
        )

    def _save_failed(self, path: str, error: BaseException) -> None:
        if isinstance(error, NotAvailableError):
            text = self.tr("This attachment is not in the store any more; nothing was saved.")
        else:
            text = self.tr("The attachment could not be saved to {path}: {reason}").format(
                path=path, reason=error_sentence(error, doing="saving an attachment")
            )
        self.status.setText(text)

    # ------------------------------------------------------------------ source
    def show_source(self) -> None:
        """Open the raw source of the message in a dialog (read on a worker)."""
        if self.detail is not None:
            self._source.open(self.detail.id, self.detail.subject)
