"""The reading pane's parts alone: header, attachments, links, marks, source dialog.

Each part that shows the sender's text is fed markup and must show it as written
(issue 16 item 13); failures are told by the window's presenter (item 15).
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFont, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.core.errors import DeskError, ErrorCode
from desk.ui.attachments_view import AttachmentsView
from desk.ui.difference_marks import (
    DIFF_KIND,
    differences_note,
    mark_differences,
    utf16_positions,
)
from desk.ui.error_text import error_sentence
from desk.ui.message_header import MessageHeader
from desk.ui.message_links import hover_text, link_question, openable, visible_url
from desk.ui.message_view import MessageView
from desk.ui.source_dialog import SourceDialog, fixed_width_font, source_problem
from desk.ui.tasks import TaskRunner
from desk.workbench.reading import AttachmentInfo, MessageDetail, NotAvailableError, Span

HOSTILE = '<img src="/some/local/file.png"> <b>x</b> &amp;'


def detail(**changes: object) -> MessageDetail:
    values: dict[str, object] = {
        "id": 1, "subject": HOSTILE, "from_name": HOSTILE, "from_addr": "a@example.org",
        "reply_to": None, "to": ("desk@example.org",), "cc": (), "status": "new",
        "date": datetime(2024, 3, 4, 9, 30, tzinfo=UTC), "text": "", "safe_html": None,
        "attachments": (), "body_fetched": True, "line_count": 0, "truncated": False,
    }  # fmt: skip
    values.update(changes)
    return MessageDetail(**values)  # type: ignore[arg-type]


def test_the_header_shows_the_sender_s_text_as_written(qtbot: QtBot) -> None:
    header = MessageHeader()
    qtbot.addWidget(header)
    header.show()
    header.show_detail(detail())
    assert header.subject_label.text() == HOSTILE
    assert header.from_label.text() == f"{HOSTILE} <a@example.org>"
    labels = (header.subject_label, header.from_label, header.to_label, header.date_label)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    assert header.date_label.text()
    assert not header.reply_to_label.isVisible() and not header.cc_label.isVisible()

    header.show_detail(detail(subject="", reply_to="a@example.org", cc=("c@example.org",)))
    assert header.subject_label.text() == "(no subject)"
    assert not header.reply_to_label.isVisible()  # the sender again: nothing to add
    assert header.cc_label.isVisible()
    header.clear()
    assert header.subject_label.text() == "" and not header.subject_label.isVisible()
    assert not header.from_label.isVisible()


def test_an_attachment_s_name_is_listed_as_written_and_enter_asks_to_save_it(
    qtbot: QtBot,
) -> None:
    view = AttachmentsView()
    qtbot.addWidget(view)
    view.show()
    view.show_attachments(
        [AttachmentInfo(0, HOSTILE, "image/png", 2048), AttachmentInfo(1, "", "text/plain", 3)]
    )
    item = view.list.item(0)
    assert item.text().startswith(f"{HOSTILE} (")
    assert item.data(Qt.ItemDataRole.ToolTipRole) is None
    assert view.list.item(1).text().startswith("(unnamed) (")
    assert view.current_index() == 0 and view.save_button.isEnabled()
    asked: list[int] = []
    view.save_requested.connect(asked.append)
    view.list.setFocus()
    view.list.setCurrentRow(1)
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    view.save_button.click()
    assert asked == [1, 1]

    view.show_attachments([])
    assert not view.isVisible() and view.current_index() is None
    assert not view.save_button.isEnabled()


def test_the_question_before_opening_a_link_shows_its_address_as_written(qtbot: QtBot) -> None:
    url = QUrl("https://example.org/" + HOSTILE)
    box = link_question(None, url)
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text().startswith("This link leads to https://example.org/")
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    mail = link_question(None, QUrl("mailto:" + HOSTILE))
    qtbot.addWidget(mail)
    assert mail.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in mail.text()
    assert openable(url) and openable(QUrl("mailto:a@example.org"))
    for target in ("javascript:alert(1)", "file:///etc/passwd", "relative/page.html"):
        assert not openable(QUrl(target))
    assert visible_url(QUrl("https://exаmple.org/")) == "https://xn--exmple-4nf.org/"
    assert hover_text(QUrl()) == ""
    assert hover_text(QUrl("https://example.org/")) == "Link to https://example.org/"


def test_differences_are_marked_at_qt_s_positions_and_told_in_words(qtbot: QtBot) -> None:
    text = "😀 ma fille écrit"
    to_qt = utf16_positions(text)
    assert to_qt(1) == 2 and to_qt(len(text)) == len(text) + 1
    assert utf16_positions("abc")(2) == 2
    document = QTextDocument()
    document.setPlainText(text)
    start = text.index("fille")
    note = mark_differences(
        document, text, [Span(start, start + 5, "changed"), Span(0, 1, "unknown")], QPalette()
    )
    assert note == differences_note(1, True)
    assert "in the part compared" in note  # the unknown span: only the beginning was compared
    cursor = QTextCursor(document)
    cursor.setPosition(to_qt(start) + 1)
    assert cursor.charFormat().property(DIFF_KIND) == "changed"
    assert differences_note(0, False) == "Same words as the cluster's representative."
    assert differences_note(1, False).startswith("One passage differs")
    assert differences_note(3, False).startswith("3 passages differ")
    assert differences_note(0, True).startswith("No differences in the part compared")


def test_the_source_dialog_asks_for_a_fixed_width_font_and_says_problems_plainly(
    qtbot: QtBot,
) -> None:
    font = fixed_width_font()
    assert font.fixedPitch() and font.styleHint() == QFont.StyleHint.Monospace
    dialog = SourceDialog(HOSTILE)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == f"Source of “{HOSTILE}”"
    assert dialog.problem.textFormat() == Qt.TextFormat.PlainText
    dialog.show_problem(source_problem(OSError(5, "Input/output error")))
    assert dialog.problem.text() == "The source could not be read: Input/output error"
    assert source_problem(NotAvailableError("source", 1)) == (
        "The source of this message has not been downloaded yet."
    )
    locked = DeskError(ErrorCode.DB_LOCKED, url="sqlite:///desk.sqlite3")
    assert source_problem(locked).endswith(error_sentence(locked))
    assert locked.describe() not in source_problem(locked)


def test_every_line_of_the_pane_that_can_quote_the_sender_is_plain_text(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    view = MessageView(desk_app, runner)
    qtbot.addWidget(view)
    for label in (
        view.subject_label, view.from_label, view.reply_to_label, view.to_label, view.cc_label,
        view.problem, view.status, view.link_label,
    ):  # fmt: skip
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    view._show_problem(HOSTILE)
    assert view.problem.text() == HOSTILE
