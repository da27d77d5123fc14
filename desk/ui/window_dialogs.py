"""The dialogs the window opens from its menus: account, settings, templates, statistics, help.

Each dialog is built when asked (its module imported then, so the window
opens fast), shown modally and freed afterwards. What a dialog changed comes
back as a signal the window applies; what must be read or written to do so
runs on a worker through :mod:`desk.workbench.opening`. A new dialog of the
window (the replies whose sending is in doubt, for one) belongs here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from desk.app import App
from desk.ui.tasks import TaskRunner
from desk.workbench.opening import reread_settings, save_account_row


def run_dialog(dialog: QDialog) -> bool:
    """Show a dialog modally and free it afterwards (dialogs are not kept between uses)."""
    try:
        return bool(dialog.exec())
    finally:
        dialog.deleteLater()


class WindowDialogs(QObject):
    """Opens the window's dialogs and reports what they changed."""

    account_replaced = Signal(object)  # the AccountConfig just saved by the account dialog
    account_saved = Signal(int)  # its row in the store
    settings_changed = Signal(object)  # the Settings read back after the settings dialog
    templates_changed = Signal()
    outbox_changed = Signal()  # an agent settled replies in doubt: the outbox counts change

    def __init__(self, app: App, runner: TaskRunner, window: QWidget) -> None:
        super().__init__(window)
        self.app = app
        self.runner = runner
        self.window = window

    def open_help(self) -> None:
        """List every shortcut of the window."""
        from desk.ui.help_dialog import HelpDialog  # noqa: PLC0415

        run_dialog(HelpDialog(self.window.actions(), self.window))

    def open_about(self) -> None:
        """Desk's version, its libraries' and where its logs are."""
        from desk.ui.about_dialog import AboutDialog  # noqa: PLC0415

        run_dialog(AboutDialog(self.app.dirs.logs, self.window))

    def open_account(self) -> None:
        """Set up or change the mailbox account."""
        from desk.ui.account_dialog import AccountDialog  # noqa: PLC0415

        dialog = AccountDialog(self.app, self.runner, self.window)
        if run_dialog(dialog) and dialog.saved_config is not None:
            config = dialog.saved_config
            self.account_replaced.emit(config)
            self.runner.run(
                "account",
                save_account_row,
                self.app.store.sessions,
                config,
                on_done=self.account_saved.emit,
            )

    def open_settings(self) -> None:
        """Language, undo window, similarity, deadline."""
        from desk.ui.settings_dialog import SettingsDialog  # noqa: PLC0415

        if run_dialog(SettingsDialog(self.app, self.runner, self.window)):
            self.runner.run(
                "reload settings",
                reread_settings,
                self.app.settings_file,
                self.app.settings.db_url,
                on_done=self.settings_changed.emit,
            )

    def open_templates(self) -> None:
        """The template editor; the answer pane's picker refreshes after it."""
        from desk.ui.template_editor import TemplateEditor  # noqa: PLC0415

        editor = TemplateEditor(self.app, self.runner, self.window)
        editor.templates_changed.connect(self.templates_changed.emit)
        run_dialog(editor)

    def open_replies_to_check(self) -> None:
        """The replies in doubt (send again / it went) and those whose last attempt failed."""
        from desk.ui.in_doubt_dialog import InDoubtDialog  # noqa: PLC0415

        dialog = InDoubtDialog(self.runner, self.app.store.sessions, self.window)
        dialog.changed.connect(self.outbox_changed.emit)
        run_dialog(dialog)

    def open_notices(self) -> None:
        """Acknowledgements, status updates and the services for hand-offs (team leads)."""
        from desk.ui.notices_dialog import NoticesDialog  # noqa: PLC0415

        name = dict(self.app.settings.account).get("name")
        if not isinstance(name, str) or not name:
            self.window.statusBar().showMessage(  # type: ignore[attr-defined]
                self.tr("Set up the mailbox first: these settings are the mailbox's."), 8000
            )
            return
        run_dialog(NoticesDialog(self.app.store.sessions, self.runner, name, self.window))

    def open_stats(self) -> None:
        """The statistics view with its exports."""
        from desk.ui.stats_view import StatsDialog  # noqa: PLC0415

        run_dialog(StatsDialog(self.app, self.runner, self.window))
