"""The reading pane: one message, shown safely, and how it differs from its representative.

Nothing a message contains can reach out: the HTML comes sanitised from
:mod:`desk.workbench.reading`, and the browser showing it answers every
resource request itself with nothing (:class:`SafeBrowser`), so even markup
the sanitiser missed loads no remote image, no local file, no style sheet.
Links are shown; following one asks first and opens the system's browser.

Everything that reads the store or the disk (the message, the whole text of
a long one, an attachment, the raw source) runs on the task runner; choosing
another message drops the previous one's answer, so a quick run through a
list ends on the message last chosen, never on a late answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontDatabase,
    QImage,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from desk.app import App
from desk.core.errors import DeskError
from desk.ui.asks_more import AsksMoreBanner, request_selections
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import named
from desk.workbench.asks_more import (
    LocatedRequest,
    extra_request,
    locate_request,
    request_quote,
)
from desk.workbench.reading import (
    AttachmentInfo,
    MessageDetail,
    NotAvailableError,
    Span,
    attachment_bytes,
    differences,
    full_html,
    full_text,
    message_detail,
    raw_source,
    safe_filename,
)

Sessions = sessionmaker[Session]
DIFF_KIND = QTextFormat.Property.UserProperty  # the char format's mark: "changed" or "inserted"
HIGHLIGHT_ALPHA = 70  # the palette's highlight, faint enough to read the text through it
OPENABLE_SCHEMES = frozenset({"http", "https", "mailto"})
BANNER_QUOTE_CHARS = 1_000  # the extra request above the text (shown to fit, whole on hover)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# ====================================================================== workers (no widgets)
@dataclass(frozen=True, slots=True)
class _Loaded:
    detail: MessageDetail
    spans: tuple[Span, ...]
    request: LocatedRequest | None  # what it asks beyond its cluster, found in its text


@dataclass(frozen=True, slots=True)
class _Whole:
    text: str
    safe_html: str | None
    spans: tuple[Span, ...]
    request: LocatedRequest | None


def _spans(representative: str | None, text: str) -> tuple[Span, ...]:
    return () if representative is None else tuple(differences(representative, text))


def _located(request: str | None, text: str) -> LocatedRequest | None:
    return None if request is None else locate_request(text, request)


def _read(sessions: Sessions, message_id: int, representative: str | None) -> _Loaded:
    """The message as shown, its differences from the representative, its extra request."""
    with sessions.begin() as session:
        detail = message_detail(session, message_id)
        request = extra_request(session, message_id)
    text = detail.text if detail.body_fetched else ""
    return _Loaded(detail, _spans(representative, text) if text else (), _located(request, text))


def _read_whole(sessions: Sessions, message_id: int, representative: str | None) -> _Whole:
    """The whole text and HTML of a message the pane showed cut."""
    with sessions.begin() as session:
        text = full_text(session, message_id)
        html = full_html(session, message_id)
        request = extra_request(session, message_id)
    return _Whole(text, html, _spans(representative, text), _located(request, text))


def _read_source(sessions: Sessions, message_id: int) -> str:
    """The raw message as text: UTF-8, undecodable bytes shown as replacement characters."""
    with sessions.begin() as session:
        raw = raw_source(session, message_id)
    return raw.decode("utf-8", errors="replace").replace("\r\n", "\n")


def _save_attachment(sessions: Sessions, message_id: int, index: int, path: str) -> int:
    """Write an attachment's exact bytes to ``path``; the number of bytes written."""
    with sessions.begin() as session:
        _, data = attachment_bytes(session, message_id, index)
    Path(path).write_bytes(data)
    return len(data)


# ====================================================================== widgets
class SafeBrowser(QTextBrowser):
    """A read-only rich-text view that never fetches anything.

    Returning "nothing" is not enough in Qt 6: for a null answer the
    document reads local files itself, and the image handler then loads an
    ``<img src>`` path straight from the disk. So images get a transparent
    pixel and every other resource (style sheets, pages) an empty text; the
    view never follows a link itself (``setOpenLinks(False)``).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setSearchPaths([])
        self._blank = QImage(1, 1, QImage.Format.Format_ARGB32)
        self._blank.fill(Qt.GlobalColor.transparent)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Nothing, for every URL: a transparent pixel for images, empty text otherwise."""
        del name
        if type == QTextDocument.ResourceType.ImageResource.value:
            return self._blank
        return ""


class SourceDialog(QDialog):
    """The raw source of a message, read-only, in a fixed-width font; Escape closes it."""

    def __init__(self, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = self.tr("Source of “{subject}”").format(subject=subject) if subject else ""
        self.setWindowTitle(title or self.tr("Message source"))
        self.setAccessibleName(self.tr("Message source"))
        self.setAccessibleDescription(self.tr("The message exactly as it arrived, headers first"))
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("sourceText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlaceholderText(self.tr("Loading the source…"))
        self.text.setAccessibleName(self.tr("Raw source"))
        self.text.setAccessibleDescription(
            self.tr("The headers and the encoded body of the message, read-only")
        )
        self.problem = QLabel(self)
        self.problem.setObjectName("sourceProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        close.setAccessibleDescription(self.tr("Close the source (Escape)"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def show_source(self, text: str) -> None:
        """Show the source once the worker has read it."""
        self.text.setPlainText(text)
        self.text.setFocus()

    def show_problem(self, text: str) -> None:
        """Say why there is no source to show."""
        self.text.setPlaceholderText("")
        self.problem.setText(text)
        self.problem.show()


def _value_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(
        Qt.TextFormat.PlainText
    )  # names and subjects are the sender's: never markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


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
        self._load_task: Task[_Loaded] | None = None
        self._whole_task: Task[_Whole] | None = None
        self._source_task: Task[str] | None = None
        self.source_dialog: SourceDialog | None = None
        self.setAccessibleName(self.tr("Message"))
        self.setAccessibleDescription(self.tr("The message chosen in the list"))

        self.subject_label = _value_label(self)
        self.subject_label.setObjectName("subject")
        bold = QFont(self.subject_label.font())
        bold.setBold(True)
        self.subject_label.setFont(bold)
        self.from_label = _value_label(self)
        self.reply_to_label = _value_label(self)
        self.to_label = _value_label(self)
        self.cc_label = _value_label(self)
        self.date_label = _value_label(self)
        self.header = QFormLayout()
        self.header.addRow(self.tr("From:"), self.from_label)
        self.header.addRow(self.tr("Reply to:"), self.reply_to_label)
        self.header.addRow(self.tr("To:"), self.to_label)
        self.header.addRow(self.tr("Cc:"), self.cc_label)
        self.header.addRow(self.tr("Date:"), self.date_label)

        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
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

        self.body = SafeBrowser(self)
        self.body.setObjectName("body")
        self.body.setPlaceholderText(self.tr("No message selected."))
        named(
            self.body,
            self.tr("Message text"),
            self.tr("The message as its sender wrote it; a link asks before it opens"),
        )
        self.link_label = QLabel(self)
        self.link_label.setObjectName("linkTarget")
        self.link_label.setTextFormat(Qt.TextFormat.PlainText)

        self.attachments_box = QWidget(self)
        self.attachments_label = QLabel(self.tr("Attach&ments:"), self.attachments_box)
        self.attachments = QListWidget(self.attachments_box)
        self.attachments.setObjectName("attachments")
        self.attachments.setMaximumHeight(
            self.attachments.fontMetrics().lineSpacing() * 5 + 2 * self.attachments.frameWidth()
        )
        self.attachments_label.setBuddy(self.attachments)
        named(
            self.attachments,
            self.tr("Attachments"),
            self.tr("The files sent with the message; Enter saves the selected one"),
        )
        self.save_button = QPushButton(self.tr("&Save attachment…"), self.attachments_box)
        self.save_button.setObjectName("saveAttachment")
        named(
            self.save_button,
            self.tr("Save attachment"),
            self.tr("Save the selected attachment to a file you choose"),
        )
        attachments_layout = QVBoxLayout(self.attachments_box)
        attachments_layout.setContentsMargins(0, 0, 0, 0)
        attachments_layout.addWidget(self.attachments_label)
        row = QHBoxLayout()
        row.addWidget(self.attachments, 1)
        row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        attachments_layout.addLayout(row)

        self.source_button = QPushButton(self.tr("Show so&urce"), self)
        self.source_button.setObjectName("showSource")
        named(
            self.source_button,
            self.tr("Show source"),
            self.tr("Open the message exactly as it arrived, headers included"),
        )
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        layout = QVBoxLayout(self)
        layout.addWidget(self.subject_label)
        layout.addLayout(self.header)
        layout.addWidget(self.problem)
        layout.addWidget(self.pending_note)
        layout.addWidget(self.truncated_bar)
        layout.addWidget(self.highlight_box)
        layout.addWidget(self.differences_note)
        layout.addWidget(self.asks_more_banner)
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
        self.attachments.currentRowChanged.connect(self._attachment_chosen)
        self.attachments.itemActivated.connect(lambda _item: self.save_attachment())
        self.save_button.clicked.connect(self.save_attachment)
        self.source_button.clicked.connect(self.show_source)
        self.asks_more_banner.move_out_requested.connect(self._move_out)
        self._clear()

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
            "read a message",
            _read,
            self.app.store.sessions,
            message_id,
            representative_text,
            on_done=self._loaded,
            on_error=self._load_failed,
        )

    def _clear(self) -> None:
        self.detail = None
        self._spans = ()
        self._request = None
        self._shown_plain = None
        self.asks_more_banner.clear()
        self.subject_label.clear()
        for label in (self.from_label, self.reply_to_label, self.to_label, self.cc_label):
            label.clear()
        self.date_label.clear()
        for row in range(self.header.rowCount()):
            self.header.setRowVisible(row, False)
        self.subject_label.hide()
        self.problem.hide()
        self.pending_note.hide()
        self.truncated_bar.hide()
        self.highlight_box.hide()
        self.differences_note.hide()
        self.link_label.clear()
        self.attachments.clear()
        self.attachments_box.hide()
        self.source_button.setEnabled(False)
        self.status.clear()
        self.body.clear()

    def _loaded(self, loaded: _Loaded) -> None:
        self._load_task = None
        detail = loaded.detail
        self.detail = detail
        self._spans = loaded.spans
        self._request = loaded.request
        self._show_header(detail)
        self.pending_note.setVisible(not detail.body_fetched)
        self._show_truncation(detail)
        self._show_attachments(detail.attachments)
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
                self.tr("The message could not be read: {reason}").format(reason=_reason(error))
            )

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _show_header(self, detail: MessageDetail) -> None:
        self.subject_label.setText(detail.subject or self.tr("(no subject)"))
        self.subject_label.show()
        if detail.from_name:
            sender = self.tr("{name} <{address}>").format(
                name=detail.from_name, address=detail.from_addr
            )
        else:
            sender = detail.from_addr
        rows = (
            (self.from_label, sender),
            (
                self.reply_to_label,
                detail.reply_to if detail.reply_to and detail.reply_to != detail.from_addr else "",
            ),
            (self.to_label, ", ".join(detail.to)),
            (self.cc_label, ", ".join(detail.cc)),
            (self.date_label, self._date_text(detail)),
        )
        for label, text in rows:
            label.setText(text)
            self.header.setRowVisible(label, bool(text))

    def _date_text(self, detail: MessageDetail) -> str:
        local = QDateTime.fromSecsSinceEpoch(int(detail.date.timestamp()))
        locale = QLocale()
        return self.tr("{date} at {time}").format(
            date=locale.toString(local.date(), QLocale.FormatType.LongFormat),
            time=locale.toString(local.time(), QLocale.FormatType.ShortFormat),
        )

    def _show_truncation(self, detail: MessageDetail) -> None:
        self.truncated_bar.setVisible(detail.truncated)
        self.show_all_button.setEnabled(True)
        if detail.truncated:
            self.truncated_label.setText(
                self.tr(
                    "This message is long: only its beginning is shown ({count} lines in all)."
                ).format(count=QLocale().toString(detail.line_count))
            )

    def _show_attachments(self, attachments: Sequence[AttachmentInfo]) -> None:
        self.attachments.clear()
        locale = QLocale()
        for info in attachments:
            name = info.filename or self.tr("(unnamed)")
            item = QListWidgetItem(
                self.tr("{name} ({size}, {type})").format(
                    name=name, size=locale.formattedDataSize(info.size), type=info.content_type
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, info.index)
            self.attachments.addItem(item)
        self.attachments_box.setVisible(bool(attachments))
        if attachments:
            self.attachments.setCurrentRow(0)
        self._attachment_chosen(self.attachments.currentRow())

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
            self._apply_differences()
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
            to_qt = _utf16_positions(plain)
            spans = [(to_qt(p.start), to_qt(p.end)) for p in request.passages]
        self.body.setExtraSelections(request_selections(self.body, spans))
        quote = request_quote(detail.text, request, BANNER_QUOTE_CHARS)
        self.asks_more_banner.show_request(quote, bool(spans))

    def _move_out(self) -> None:
        if self.message_id is not None:
            self.move_out_requested.emit(self.message_id)

    def show_differences(self, spans: Sequence[Span]) -> None:
        """Mark ``spans`` of the text (from :func:`~desk.workbench.reading.differences`).

        The marks are a faint background in the palette's highlight colour
        plus an underline (solid: changed words; dashed: added ones), so they
        stay visible in high-contrast themes. The text is shown plain, since
        positions are positions in the text, not in the HTML.
        """
        self._spans = tuple(spans)
        self._marking = True
        self.highlight_box.blockSignals(True)
        self.highlight_box.setChecked(True)
        self.highlight_box.blockSignals(False)
        self.highlight_box.setVisible(self.detail is not None and self.detail.body_fetched)
        self._render_body()

    def _apply_differences(self) -> None:
        text = self._shown_plain or ""
        marked = [s for s in self._spans if s.kind != "unknown" and s.end <= len(text)]
        to_qt = _utf16_positions(text)
        cursor = QTextCursor(self.body.document())
        cursor.beginEditBlock()
        for span in marked:
            cursor.setPosition(to_qt(span.start))
            cursor.setPosition(to_qt(span.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(self._difference_format(span.kind))
        cursor.endEditBlock()
        unknown = any(s.kind == "unknown" for s in self._spans)
        count = len(marked)
        if count == 0 and not unknown:
            note = self.tr("Same words as the cluster's representative.")
        elif count == 0:
            note = self.tr(
                "No differences in the part compared with the cluster's representative "
                "(the beginning of this long message)."
            )
        elif count == 1 and not unknown:
            note = self.tr("One passage differs from the cluster's representative (underlined).")
        elif not unknown:
            note = self.tr(
                "{count} passages differ from the cluster's representative (underlined)."
            ).format(count=QLocale().toString(count))
        else:
            note = self.tr(
                "{count} passages differ from the cluster's representative (underlined) in the "
                "part compared, the beginning of this long message."
            ).format(count=QLocale().toString(count))
        self.differences_note.setText(note)
        self.differences_note.show()

    def _difference_format(self, kind: str) -> QTextCharFormat:
        colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        colour.setAlpha(HIGHLIGHT_ALPHA)
        fmt = QTextCharFormat()
        fmt.setBackground(colour)
        fmt.setUnderlineStyle(
            QTextCharFormat.UnderlineStyle.DashUnderline
            if kind == "inserted"
            else QTextCharFormat.UnderlineStyle.SingleUnderline
        )
        fmt.setProperty(DIFF_KIND, kind)
        return fmt

    def show_all(self) -> None:
        """Load the whole text of a message shown cut (on a worker)."""
        if self.detail is None or self.message_id is None or self._whole_task is not None:
            return
        self.show_all_button.setEnabled(False)
        self.truncated_label.setText(self.tr("Loading the whole message…"))
        self._whole_task = self.runner.run(
            "read a whole message",
            _read_whole,
            self.app.store.sessions,
            self.message_id,
            self._representative,
            on_done=self._whole_loaded,
            on_error=self._whole_failed,
        )

    def _whole_loaded(self, whole: _Whole) -> None:
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
                reason=_reason(error)
            )
        )

    # ------------------------------------------------------------------ links
    def _link_hovered(self, url: QUrl) -> None:
        self.link_label.setText(
            self.tr("Link to {url}").format(url=_visible_url(url)) if not url.isEmpty() else ""
        )

    def _link_clicked(self, url: QUrl) -> None:
        if url.isRelative() or url.scheme().lower() not in OPENABLE_SCHEMES:
            self.status.setText(
                self.tr(
                    "This link cannot be opened: it leads neither to a web page "
                    "nor to an email address."
                )
            )
            return
        if self._confirm_open_link(url):
            self._open_external(url)

    def _confirm_open_link(self, url: QUrl) -> bool:
        """Ask before leaving Desk (tests answer in their place)."""
        if url.scheme().lower() == "mailto":
            question = self.tr("This link writes to {address}. Open it in your mail program?")
            text = question.format(address=url.path())
        else:
            question = self.tr("This link leads to {url}. Open it in your web browser?")
            text = question.format(url=_visible_url(url))
        answer = QMessageBox.question(
            self,
            self.tr("Open the link?"),
            text,
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Open

    def _open_external(self, url: QUrl) -> bool:
        """Hand the link to the system (tests record it instead)."""
        return bool(QDesktopServices.openUrl(url))

    # ------------------------------------------------------------------ attachments
    def _attachment_chosen(self, row: int) -> None:
        self.save_button.setEnabled(row >= 0)

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
        item = self.attachments.currentItem()
        if item is None or self.detail is None:
            return
        index = int(item.data(Qt.ItemDataRole.UserRole))
        info = self.detail.attachments[index]
        path = self._ask_save_path(safe_filename(info.filename))
        if not path:
            return
        self.status.setText(self.tr("Saving {name}…").format(name=Path(path).name))
        self.runner.run(
            "save an attachment",
            _save_attachment,
            self.app.store.sessions,
            self.detail.id,
            index,
            path,
            on_done=lambda size: self._saved(path, size),
            on_error=lambda error: self._save_failed(path, error),
        )

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
                path=path, reason=_reason(error)
            )
        self.status.setText(text)

    # ------------------------------------------------------------------ source
    def show_source(self) -> None:
        """Open the raw source of the message in a dialog (read on a worker)."""
        if self.detail is None:
            return
        if self._source_task is not None:
            self._source_task.discard()
        if self.source_dialog is not None:
            self.source_dialog.close()
        dialog = SourceDialog(self.detail.subject, self)
        self.source_dialog = dialog
        dialog.finished.connect(self._source_closed)
        dialog.show()
        self._source_task = self.runner.run(
            "read a message's source",
            _read_source,
            self.app.store.sessions,
            self.detail.id,
            on_done=lambda text: self._source_read(dialog, text),
            on_error=lambda error: self._source_failed(dialog, error),
        )

    def _source_read(self, dialog: SourceDialog, text: str) -> None:
        self._source_task = None
        dialog.show_source(text)

    def _source_failed(self, dialog: SourceDialog, error: BaseException) -> None:
        self._source_task = None
        dialog.show_problem(self._source_problem(error))

    def _source_closed(self) -> None:
        if self._source_task is not None:
            self._source_task.discard()
            self._source_task = None

    def _source_problem(self, error: BaseException) -> str:
        if isinstance(error, NotAvailableError):
            return self.tr("The source of this message has not been downloaded yet.")
        return self.tr("The source could not be read: {reason}").format(reason=_reason(error))


def _reason(error: BaseException) -> str:
    return error.describe() if isinstance(error, DeskError) else str(error) or type(error).__name__


def _visible_url(url: QUrl) -> str:
    """The URL as it really is: host in punycode, so a look-alike domain shows as such."""
    return bytes(url.toEncoded().data()).decode("ascii", errors="replace")


def _utf16_positions(text: str) -> Callable[[int], int]:
    """Python string index → Qt document position (UTF-16 units: emoji count twice)."""
    if text.isascii() or not _ASTRAL.search(text):
        return lambda index: index
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + (2 if ord(ch) >= 0x10000 else 1))
    return lambda index: prefix[index]
