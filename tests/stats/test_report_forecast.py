"""The Word report's forecast section: the sentences and the chart, in both languages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest

from desk.mail.drafts import ReplyDraft
from desk.mail.outbox import mark_sent
from desk.mail.queueing import queue_replies
from desk.stats.events import record_event
from desk.stats.export import export_stats
from desk.stats.period import Period
from desk.store.database import Store
from desk.store.models import Agent, EventKind
from tests.replies.test_acks import arrive, mail
from tests.stats.test_report import _pdf_text
from tests.support.accounts import add_account_row

END = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
PERIOD = Period(date(2026, 12, 1), date(2026, 12, 7), ZoneInfo("Europe/Paris"))


@pytest.mark.parametrize(
    ("language", "heading", "words"),
    [
        ("fr", "Prévision au rythme actuel", "Réponses par heure de travail d’un agent"),
        ("en", "Forecast at the current pace", "Answers per agent-hour"),
    ],
)
def test_the_report_says_the_forecast_and_draws_it(
    store: Store, tmp_path: Path, language: str, heading: str, words: str
) -> None:
    account = add_account_row(store)
    times = [END - timedelta(hours=h) for h in (80, 50, 20, 5)]
    people = [mail(f"p{i}@example.org", name=f"P {i}", when=t) for i, t in enumerate(times)]
    ids = arrive(store, tmp_path, people)
    with store.sessions.begin() as session:
        agent = Agent(login="ana", display_name="Ana")
        session.add(agent)
        session.flush()
        queued = queue_replies(session, account, [ReplyDraft((ids[0],), "p0@example.org", "", "x")])
        sent = END - timedelta(hours=40)
        mark_sent(session, queued.queued[0], sent)
        record_event(session, agent.id, EventKind.SEND, [ids[0]], sent - timedelta(minutes=2), sent)
    out = tmp_path / f"report-{language}.docx"
    with store.sessions() as session:
        export_stats(session, PERIOD, out, "docx", language=language, as_of=END)
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert heading in texts
    after = "\n".join(texts[texts.index(heading) :])
    assert words in after
    assert len(document.inline_shapes) == 4  # volume, backlog, response times, forecast


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])
def test_libreoffice_reads_the_forecast(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    arrive(store, tmp_path, [mail(when=END - timedelta(hours=3))])
    out = tmp_path / "rapport.docx"
    with store.sessions() as session:
        export_stats(session, PERIOD, out, "docx", language="fr", as_of=END)
    flat = " ".join(_pdf_text(out).split())
    assert "Prévision au rythme actuel" in flat
    assert "Demandes en attente le 2026-12-07 23:00 (UTC) : 1." in flat
    assert "ne peuvent pas être estimés" in flat
