"""Item models of the main window: the queue, and message lists that load their rows lazily.

The queue holds its rows (a few thousand at most, computed on a worker). A
message list holds only ids; the rows a view asks for are fetched a page at
a time on a worker, and the cells show a placeholder until they arrive, so a
list of 100,000 messages opens and scrolls without the GUI thread ever
touching the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from desk.ui.tasks import Task, TaskRunner
from desk.ui.widgets import plain_tooltip
from desk.workbench.worklist import MessageRow, QueueRow

Index = QModelIndex | QPersistentModelIndex
PAGE = 200


def local_datetime(moment: datetime) -> str:
    """A date and time in the user's locale, in their time zone."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    shown = QDateTime.fromSecsSinceEpoch(int(aware.timestamp()))
    return QLocale().toString(shown, QLocale.FormatType.ShortFormat)


def duration_text(seconds: float) -> str:
    """How long, in hours (and days past two days), with a sign when overdue."""
    hours = abs(seconds) / 3600
    if hours >= 48:
        text = QCoreApplication.translate("Models", "{days} d {hours} h").format(
            days=QLocale().toString(int(hours // 24)), hours=QLocale().toString(int(hours % 24))
        )
    elif hours >= 1:
        text = QCoreApplication.translate("Models", "{hours} h").format(
            hours=QLocale().toString(int(hours))
        )
    else:
        text = QCoreApplication.translate("Models", "{minutes} min").format(
            minutes=QLocale().toString(int(abs(seconds) // 60))
        )
    return (
        QCoreApplication.translate("Models", "overdue by {time}").format(time=text)
        if seconds < 0
        else text
    )


def category_name(key: str) -> str:
    """A queue category as agents call it (the core's keys are English words)."""
    names = {
        "complaint": QCoreApplication.translate("Categories", "Complaint"),
        "accessibility": QCoreApplication.translate("Categories", "Accessibility"),
        "exam": QCoreApplication.translate("Categories", "Exams"),
        "payment": QCoreApplication.translate("Categories", "Payment"),
        "urgent": QCoreApplication.translate("Categories", "Urgent"),
    }
    return names.get(key, key)


def _muted() -> Any:
    return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


class QueueModel(QAbstractTableModel):
    """The queue: one row per cluster, lone message or sender, best first."""

    PRIORITY, TITLE, COUNT, WAITING, LEFT, CATEGORY, HELD = range(7)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[QueueRow] = []
        self._now = datetime.now(UTC)

    def headers(self) -> list[str]:
        """Column titles (translated when asked, so a language change shows)."""
        return [
            self.tr("Priority"),
            self.tr("Request"),  # what the cluster asks (its title), not a subject line
            self.tr("Messages"),
            self.tr("Waiting"),
            self.tr("Time left"),
            self.tr("Category"),
            self.tr("Held by"),
        ]

    def set_rows(self, rows: Sequence[QueueRow], now: datetime) -> None:
        """Replace every row (after a refresh); views keep their selection by :meth:`key_at`."""
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now
        self.endResetModel()

    def set_holders(self, holders: dict[str, tuple[str, int]]) -> None:
        """Update who holds what (the live claims), without disturbing the view."""
        changed = []
        for i, row in enumerate(self._rows):
            held_by, held_count = holders.get(row.key, (None, 0))
            if (held_by, held_count) != (row.held_by, row.held_count):
                self._rows[i] = _replace(row, held_by=held_by, held_count=held_count)
                changed.append(i)
        for i in changed:
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))

    def row_at(self, row: int) -> QueueRow | None:
        """The queue row shown at ``row``."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int:
        """Where the row with this key is now (-1 when gone)."""
        for i, row in enumerate(self._rows):
            if row.key == key:
                return i
        return -1

    @property
    def rows(self) -> list[QueueRow]:
        """Every row, in order."""
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.TITLE and row.subject and row.subject != row.title:
                # The title says what the row asks; its subject line is shown on hover.
                subject = self.tr("Subject: {subject}").format(subject=row.subject)
                return plain_tooltip(f"{subject}\n\n{self.explain(row)}")
            return plain_tooltip(self.explain(row))
        if role == Qt.ItemDataRole.ForegroundRole and row.held_by:
            return _muted()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.describe(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.PRIORITY,
            self.COUNT,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: QueueRow, column: int) -> str:
        locale = QLocale()
        if column == self.PRIORITY:
            return locale.toString(row.score, "f", 0)
        if column == self.TITLE:
            return row.title or self.tr("(no subject)")
        if column == self.COUNT:
            return locale.toString(row.open_count)
        if column == self.WAITING:
            return duration_text((self._now - row.oldest).total_seconds())
        if column == self.LEFT:
            return "" if row.time_left_s is None else duration_text(row.time_left_s)
        if column == self.CATEGORY:
            return category_name(row.category)
        if column == self.HELD:
            if not row.held_by:
                return ""
            return self.tr("{name} ({count})").format(
                name=row.held_by, count=locale.toString(row.held_count)
            )
        return ""

    def describe(self, row: QueueRow) -> str:
        """The row in one sentence, for screen readers."""
        values = {
            "title": row.title or self.tr("(no subject)"),
            "count": QLocale().toString(row.open_count),
            "score": QLocale().toString(row.score, "f", 0),
            "name": row.held_by or "",
        }
        if row.held_by:
            text = self.tr("{title}: {count} open messages, priority {score} (held by {name})")
        else:
            text = self.tr("{title}: {count} open messages, priority {score}")
        return text.format(**values)

    def explain(self, row: QueueRow) -> str:
        """Why the row scored what it did, one part a line (the tooltip, the breakdown pane)."""
        lines = [self.tr("Priority {score}").format(score=QLocale().toString(row.score, "f", 1))]
        names = {
            "deadline": self.tr("Deadline"),
            "size": self.tr("Cluster size"),
            "repeat": self.tr("Repeat contacts"),
        }
        for part in row.breakdown:
            name = names.get(part.name) or category_name(part.name)
            lines.append(
                self.tr("{name}: {points} points").format(
                    name=name, points=QLocale().toString(part.points, "f", 1)
                )
            )
        if row.held_by:
            lines.append(
                self.tr(
                    "{name} holds {count} of these messages: they cannot be answered here."
                ).format(name=row.held_by, count=QLocale().toString(row.held_count))
            )
        return "\n".join(lines)


def _replace(row: QueueRow, **changes: Any) -> QueueRow:
    return replace(row, **changes)


class MessageListModel(QAbstractTableModel):
    """A list of message ids whose rows are fetched a page at a time on a worker.

    Column 0 carries a check box: unchecked messages are left out of the
    answer (the agent excluded them). Messages another agent holds, or no
    longer open, cannot be checked. The column beside the sender marks a
    message that asks more than its cluster: an icon and the words "Asks
    more" (never a colour alone), the extra request on hover and read out by
    screen readers.
    """

    INCLUDE, FROM, ASKS_MORE, SUBJECT, DATE, STATUS = range(6)
    COLUMNS = 6
    exclusions_changed = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        fetch: Callable[[Sequence[int]], list[MessageRow]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        # Runs on a worker: plain values in (a page of ids), plain rows out.
        self.fetch = fetch
        self._ids: list[int] = []
        self._rows: dict[int, MessageRow] = {}
        self._asked: set[int] = set()
        self._excluded: set[int] = set()
        self._tasks: list[Task[list[MessageRow]]] = []
        self._generation = 0
        self._marker: QIcon | None = None

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show these messages (rows load as the view asks for them)."""
        for task in self._tasks:
            task.discard()
        self._tasks.clear()
        self._generation += 1
        self.beginResetModel()
        self._ids = list(ids)
        self._rows.clear()
        self._asked.clear()
        self._excluded.clear()
        self.endResetModel()
        self.exclusions_changed.emit()

    def refresh(self) -> None:
        """Fetch the shown rows again (their status or holder changed)."""
        self._asked.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, self.COLUMNS - 1)
            )

    @property
    def ids(self) -> list[int]:
        """Every message of the list, in order."""
        return list(self._ids)

    def message_row(self, row: int) -> MessageRow | None:
        """The loaded row, or None while it is loading."""
        if 0 <= row < len(self._ids):
            return self._rows.get(self._ids[row])
        return None

    def id_at(self, row: int) -> int | None:
        """The message id shown at ``row``."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def included_ids(self) -> list[int]:
        """The open messages the answer goes to: not excluded, not held, open (when known)."""
        chosen = []
        for mid in self._ids:
            if mid in self._excluded:
                continue
            row = self._rows.get(mid)
            if row is not None and (row.held_by or row.status != "open"):
                continue
            chosen.append(mid)
        return chosen

    def toggle(self, row: int) -> None:
        """Exclude or include the message at ``row``."""
        mid = self.id_at(row)
        if mid is None:
            return
        self._excluded.symmetric_difference_update({mid})
        self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
        self.exclusions_changed.emit()

    def exclude(self, ids: Iterable[int]) -> None:
        """Leave these messages out of the answer (as unticking each would), in one change."""
        wanted = set(ids) - self._excluded
        rows = [row for row, mid in enumerate(self._ids) if mid in wanted]
        if not rows:
            return
        self._excluded.update(self._ids[row] for row in rows)
        self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], 0))
        self.exclusions_changed.emit()

    def loaded(self) -> bool:
        """True when every row has arrived."""
        return len(self._rows) >= len(self._ids)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("Answer"),
                self.tr("From"),
                self.tr("Also asks"),
                self.tr("Subject"),
                self.tr("Date"),
                self.tr("Status"),
            ][section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == self.INCLUDE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.INCLUDE:
            mid = self.id_at(index.row())
            if mid is None:
                return False
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            if checked == (mid not in self._excluded):
                return True
            self.toggle(index.row())
            return True
        return False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        mid = self.id_at(index.row())
        if mid is None:
            return None
        row = self._rows.get(mid)
        if row is None:
            self._ask(index.row())
            if role == Qt.ItemDataRole.DisplayRole and index.column() == self.FROM:
                return self.tr("Loading…")
            return None
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == self.INCLUDE:
            answerable = not row.held_by and row.status == "open"
            if not answerable or mid in self._excluded:
                return Qt.CheckState.Unchecked
            return Qt.CheckState.Checked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.ASKS_MORE and row.asks_more:
            return self._marker_icon()
        if role == Qt.ItemDataRole.ForegroundRole and (row.held_by or row.status != "open"):
            return _muted()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.ASKS_MORE and row.asks_more:
                # Plain as it is: Qt reads a tooltip as HTML only when its first line looks
                # like it, and this first line is ours ("Also asks:"), the request under it.
                return self.tr("Also asks:\n{request}").format(request=row.asks_more)
            return plain_tooltip(row.snippet)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._describe(row, column)
        return None

    def _describe(self, row: MessageRow, column: int) -> str:
        """The row for screen readers; a member that asks more says so, and what."""
        values = {
            "sender": row.from_name or row.from_addr,
            "subject": row.subject,
            "date": local_datetime(row.date),
            "status": self._status(row),
        }
        if not row.asks_more:
            return self.tr("{sender}: {subject}, {date}, {status}").format(**values)
        if column == self.ASKS_MORE:
            return self.tr("Asks more than the cluster: {request}").format(
                request=" ".join(row.asks_more.split())
            )
        return self.tr("{sender}: {subject}, {date}, {status}, asks more").format(**values)

    def marker_width(self, metrics: QFontMetrics) -> int:
        """A width for the "asks more" column: its title or its words beside the icon."""
        words = metrics.horizontalAdvance(self.tr("Asks more")) + metrics.height() + 4
        return max(words, metrics.horizontalAdvance(self.tr("Also asks"))) + 16

    def _marker_icon(self) -> QIcon:
        if self._marker is None:
            style = QApplication.style()
            self._marker = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        return self._marker

    def _display(self, row: MessageRow, column: int) -> str:
        if column == self.INCLUDE:
            return ""
        if column == self.ASKS_MORE:
            return self.tr("Asks more") if row.asks_more else ""
        if column == self.FROM:
            return f"{row.from_name} <{row.from_addr}>" if row.from_name else row.from_addr
        if column == self.SUBJECT:
            return row.subject
        if column == self.DATE:
            return local_datetime(row.date)
        return self._status(row)

    def _status(self, row: MessageRow) -> str:
        if row.held_by:
            return self.tr("held by {name}").format(name=row.held_by)
        return {
            "open": self.tr("open"),
            "answered": self.tr("answered"),
            "closed": self.tr("closed"),
            "non_request": self.tr("not a request"),
            "gone": self.tr("gone from the server"),
        }.get(row.status, row.status)

    def _ask(self, row: int) -> None:
        page = row // PAGE
        if page in self._asked:
            return
        self._asked.add(page)
        ids = self._ids[page * PAGE : (page + 1) * PAGE]
        generation = self._generation
        task = self._runner.run(
            "load messages",
            self.fetch,
            ids,
            on_done=lambda rows: self._arrived(generation, page, rows),
        )
        self._tasks.append(task)

    def _arrived(self, generation: int, page: int, rows: list[MessageRow]) -> None:
        if generation != self._generation:
            return
        self._tasks = [t for t in self._tasks if not t.finished]
        for row in rows:
            self._rows[row.id] = row
        first = page * PAGE
        last = min(len(self._ids), first + PAGE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.COLUMNS - 1))
        self.exclusions_changed.emit()
