"""The whole workflow in the window, against the real peers: Dovecot in, aiosmtpd out.

Sync → the queue → a cluster → a template → the per-recipient preview →
confirm → the outbox sends → one reply per recipient reaches the SMTP server
and the originals are flagged \\Answered. Once with the mouse-free helpers
of the window, once with nothing but key presses.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

import pytest
from imapclient import IMAPClient
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from desk.app import App
from desk.config import AppDirs, Settings
from desk.demo.generator import demo_messages
from desk.mail.outbox import SendReport
from desk.store.database import Store
from desk.store.models import ClusterMember, Message, MessageStatus, Reply, ReplyState
from desk.ui.asks_more import LeaveOut
from desk.ui.main_window import MainWindow
from desk.ui.tasks import TaskRunner
from tests.support.dovecot import ImapAccount
from tests.support.proxy import DroppingProxy
from tests.support.smtp import SmtpServer
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle

PASSWORD_ENV = "DESK_TEST_MAILBOX_PASSWORD"


def _settings(
    imap_account: ImapAccount, smtp_server: SmtpServer, undo: float, smtp_port: int | None = None
) -> Settings:
    account = {
        "name": "scolarite",
        "address": "contact@example-edu.fr",
        "display_name": "Service contact",
        "imap_host": "127.0.0.1",
        "imap_port": imap_account.port,
        "imap_security": "none",
        "imap_user": imap_account.user,
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp_port or smtp_server.port,
        "smtp_security": "none",
        "smtp_user": "",
        "password_env": PASSWORD_ENV,
    }
    return Settings(account=tuple(account.items()), undo_seconds=undo)


@pytest.fixture
def mailbox_window(
    qtbot: QtBot,
    runner: TaskRunner,
    empty_store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[MainWindow]:
    """The window on a shared mailbox of 300 demo messages in Dovecot, synced and clustered."""
    monkeypatch.setenv(PASSWORD_ENV, imap_account.password)
    imap_account.write_messages(
        raw for raw, _, _ in itertools.islice(demo_messages(300, seed=11), 300)
    )
    app = App(
        settings=_settings(imap_account, smtp_server, undo=1),
        dirs=AppDirs.discover(),
        store=empty_store,
    )
    window = MainWindow(app, runner, login="ana")
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(
        lambda: (
            window.mailbox.state.value == "connected"
            and any(r.open_count >= 3 for r in window.queue_model.rows)
        ),
        timeout=60_000,
    )
    yield window
    window.mailbox.stop()
    settle(qtbot, runner, timeout=30_000)


def _first_template(window: MainWindow) -> str:
    item = window.answer.templates.item(0)
    return item.text() if item is not None else ""


def _big_cluster_row(window: MainWindow) -> int:
    """A free cluster with three open messages or more, from two people or more (two drafts),
    none of which asks more than the cluster (sending to those asks first: see below)."""
    with window.app.store.sessions() as session:
        for i, row in enumerate(window.queue_model.rows):
            if row.cluster_id is None or row.open_count < 3 or row.held_by:
                continue
            if session.scalar(
                select(func.count()).where(
                    ClusterMember.cluster_id == row.cluster_id,
                    ClusterMember.asks_more.is_not(None),
                )
            ):
                continue
            senders = session.scalars(
                select(func.count(func.distinct(Message.sender)))
                .join(ClusterMember, ClusterMember.message_id == Message.id)
                .where(
                    ClusterMember.cluster_id == row.cluster_id,
                    Message.status == MessageStatus.OPEN,
                )
            ).one()
            if senders >= 2:
                return i
    raise AssertionError("no cluster with three open messages from two people")


def _wait_preview(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(
        lambda: not window.answer.rendering and window.answer.rendered is not None,
        timeout=20_000,
    )


def _fill_missing(qtbot: QtBot, window: MainWindow) -> None:
    """Where a placeholder has no value for someone, the agent writes the words instead."""
    rendered = window.answer.rendered
    assert rendered is not None
    text = window.answer.editor.toPlainText()
    for missing in rendered.report.missing:
        assert missing.recipients, "a blocked placeholder names who it blocks"
        assert missing.name in window.answer.problems.text()
        text = text.replace(missing.name, "votre dossier")
    if rendered.report.missing:
        window.answer.editor.setPlainText(text)
        qtbot.waitUntil(lambda: window.answer.rendering, timeout=5_000)
        _wait_preview(qtbot, window)
    assert window.answer.rendered is not None and window.answer.rendered.report.can_send


def _check_delivery(
    qtbot: QtBot,
    window: MainWindow,
    smtp_server: SmtpServer,
    imap_account: ImapAccount,
    drafts: list[tuple[str, str, tuple[int, ...]]],
) -> None:
    qtbot.waitUntil(lambda: len(smtp_server.messages) >= len(drafts), timeout=60_000)
    qtbot.waitUntil(lambda: not window.mailbox.sending, timeout=60_000)
    recipients = Counter(m.rcpt_tos[0] for m in smtp_server.messages)
    assert set(recipients.values()) == {1}, "one reply per recipient"
    assert sorted(recipients) == sorted(to for to, _, _ in drafts)
    by_recipient = {to: body for to, body, _ in drafts}
    for received in smtp_server.messages:
        body = received.message.get_body(("plain",))
        assert body is not None
        sent = body.get_content().replace("\r\n", "\n").strip()
        assert sent == by_recipient[received.rcpt_tos[0]].strip(), "the preview is what went"
    answered = sorted({m for _, _, ids in drafts for m in ids})
    with window.app.store.sessions() as session:
        statuses = set(session.scalars(select(Message.status).where(Message.id.in_(answered))))
        states = set(session.scalars(select(Reply.state)))
        uids = list(session.scalars(select(Message.uid).where(Message.id.in_(answered))))
    assert statuses == {MessageStatus.ANSWERED}
    assert states == {ReplyState.SENT}
    with IMAPClient(imap_account.host, port=imap_account.port, ssl=False) as client:
        client.login(imap_account.user, imap_account.password)
        client.select_folder("INBOX", readonly=True)
        flags = client.get_flags(uids)
    assert all(b"\\Answered" in flags[uid] for uid in uids)


def test_a_cluster_is_answered_from_the_window(
    qtbot: QtBot,
    mailbox_window: MainWindow,
    smtp_server: SmtpServer,
    imap_account: ImapAccount,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = mailbox_window
    asked: list[str] = []
    monkeypatch.setattr(window, "confirm", lambda _title, text: asked.append(text) or True)

    window._select(window.queue_view, _big_cluster_row(window))
    qtbot.waitUntil(lambda: window.messages_model.rowCount() >= 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.answer.templates.count() > 0, timeout=10_000)
    qtbot.keyClicks(window.answer.search, "mot de passe")
    qtbot.waitUntil(lambda: _first_template(window).startswith("Mot de passe"), timeout=10_000)
    window.answer.templates.setCurrentRow(0)
    _wait_preview(qtbot, window)
    _fill_missing(qtbot, window)

    drafts = window.answer.drafts
    assert len(drafts) >= 2
    first = window.answer.recipient.text()
    window.answer.step(1)
    assert window.answer.recipient.text() != first
    assert window.answer.preview.toPlainText() == drafts[1].body_text

    assert window.answer.send_button.isEnabled()
    expected = [(d.to_addr, d.body_text, d.message_ids) for d in drafts]
    window.answer.send_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert drafts[0].to_addr in asked[0]
    _check_delivery(qtbot, window, smtp_server, imap_account, expected)
    assert unnamed_controls(window) == []


def _press_yes_in_the_next_dialog(qtbot: QtBot) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setFocus()
        qtbot.keyClick(yes, Qt.Key.Key_Space)

    QTimer.singleShot(50, answer)


def test_a_cluster_is_answered_with_the_keyboard_alone(
    qtbot: QtBot,
    mailbox_window: MainWindow,
    smtp_server: SmtpServer,
    imap_account: ImapAccount,
) -> None:
    window = mailbox_window
    window.activateWindow()
    window.queue_view.setFocus()
    target = _big_cluster_row(window)
    focus = QApplication.focusWidget() or window
    for _ in range(target - max(0, window.queue_view.currentIndex().row())):
        qtbot.keyClick(focus, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.queue_view.currentIndex().row() == target
    qtbot.waitUntil(lambda: window.messages_model.rowCount() >= 3, timeout=10_000)
    qtbot.keyClick(window.queue_view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.messages_view.hasFocus()

    qtbot.keyClick(window.messages_view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.answer.search.hasFocus()
    qtbot.waitUntil(lambda: window.answer.templates.count() > 0, timeout=10_000)
    qtbot.keyClicks(window.answer.search, "mot de passe")
    qtbot.waitUntil(lambda: _first_template(window).startswith("Mot de passe"), timeout=10_000)
    qtbot.keyClick(window.answer.search, Qt.Key.Key_Down)
    assert window.answer.templates.hasFocus()
    qtbot.keyClick(window.answer.templates, Qt.Key.Key_Return)
    _wait_preview(qtbot, window)
    if window.answer.rendered is not None and window.answer.rendered.report.missing:
        # The template wants a file number some senders did not give: the agent writes
        # this answer's text by hand instead (select all, type).
        window.answer.editor.setFocus()
        qtbot.keyClick(window.answer.editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(
            window.answer.editor, "Bonjour, voici comment retrouver votre mot de passe."
        )
        qtbot.waitUntil(lambda: window.answer.rendering, timeout=5_000)
        _wait_preview(qtbot, window)
    assert window.answer.rendered is not None and window.answer.rendered.report.can_send

    shown = window.answer.recipient.text()
    qtbot.keyClick(window.answer.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.answer.recipient.text() != shown

    drafts = window.answer.drafts
    expected = [(d.to_addr, d.body_text, d.message_ids) for d in drafts]
    _press_yes_in_the_next_dialog(qtbot)
    qtbot.keyClick(window.answer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    _check_delivery(qtbot, window, smtp_server, imap_account, expected)


def test_replies_held_at_closing_go_out_at_the_next_start(
    qtbot: QtBot,
    mailbox_window: MainWindow,
    smtp_server: SmtpServer,
    imap_account: ImapAccount,
) -> None:
    window = mailbox_window
    window.app.settings = replace(window.app.settings, undo_seconds=3)
    window.confirm = lambda _title, _text: True  # type: ignore[method-assign]
    window._select(window.queue_view, _big_cluster_row(window))
    qtbot.waitUntil(lambda: window.messages_model.rowCount() >= 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.agent is not None and window.account_id is not None)
    window.answer.editor.setPlainText("Bonjour,\nC'est noté.")
    _wait_preview(qtbot, window)
    drafts = window.answer.drafts
    expected = [(d.to_addr, d.body_text, d.message_ids) for d in drafts]
    window.send_answer()
    qtbot.waitUntil(window.undo_bar.isVisible, timeout=10_000)
    assert window.close(), "the agent said yes: the window closes"
    settle(qtbot, window.runner)
    assert smtp_server.messages == []
    with window.app.store.sessions() as session:
        assert set(session.scalars(select(Reply.state))) == {ReplyState.QUEUED}

    again = MainWindow(window.app, window.runner, login="ana")
    qtbot.addWidget(again)
    again.show()
    again.start()
    _check_delivery(qtbot, again, smtp_server, imap_account, expected)
    again.mailbox.stop()


def test_a_submission_server_gone_keeps_the_replies_until_it_is_back(
    qtbot: QtBot,
    runner: TaskRunner,
    empty_store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    dropping_proxy: Callable[[tuple[str, int]], DroppingProxy],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, imap_account.password)
    imap_account.write_messages(
        raw for raw, _, _ in itertools.islice(demo_messages(120, seed=3), 120)
    )
    proxy = dropping_proxy(("127.0.0.1", smtp_server.port))
    app = App(
        settings=_settings(imap_account, smtp_server, undo=0, smtp_port=proxy.address[1]),
        dirs=AppDirs.discover(),
        store=empty_store,
    )
    window = MainWindow(app, runner, login="ana")
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(
        lambda: (
            window.mailbox.state.value == "connected"
            and any(r.open_count >= 2 and r.cluster_id for r in window.queue_model.rows)
        ),
        timeout=60_000,
    )
    proxy.refuse(True)
    proxy.drop_all()
    window.confirm = lambda _title, _text: True  # type: ignore[method-assign]
    row = next(
        i
        for i, r in enumerate(window.queue_model.rows)
        if r.cluster_id is not None and r.open_count >= 2
    )
    window._select(window.queue_view, row)
    qtbot.waitUntil(lambda: window.messages_model.rowCount() >= 2, timeout=10_000)
    window.answer.editor.setPlainText("Bonjour,\nC'est noté.")
    _wait_preview(qtbot, window)
    drafts = window.answer.drafts
    expected = [(d.to_addr, d.body_text, d.message_ids) for d in drafts]
    reports: list[SendReport] = []
    window.mailbox.sent.connect(reports.append)
    window.send_answer()
    qtbot.waitUntil(lambda: any(r.offline for r in reports), timeout=30_000)
    assert smtp_server.messages == []
    qtbot.waitUntil(lambda: "Offline" in window.connection_label.text(), timeout=5_000)
    qtbot.waitUntil(lambda: window.outbox.waiting == len(drafts), timeout=10_000)

    proxy.refuse(False)
    qtbot.keyClick(
        window,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    _check_delivery(qtbot, window, smtp_server, imap_account, expected)
    window.mailbox.stop()
    settle(qtbot, runner, timeout=30_000)


def test_a_recipient_the_server_refuses_is_listed_by_name(
    qtbot: QtBot,
    mailbox_window: MainWindow,
    smtp_server: SmtpServer,
) -> None:
    window = mailbox_window
    window.confirm = lambda _title, _text: True  # type: ignore[method-assign]
    told: list[str] = []
    window.inform = lambda _title, text: told.append(text)  # type: ignore[method-assign]
    window._select(window.queue_view, _big_cluster_row(window))
    qtbot.waitUntil(lambda: window.messages_model.rowCount() >= 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.account_id is not None)
    window.answer.editor.setPlainText("Bonjour,\nC'est noté.")
    _wait_preview(qtbot, window)
    drafts = window.answer.drafts
    refused = drafts[0].to_addr
    smtp_server.reject_recipient(refused, 550, "5.1.1 No such mailbox")
    window.send_answer()
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    assert refused in told[0] and "No such mailbox" in told[0]
    qtbot.waitUntil(lambda: len(smtp_server.messages) == len(drafts) - 1, timeout=30_000)
    qtbot.waitUntil(lambda: window.outbox.failed == 1, timeout=10_000)
    assert "failed" in window.outbox_label.text()


# ------------------------------------------------------------------ members that ask more
ANOTHER_REQUEST = "par ailleurs, pouvez-vous m'envoyer un certificat de scolarite ?"


def _flag_one_recipient(window: MainWindow, row: int) -> int:
    """Flag, as asking more, an open member of the row's cluster whose sender wrote only it."""
    cluster_id = window.queue_model.rows[row].cluster_id
    with window.app.store.sessions.begin() as session:
        members = session.execute(
            select(Message.id, Message.sender)
            .join(ClusterMember, ClusterMember.message_id == Message.id)
            .where(ClusterMember.cluster_id == cluster_id, Message.status == MessageStatus.OPEN)
            .order_by(Message.id)
        ).all()
        senders = Counter(sender for _, sender in members)
        chosen = next(m for m, sender in members if senders[sender] == 1)
        session.execute(
            update(ClusterMember)
            .where(ClusterMember.message_id == chosen)
            .values(asks_more=ANOTHER_REQUEST)
        )
    return chosen


def _open_with_text(qtbot: QtBot, window: MainWindow, row: int) -> None:
    window._select(window.queue_view, row)
    qtbot.waitUntil(lambda: window.messages_model.rowCount() >= 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.account_id is not None)
    window.answer.editor.setPlainText("Bonjour,\nC'est noté.")
    _wait_preview(qtbot, window)


def _no_plain_confirmation(_title: str, _text: str) -> bool:
    raise AssertionError("the question about the messages that ask more is the confirmation")


def test_members_that_ask_more_are_left_out_when_the_agent_says_so(
    qtbot: QtBot,
    mailbox_window: MainWindow,
    smtp_server: SmtpServer,
    imap_account: ImapAccount,
) -> None:
    window = mailbox_window
    row = _big_cluster_row(window)
    flagged = _flag_one_recipient(window, row)
    asked: list[tuple[int, int, list[str]]] = []

    def leave_out(count: int, total: int, who: Sequence[str]) -> LeaveOut:
        asked.append((count, total, list(who)))
        return LeaveOut.LEAVE_OUT

    window.ask_leave_out = leave_out  # type: ignore[method-assign]
    window.confirm = _no_plain_confirmation  # type: ignore[method-assign]
    _open_with_text(qtbot, window, row)
    assert window.answer.asking_more == {flagged: ANOTHER_REQUEST}
    before = window.answer.drafts
    covered = len({m for d in before for m in d.message_ids})
    flagged_to = next(d.to_addr for d in before if flagged in d.message_ids)
    expected = [
        (d.to_addr, d.body_text, d.message_ids) for d in before if flagged not in d.message_ids
    ]
    assert expected, "someone is left to answer"

    window.answer.send_button.click()
    assert asked == [(1, covered, [flagged_to])]
    assert flagged not in window.messages_model.included_ids(), "left out as if unticked"
    _check_delivery(qtbot, window, smtp_server, imap_account, expected)
    assert flagged_to not in {m.rcpt_tos[0] for m in smtp_server.messages}
    with window.app.store.sessions() as session:
        message = session.get(Message, flagged)
        member = session.get(ClusterMember, flagged)
        assert message is not None and message.status == MessageStatus.OPEN
        assert member is not None and member.asks_more == ANOTHER_REQUEST, "still flagged"


def test_cancel_sends_nothing_and_send_to_all_answers_those_that_ask_more_too(
    qtbot: QtBot,
    mailbox_window: MainWindow,
    smtp_server: SmtpServer,
    imap_account: ImapAccount,
) -> None:
    window = mailbox_window
    row = _big_cluster_row(window)
    flagged = _flag_one_recipient(window, row)
    asked: list[int] = []

    def cancel(count: int, _total: int, _who: Sequence[str]) -> LeaveOut:
        asked.append(count)
        return LeaveOut.CANCEL

    window.ask_leave_out = cancel  # type: ignore[method-assign]
    window.confirm = _no_plain_confirmation  # type: ignore[method-assign]
    _open_with_text(qtbot, window, row)
    window.answer.send_button.click()
    assert asked == [1]
    assert window._pending_answer is None, "nothing was queued"
    assert flagged in window.messages_model.included_ids(), "and nothing left out"
    assert window.answer.send_button.isEnabled()
    qtbot.wait(1_500)  # longer than the undo window: anything queued would have gone
    with window.app.store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Reply)) == 0
        statuses = set(
            session.scalars(
                select(Message.status)
                .join(ClusterMember, ClusterMember.message_id == Message.id)
                .where(ClusterMember.cluster_id == window.queue_model.rows[row].cluster_id)
            )
        )
    assert MessageStatus.ANSWERED not in statuses
    assert smtp_server.messages == []

    # Asked again, "Send to all": every recipient gets it, the one that asks more too.
    window.ask_leave_out = lambda _count, _total, _who: LeaveOut.SEND_ALL  # type: ignore[method-assign]
    drafts = window.answer.drafts
    assert any(flagged in d.message_ids for d in drafts)
    expected = [(d.to_addr, d.body_text, d.message_ids) for d in drafts]
    window.answer.send_button.click()
    _check_delivery(qtbot, window, smtp_server, imap_account, expected)
