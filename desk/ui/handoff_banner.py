"""Above a message: where it was handed on, and what the service answered.

Shown when the message was handed to another service (waiting, overdue,
failed, or answered: then the answer's beginning, to answer the person from),
or when it comes from a service's address and may answer a hand-off. The
service's words are shown as written (plain text).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from desk.replies.handoffs import HandoffNote
from desk.ui.widgets import named, plain_label


def _when(moment: datetime) -> str:
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()
    return QLocale().toString(local, QLocale.FormatType.ShortFormat)


class HandoffBanner(QFrame):
    """The message's hand-offs, newest last, and a hint for a service's own message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoffBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        named(
            self,
            self.tr("Handed to another service"),
            self.tr("Where this request was handed on, and what the service answered"),
        )
        self.label = plain_label(self, "handoffText")
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label)
        self.hide()

    def line(self, note: HandoffNote) -> str:
        """One hand-off said in a sentence (and the answer's beginning under it)."""
        state = note.state
        where = {"service": state.service, "reference": state.reference}
        if state.answered_at is not None:
            said = self.tr("{service} answered on {when} ({reference}):").format(
                when=_when(state.answered_at), **where
            )
            return f"{said}\n{note.answer_from}: {note.answer_text.strip()}"
        if state.failed_at is not None:
            return self.tr(
                "The hand-off to {service} failed ({reason}); the request is back in the queue."
            ).format(reason=state.failure or "?", **where)
        if state.reminded_at is not None:
            return self.tr(
                "Handed to {service} on {when} ({reference}): no answer by {due}; "
                "back in the queue."
            ).format(when=_when(state.created_at), due=_when(state.due_at), **where)
        return self.tr(
            "Handed to {service} on {when} ({reference}); its answer is expected by {due}."
        ).format(when=_when(state.created_at), due=_when(state.due_at), **where)

    def show_notes(self, notes: Sequence[HandoffNote], hint: Sequence[str]) -> None:
        """Show these hand-offs and the hint, or hide when there are none."""
        lines = [self.line(note) for note in notes]
        if hint:
            lines.append(
                self.tr(
                    "This message comes from a service's address and may answer a hand-off "
                    "({references}) without saying which."
                ).format(references=", ".join(hint))
            )
        text = "\n\n".join(lines)
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.setVisible(bool(lines))

    def clear(self) -> None:
        """Nothing to show."""
        self.show_notes((), ())
