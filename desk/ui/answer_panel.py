"""The answer pane: pick a template, adjust its text, step through each recipient's reply, send.

Every preview is rendered on a worker by the same code that makes the
outbox's drafts, so what the agent reads for a recipient is byte for byte
what that recipient gets. The Send button says how many messages it answers
and stays disabled, with the reason beside it, while anything stands in the
way: no template, a placeholder without a value for someone, nothing chosen,
no mailbox account.
The preview's worker also notes which messages covered ask more than their
cluster, so the window can ask before sending without reading the store.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk.app import App
from desk.mail.drafts import ReplyDraft
from desk.replies.render import RenderedReplies
from desk.replies.templates import TemplateData
from desk.ui.error_text import error_sentence
from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import delay_timer, named, plain_label, plain_tooltip
from desk.workbench.answer_tasks import AnswerPreview, find_templates, preview_answer

PREVIEW_DELAY_MS = 350
SHOWN_IN_PROBLEMS = 5
TOOLTIP_CHARS = 400  # of a template's text, shown on hover in the list


class AnswerPanel(QWidget):
    """Template picker, editable text, per-recipient preview and the Send button."""

    send_requested = Signal()
    send_confirmed = Signal(object)  # the drafts, to queue without asking again
    state_changed = Signal()

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.agent_id: int | None = None
        self.can_answer_reason: str | None = None  # the window's reason (no account, held...)
        self._message_ids: list[int] = []
        self._cluster_id: int | None = None
        self._template: TemplateData | None = None
        self._original_text: str | None = None  # the chosen template's own text
        self._rendered: RenderedReplies | None = None
        self._asking_more: dict[int, str] = {}
        self._send_pending: frozenset[int] | None = None  # left out; send once re-rendered
        self._rendering = False
        self._position = 0
        self._search_task: Task[list[TemplateData]] | None = None
        self._render_task: Task[AnswerPreview] | None = None
        self._templates: list[TemplateData] = []
        self._build()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("templateSearch")
        self.search.setPlaceholderText(self.tr("Search templates (Ctrl+T)"))
        self.search.setClearButtonEnabled(True)
        named(
            self.search,
            self.tr("Template search"),
            self.tr("Type words of a template's name, category or text; Down moves to the list"),
        )
        self.templates = QListWidget(self)
        self.templates.setObjectName("templateList")
        named(
            self.templates,
            self.tr("Templates"),
            self.tr("Reply templates matching the search; Enter chooses one"),
        )
        search_label = QLabel(self.tr("&Template:"), self)
        search_label.setBuddy(self.search)

        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("answerText")
        named(
            self.editor,
            self.tr("Answer text"),
            self.tr(
                "The chosen template's text with its placeholders; changes apply to this "
                "answer only and the preview follows them"
            ),
        )
        editor_label = QLabel(self.tr("Answer te&xt (placeholders in braces):"), self)
        editor_label.setBuddy(self.editor)

        # Recipients' names and addresses come from their mail: shown as written.
        self.recipient = plain_label(self, "recipientLine")
        self.recipient.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.previous_button = QPushButton(self.tr("◀ &Previous"), self)
        self.previous_button.setObjectName("previousRecipient")
        named(
            self.previous_button,
            self.tr("Previous recipient"),
            self.tr("Show the reply the previous recipient gets (Alt+Left)"),
        )
        self.next_button = QPushButton(self.tr("&Next ▶"), self)
        self.next_button.setObjectName("nextRecipient")
        named(
            self.next_button,
            self.tr("Next recipient"),
            self.tr("Show the reply the next recipient gets (Alt+Right)"),
        )
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("preview")
        self.preview.setOpenLinks(False)
        named(
            self.preview,
            self.tr("Reply preview"),
            self.tr("Exactly what the shown recipient will receive"),
        )
        self.problems = plain_label(self, "problems")  # names recipients and placeholders
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(False)
        named(
            self.send_button,
            self.tr("Send the answer"),
            self.tr("Queue one reply per recipient; you confirm first (Ctrl+Return)"),
        )

        picker = QWidget(self)
        picker.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 14))
        picker_layout = QVBoxLayout(picker)
        picker_layout.setContentsMargins(0, 0, 0, 0)
        picker_layout.addWidget(search_label)
        picker_layout.addWidget(self.search)
        picker_layout.addWidget(self.templates)

        writer = QWidget(self)
        writer_layout = QVBoxLayout(writer)
        writer_layout.setContentsMargins(0, 0, 0, 0)
        writer_layout.addWidget(editor_label)
        writer_layout.addWidget(self.editor, 2)
        steps = QHBoxLayout()
        steps.addWidget(self.previous_button)
        steps.addWidget(self.recipient, 1)
        steps.addWidget(self.next_button)
        writer_layout.addLayout(steps)
        writer_layout.addWidget(self.preview, 3)
        writer_layout.addWidget(self.problems)
        writer_layout.addWidget(self.send_button)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(picker)
        split.addWidget(writer)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([190, 450])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self._preview_timer = delay_timer(self, PREVIEW_DELAY_MS, self._render)
        self._search_timer = delay_timer(self, 150, self._search_now)

        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._choose_current)
        self.templates.itemActivated.connect(lambda _item: self._choose_current())
        self.templates.currentRowChanged.connect(lambda _row: self._choose_current())
        self.editor.textChanged.connect(self._text_edited)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.send_button.clicked.connect(self._send_clicked)
        self.search.installEventFilter(self)
        self._update()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """Down in the search field moves into the template list."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.templates.count()
        ):
            self.templates.setFocus()
            if self.templates.currentRow() < 0:
                self.templates.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ templates
    def load_templates(self) -> None:
        """List the templates matching the search field (on a worker)."""
        self._search_now()

    def _search_now(self) -> None:
        if self._search_task is not None:
            self._search_task.discard()
        query = self.search.text()
        self._search_task = self.runner.run(
            "search templates",
            find_templates,
            self.app.store.sessions,
            query,
            on_done=self._show_templates,
        )

    def _show_templates(self, found: list[TemplateData]) -> None:
        chosen = self._template.id if self._template else None
        self._templates = found
        self.templates.blockSignals(True)
        self.templates.clear()
        for template in found:
            item = QListWidgetItem(
                self.tr("{name} — {category}").format(
                    name=template.name, category=template.category
                )
                if template.category
                else template.name
            )
            item.setData(Qt.ItemDataRole.UserRole, template.id)
            item.setToolTip(plain_tooltip(template.body_text[:TOOLTIP_CHARS]))
            self.templates.addItem(item)
            if template.id == chosen:
                self.templates.setCurrentItem(item)
        self.templates.blockSignals(False)
        self.state_changed.emit()

    def _choose_current(self) -> None:
        row = self.templates.currentRow()
        if 0 <= row < len(self._templates):
            self.choose_template(self._templates[row])

    def choose_template(self, template: TemplateData) -> None:
        """Use this template: its text goes into the editor and the preview is rendered."""
        if self._template is not None and self._template.id == template.id:
            return
        self._send_pending = None
        self._template = template
        self._original_text = template.body_text
        self.editor.blockSignals(True)
        self.editor.setPlainText(template.body_text)
        self.editor.blockSignals(False)
        self._position = 0
        self._render()

    @property
    def template(self) -> TemplateData | None:
        """The template as edited for this answer."""
        return self._template

    @property
    def edited(self) -> bool:
        """Whether the text differs from the chosen template's (free text counts as edited)."""
        if self._template is None:
            return False
        return self._original_text is None or self._template.body_text != self._original_text

    def _text_edited(self) -> None:
        if self._template is None:
            self._template = TemplateData(name=self.tr("Free text"), body_text="")
        self._template = replace(self._template, body_text=self.editor.toPlainText())
        self._send_pending = None
        self._rendering = True
        self._update()
        self._preview_timer.start()

    # ------------------------------------------------------------------ target
    def set_target(self, message_ids: Sequence[int], cluster_id: int | None) -> None:
        """Answer these messages (the included members of the selected row)."""
        ids = list(message_ids)
        if ids == self._message_ids and cluster_id == self._cluster_id:
            return
        self._message_ids = ids
        self._cluster_id = cluster_id
        self._send_pending = None
        self._position = 0
        self._render()

    @property
    def message_ids(self) -> list[int]:
        """The messages this answer goes to."""
        return list(self._message_ids)

    @property
    def cluster_id(self) -> int | None:
        """The cluster being answered (None for a lone message or a sender)."""
        return self._cluster_id

    def _render(self) -> None:
        self._preview_timer.stop()
        if self._render_task is not None:
            self._render_task.discard()
        if self._template is None or not self._message_ids or self.agent_id is None:
            self._rendered = None
            self._asking_more = {}
            self._rendering = False
            self._update()
            return
        self._rendering = True
        self._update()
        self._render_task = self.runner.run(
            "render replies",
            preview_answer,
            self.app.store.sessions,
            self._template,
            list(self._message_ids),
            self.agent_id,
            self._cluster_id,
            on_done=self._rendered_arrived,
            on_error=self._render_failed,
        )

    def _rendered_arrived(self, arrived: AnswerPreview) -> None:
        self._rendered = arrived.rendered
        self._asking_more = arrived.asking_more
        self._rendering = False
        self._position = min(self._position, max(0, len(arrived.rendered.drafts) - 1))
        self._update()
        if self._send_pending is not None:
            self._send_left_out()

    def _render_failed(self, exc: BaseException) -> None:
        self._rendered = None
        self._asking_more = {}
        self._send_pending = None
        self._rendering = False
        self._update()
        self.problems.setText(
            self.tr("The preview failed: {error}").format(
                error=error_sentence(exc, doing="rendering the preview")
            )
        )

    # ------------------------------------------------------------------ preview
    @property
    def drafts(self) -> tuple[ReplyDraft, ...]:
        """The replies as previewed (what Send queues)."""
        return self._rendered.drafts if self._rendered else ()

    @property
    def rendered(self) -> RenderedReplies | None:
        """The last preview, with its report."""
        return self._rendered

    @property
    def asking_more(self) -> dict[int, str]:
        """Previewed messages that ask more than their cluster (id → request); none outside one."""
        return dict(self._asking_more)

    def send_when_ready(self, left_out: Collection[int]) -> None:
        """Send, without asking again, once the preview without ``left_out`` has arrived.

        The window has left them out of the target (starting that preview);
        any other change before it arrives (text, template, messages) cancels.
        """
        self._send_pending = frozenset(left_out)
        if not self._rendering and self._rendered is not None:
            self._send_left_out()

    def _send_left_out(self) -> None:
        left_out, self._send_pending = self._send_pending or frozenset(), None
        drafts = self.drafts
        if any(set(draft.message_ids) & left_out for draft in drafts):
            return  # not the preview without them: nothing goes
        if self.blocking_reason() is None:
            self.send_confirmed.emit(drafts)

    @property
    def rendering(self) -> bool:
        """True while a preview is being made (Send waits for it)."""
        return self._rendering

    def step(self, delta: int) -> None:
        """Show the previous (-1) or next (+1) recipient's reply."""
        count = len(self.drafts)
        if not count:
            return
        self._position = max(0, min(count - 1, self._position + delta))
        self._show_draft()

    def _show_draft(self) -> None:
        drafts = self.drafts
        locale = QLocale()
        if not drafts:
            self.recipient.setText("")
            self.preview.setPlainText("")
            self.previous_button.setEnabled(False)
            self.next_button.setEnabled(False)
            return
        draft = drafts[self._position]
        who = f"{draft.to_name} <{draft.to_addr}>" if draft.to_name else draft.to_addr
        self.recipient.setText(
            self.tr("Recipient {n} of {total}: {who}").format(
                n=locale.toString(self._position + 1), total=locale.toString(len(drafts)), who=who
            )
        )
        self.preview.setPlainText(draft.body_text)
        self.previous_button.setEnabled(self._position > 0)
        self.next_button.setEnabled(self._position < len(drafts) - 1)

    def blocking_reason(self) -> str | None:
        """Why Send is disabled now, in words (None when it may go)."""
        if self.can_answer_reason:
            return self.can_answer_reason
        if not self._message_ids:
            return self.tr("No open message is chosen.")
        if self._template is None:
            return self.tr("Choose a template first (Ctrl+T).")
        if self._rendering:
            return self.tr("Preparing the preview…")
        if self._rendered is None:
            return self.tr("The preview is not ready.")
        if not self._rendered.drafts:
            return self.tr("None of these messages can be answered any more.")
        if not self._rendered.report.can_send:
            return self.tr("Fix the problems above before sending.")
        return None

    def _problem_lines(self) -> list[str]:
        if self._rendered is None:
            return []
        report = self._rendered.report
        locale = QLocale()
        lines = []
        for problem in report.syntax:
            lines.append(
                self.tr("Line {line}: {problem}").format(
                    line=locale.toString(problem.line), problem=problem.text
                )
            )
        for missing in report.missing:
            shown = ", ".join(missing.recipients[:SHOWN_IN_PROBLEMS])
            more = len(missing.recipients) - SHOWN_IN_PROBLEMS
            count = len(missing.recipients)
            if more > 0:
                line = self.tr(
                    "{placeholder} has no value for %n recipient(s): {who} and {more} more",
                    "",
                    count,
                )
            else:
                line = self.tr("{placeholder} has no value for %n recipient(s): {who}", "", count)
            lines.append(
                line.format(placeholder=missing.name, who=shown, more=locale.toString(more))
            )
        if report.skipped:
            lines.append(
                self.tr(
                    "%n message(s) left out: answered meanwhile, closed or without address.",
                    "",
                    len(report.skipped),
                )
            )
        return lines

    def _update(self) -> None:
        self._show_draft()
        lines = self._problem_lines()
        reason = self.blocking_reason()
        if reason and reason not in lines:
            lines.append(reason)
        self.problems.setText("\n".join(lines))
        count = len({m for d in self.drafts for m in d.message_ids})
        self.send_button.setText(
            self.tr("&Answer {count} messages").format(count=QLocale().toString(count))
            if count
            else self.tr("&Answer")
        )
        self.send_button.setEnabled(reason is None)
        self.state_changed.emit()

    def refresh_state(self) -> None:
        """Re-check whether Send may go (the window's reasons changed)."""
        self._update()

    def _send_clicked(self) -> None:
        if self.blocking_reason() is None:
            self.send_requested.emit()

    def clear_after_send(self) -> None:
        """Forget the answered target; the template stays chosen for the next cluster."""
        self._message_ids = []
        self._cluster_id = None
        self._rendered = None
        self._asking_more = {}
        self._send_pending = None
        self._position = 0
        self._update()
