"""The statistics in words: numbers, durations and days in the user's locale, and the sentences.

Everything the statistics view writes about a period is built here from the
figures (:class:`~desk.workbench.statistics.Kpis`), so it can be checked
without a window. The strings keep the translation context ``StatsView``
(they were written there first), so their French is the one translators
already gave.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

from desk.core.errors import DeskError, ErrorCode
from desk.ui.error_text import error_sentence
from desk.workbench.statistics import GroupRow, Kpis


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` (a status that appeared without focus moving)."""
    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


# --------------------------------------------------------------------------- numbers and days


def dash() -> str:
    """What a figure shows when there is none."""
    return QCoreApplication.translate("StatsView", "—")


def count_text(value: int) -> str:
    """A count in the user's locale (``1 234`` in French)."""
    return QLocale().toString(value)


def decimal_text(value: float | None, digits: int = 1) -> str:
    """A decimal number in the user's locale, or a dash when there is none."""
    if value is None:
        return dash()
    return QLocale().toString(float(value), "f", digits)


def percent_text(share: float | None) -> str:
    """A share (0–1) as a percentage in the user's locale."""
    if share is None:
        return dash()
    return QCoreApplication.translate("StatsView", "{value}%").format(
        value=QLocale().toString(share * 100, "f", 1)
    )


def duration_text(seconds: float | None) -> str:
    """A duration as people say it: 45 s, 12 min, 3 h 05 min, 2 d 4 h."""
    if seconds is None:
        return dash()
    total = round(seconds)
    locale = QLocale()
    if total < 60:
        return QCoreApplication.translate("StatsView", "{seconds} s").format(
            seconds=locale.toString(total)
        )
    minutes = round(seconds / 60)
    if minutes < 60:
        return QCoreApplication.translate("StatsView", "{minutes} min").format(
            minutes=locale.toString(minutes)
        )
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return QCoreApplication.translate("StatsView", "{hours} h {minutes} min").format(
            hours=locale.toString(hours), minutes=f"{minutes:02d}"
        )
    days, hours = divmod(hours, 24)
    return QCoreApplication.translate("StatsView", "{days} d {hours} h").format(
        days=locale.toString(days), hours=locale.toString(hours)
    )


def hours_text(milliseconds: float) -> str:
    """Active time in hours with one decimal (``2.5 h``)."""
    return QCoreApplication.translate("StatsView", "{hours} h").format(
        hours=QLocale().toString(milliseconds / 3_600_000, "f", 1)
    )


def minutes_text(milliseconds: float | None) -> str:
    """Time per message in minutes with one decimal, or a dash."""
    if milliseconds is None:
        return dash()
    return QCoreApplication.translate("StatsView", "{minutes} min").format(
        minutes=QLocale().toString(milliseconds / 60_000, "f", 1)
    )


def date_text(day: date, short: bool = False) -> str:
    """A day in the user's locale."""
    form = QLocale.FormatType.ShortFormat if short else QLocale.FormatType.LongFormat
    return QLocale().toString(QDate(day.year, day.month, day.day), form)


def moment_text(moment: datetime) -> str:
    """A date and time (as read on the wall clock of its zone) in the user's locale."""
    value = QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
    )
    return QLocale().toString(value, QLocale.FormatType.ShortFormat)


def to_date(qdate: QDate) -> date:
    """A QDate as a Python date."""
    return date(qdate.year(), qdate.month(), qdate.day())


def to_qdate(day: date) -> QDate:
    """A Python date as a QDate."""
    return QDate(day.year, day.month, day.day)


# --------------------------------------------------------------------------- the key figures


def figure_names(deadline_hours: int) -> dict[str, str]:
    """Each key figure's name, in the order the view shows them."""
    return {
        "received": QCoreApplication.translate("StatsView", "Messages received"),
        "answered": QCoreApplication.translate("StatsView", "Messages answered"),
        "backlog_start": QCoreApplication.translate("StatsView", "Backlog at the start"),
        "backlog_end": QCoreApplication.translate("StatsView", "Backlog at the end"),
        "median": QCoreApplication.translate("StatsView", "First response, median"),
        "p90": QCoreApplication.translate("StatsView", "First response, 90th percentile"),
        "within": QCoreApplication.translate("StatsView", "Answered within {hours} h").format(
            hours=deadline_hours
        ),
        "pending": QCoreApplication.translate("StatsView", "Still within the deadline, unanswered"),
        "recontacts": QCoreApplication.translate(
            "StatsView", "Senders who wrote again within 7 days"
        ),
        "actions": QCoreApplication.translate("StatsView", "Agent actions"),
        "sends": QCoreApplication.translate("StatsView", "Replies sent (send actions)"),
        "active": QCoreApplication.translate("StatsView", "Active handling time"),
        "per_send": QCoreApplication.translate("StatsView", "Messages answered per send"),
    }


def figure_caption(name: str) -> str:
    """A figure's name as the label in front of its value (``Messages received:``)."""
    return QCoreApplication.translate("StatsView", "{name}:").format(name=name)


def figure_texts(kpis: Kpis) -> dict[str, str]:
    """Each key figure's value as shown, by the keys of :func:`figure_names`."""
    response = kpis.response
    within = percent_text(response.share_within_deadline)
    if response.share_within_deadline is not None:
        within = QCoreApplication.translate("StatsView", "{share} ({count} of {total})").format(
            share=within,
            count=count_text(response.within_deadline),
            total=count_text(response.within_deadline + response.late),
        )
    recontacts = count_text(kpis.recontacted)
    if kpis.recontact_share is not None:
        recontacts = QCoreApplication.translate("StatsView", "{count} ({share})").format(
            count=recontacts, share=percent_text(kpis.recontact_share)
        )
    return {
        "received": count_text(kpis.received),
        "answered": count_text(kpis.answered),
        "backlog_start": count_text(kpis.backlog_start),
        "backlog_end": count_text(kpis.backlog_end),
        "median": duration_text(response.median_s),
        "p90": duration_text(response.p90_s),
        "within": within,
        "pending": count_text(response.pending),
        "recontacts": recontacts,
        "actions": count_text(kpis.actions),
        "sends": count_text(kpis.sends),
        "active": hours_text(kpis.active_ms),
        "per_send": decimal_text(kpis.answered_per_send),
    }


# --------------------------------------------------------------------------- the tables


def agent_rows(kpis: Kpis) -> list[list[str]]:
    """The per-agent table: name, answered, sends, actions, active time, per message, per send."""
    return [
        [
            row.name, count_text(row.answered), count_text(row.sends), count_text(row.actions),
            hours_text(row.active_ms), minutes_text(row.ms_per_answer),
            decimal_text(row.answered_per_send),
        ]
        for row in kpis.agents
    ]  # fmt: skip


def template_rows(kpis: Kpis) -> list[list[str]]:
    """The per-template table (replies sent without a template on a line of their own)."""
    return _group_rows(kpis.templates, QCoreApplication.translate("StatsView", "(no template)"))


def category_rows(kpis: Kpis) -> list[list[str]]:
    """The per-category table (messages without a category on a line of their own)."""
    return _group_rows(kpis.categories, QCoreApplication.translate("StatsView", "(no category)"))


def _group_rows(rows: Sequence[GroupRow], none: str) -> list[list[str]]:
    return [
        [
            row.key if row.key is not None else none, count_text(row.replies),
            count_text(row.answered), hours_text(row.active_ms), minutes_text(row.ms_per_answer),
        ]
        for row in rows
    ]  # fmt: skip


# --------------------------------------------------------------------------- the sentences


def computed_text(kpis: Kpis) -> str:
    """What the view says once the figures are on screen."""
    period = kpis.period
    if kpis.has_data:
        return QCoreApplication.translate(
            "StatsView", "Figures from {first} to {last}, as of {moment}."
        ).format(
            first=date_text(period.first),
            last=date_text(period.last),
            moment=moment_text(kpis.as_of.astimezone(period.zone)),
        )
    return QCoreApplication.translate(
        "StatsView",
        "Nothing happened from {first} to {last}: no message arrived, was "
        "answered or waited, and no agent action was recorded. Choose another period.",
    ).format(first=date_text(period.first), last=date_text(period.last))


def reversed_text(first: date, last: date) -> str:
    """Why a period whose last day comes before its first has no figures."""
    return QCoreApplication.translate(
        "StatsView",
        "The period ends ({last}) before it starts ({first}): choose a last day "
        "on or after the first day.",
    ).format(first=date_text(first), last=date_text(last))


def day_chart_summary(kpis: Kpis) -> str:
    """The per-day chart in words: totals and the busiest day."""
    days = kpis.days
    received = [p.received for p in days]
    answered = sum(p.answered for p in days)
    if days and any(received):
        busiest = max(days, key=lambda p: p.received)
        return QCoreApplication.translate(
            "StatsView",
            "From {first} to {last}: {received} messages received and {answered} answered. "
            "The busiest day was {day}, with {count} received.",
        ).format(
            first=date_text(kpis.period.first),
            last=date_text(kpis.period.last),
            received=count_text(sum(received)),
            answered=count_text(answered),
            day=date_text(busiest.start.date()),
            count=count_text(busiest.received),
        )
    return QCoreApplication.translate(
        "StatsView", "From {first} to {last}: no message received, {answered} answered."
    ).format(
        first=date_text(kpis.period.first),
        last=date_text(kpis.period.last),
        answered=count_text(answered),
    )


def hour_chart_summary(kpis: Kpis) -> str:
    """The per-hour chart in words: the hour most messages arrived, and most answers left."""
    hours = kpis.hours
    if not hours or not any(h.received for h in hours):
        return QCoreApplication.translate("StatsView", "No message arrived in the period.")
    peak = max(hours, key=lambda h: h.received)
    answers = max(hours, key=lambda h: h.answered)
    return QCoreApplication.translate(
        "StatsView",
        "Over the period, the most messages arrived between {start}:00 and {end}:00 "
        "({count} received); the most answers were sent between {answer_start}:00 and "
        "{answer_end}:00 ({answers} answered).",
    ).format(
        start=peak.hour,
        end=peak.hour + 1,
        count=count_text(peak.received),
        answer_start=answers.hour,
        answer_end=answers.hour + 1,
        answers=count_text(answers.answered),
    )


def failure_text(error: BaseException) -> str:
    """A failure in a sentence for the team lead.

    The two failures the statistics know best get their own words; any
    other goes through the window's one error presenter
    (:func:`~desk.ui.error_text.error_sentence`), never the core's English.
    """
    if isinstance(error, DeskError):
        params = error.params
        if error.code is ErrorCode.EXPORT_UNWRITABLE:
            return QCoreApplication.translate(
                "StatsView", "{path} cannot be written: {reason}. Nothing was exported."
            ).format(path=str(params.get("path", "")), reason=params.get("reason", ""))
        if error.code is ErrorCode.STATS_PERIOD_REVERSED:
            return QCoreApplication.translate("StatsView", "the period ends before it starts.")
    return error_sentence(error, doing="statistics")
