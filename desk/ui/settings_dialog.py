"""The Desk window's settings: language, undo window, similarity threshold, answer deadline.

Each control maps to one key of desk.toml. Only the values the user changed
are written (with :func:`desk.config.save_settings`, in a worker), so keys the
user never touched stay absent and keep following Desk's defaults; the rest
of the file, comments included, is left as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk.app import App
from desk.cluster.clusterer import DEFAULT_THRESHOLD
from desk.config import MAX_UNDO_SECONDS, save_settings
from desk.core.errors import DeskError
from desk.ui.error_text import error_sentence
from desk.ui.tasks import Task, TaskRunner

MIN_THRESHOLD = 60
MAX_THRESHOLD = 100
MAX_DEADLINE_HOURS = 24 * 30


def _autonym(language: QLocale.Language) -> str:
    """A language's own name ("Français"), from Qt's locale data, capitalised for a list."""
    name = QLocale(language).nativeLanguageName()
    return name[:1].upper() + name[1:]


class SettingsDialog(QDialog):
    """Edit the window's settings; after it is accepted, :attr:`chosen` holds every value.

    ``chosen`` has the shape :func:`desk.config.save_settings` takes:
    ``{"ui": {"language": None | "fr" | "en", "undo_seconds": int},
    "cluster": {"threshold": int}, "queue": {"deadline_hours": int}}``.
    """

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        config_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._runner = runner
        self._config_path = config_path or app.settings_file
        self._saving: Task[Any] | None = None
        self.chosen: dict[str, dict[str, object]] | None = None

        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.setAccessibleDescription(
            self.tr("The language, undo window, grouping threshold and answer deadline.")
        )
        self._build()
        self._initial = self.values()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        settings = self._app.settings
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem(self.tr("Follow the system"), None)
        self.language.addItem(_autonym(QLocale.Language.French), "fr")
        self.language.addItem(_autonym(QLocale.Language.English), "en")
        index = self.language.findData(settings.language)
        self.language.setCurrentIndex(max(index, 0))
        self.language.view().setAccessibleName(self.tr("Languages"))
        self.language.view().setAccessibleDescription(
            self.tr("Follow the system, French or English.")
        )

        self.undo_seconds = QSpinBox()
        self.undo_seconds.setObjectName("undo_seconds")
        self.undo_seconds.setRange(0, MAX_UNDO_SECONDS)
        self.undo_seconds.setSpecialValueText(self.tr("Send at once"))
        self.undo_seconds.setValue(round(settings.undo_seconds))

        self.threshold = QSpinBox()
        self.threshold.setObjectName("threshold")
        self.threshold.setRange(MIN_THRESHOLD, MAX_THRESHOLD)
        try:
            threshold = self._app.cluster_threshold()
        except DeskError:
            threshold = DEFAULT_THRESHOLD  # a bad file value: offer the default to fix it
        self.threshold.setValue(round(threshold))

        self.deadline_hours = QSpinBox()
        self.deadline_hours.setObjectName("deadline_hours")
        self.deadline_hours.setRange(1, MAX_DEADLINE_HOURS)
        self.deadline_hours.setValue(min(max(settings.deadline_hours, 1), MAX_DEADLINE_HOURS))

        form = QFormLayout()
        self._row(
            form,
            self.tr("&Language:"),
            self.language,
            self.tr("Language"),
            self.tr("The language of the window. It changes the next time Desk starts."),
            self.tr("The language changes the next time Desk starts."),
        )
        self._row(
            form,
            self.tr("&Undo window (seconds):"),
            self.undo_seconds,
            self.tr("Undo window in seconds"),
            self.tr("Replies wait this long in the outbox so you can take them back."),
            self.tr("Replies wait this long in the outbox so you can take them back."),
        )
        self._row(
            form,
            self.tr("&Similarity threshold (percent):"),
            self.threshold,
            self.tr("Similarity threshold in percent"),
            self.tr(
                "Messages at least this similar are grouped together; "
                "a lower value makes bigger groups."
            ),
            self.tr("A lower value makes bigger groups of similar messages."),
        )
        self._row(
            form,
            self.tr("Answer &deadline (hours):"),
            self.deadline_hours,
            self.tr("Answer deadline in hours"),
            self.tr("The answer-time promise: messages nearing it come first in the queue."),
            self.tr("The answer-time promise; messages nearing it come first."),
        )

        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.problem.setAccessibleDescription(self.tr("Why the settings could not be saved."))
        self.problem.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save_button")
        self.save_button.setDefault(True)
        self.save_button.setAccessibleName(self.tr("Save"))
        self.save_button.setAccessibleDescription(self.tr("Keep these settings and close."))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAccessibleDescription(self.tr("Close without changing anything."))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _row(
        self,
        form: QFormLayout,
        text: str,
        field: QWidget,
        name: str,
        description: str,
        note: str,
    ) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        field.setAccessibleName(name)
        field.setAccessibleDescription(description)
        explanation = QLabel(note)
        explanation.setWordWrap(True)
        column = QVBoxLayout()
        column.addWidget(field)
        column.addWidget(explanation)
        form.addRow(label, column)

    # ------------------------------------------------------------------ values
    def values(self) -> dict[str, dict[str, object]]:
        """Every setting as the controls show it, in ``save_settings`` shape."""
        return {
            "ui": {
                "language": self.language.currentData(),
                "undo_seconds": self.undo_seconds.value(),
            },
            "cluster": {"threshold": self.threshold.value()},
            "queue": {"deadline_hours": self.deadline_hours.value()},
        }

    def changes(self) -> dict[str, dict[str, object]]:
        """Only the settings that differ from what the dialog opened with."""
        changed: dict[str, dict[str, object]] = {}
        for section, keys in self.values().items():
            for key, value in keys.items():
                if value != self._initial[section][key]:
                    changed.setdefault(section, {})[key] = value
        return changed

    def save(self) -> None:
        """Write the changed settings in a worker, then close; a failure is shown here."""
        if self._saving is not None:
            return
        chosen, changes = self.values(), self.changes()
        if not changes:
            self._saved(chosen)
            return
        self.save_button.setEnabled(False)
        self._saving = self._runner.run(
            "save settings",
            save_settings,
            changes,
            self._config_path,
            on_done=lambda _none: self._saved(chosen),
            on_error=self._failed,
        )

    def _saved(self, chosen: dict[str, dict[str, object]]) -> None:
        self._saving = None
        self.chosen = chosen
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = None
        self.save_button.setEnabled(True)
        text = error_sentence(exc, doing="saving settings")
        self.problem.setText(text)
        self.problem.setAccessibleName(text)
        self.problem.show()

    def done(self, result: int) -> None:
        """Close; a save still on its way finishes, but its answer is no longer shown."""
        if self._saving is not None:
            self._saving.discard()
            self._saving = None
        super().done(result)
