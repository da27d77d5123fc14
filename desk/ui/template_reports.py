"""What the template editor tells the agent: import reports, failures and brace problems.

Sentences only, in the agent's language (context ``TemplateEditorWidget``,
where the translations live), and :func:`announce` to have a screen reader
say a status that appeared without the focus moving.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

from desk.core.errors import DeskError, ErrorCode
from desk.replies.syntax import ProblemKind, SyntaxProblem
from desk.ui.error_text import error_sentence
from desk.workbench.templates import ImportOutcome


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` (a status that appeared without focus moving)."""
    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def dropped_kind(kind: str) -> str:
    """A kind of content the Word import left out, as the agent reads it."""
    known = {
        "image": QCoreApplication.translate("TemplateEditorWidget", "images"),
        "table": QCoreApplication.translate("TemplateEditorWidget", "tables"),
        "text box": QCoreApplication.translate("TemplateEditorWidget", "text boxes"),
        "content control": QCoreApplication.translate("TemplateEditorWidget", "content controls"),
        "header": QCoreApplication.translate("TemplateEditorWidget", "page headers"),
        "footer": QCoreApplication.translate("TemplateEditorWidget", "page footers"),
        "tracked change": QCoreApplication.translate("TemplateEditorWidget", "tracked changes"),
        "equation": QCoreApplication.translate("TemplateEditorWidget", "equations"),
        "comment": QCoreApplication.translate("TemplateEditorWidget", "comments"),
        "footnote": QCoreApplication.translate("TemplateEditorWidget", "footnotes"),
        "endnote": QCoreApplication.translate("TemplateEditorWidget", "endnotes"),
        "embedded object": QCoreApplication.translate("TemplateEditorWidget", "embedded objects"),
        "field": QCoreApplication.translate("TemplateEditorWidget", "fields"),
        "ruby text": QCoreApplication.translate("TemplateEditorWidget", "ruby text"),
        "symbol": QCoreApplication.translate("TemplateEditorWidget", "symbols"),
        "strikethrough": QCoreApplication.translate("TemplateEditorWidget", "strikethrough"),
        "highlight": QCoreApplication.translate("TemplateEditorWidget", "highlighting"),
        "superscript/subscript": QCoreApplication.translate(
            "TemplateEditorWidget", "superscript and subscript"
        ),
        "colour": QCoreApplication.translate("TemplateEditorWidget", "text colours"),
        "internal link": QCoreApplication.translate(
            "TemplateEditorWidget", "links inside the document"
        ),
        "damaged template details": QCoreApplication.translate(
            "TemplateEditorWidget", "damaged template details"
        ),
    }
    if kind in known:
        return known[kind]
    if kind.startswith("style: "):
        return QCoreApplication.translate("TemplateEditorWidget", "the style “{name}”").format(
            name=kind.removeprefix("style: ")
        )
    return kind


def import_report(outcome: ImportOutcome) -> str:
    """What an import did, in sentences: templates stored, names changed, content left out."""
    locale = QLocale()
    names = [t.name for t in outcome.templates]
    quoted = locale.createSeparatedList(
        [
            QCoreApplication.translate("TemplateEditorWidget", "“{name}”").format(name=n)
            for n in names
        ]
    )
    count = len(names)
    if count == 0:
        lines = [
            QCoreApplication.translate(
                "TemplateEditorWidget", "The file held no template: nothing was imported."
            )
        ]
    elif count == 1:
        lines = [
            QCoreApplication.translate(
                "TemplateEditorWidget", "Imported one template: {names}."
            ).format(names=quoted)
        ]
    else:
        lines = [
            QCoreApplication.translate(
                "TemplateEditorWidget", "Imported {count} templates: {names}."
            ).format(count=locale.toString(count), names=quoted)
        ]
    for old, new in outcome.result.renamed.items():
        lines.append(
            QCoreApplication.translate(
                "TemplateEditorWidget", "“{old}” was renamed “{new}”: that name was already taken."
            ).format(old=old, new=new)
        )
    dropped = outcome.result.dropped
    if dropped:
        items = [
            QCoreApplication.translate("TemplateEditorWidget", "{kind} ({count})").format(
                kind=dropped_kind(k), count=locale.toString(n)
            )
            for k, n in sorted(dropped.items())
        ]
        lines.append(
            QCoreApplication.translate(
                "TemplateEditorWidget", "Left out, because a reply cannot carry them: {items}."
            ).format(items=locale.createSeparatedList(items))
        )
    else:
        lines.append(QCoreApplication.translate("TemplateEditorWidget", "Nothing was left out."))
    return "\n".join(lines)


def error_text(error: BaseException, doing: str = "template editor") -> str:
    """A failed save, delete, import or export, in a sentence for the agent.

    The editor's own sentences say what became of the agent's text; any other
    error is told by :func:`~desk.ui.error_text.error_sentence` (``doing`` names
    the work in the log).
    """
    if isinstance(error, DeskError):
        params: Mapping[str, Any] = error.params
        if error.code is ErrorCode.TEMPLATE_NAME_TAKEN:
            return QCoreApplication.translate(
                "TemplateEditorWidget",
                "A template named “{existing}” already exists. Choose another name; "
                "nothing was saved.",
            ).format(existing=params.get("existing", ""))
        if error.code is ErrorCode.TEMPLATE_INVALID and params.get("field") == "name":
            return QCoreApplication.translate(
                "TemplateEditorWidget",
                "Give the template a name (at most 200 characters); nothing was saved.",
            )
        if error.code is ErrorCode.TEMPLATE_INVALID and params.get("field") == "category":
            return QCoreApplication.translate(
                "TemplateEditorWidget",
                "The category is too long (at most 50 characters); nothing was saved.",
            )
        if error.code is ErrorCode.TEMPLATE_NOT_FOUND:
            return QCoreApplication.translate(
                "TemplateEditorWidget",
                "This template was deleted meanwhile (perhaps by a colleague). "
                "Your text is still here: save it as a new template with New, then paste it.",
            )
        if error.code is ErrorCode.TEMPLATE_FILE_UNREADABLE:
            return QCoreApplication.translate(
                "TemplateEditorWidget", "{path} cannot be imported: {reason}. Nothing was imported."
            ).format(path=params.get("path", ""), reason=params.get("reason", ""))
        if error.code is ErrorCode.EXPORT_UNWRITABLE:
            return QCoreApplication.translate(
                "TemplateEditorWidget", "{path} cannot be written: {reason}. Nothing was exported."
            ).format(path=params.get("path", ""), reason=params.get("reason", ""))
        return error_sentence(error, doing=doing)
    if isinstance(error, OSError):
        return QCoreApplication.translate(
            "TemplateEditorWidget", "The file could not be used: {reason}"
        ).format(reason=error.strerror or str(error))
    return QCoreApplication.translate(
        "TemplateEditorWidget", "Something went wrong: {error}"
    ).format(error=str(error) or type(error).__name__)


def problem_text(problem: SyntaxProblem) -> str:
    """One brace problem, with where it is."""
    where = {"line": problem.line, "column": problem.column, "text": problem.text}
    if problem.kind is ProblemKind.UNKNOWN:
        return QCoreApplication.translate(
            "TemplateEditorWidget",
            "Line {line}, column {column}: {text} is not a placeholder Desk knows.",
        ).format(**where)
    if problem.kind is ProblemKind.EMPTY:
        return QCoreApplication.translate(
            "TemplateEditorWidget", "Line {line}, column {column}: {text} names no placeholder."
        ).format(**where)
    if problem.kind is ProblemKind.UNCLOSED:
        return QCoreApplication.translate(
            "TemplateEditorWidget",
            "Line {line}, column {column}: this “{{” is never closed (write {{{{ for a brace).",
        ).format(**where)
    return QCoreApplication.translate(
        "TemplateEditorWidget",
        "Line {line}, column {column}: this “}}” closes nothing (write }}}} for a brace).",
    ).format(**where)
