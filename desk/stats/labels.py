"""The words and number formats of the exports, in French and in English.

Exports are made headless (the command line, a worker thread), so their text
cannot come from Qt's translator, which belongs to ``desk/ui``: each language
is a plain dictionary here, and a test checks both have the same keys.
Numbers follow the language: French writes ``1 234,5`` and English ``1,234.5``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")

_EN: dict[str, str] = {
    "quality": "Quality of the answers",
    "quality_total": "Requests first answered in the period: {answered}. Resolved at first "
    "contact: {fcr}; edited: {edited}; the sender wrote again within 7 days: {again}; "
    "reopened: {reopened}; handed to another service first: {handed}.",
    "q_answered": "Answered",
    "q_edited": "Edited",
    "q_again": "Wrote again (7 d)",
    "q_reopened": "Reopened (7 d)",
    "q_handed": "Handed off",
    "q_fcr": "Resolved at first contact",
    "service": "Service",
    "s_handed": "Handed on",
    "s_failed": "Failed",
    "s_overdue": "Overdue",
    "s_wait": "Median wait for the service",
    "s_wait_hours": "Median wait (hours)",
    "s_sheet": "Hand-offs per service",
    "q_agents_sheet": "Quality per agent",
    "q_templates_sheet": "Quality per template",
    "forecast_sheet": "Forecast",
    "f_moment": "Time ({zone})",
    "forecast": "Forecast at the current pace",
    "chart_forecast": "Requests waiting: the last 7 days, then the projection",
    "forecast_waiting": "Waiting",
    "forecast_projected": "Projected",
    "forecast_state": "Requests waiting on {moment} (UTC): {backlog}. Over the 7 days before: "
    "{arrivals} arrivals a day; agents' work: {agent_hours} h in all.",
    "forecast_unknown": "Nobody answered in those 7 days: the pace, and so the forecast, "
    "cannot be estimated.",
    "forecast_rate": "Answers per agent-hour: {rate}.",
    "forecast_grows": "At this pace the backlog grows: it will not be cleared.",
    "forecast_cleared": "At this pace the backlog is cleared by {moment} (UTC).",
    "forecast_breaking": "Will miss the {hours}-hour promise: {now} of the waiting requests, "
    "and {later} of those arriving in the next 7 days.",
    "forecast_agents": "Agents needed to keep the promise for every request that still can: "
    "{agents}.",
    "title": "Mailbox handling report",
    "period": "Period: {first} to {last} (days in time zone {zone})",
    "as_of": "Figures as of {moment} (UTC); answer-time promise: {hours} hours.",
    "no_data": "No message arrived, was answered or waited in this period, and no agent "
    "action was recorded: there is nothing to report.",
    "summary": "Summary",
    "indicator": "Indicator",
    "value": "Value",
    "received": "Messages received",
    "answered": "Messages answered",
    "backlog_start": "Backlog at the start",
    "backlog_end": "Backlog at the end",
    "median": "First response, median",
    "p90": "First response, 90th percentile",
    "within": "Answered within {hours} h",
    "pending": "Still within the deadline, unanswered",
    "actions": "Agent actions",
    "sends": "Replies sent (send actions)",
    "active": "Active handling time",
    "per_answer": "Active time per message answered",
    "per_action": "Messages answered per action",
    "per_send": "Messages answered per send",
    "recontacts": "Senders who wrote again within 7 days",
    "charts": "Charts",
    "chart_volume": "Messages per day: received and answered",
    "chart_backlog": "Backlog at the end of each day",
    "chart_response": "First-response times (messages received in the period)",
    "unanswered": "unanswered",
    "agents": "Per agent",
    "agent": "Agent",
    "templates": "Per template",
    "template": "Template",
    "no_template": "(no template)",
    "nobody": "(nobody)",
    "categories": "Per category",
    "category": "Category",
    "no_category": "(no category)",
    "replies": "Replies",
    "hours_col": "Active hours",
    "minutes_per_answer": "Minutes per message",
    "day": "Day",
    "hour": "Hour",
    "backlog": "Backlog at end of day",
    "message": "Message",
    "received_at": "Received ({zone})",
    "first_answer_at": "First answer ({zone})",
    "response_h": "Response time (hours)",
    "within_deadline": "Within {hours} h",
    "cluster": "Cluster",
    "handling_s": "Handling time (seconds)",
    "recontacts_col": "Re-contacts within 7 days",
    "status": "Status",
    "yes": "yes",
    "no": "no",
    "none": "—",
    "hours_unit": "h",
    "minutes_unit": "min",
    "days_unit": "d",
    "none_yet": "none yet",
    "sheet_summary": "Summary",
    "sheet_days": "Days",
    "sheet_hours": "Hours",
    "sheet_messages": "Messages",
}

_FR: dict[str, str] = {
    "quality": "Qualité des réponses",
    "quality_total": "Demandes ayant reçu leur première réponse sur la période : {answered}. "
    "Résolues au premier contact : {fcr} ; modifiées : {edited} ; l’expéditeur a réécrit sous "
    "7 jours : {again} ; rouvertes : {reopened} ; transmises d’abord à un autre service : "
    "{handed}.",
    "q_answered": "Répondues",
    "q_edited": "Modifiées",
    "q_again": "Ont réécrit (7 j)",
    "q_reopened": "Rouvertes (7 j)",
    "q_handed": "Transmises",
    "q_fcr": "Résolues au premier contact",
    "service": "Service",
    "s_handed": "Transmises",
    "s_failed": "Échouées",
    "s_overdue": "En retard",
    "s_wait": "Attente médiane du service",
    "s_wait_hours": "Attente médiane (heures)",
    "s_sheet": "Transmissions par service",
    "q_agents_sheet": "Qualité par agent",
    "q_templates_sheet": "Qualité par modèle",
    "forecast_sheet": "Prévision",
    "f_moment": "Heure ({zone})",
    "forecast": "Prévision au rythme actuel",
    "chart_forecast": "Demandes en attente : les 7 derniers jours, puis la projection",
    "forecast_waiting": "En attente",
    "forecast_projected": "Projection",
    "forecast_state": "Demandes en attente le {moment} (UTC) : {backlog}. Les 7 jours "
    "précédents : {arrivals} arrivées par jour ; travail des agents : {agent_hours} h en tout.",
    "forecast_unknown": "Personne n’a répondu pendant ces 7 jours : le rythme, et donc la "
    "prévision, ne peuvent pas être estimés.",
    "forecast_rate": "Réponses par heure de travail d’un agent : {rate}.",
    "forecast_grows": "À ce rythme, l’attente grossit : elle ne sera pas résorbée.",
    "forecast_cleared": "À ce rythme, l’attente est résorbée d’ici le {moment} (UTC).",
    "forecast_breaking": "Manqueront la promesse de {hours} heures : {now} des demandes en "
    "attente, et {later} de celles qui arriveront dans les 7 prochains jours.",
    "forecast_agents": "Agents nécessaires pour tenir la promesse pour chaque demande qui le "
    "peut encore : {agents}.",
    "title": "Rapport de traitement de la boîte partagée",
    "period": "Période : du {first} au {last} (jours du fuseau {zone})",
    "as_of": "Chiffres au {moment} (UTC) ; engagement de réponse : {hours} heures.",
    "no_data": "Aucun message reçu, répondu ou en attente sur cette période, et aucune action "
    "d'agent enregistrée : il n'y a rien à présenter.",
    "summary": "Synthèse",
    "indicator": "Indicateur",
    "value": "Valeur",
    "received": "Messages reçus",
    "answered": "Messages répondus",
    "backlog_start": "Stock au début",
    "backlog_end": "Stock à la fin",
    "median": "Première réponse, médiane",
    "p90": "Première réponse, 90e centile",
    "within": "Répondus en moins de {hours} h",
    "pending": "Encore dans le délai, sans réponse",
    "actions": "Actions des agents",
    "sends": "Réponses envoyées (envois)",
    "active": "Temps de traitement actif",
    "per_answer": "Temps actif par message répondu",
    "per_action": "Messages répondus par action",
    "per_send": "Messages répondus par envoi",
    "recontacts": "Expéditeurs revenus sous 7 jours",
    "charts": "Graphiques",
    "chart_volume": "Messages par jour : reçus et répondus",
    "chart_backlog": "Stock en fin de journée",
    "chart_response": "Délais de première réponse (messages reçus sur la période)",
    "unanswered": "sans réponse",
    "agents": "Par agent",
    "agent": "Agent",
    "templates": "Par modèle de réponse",
    "template": "Modèle",
    "no_template": "(sans modèle)",
    "nobody": "(personne)",
    "categories": "Par catégorie",
    "category": "Catégorie",
    "no_category": "(sans catégorie)",
    "replies": "Réponses",
    "hours_col": "Heures actives",
    "minutes_per_answer": "Minutes par message",
    "day": "Jour",
    "hour": "Heure",
    "backlog": "Stock en fin de journée",
    "message": "Message",
    "received_at": "Reçu ({zone})",
    "first_answer_at": "Première réponse ({zone})",
    "response_h": "Délai de réponse (heures)",
    "within_deadline": "En moins de {hours} h",
    "cluster": "Groupe",
    "handling_s": "Temps de traitement (secondes)",
    "recontacts_col": "Relances sous 7 jours",
    "status": "État",
    "yes": "oui",
    "no": "non",
    "none": "—",
    "hours_unit": "h",
    "minutes_unit": "min",
    "days_unit": "j",
    "none_yet": "aucune pour l'instant",
    "sheet_summary": "Synthèse",
    "sheet_days": "Jours",
    "sheet_hours": "Heures",
    "sheet_messages": "Messages",
}

_LABELS: dict[Language, dict[str, str]] = {"en": _EN, "fr": _FR}


def labels(language: str) -> Mapping[str, str]:
    """The export words of ``language`` ("fr" or "en")."""
    if language not in _LABELS:
        raise ValueError(f"no report language {language!r}; choose one of {LANGUAGES}")
    return _LABELS[language]


def fmt_number(value: float, language: str, decimals: int = 0) -> str:
    """``1 234,5`` in French (no-break space, decimal comma), ``1,234.5`` in English."""
    text = f"{value:,.{decimals}f}"
    if language == "fr":
        return text.replace(",", "\u00a0").replace(".", ",")
    return text


def fmt_share(value: float | None, language: str) -> str:
    """A share as a percentage with one decimal (``87,5 %`` / ``87.5%``), or a dash."""
    if value is None:
        return labels(language)["none"]
    number = fmt_number(value * 100, language, 1)
    return f"{number}\u00a0%" if language == "fr" else f"{number}%"


def fmt_duration(seconds: float | None, language: str) -> str:
    """A duration in the unit that reads best: minutes under an hour, else hours, else days."""
    words = labels(language)
    if seconds is None:
        return words["none"]
    if seconds < 3600:
        return f"{fmt_number(seconds / 60, language, 1)}\u00a0{words['minutes_unit']}"
    if seconds < 72 * 3600:
        return f"{fmt_number(seconds / 3600, language, 1)}\u00a0{words['hours_unit']}"
    return f"{fmt_number(seconds / 86400, language, 1)}\u00a0{words['days_unit']}"
