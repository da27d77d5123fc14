"""The window's menus and keyboard shortcuts: every action, where it is listed, what it does.

The actions live on the window (window shortcuts, listed by the help
dialog); their strings keep the window's translation context ("MainWindow").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow

translate = QCoreApplication.translate


@dataclass(frozen=True)
class WindowActions:
    """The actions other parts of the window enable, disable or name."""

    quit: QAction
    next_for_me: QAction
    send: QAction
    undo: QAction
    check: QAction


def _focus(field: QLineEdit) -> None:
    field.setFocus()
    field.selectAll()


def _action(
    window: MainWindow,
    text: str,
    shortcut: str | None,
    slot: Callable[[], object],
    tip: str,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def build_menus(window: MainWindow) -> WindowActions:
    """File, Go, Answer, Tools and Help, with their shortcuts."""
    menu = window.menuBar()
    file_menu = menu.addMenu(translate("MainWindow", "&File"))
    for text, shortcut, slot, tip in (
        (
            translate("MainWindow", "Mailbox &account…"),
            None,
            window.dialogs.open_account,
            translate("MainWindow", "Set up the mailbox"),
        ),
        (
            translate("MainWindow", "&Settings…"),
            "Ctrl+,",
            window.dialogs.open_settings,
            translate("MainWindow", "Language, undo window…"),
        ),
        (
            translate("MainWindow", "S&ync now"),
            "F5",
            window.mailbox.sync_now,
            translate("MainWindow", "Fetch new mail now"),
        ),
    ):
        file_menu.addAction(_action(window, text, shortcut, slot, tip))
    quit_action = _action(
        window,
        translate("MainWindow", "&Quit"),
        "Ctrl+Q",
        window.close,
        translate("MainWindow", "Quit"),
    )
    file_menu.addSeparator()
    file_menu.addAction(quit_action)

    go = menu.addMenu(translate("MainWindow", "&Go"))
    moves = [
        _action(window, text, shortcut, slot, tip)
        for text, shortcut, slot, tip in (
            (
                translate("MainWindow", "&Next in the queue"),
                "Ctrl+Down",
                lambda: window.move_in_queue(1),
                translate("MainWindow", "Select the next cluster"),
            ),
            (
                translate("MainWindow", "&Previous in the queue"),
                "Ctrl+Up",
                lambda: window.move_in_queue(-1),
                translate("MainWindow", "Select the previous cluster"),
            ),
            (
                translate("MainWindow", "&Open the messages"),
                "Ctrl+O",
                window.queue.open_messages,
                translate("MainWindow", "Move to the selected cluster's messages"),
            ),
            (
                translate("MainWindow", "&Search"),
                "Ctrl+F",
                window.searching.focus,
                translate("MainWindow", "Search all messages"),
            ),
        )
    ]
    next_for_me = _action(
        window,
        translate("MainWindow", "Next for me"),
        "Ctrl+N",
        window.next_for_me,
        translate("MainWindow", "Take the most urgent cluster nobody holds, and open it"),
    )
    for action in (next_for_me, *moves):
        go.addAction(action)

    answer = menu.addMenu(translate("MainWindow", "&Answer"))
    answer.addAction(
        _action(
            window,
            translate("MainWindow", "Choose a &template"),
            "Ctrl+T",
            lambda: _focus(window.answer.search),
            translate("MainWindow", "Move to the template search"),
        )
    )
    answer.addAction(
        _action(
            window,
            translate("MainWindow", "Pre&vious recipient"),
            "Alt+Left",
            lambda: window.answer.step(-1),
            translate("MainWindow", "Preview the previous recipient's reply"),
        )
    )
    answer.addAction(
        _action(
            window,
            translate("MainWindow", "Ne&xt recipient"),
            "Alt+Right",
            lambda: window.answer.step(1),
            translate("MainWindow", "Preview the next recipient's reply"),
        )
    )
    send = _action(
        window,
        translate("MainWindow", "&Send the answer…"),
        "Ctrl+Return",
        window.send_answer,
        translate("MainWindow", "Answer the chosen messages, after confirming"),
    )
    answer.addAction(send)
    answer.addAction(
        _action(
            window,
            translate("MainWindow", "Send the &outbox now"),
            "Ctrl+Shift+Return",
            window.mailbox.send_now,
            translate(
                "MainWindow", "Send the replies waiting in the outbox (after a stop, or offline)"
            ),
        )
    )
    check = _action(
        window,
        translate("MainWindow", "Replies to &check…"),
        "Ctrl+Shift+D",
        window.dialogs.open_replies_to_check,
        translate(
            "MainWindow",
            "Replies that may have left before the connection broke, and replies that failed",
        ),
    )
    answer.addAction(check)
    undo = _action(
        window,
        translate("MainWindow", "&Undo the last answer"),
        "Ctrl+Z",
        window.undo.undo_last,
        translate("MainWindow", "Take back replies still in the undo window"),
    )
    answer.addAction(undo)
    answer.addSeparator()
    for text, shortcut, slot, tip in (
        (
            translate("MainWindow", "&Leave out / include the message"),
            "Ctrl+E",
            window.queue.toggle_exclusion,
            translate("MainWindow", "Leave the selected message out of the answer, or put it back"),
        ),
        (
            translate("MainWindow", "&Move out of the cluster"),
            "Ctrl+Shift+M",
            window.move_out,
            translate("MainWindow", "Take the selected message out of its cluster"),
        ),
        (
            translate("MainWindow", "Mer&ge clusters…"),
            "Ctrl+M",
            window.merge,
            translate("MainWindow", "Merge two clusters"),
        ),
        (
            translate("MainWindow", "&Hand off to another service…"),
            "Ctrl+Shift+H",
            window.handoffs.hand_off,
            translate(
                "MainWindow", "Forward the chosen messages to a service and wait for its answer"
            ),
        ),
    ):
        answer.addAction(_action(window, text, shortcut, slot, tip))
    answer.addSeparator()
    window.suggestions.add_actions(answer)

    tools = menu.addMenu(translate("MainWindow", "&Tools"))
    for text, shortcut, slot, tip in (
        (
            translate("MainWindow", "&Templates…"),
            "Ctrl+Shift+T",
            window.dialogs.open_templates,
            translate("MainWindow", "Write and edit reply templates"),
        ),
        (
            translate("MainWindow", "&Statistics…"),
            "Ctrl+Shift+S",
            window.dialogs.open_stats,
            translate("MainWindow", "Handling-time statistics and exports"),
        ),
        (
            translate("MainWindow", "Ac&knowledgements and services…"),
            "Ctrl+Shift+K",
            window.dialogs.open_notices,
            translate(
                "MainWindow",
                "What Desk sends by itself, and the services requests can be handed to",
            ),
        ),
    ):
        tools.addAction(_action(window, text, shortcut, slot, tip))

    help_menu = menu.addMenu(translate("MainWindow", "&Help"))
    help_menu.addAction(
        _action(
            window,
            translate("MainWindow", "&Keyboard shortcuts"),
            "F1",
            window.dialogs.open_help,
            translate("MainWindow", "Every shortcut"),
        )
    )
    about = _action(
        window,
        translate("MainWindow", "&About Desk…"),
        None,
        window.dialogs.open_about,
        translate("MainWindow", "The version of Desk and where its logs are"),
    )
    about.setMenuRole(QAction.MenuRole.AboutRole)
    help_menu.addAction(about)
    return WindowActions(quit_action, next_for_me, send, undo, check)
