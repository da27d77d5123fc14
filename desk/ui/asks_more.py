"""Members that ask more, in the window: the reading pane's banner and mark, the send question.

A message that asks what its cluster asks *and* something else sits in the
cluster flagged (see :mod:`desk.workbench.asks_more`). Three places show it:
the member list marks it (:class:`~desk.ui.models.MessageListModel`), the
reading pane quotes the extra request in a banner above the text, with a
button that moves the message out of the cluster, and marks where the text
says it (:class:`AsksMoreBanner`, :func:`request_selections`); and before a
cluster's reply goes, the agent is asked whether to leave those messages out
(:class:`LeaveOutQuestion`), so nobody gets an answer to half their email
without the agent deciding so.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Sequence

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk.ui.widgets import named

REQUEST_KIND = QTextFormat.Property.UserProperty + 1  # an extra selection's mark: "asks more"
REQUEST_ALPHA = 60  # the palette's link colour, faint enough to read the text through it
SHOWN_WHO = 5  # people named in the send question, at most


class _QuoteLine(QLabel):
    """One line of text holding a quote, the quote shortened with "…" to fit the width.

    A banner that wraps grows by a line per sentence and, in a crowded pane,
    is cut off at the bottom; one line always shows whole. The whole text is
    the label's accessible name, so a screen reader reads all of it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # the quote is the sender's text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._template = "{request}"
        self._quote = ""

    def set_quote(self, template: str, quote: str) -> None:
        """Show ``template`` with ``quote`` in place of ``{request}``, shortened to fit."""
        self._template, self._quote = template, quote
        self.setAccessibleName(self.whole_text())
        self._fit()

    def whole_text(self) -> str:
        """The text with the whole quote."""
        return self._template.format(request=self._quote)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        room = self.width() - metrics.horizontalAdvance(self._template.format(request=""))
        room = max(room, metrics.horizontalAdvance("M" * 8))
        shown = metrics.elidedText(self._quote, Qt.TextElideMode.ElideRight, room)
        self.setText(self._template.format(request=shown))


class AsksMoreBanner(QFrame):
    """Above a message that asks more: what else it asks, and a button to move it out.

    Two lines: the request quoted (shortened to fit; whole on hover), then
    what to do about it beside the button.
    """

    move_out_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("asksMoreBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        named(
            self,
            self.tr("Also asks something else"),
            self.tr("This message asks more than its cluster: what else, and how to deal with it"),
        )
        self.label = _QuoteLine(self)
        self.label.setObjectName("asksMoreText")
        self.advice = QLabel(self.tr("Answer it separately or move it out of the cluster."), self)
        self.advice.setObjectName("asksMoreAdvice")
        self.advice.setWordWrap(True)
        self.move_button = QPushButton(self.tr("Move out of the &cluster"), self)
        self.move_button.setObjectName("asksMoreMoveOut")
        self.move_button.setAutoDefault(False)
        named(
            self.move_button,
            self.tr("Move out of the cluster"),
            self.tr("Take this message out of the cluster, to answer it on its own"),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label)
        row = QHBoxLayout()
        row.addWidget(self.advice, 1)
        row.addWidget(self.move_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(row)
        self.move_button.clicked.connect(self.move_out_requested)
        self.hide()

    def show_request(self, quote: str, found: bool) -> None:
        """Show the request (quoted); ``found`` says whether the text below marks it."""
        self.label.set_quote(self.tr("This message also asks something else: “{request}”."), quote)
        lines = [self.label.whole_text()]
        if found:
            lines.append(self.tr("It is marked in the text below with a dotted underline."))
        # As paragraphs of rich text, so a long request wraps (a plain tooltip does not).
        self.label.setToolTip("".join(f"<p>{html.escape(line)}</p>" for line in lines))
        self.show()

    def text(self) -> str:
        """What the banner says, the request whole."""
        return f"{self.label.whole_text()} {self.advice.text()}"

    def clear(self) -> None:
        """Nothing to show: the message asks only what its cluster asks."""
        self.label.set_quote("", "")
        self.label.setToolTip("")
        self.hide()


def request_format(palette: QPalette) -> QTextCharFormat:
    """How the extra request is marked: a faint link-coloured background and a dotted line.

    Not the marks of the differences from the representative (highlight
    colour, solid or dashed underline), so both can show at once; the line
    keeps it visible in high-contrast themes.
    """
    colour = QColor(palette.color(QPalette.ColorRole.Link))
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(colour)
    colour.setAlpha(REQUEST_ALPHA)
    fmt.setBackground(colour)
    fmt.setProperty(REQUEST_KIND, "asks_more")
    return fmt


def request_selections(
    editor: QTextEdit, spans: Sequence[tuple[int, int]]
) -> list[QTextEdit.ExtraSelection]:
    """Extra selections marking these spans (positions in the document) of ``editor``."""
    fmt = request_format(editor.palette())
    document = editor.document()
    last = max(0, document.characterCount() - 1)
    selections = []
    for start, end in spans:
        if start >= end or end > last:
            continue
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        selections.append(selection)
    return selections


class LeaveOut(enum.Enum):
    """The agent's answer to :class:`LeaveOutQuestion`."""

    LEAVE_OUT = "leave_out"  # send to the others; those that ask more stay open
    SEND_ALL = "send_all"
    CANCEL = "cancel"


class LeaveOutQuestion(QMessageBox):
    """Before a cluster's reply goes: some of its messages also ask something else.

    Leaving them out is the default (Enter); Escape cancels. When every
    message asks more there is nobody else to send to: the question is then
    only whether to send to all of them anyway.
    """

    def __init__(
        self, flagged: int, total: int, who: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("leaveOutQuestion")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Send the answer"))
        locale = QLocale()
        values = {"count": locale.toString(flagged), "total": locale.toString(total)}
        everyone = flagged >= total
        if everyone and total == 1:
            text = self.tr(
                "This message also asks something else, which this reply may not answer. "
                "Send it anyway?"
            )
        elif everyone:
            text = self.tr(
                "All {total} messages also ask something else, which this reply may not "
                "answer. Send it to all of them anyway?"
            )
        elif flagged == 1:
            text = self.tr(
                "One of these {total} messages also asks something else. Leave it out of "
                "this reply (it stays open in the cluster, flagged)?"
            )
        else:
            text = self.tr(
                "{count} of these {total} messages also ask something else. Leave them out "
                "of this reply (they stay open in the cluster, flagged)?"
            )
        self.setText(text.format(**values))
        if who:
            shown = ", ".join(who[:SHOWN_WHO])
            more = len(who) - SHOWN_WHO
            if more > 0:
                shown = self.tr("{names} and {more} more").format(
                    names=shown, more=locale.toString(more)
                )
            self.setInformativeText(self.tr("From: {names}").format(names=shown))
        self.setTextFormat(Qt.TextFormat.PlainText)
        for label in self.findChildren(QLabel):  # the informative line names the senders
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.leave_button: QPushButton | None = None
        if not everyone:
            self.leave_button = self.addButton(
                self.tr("&Leave them out and send")
                if flagged > 1
                else self.tr("&Leave it out and send"),
                QMessageBox.ButtonRole.AcceptRole,
            )
            named(
                self.leave_button,
                self.tr("Leave them out and send"),
                self.tr("Send to the others; these stay open in the cluster, flagged"),
            )
        self.all_button = self.addButton(
            self.tr("Send to &all"), QMessageBox.ButtonRole.DestructiveRole
        )
        named(
            self.all_button,
            self.tr("Send to all"),
            self.tr("Send this reply to every message, those that ask more too"),
        )
        cancel = self.addButton(QMessageBox.StandardButton.Cancel)
        named(cancel, self.tr("Cancel"), self.tr("Send nothing"))
        self.setDefaultButton(self.leave_button or cancel)
        self.setEscapeButton(cancel)

    def choice(self) -> LeaveOut:
        """What the agent chose (after :meth:`exec`)."""
        clicked = self.clickedButton()
        if clicked is not None and clicked is self.leave_button:
            return LeaveOut.LEAVE_OUT
        if clicked is not None and clicked is self.all_button:
            return LeaveOut.SEND_ALL
        return LeaveOut.CANCEL

    def ask(self) -> LeaveOut:
        """Show the question and wait for the answer."""
        self.exec()
        return self.choice()
