"""Tools > Acknowledgements and services…: what Desk sends by itself, and where requests go.

For the team lead: acknowledgements of receipt on or off, one per person per
period, the status update when the expected time passes, the time zone
times are told in, the four texts (acknowledgement and update, French and
English; a text left as the default follows Desk's), and the services
requests can be handed to. Read and saved on a worker
(:mod:`desk.workbench.notices`); a refusal (an agent in a team, a bad time
zone, an unknown placeholder) is said here and nothing is lost of what was
typed. Per-category texts are set with ``desk acks text fr:CATEGORY FILE``.
"""

from __future__ import annotations

import getpass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.ui.error_text import error_sentence
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import named, plain_label, push_button
from desk.workbench.notices import (
    DEFAULT_TEXTS,
    DEFAULT_UPDATE_TEXTS,
    UPDATE_PREFIX,
    AckSettings,
    NoticeSettings,
    Service,
    read_notice_settings,
    save_notice_settings,
)

TEXT_KEYS = ("fr", "en", UPDATE_PREFIX + "fr", UPDATE_PREFIX + "en")


def _default(key: str) -> str:
    if key.startswith(UPDATE_PREFIX):
        return DEFAULT_UPDATE_TEXTS[key.removeprefix(UPDATE_PREFIX)]
    return DEFAULT_TEXTS[key]


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


class NoticesDialog(QDialog):
    """Edit a mailbox's acknowledgements and the team's services; Save writes both."""

    def __init__(
        self, sessions: Any, runner: TaskRunner, account_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._sessions, self._runner, self._account = sessions, runner, account_name
        self._task: Task[Any] | None = None
        self._loaded: NoticeSettings | None = None
        self._texts: dict[str, str] = {}  # custom texts only; the rest follow the defaults
        self._shown_key = TEXT_KEYS[0]
        self.setWindowTitle(self.tr("Acknowledgements and services"))
        named(
            self,
            self.tr("Acknowledgements and services"),
            self.tr("What Desk sends by itself, and the services requests can be handed to."),
        )
        self._build()
        self.resize(max(self.sizeHint().width(), 640), self.sizeHint().height())
        self._set_enabled(False)
        self._task = runner.run(
            "read notices",
            read_notice_settings,
            sessions,
            account_name,
            on_done=self._show,
            on_error=self._failed,
        )

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.enabled = QCheckBox(self.tr("&Acknowledge each new request"), self)
        self.enabled.setObjectName("acks_enabled")
        named(
            self.enabled,
            self.tr("Acknowledge each new request"),
            self.tr("Send each person an acknowledgement that says when they will be answered."),
        )
        self.period = QSpinBox(self)
        self.period.setObjectName("acks_period")
        self.period.setRange(1, 24 * 30)
        self.period.setSuffix(self.tr(" h"))
        named(
            self.period, self.tr("Period"), self.tr("At most one acknowledgement per person in it.")
        )
        self.updates = QCheckBox(
            self.tr("Send one status &update when the expected time passes"), self
        )
        self.updates.setObjectName("acks_updates")
        named(
            self.updates,
            self.tr("Status updates"),
            self.tr("A request still unanswered at its expected time gets one update."),
        )
        self.zone = QLineEdit(self)
        self.zone.setObjectName("acks_zone")
        named(
            self.zone, self.tr("Time zone"), self.tr("The zone times are told in, as Europe/Paris.")
        )
        self.which = QComboBox(self)
        self.which.setObjectName("acks_which")
        for key, text in zip(
            TEXT_KEYS,
            (
                self.tr("Acknowledgement, French"),
                self.tr("Acknowledgement, English"),
                self.tr("Status update, French"),
                self.tr("Status update, English"),
            ),
            strict=True,
        ):
            self.which.addItem(text, key)
        named(self.which, self.tr("Text"), self.tr("Which text is shown below."))
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("acks_text")
        self.text.setTabChangesFocus(True)
        named(
            self.text,
            self.tr("Text"),
            self.tr("The text; placeholders go in braces, as in the reply templates."),
        )
        self.restore = push_button(
            self, "acks_restore", self.tr("&Restore the default"), self.tr("Restore the default"),
            self.tr("Put Desk's own text back for this one."),
        )  # fmt: skip
        self.restore.clicked.connect(self._restore)
        self.which.currentIndexChanged.connect(self._switch_text)

        acks = QGroupBox(self.tr("Acknowledgements"), self)
        form = QFormLayout(acks)
        form.addRow(self.enabled)
        form.addRow(self.tr("One per person e&very:"), self.period)
        form.addRow(self.updates)
        form.addRow(self.tr("Time &zone:"), self.zone)
        form.addRow(self.tr("Te&xt:"), self.which)
        form.addRow(self.text)
        form.addRow(self.restore)

        self.services = QTableWidget(0, 3, self)
        self.services.setObjectName("services")
        self.services.setHorizontalHeaderLabels(
            [self.tr("Service"), self.tr("Address"), self.tr("Delay (hours)")]
        )
        self.services.horizontalHeader().setStretchLastSection(True)
        self.services.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        named(self.services, self.tr("Services"), self.tr("Where requests can be handed on."))
        self.add = push_button(
            self, "service_add", self.tr("A&dd a service"), self.tr("Add a service"),
            self.tr("A new row to fill in: name, address, delay in hours."),
        )  # fmt: skip
        self.remove = push_button(
            self, "service_remove", self.tr("Re&move the service"), self.tr("Remove the service"),
            self.tr("Remove the selected service from the list."),
        )  # fmt: skip
        self.add.clicked.connect(lambda: self.add_service(Service("?", "service@example.org")))
        self.remove.clicked.connect(self._remove_service)
        services = QGroupBox(self.tr("Services for hand-offs"), self)
        box = QVBoxLayout(services)
        box.addWidget(self.services)
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addWidget(self.remove)
        row.addStretch(1)
        box.addLayout(row)

        self.problem = plain_label(self, "notices_problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        named(self.save_button, self.tr("Save"), self.tr("Check and keep these settings."))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        named(cancel, self.tr("Cancel"), self.tr("Close without saving."))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(acks)
        layout.addWidget(services)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.enabled,
            self.period,
            self.updates,
            self.zone,
            self.which,
            self.text,
            self.restore,
            self.services,
            self.add,
            self.remove,
            self.save_button,
        ):
            widget.setEnabled(enabled)  # fmt: skip

    # ------------------------------------------------------------------ values
    def _show(self, loaded: NoticeSettings) -> None:
        self._task = None
        self._loaded = loaded
        acks = loaded.acks
        self.enabled.setChecked(acks.enabled)
        self.period.setValue(acks.period_hours)
        self.updates.setChecked(acks.updates)
        self.zone.setText(acks.time_zone)
        self._texts = dict(acks.texts)
        self._shown_key = TEXT_KEYS[0]
        self.text.setPlainText(self._texts.get(self._shown_key) or _default(self._shown_key))
        for service in loaded.services:
            self.add_service(service)
        self._set_enabled(True)

    def _keep_shown_text(self) -> None:
        text = self.text.toPlainText().strip()
        if text and text != _default(self._shown_key).strip():
            self._texts[self._shown_key] = text
        else:
            self._texts.pop(self._shown_key, None)

    def _switch_text(self, _index: int) -> None:
        self._keep_shown_text()
        self._shown_key = str(self.which.currentData())
        self.text.setPlainText(self._texts.get(self._shown_key) or _default(self._shown_key))

    def _restore(self) -> None:
        self._texts.pop(self._shown_key, None)
        self.text.setPlainText(_default(self._shown_key))

    def add_service(self, service: Service) -> None:
        """A row for ``service`` (the dialog's Add button adds one to fill in)."""
        row = self.services.rowCount()
        self.services.insertRow(row)
        for column, value in enumerate((service.name, service.address, str(service.delay_hours))):
            item = QTableWidgetItem(value)
            if column == 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.services.setItem(row, column, item)
        self.services.setCurrentCell(row, 0)

    def _remove_service(self) -> None:
        row = self.services.currentRow()
        if row >= 0:
            self.services.removeRow(row)

    def chosen(self) -> tuple[AckSettings, list[Service]]:
        """What the dialog says now, checked (ValueError names what is wrong)."""
        self._keep_shown_text()
        acks = AckSettings(
            enabled=self.enabled.isChecked(),
            updates=self.updates.isChecked(),
            period_hours=self.period.value(),
            time_zone=self.zone.text().strip(),
            texts={
                **{k: v for k, v in (self._loaded.acks.texts if self._loaded else {}).items()
                   if ":" in k.removeprefix(UPDATE_PREFIX)},  # per-category texts kept
                **self._texts,
            },
        )  # fmt: skip
        services = []
        for row in range(self.services.rowCount()):
            cells = [self.services.item(row, column) for column in range(3)]
            name, address, delay = (cell.text().strip() if cell else "" for cell in cells)
            if not delay.isdigit():
                raise ValueError(
                    self.tr("{name}: the delay is a number of hours").format(name=name)
                )
            services.append(Service(name, address, int(delay)))
        return acks, services

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        """Check, then save on a worker; close once saved."""
        if self._task is not None or self._loaded is None:
            return
        try:
            acks, services = self.chosen()
        except ValueError as exc:
            self._say(str(exc))
            return
        self.save_button.setEnabled(False)
        self._task = self._runner.run(
            "save notices",
            save_notice_settings,
            self._sessions,
            self._account,
            acks,
            services,
            _user_name(),
            on_done=lambda _none: self._saved(),
            on_error=self._failed,
        )

    def _saved(self) -> None:
        self._task = None
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.save_button.setEnabled(self._loaded is not None)
        self._say(error_sentence(exc, doing="acknowledgements and services"))

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setAccessibleName(text)
        self.problem.show()

    def done(self, result: int) -> None:
        """Close; work still on its way finishes, its answer no longer shown."""
        if self._task is not None:
            self._task.discard()
            self._task = None
        super().done(result)
