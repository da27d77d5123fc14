"""The first start's set-up: work alone on this computer, or join the team's database.

Shown by ``desk`` when no settings file exists (``desk demo`` never shows
it). Two pages: the choice, then, for a team, the database's address and the
person's own login, which must pass *Check* (:func:`desk.workbench.first_start.check_team`,
on a worker) before Finish is offered. Finish saves on a worker too and
closes the set-up only once everything is written; a failure is said on
the page and nothing is lost of what was typed. Cancel writes nothing: the
next start asks again.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desk.config import Settings
from desk.mail.account import AccountConfig
from desk.ui.error_text import error_sentence
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import named, push_button, result_label
from desk.workbench.first_start import (
    DEFAULT_DATABASE,
    TeamAddress,
    TeamCheck,
    check_team,
    join_team,
    split_server,
    start_alone,
)

CHOICE_PAGE, TEAM_PAGE = 0, 1


def _login_guess() -> str:
    """The computer's user name: often the team login too (the agent can change it)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or the password database
        return ""


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setAccessibleName(text)
    label.setVisible(bool(text))


class ChoicePage(QWizardPage):
    """Alone or with a team; alone is the last page (Finish), a team leads to its address."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome to Desk"))
        self.setSubTitle(self.tr("How will you work on this computer?"))
        self.alone = QRadioButton(self.tr("&Alone on this computer"), self)
        self.alone.setObjectName("alone")
        self.team = QRadioButton(self.tr("With my &team"), self)
        self.team.setObjectName("team")
        alone_text = self.tr(
            "Desk keeps the mail and your answers in a database on this computer, in {folder}. "
            "You then give the shared mailbox's servers and password."
        ).format(folder=data_dir)
        team_text = self.tr(
            "Your team shares one database on a server. You need its address and your own "
            "login, from your team lead. No mailbox password is asked: the team's service "
            "reads and sends the mail."
        )
        named(self.alone, self.tr("Alone on this computer"), alone_text)
        named(self.team, self.tr("With my team"), team_text)
        self.choices = QButtonGroup(self)
        self.choices.addButton(self.alone)
        self.choices.addButton(self.team)
        self.alone.setChecked(True)
        # The wizard redraws Next/Finish when a page says whether it is the last one.
        self.setFinalPage(True)
        self.choices.buttonToggled.connect(lambda *_: self.setFinalPage(self.alone.isChecked()))
        self.problem = result_label(self, "choice_problem", self.tr("Why saving failed."))
        layout = QVBoxLayout(self)
        for button, text in ((self.alone, alone_text), (self.team, team_text)):
            layout.addWidget(button)
            explanation = QLabel(text, self)
            explanation.setWordWrap(True)
            explanation.setIndent(24)
            layout.addWidget(explanation)
        layout.addStretch(1)
        layout.addWidget(self.problem)

    def nextId(self) -> int:
        """Alone ends here (Finish); a team goes on to its address."""
        return TEAM_PAGE if self.team.isChecked() else -1


class TeamPage(QWizardPage):
    """The team's database and the person's login; complete once *Check* passed on them."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._checking: Task[TeamCheck] | None = None
        self.check_result: TeamCheck | None = None
        self.setTitle(self.tr("Join your team"))
        self.setSubTitle(
            self.tr("The address of the team's database and your own login, from your team lead.")
        )
        self.server = QLineEdit(self)
        self.server.setObjectName("server")
        self.server.setPlaceholderText(self.tr("db.example.org or db.example.org:5432"))
        named(
            self.server,
            self.tr("Database server"),
            self.tr("The server's name, and its port after a colon when it is not 5432."),
        )
        self.database = QLineEdit(DEFAULT_DATABASE, self)
        self.database.setObjectName("database")
        named(
            self.database, self.tr("Database name"), self.tr("The team's database on the server.")
        )
        self.login = QLineEdit(_login_guess(), self)
        self.login.setObjectName("login")
        named(self.login, self.tr("Your login"), self.tr("Your own login, not the team's."))
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        named(
            self.password,
            self.tr("Your password"),
            self.tr(
                "Kept in your PostgreSQL password file, never in Desk's settings. "
                "Leave it empty when your organisation signs you in another way."
            ),
        )
        self.check_button = push_button(
            self,
            "check_button",
            self.tr("&Check"),
            self.tr("Check"),
            self.tr("Connect with these settings and check that you are in the team."),
        )
        self.check_button.clicked.connect(self.check)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("busy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        named(self.busy, self.tr("Working"), self.tr("Desk is talking to the database."))
        self.busy.hide()
        self.mailbox = QComboBox(self)
        self.mailbox.setObjectName("mailbox")
        named(
            self.mailbox,
            self.tr("Shared mailbox"),
            self.tr("The team's mailbox this computer answers."),
        )
        self.mailbox.hide()
        self.result = result_label(self, "result", self.tr("What the check found."))
        self.problem = result_label(self, "problem", self.tr("What needs fixing."))

        form = QFormLayout()
        form.addRow(self.tr("&Server:"), self.server)
        form.addRow(self.tr("&Database:"), self.database)
        form.addRow(self.tr("&Login:"), self.login)
        form.addRow(self.tr("&Password:"), self.password)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.busy, 1)
        check_row.addStretch(0)  # the button keeps its size while the bar is hidden
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(check_row)
        layout.addWidget(self.result)
        layout.addWidget(self.mailbox)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        for field in (self.server, self.database, self.login, self.password):
            field.textEdited.connect(self._edited)

    # ------------------------------------------------------------------ checking
    def address(self) -> TeamAddress | None:
        """The address the fields say, or None with what is wrong shown on the page."""
        try:
            host, port = split_server(self.server.text())
        except ValueError:
            _say(self.problem, self.tr("Give the server as its name, or name:port."))
            return None
        database, login = self.database.text().strip(), self.login.text().strip()
        if not database or not login:
            _say(self.problem, self.tr("Give the database's name and your login."))
            return None
        _say(self.problem, "")
        return TeamAddress(host, port, database, login)

    def check(self) -> None:
        """Connect and check on a worker; Finish is offered once it passed."""
        address = self.address()
        if address is None or self._checking is not None:
            return
        self._busy(True)
        _say(self.result, "")
        self._checking = self._runner.run(
            "check team",
            check_team,
            address,
            self.password.text(),
            on_done=self._checked,
            on_error=self._check_failed,
        )

    def _checked(self, check: TeamCheck) -> None:
        self._checking = None
        self._busy(False)
        self.check_result = check
        roles = {"agent": self.tr("agent"), "lead": self.tr("team lead"), "owner": self.tr("owner")}
        found = self.tr("Connected as {login} ({role}).").format(
            login=check.address.login, role=roles[check.role]
        )
        if not check.mailboxes:
            found += " " + self.tr(
                "The team has no shared mailbox yet; set it later with File > Mailbox account…"
            )
        _say(self.result, found)
        self.mailbox.clear()
        for mailbox in check.mailboxes:
            self.mailbox.addItem(f"{mailbox.name} <{mailbox.address}>")
        self.mailbox.setVisible(len(check.mailboxes) > 1)
        self.completeChanged.emit()

    def _check_failed(self, exc: BaseException) -> None:
        self._checking = None
        self._busy(False)
        _say(self.problem, error_sentence(exc, doing="checking the team's database"))
        self.password.setFocus()

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.check_button.setEnabled(not busy)

    def _edited(self, _text: str) -> None:
        """A changed field needs a new check: a passed check holds only for what it saw."""
        if self._checking is not None:
            self._checking.discard()
            self._checking = None
            self._busy(False)
        if self.check_result is not None:
            self.check_result = None
            _say(self.result, "")
            self.mailbox.hide()
            self.completeChanged.emit()

    def chosen_mailbox(self) -> AccountConfig | None:
        """The mailbox this computer will answer, as the team's database has it."""
        if self.check_result is None or not self.check_result.mailboxes:
            return None
        return self.check_result.mailboxes[max(self.mailbox.currentIndex(), 0)]

    def isComplete(self) -> bool:
        """Finish only after a check that passed on what the fields say now."""
        return self.check_result is not None


class FirstStartWizard(QWizard):
    """The set-up; after it is accepted, :attr:`settings` holds what was saved."""

    def __init__(
        self,
        runner: TaskRunner,
        settings_path: Path,
        data_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._settings_path = settings_path
        self._saving: Task[Settings] | None = None
        self.settings: Settings | None = None
        self.setWindowTitle(self.tr("Setting up Desk"))
        self.setObjectName("first_start")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.choice = ChoicePage(data_dir, self)
        self.team = TeamPage(runner, self)
        self.setPage(CHOICE_PAGE, self.choice)
        self.setPage(TEAM_PAGE, self.team)
        self.setStartId(CHOICE_PAGE)

    @property
    def works_alone(self) -> bool:
        """The choice made: alone (then the mailbox account comes next) or with a team."""
        return not self.choice.team.isChecked()

    def accept(self) -> None:
        """Finish: save on a worker, and close once it is written."""
        if self._saving is not None:
            return
        save: Callable[[], Settings]
        if self.works_alone:
            save = partial(start_alone, self._settings_path)
        else:
            check = self.team.check_result
            if check is None:  # Finish is disabled until then; a guard all the same
                return
            password, mailbox = self.team.password.text(), self.team.chosen_mailbox()
            save = partial(join_team, self._settings_path, check, password, mailbox)
        self._set_busy(True)
        self._saving = self._runner.run(
            "save first start", save, on_done=self._saved, on_error=self._save_failed
        )

    def _saved(self, settings: Settings) -> None:
        self._saving = None
        self.settings = settings
        super().accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = None
        self._set_busy(False)
        page = self.choice if self.works_alone else self.team
        _say(page.problem, error_sentence(exc, doing="saving the first start"))

    def _set_busy(self, busy: bool) -> None:
        for which in (
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.CancelButton,
        ):
            self.button(which).setEnabled(not busy)

    def reject(self) -> None:
        """Cancel: nothing written (a save under way finishes, then the next start asks again)."""
        if self._saving is None:
            super().reject()
