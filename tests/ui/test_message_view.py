"""The reading pane over the demo store and over crafted messages: safe, fast, keyboard-usable."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFont, QFontDatabase, QImage, QTextCharFormat, QTextCursor
from PySide6.QtNetwork import QNetworkAccessManager
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, select, update

from desk.app import App
from desk.config import AppDirs, Settings
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from desk.store.models import Cluster, ClusterMember, Message, MessageRaw
from desk.ui import message_view
from desk.ui.message_view import DIFF_KIND, HIGHLIGHT_ALPHA, MessageView, SafeBrowser
from desk.ui.tasks import TaskRunner
from desk.workbench.reading import SHOWN_LINES, Span, safe_filename
from tests.support.mail import simple_message
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle
from tests.workbench.test_reading import (
    ATTACHED,
    ATTACHED_RAW,
    HOSTILE_HTML,
    html_message,
    ingest_messages,
    long_message,
)

REPRESENTATIVE = (
    "Bonjour, mon fils n'arrive pas à se connecter à son compte élève depuis lundi. "
    "Pouvez-vous nous aider ? Merci."
)
MEMBER = (
    "Bonjour, ma fille n'arrive pas à se connecter à son compte élève depuis mardi soir. "
    "Pouvez-vous nous aider rapidement ? Merci."
)


class Listener:
    """A TCP port on 127.0.0.1 that counts who connects: any fetch would show here."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.server.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A local port the crafted messages point their remote content at."""
    port = Listener()
    yield port
    port.close()


@dataclass
class Crafted:
    """An app over a store of messages made for these tests, and their ids by Message-ID."""

    app: App
    ids: dict[str, int]


@pytest.fixture
def crafted(tmp_path: Path, runner: TaskRunner, listener: Listener) -> Iterator[Crafted]:
    """A SQLite store holding the hostile, attached, long and near-duplicate messages."""
    store = open_store(sqlite_url(tmp_path / "crafted.sqlite3"))
    remote = f"http://127.0.0.1:{listener.port}"
    messages = [
        html_message(HOSTILE_HTML.replace("http://tracker.example", remote)),
        ATTACHED_RAW,
        long_message(),
        simple_message(1, body=REPRESENTATIVE),
        simple_message(2, body=MEMBER),
        simple_message(3, subject="Inscription", body="Comment inscrire mon fils ?"),
        simple_message(4, subject="Facture", body="Je voudrais une facture."),
    ]
    ids = ingest_messages(store, tmp_path, messages)
    yield Crafted(App(settings=Settings(), dirs=AppDirs.discover(), store=store), ids)
    runner.stop_all()
    runner.wait(30_000)  # no worker may still be reading when the store closes
    store.close()


def make_view(qtbot: QtBot, app: App, runner: TaskRunner) -> MessageView:
    view = MessageView(app, runner)
    qtbot.addWidget(view)
    view.resize(700, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def show(
    qtbot: QtBot, view: MessageView, message_id: int, representative: str | None = None
) -> None:
    with qtbot.waitSignal(view.loaded, timeout=20_000) as blocker:
        view.show_message(message_id, representative)
    assert blocker.args == [message_id]


def char_format(view: MessageView, position: int) -> QTextCharFormat:
    """The format of the character at ``position`` (a cursor reports the one before it)."""
    cursor = QTextCursor(view.body.document())
    cursor.setPosition(position + 1)
    return cursor.charFormat()


def test_a_demo_message_shows_its_headers_and_text(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    with desk_app.store.sessions() as session:
        message = session.scalars(select(Message).order_by(Message.id).limit(1)).one()
        expected = (message.id, message.subject, message.from_addr, message.text)
    view = make_view(qtbot, desk_app, runner)
    assert unnamed_controls(view) == []
    show(qtbot, view, expected[0])
    assert view.subject_label.text() == (expected[1] or "(no subject)")
    assert expected[2] in view.from_label.text()
    assert view.date_label.text()
    first_words = " ".join(expected[3].split()[:6])
    assert first_words in " ".join(view.body.toPlainText().split())
    assert view.source_button.isEnabled()
    assert not view.highlight_box.isVisible()  # no representative given
    assert unnamed_controls(view) == []

    view.show_message(None)
    assert view.body.toPlainText() == ""
    assert view.subject_label.text() == ""
    assert not view.source_button.isEnabled()


def test_a_demo_cluster_member_is_compared_with_its_representative(
    qtbot: QtBot, desk_app: App, runner: TaskRunner
) -> None:
    with desk_app.store.sessions() as session:
        member_id, representative = session.execute(
            select(ClusterMember.message_id, Message.text)
            .join(Cluster, Cluster.id == ClusterMember.cluster_id)
            .join(Message, Message.id == Cluster.representative_id)
            .where(ClusterMember.message_id != Cluster.representative_id)
            .order_by(ClusterMember.message_id)
            .limit(1)
        ).one()
    view = make_view(qtbot, desk_app, runner)
    show(qtbot, view, member_id, representative)
    assert view.highlight_box.isVisible()
    assert view.differences_note.isVisible()
    assert view.differences_note.text()
    assert unnamed_controls(view) == []


class RecordingBrowser(SafeBrowser):
    """The pane's browser, noting every resource the document asks it for."""

    asked: ClassVar[list[str]] = []

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        RecordingBrowser.asked.append(QUrl(name).toString())
        return super().loadResource(type, name)


def test_a_hostile_html_message_runs_nothing_and_fetches_nothing(
    qtbot: QtBot,
    crafted: Crafted,
    runner: TaskRunner,
    listener: Listener,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    RecordingBrowser.asked = []
    monkeypatch.setattr(message_view, "SafeBrowser", RecordingBrowser)
    view = make_view(qtbot, crafted.app, runner)
    assert isinstance(view.body, RecordingBrowser)
    show(qtbot, view, crafted.ids["<html-hostile@example.org>"])
    qtbot.wait(200)  # let a (wrongly) started fetch reach the listener
    body = view.body.toPlainText()
    assert "Bonjour, voici ma demande." in body
    assert "Cordialement, Marie" in body
    assert "document.location" not in body
    markup = view.body.toHtml()
    assert "<script" not in markup.lower()
    assert "127.0.0.1" not in markup
    assert not [url for url in RecordingBrowser.asked if not url.startswith(("file:", "data:"))]
    assert not [url for url in RecordingBrowser.asked if "127.0.0.1" in url]
    assert listener.connections == 0
    assert view.findChildren(QNetworkAccessManager) == []
    assert view.subject_label.text() == "Demande piégée"
    assert "marie.durand@example.net" in view.reply_to_label.text()
    assert "copie@example.org" in view.cc_label.text()
    assert unnamed_controls(view) == []


def _coloured_pixels(browser: QTextBrowser) -> tuple[int, int]:
    """How many clearly red and clearly green pixels the browser paints."""
    image = browser.viewport().grab().toImage()
    red = green = 0
    for x in range(0, image.width(), 2):
        for y in range(0, image.height(), 2):
            colour = image.pixelColor(x, y)
            if colour.red() > 200 and colour.green() < 60 and colour.blue() < 60:
                red += 1
            if colour.green() > 200 and colour.red() < 60 and colour.blue() < 60:
                green += 1
    return red, green


def test_the_browser_itself_loads_no_file_and_no_url_even_if_sanitising_missed_them(
    qtbot: QtBot, tmp_path: Path, listener: Listener
) -> None:
    """Defence in depth: markup that bypassed the sanitiser still fetches nothing."""
    red = tmp_path / "red.png"
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.red)
    assert image.save(str(red))
    (tmp_path / "green.css").write_text("p { background-color: #00ff00; color: #00ff00 }")
    css = QUrl.fromLocalFile(str(tmp_path / "green.css")).toString()
    markup = (
        f'<html><head><link rel="stylesheet" href="{css}"></head>'
        "<body><p>texte texte texte texte</p>"
        f'<img src="{QUrl.fromLocalFile(str(red)).toString()}">'
        f'<img src="{red}"><img src="red.png">'
        f'<img src="http://127.0.0.1:{listener.port}/pixel.png">'
        f'<table background="{red}"><tr><td>cellule</td></tr></table>'
        "</body></html>"
    )
    unsafe = QTextBrowser()  # the control: Qt's own behaviour does read the files
    safe = SafeBrowser()
    for browser in (unsafe, safe):
        qtbot.addWidget(browser)
        browser.document().setBaseUrl(QUrl.fromLocalFile(str(tmp_path) + "/"))
        browser.resize(400, 400)
        browser.setHtml(markup)
        browser.show()
        qtbot.waitExposed(browser)
    qtbot.wait(200)
    assert _coloured_pixels(unsafe)[0] > 0, "the control should have loaded the image"
    assert _coloured_pixels(safe) == (0, 0)
    assert listener.connections == 0
    assert "texte" in safe.toPlainText()


def test_a_long_message_opens_cut_and_shows_all_on_request(
    qtbot: QtBot, crafted: Crafted, runner: TaskRunner
) -> None:
    view = make_view(qtbot, crafted.app, runner)
    show(qtbot, view, crafted.ids["<long@example.org>"])
    assert view.truncated_bar.isVisible()
    assert view.show_all_button.isVisible() and view.show_all_button.isEnabled()
    assert "10,000" in view.truncated_label.text() or "10000" in view.truncated_label.text()
    assert view.body.document().blockCount() == SHOWN_LINES
    assert "Ligne 9999 : erreur" not in view.body.toPlainText()
    assert unnamed_controls(view) == []

    view.show_all_button.setFocus()
    qtbot.keyClick(view.show_all_button, Qt.Key.Key_Space)
    settle(qtbot, runner)
    assert not view.truncated_bar.isVisible()
    assert view.body.document().blockCount() >= 10_000
    assert view.body.toPlainText().rstrip("\n").endswith("Ligne 9999 : erreur")
    assert unnamed_controls(view) == []


def test_attachments_are_listed_and_saved_byte_for_byte(
    qtbot: QtBot, crafted: Crafted, runner: TaskRunner, tmp_path: Path
) -> None:
    view = make_view(qtbot, crafted.app, runner)
    show(qtbot, view, crafted.ids["<attachments@example.org>"])
    assert view.attachments_box.isVisible()
    assert view.attachments.count() == len(ATTACHED)
    assert "relevé de notes.pdf" in view.attachments.item(1).text()
    asked: ClassVar[list[str]] = []
    targets = iter([tmp_path / "saved.pdf", tmp_path / "saved.bin"])

    def ask(default_name: str) -> str:
        asked.append(default_name)
        return str(next(targets))

    view._ask_save_path = ask  # type: ignore[method-assign]
    view.attachments.setCurrentRow(1)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert (tmp_path / "saved.pdf").read_bytes() == ATTACHED[1][1]
    assert "saved.pdf" in view.status.text()

    # Enter on the list saves too; the hostile name is offered made safe.
    view.attachments.setFocus()
    view.attachments.setCurrentRow(2)
    qtbot.keyClick(view.attachments, Qt.Key.Key_Return)
    settle(qtbot, runner)
    assert asked == [safe_filename("relevé de notes.pdf"), "passwd"]
    assert (tmp_path / "saved.bin").read_bytes() == ATTACHED[2][1]
    assert unnamed_controls(view) == []


def test_the_source_dialog_shows_the_raw_message_and_closes_with_escape(
    qtbot: QtBot, crafted: Crafted, runner: TaskRunner
) -> None:
    view = make_view(qtbot, crafted.app, runner)
    show(qtbot, view, crafted.ids["<attachments@example.org>"])
    qtbot.mouseClick(view.source_button, Qt.MouseButton.LeftButton)
    dialog = view.source_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    settle(qtbot, runner)
    text = dialog.text.toPlainText()
    assert "Message-ID: <attachments@example.org>" in text
    assert text.startswith("From: Paul Martin <paul@example.org>")
    assert dialog.text.isReadOnly()
    # The font the code asked for, not the face fontconfig matched: on machines where
    # "monospace" resolves to Noto Sans Mono, QFontInfo says it is not fixed-pitch.
    font = dialog.text.font()
    assert font.fixedPitch()
    assert font.styleHint() == QFont.StyleHint.Monospace
    assert font.family() == QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    assert unnamed_controls(dialog) == []
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_differences_from_the_representative_are_marked(
    qtbot: QtBot, crafted: Crafted, runner: TaskRunner
) -> None:
    view = make_view(qtbot, crafted.app, runner)
    show(qtbot, view, crafted.ids["<msg2@example.org>"], REPRESENTATIVE)
    text = view.body.toPlainText()
    assert text.rstrip("\n") == MEMBER
    changed = text.index("fille")
    same = text.index("connecter")
    added = text.index("rapidement")
    assert char_format(view, changed).property(DIFF_KIND) == "changed"
    assert (
        char_format(view, changed).underlineStyle()
        == QTextCharFormat.UnderlineStyle.SingleUnderline
    )
    assert char_format(view, changed).background().color().alpha() == HIGHLIGHT_ALPHA
    assert char_format(view, added).property(DIFF_KIND) == "inserted"
    assert char_format(view, same).property(DIFF_KIND) is None
    assert char_format(view, same).underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
    assert view.highlight_box.isVisible() and view.highlight_box.isChecked()
    assert "3 passages differ" in view.differences_note.text()
    assert unnamed_controls(view) == []

    # Unchecked: the message as written, nothing marked.
    view.highlight_box.setFocus()
    qtbot.keyClick(view.highlight_box, Qt.Key.Key_Space)
    assert not view.highlight_box.isChecked()
    assert char_format(view, changed).property(DIFF_KIND) is None
    assert not view.differences_note.isVisible()

    # The representative itself: nothing differs.
    show(qtbot, view, crafted.ids["<msg1@example.org>"], REPRESENTATIVE)
    view.highlight_box.setChecked(True)
    assert "Same words" in view.differences_note.text()
    assert not any(char_format(view, i).hasProperty(DIFF_KIND) for i in range(len(REPRESENTATIVE)))

    # Spans given directly.
    view.show_differences([Span(0, 7, "inserted")])
    assert char_format(view, 3).property(DIFF_KIND) == "inserted"
    assert char_format(view, 3).underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert char_format(view, 10).property(DIFF_KIND) is None


def test_choosing_messages_quickly_ends_on_the_last_one(
    qtbot: QtBot, crafted: Crafted, runner: TaskRunner
) -> None:
    view = make_view(qtbot, crafted.app, runner)
    shown: list[int] = []
    view.loaded.connect(shown.append)
    first, second, last = (crafted.ids[f"<msg{n}@example.org>"] for n in (2, 3, 4))
    view.show_message(first, REPRESENTATIVE)
    view.show_message(second)
    view.show_message(last)
    settle(qtbot, runner)
    assert shown == [last]
    assert view.detail is not None and view.detail.id == last
    assert view.subject_label.text() == "Facture"
    assert "Je voudrais une facture." in view.body.toPlainText()
    assert not view.highlight_box.isVisible()


def test_a_header_only_message_says_its_body_is_not_downloaded(
    qtbot: QtBot, crafted: Crafted, runner: TaskRunner
) -> None:
    message_id = crafted.ids["<msg3@example.org>"]
    with crafted.app.store.sessions.begin() as session:
        session.execute(
            update(Message)
            .where(Message.id == message_id)
            .values(body_fetched=False, text="", html=None, attachments=[])
        )
        session.execute(delete(MessageRaw).where(MessageRaw.message_id == message_id))
    view = make_view(qtbot, crafted.app, runner)
    show(qtbot, view, message_id, REPRESENTATIVE)
    assert view.pending_note.isVisible()
    assert view.subject_label.text() == "Inscription"
    assert view.body.toPlainText() == ""
    assert not view.source_button.isEnabled()
    assert not view.highlight_box.isVisible()
    assert unnamed_controls(view) == []


def test_a_missing_message_is_explained(qtbot: QtBot, crafted: Crafted, runner: TaskRunner) -> None:
    view = make_view(qtbot, crafted.app, runner)
    view.show_message(max(crafted.ids.values()) + 1000)
    settle(qtbot, runner)
    assert view.problem.isVisible()
    assert "no longer" in view.problem.text()


def test_links_ask_before_opening_and_only_web_and_mail_links_open(
    qtbot: QtBot, crafted: Crafted, runner: TaskRunner
) -> None:
    view = make_view(qtbot, crafted.app, runner)
    show(qtbot, view, crafted.ids["<html-hostile@example.org>"])
    asked: ClassVar[list[str]] = []
    opened: list[str] = []
    answers = iter([False, True])

    def confirm(url: QUrl) -> bool:
        asked.append(url.toString())
        return next(answers)

    def open_external(url: QUrl) -> bool:
        opened.append(url.toString())
        return True

    view._confirm_open_link = confirm  # type: ignore[method-assign]
    view._open_external = open_external  # type: ignore[method-assign]
    link = QUrl("https://example.org/aide")
    view.body.anchorClicked.emit(link)  # declined
    view.body.anchorClicked.emit(link)  # accepted
    assert asked == ["https://example.org/aide"] * 2
    assert opened == ["https://example.org/aide"]
    for target in ("javascript:alert(1)", "file:///etc/passwd", "relative/page.html"):
        view.body.anchorClicked.emit(QUrl(target))
    assert len(asked) == 2 and opened == ["https://example.org/aide"]
    assert "cannot be opened" in view.status.text()

    # The link in the message is a real, reachable-by-keyboard anchor.
    document = view.body.document()
    anchors: list[str] = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().isAnchor():
                anchors.append(fragment.charFormat().anchorHref())
            iterator += 1
        block = block.next()
    assert "https://example.org/aide" in anchors
    assert not [href for href in anchors if href.startswith("javascript")]
