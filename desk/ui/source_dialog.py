"""A message's raw source: the dialog showing it, and the controller reading it off the GUI thread.

The source is read by :func:`desk.workbench.reading.source_text` on the task
runner; opening another source (or closing the dialog) drops the answer of
the one before. The dialog asks for a fixed-width font by its properties
(fixed pitch, monospace hint) rather than trusting a family name to be one.
Its sentences keep the translation contexts they were written in
(``SourceDialog``, ``MessageView``), so their translations carry over.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from desk.ui.error_text import error_sentence
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import close_buttons, plain_label
from desk.workbench.reading import NotAvailableError, source_text


def fixed_width_font() -> QFont:
    """The system's fixed-width font, asked for as fixed-pitch monospace.

    ``QFontDatabase.systemFont(FixedFont)`` is only a family name on some
    systems ("monospace"); the style hint and fixed pitch make the request
    say what is meant, so font matching picks a fixed-width face wherever
    that family name points.
    """
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    return font


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
        self.text.setFont(fixed_width_font())
        self.text.setPlaceholderText(self.tr("Loading the source…"))
        self.text.setAccessibleName(self.tr("Raw source"))
        self.text.setAccessibleDescription(
            self.tr("The headers and the encoded body of the message, read-only")
        )
        self.problem: QLabel = plain_label(self, "sourceProblem")  # a reason may quote a server
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = close_buttons(self, self.tr("Close the source (Escape)"))
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


def source_problem(error: BaseException) -> str:
    """Why a message's source could not be shown, in a sentence."""
    if isinstance(error, NotAvailableError):
        return QCoreApplication.translate(
            "MessageView", "The source of this message has not been downloaded yet."
        )
    return QCoreApplication.translate(
        "MessageView", "The source could not be read: {reason}"
    ).format(reason=error_sentence(error, doing="reading a message's source"))


class SourceViewer(QObject):
    """Opens one source dialog at a time over ``parent`` and fills it from a worker."""

    def __init__(
        self, sessions: sessionmaker[Session], runner: TaskRunner, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._runner = runner
        self._parent = parent
        self._task: Task[str] | None = None
        self.dialog: SourceDialog | None = None

    def open(self, message_id: int, subject: str) -> SourceDialog:
        """Show the source of ``message_id`` (its subject in the title), closing any other."""
        if self._task is not None:
            self._task.discard()
        if self.dialog is not None:
            self.dialog.close()
        dialog = SourceDialog(subject, self._parent)
        self.dialog = dialog
        dialog.finished.connect(self._closed)
        dialog.show()
        self._task = self._runner.run(
            "read a message's source", source_text, self._sessions, message_id,
            on_done=lambda text: self._read(dialog, text),
            on_error=lambda error: self._failed(dialog, error),
        )  # fmt: skip
        return dialog

    def _read(self, dialog: SourceDialog, text: str) -> None:
        self._task = None
        dialog.show_source(text)

    def _failed(self, dialog: SourceDialog, error: BaseException) -> None:
        self._task = None
        dialog.show_problem(source_problem(error))

    def _closed(self) -> None:
        if self._task is not None:
            self._task.discard()
            self._task = None
