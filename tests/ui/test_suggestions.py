"""Suggested templates in the window, against the real peers: the column, the review, the send.

Agents' past answers are written into the window's store as the workbench's
tests do (a reply with its template per answered message); the window then
suggests templates for open clusters like them, and one review answers all
clusters suggested a template, but the ones the agent unticks or another
agent holds.
"""

from __future__ import annotations

import email
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk.app import App
from desk.config import AppDirs
from desk.core.clock import utc_now
from desk.demo.generator import demo_messages
from desk.mail.drafts import ReplyDraft
from desk.store.database import Store
from desk.store.models import (
    Agent,
    Claim,
    Message,
    MessageStatus,
    Reply,
)
from desk.ui.main_window import MainWindow
from desk.ui.suggestion_dialog import ReviewEntry, SuggestionDialog
from desk.ui.suggestion_model import SuggestedQueueModel
from desk.ui.tasks import TaskRunner
from desk.workbench.by_suggestion import ReviewCluster
from desk.workbench.suggestions import ClusterSuggestion
from desk.workbench.worklist import QueueRow, cluster_members
from tests.support.answers import answer_half_of_each_intent
from tests.support.dovecot import ImapAccount
from tests.support.smtp import SmtpServer
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import settle
from tests.ui.test_models import NOW, _row
from tests.ui.test_workflow import PASSWORD_ENV, _settings

SIZE = 800  # enough for several clusters of one intent to stay open once half is answered


def _intents() -> dict[str, str]:
    """Message-ID → intent of the demo messages the window's mailbox holds."""
    found = {}
    for raw, label, _ in demo_messages(SIZE, seed=11):
        message_id = email.message_from_bytes(raw)["Message-ID"]
        if message_id and label.get("intent"):
            found[message_id.strip()] = str(label["intent"])
    return found


def _answer_half_of_each_intent(window: MainWindow) -> None:
    """What agents already answered: the older half of each intent, each with its template."""
    intents = _intents()
    with window.app.store.sessions.begin() as session:
        rows = session.execute(
            select(Message.id, Message.message_id_header, Message.message_id)
        ).all()
        intent_of = {
            message_id: intents.get((header or "").strip()) or intents.get(mid or "", "")
            for message_id, header, mid in rows
        }
        templates = answer_half_of_each_intent(session, intent_of, "Bonjour,\nRéponse {number}.")
        assert len(templates) > 5, "the demo's intents were found in the store"


@pytest.fixture
def suggesting(
    qtbot: QtBot,
    runner: TaskRunner,
    empty_store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[MainWindow]:
    """The window on a synced demo mailbox once agents answered half of it, its suggestions
    computed."""
    monkeypatch.setenv(PASSWORD_ENV, imap_account.password)
    imap_account.write_messages(raw for raw, _, _ in demo_messages(SIZE, seed=11))
    app = App(
        settings=_settings(imap_account, smtp_server, undo=1),
        dirs=AppDirs.discover(),
        store=empty_store,
    )
    window = MainWindow(app, runner, login="ana")
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(
        lambda: window.mailbox.state.value == "connected" and window.queue_model.rowCount() > 0,
        timeout=60_000,
    )
    settle(qtbot, window.runner)
    _answer_half_of_each_intent(window)
    window.reload_queue()
    qtbot.waitUntil(lambda: window._queue_task is None, timeout=20_000)
    with qtbot.waitSignal(window.suggestions.refreshed, timeout=60_000):
        window.suggestions.refresh()
    yield window
    window.mailbox.stop()
    settle(qtbot, runner, timeout=30_000)


def _busiest_suggestion(model: SuggestedQueueModel) -> list[QueueRow]:
    """The rows of the template suggested for the most clusters."""
    by_template: defaultdict[int, list[QueueRow]] = defaultdict(list)
    for row in model.rows:
        found = model.suggestion(row)
        if found is not None:
            by_template[found.template_id].append(row)
    return max(by_template.values(), key=len)


def _open_review(qtbot: QtBot, window: MainWindow, row: QueueRow) -> SuggestionDialog:
    with qtbot.waitSignal(window.suggestions.review_opened, timeout=20_000) as opened:
        window.suggestions.answer_suggested(row)
    dialog = opened.args[0]
    assert isinstance(dialog, SuggestionDialog)
    return dialog


def test_the_queue_shows_the_suggested_template_and_its_confidence(
    qtbot: QtBot, suggesting: MainWindow
) -> None:
    model = suggesting.queue_model
    shown = [
        (i, model.data(model.index(i, SuggestedQueueModel.SUGGESTED)))
        for i in range(model.rowCount())
    ]
    suggested = [(i, text) for i, text in shown if text]
    assert suggested, "some open cluster resembles what was answered"
    row, text = suggested[0]
    found = model.suggestion(model.row_at(row))
    assert found is not None
    assert text.startswith(f"{found.template_name} — ") and text.endswith(" %")
    tip = model.data(model.index(row, SuggestedQueueModel.SUGGESTED), Qt.ItemDataRole.ToolTipRole)
    assert "right" in tip and "%" in tip
    assert model.headers()[SuggestedQueueModel.SUGGESTED] == "Suggested"

    # Grouped, the clusters of one suggested template are next to each other.
    suggesting.suggestions.group_action.trigger()
    assert model.grouped
    names = [s.template_name if (s := model.suggestion(r)) else None for r in model.rows]
    seen: list[str | None] = []
    for name in names:
        if not seen or seen[-1] != name:
            assert name not in seen, f"{name} is split in two groups"
            seen.append(name)
    suggesting.suggestions.group_action.trigger()
    assert not model.grouped


def test_one_review_answers_every_ticked_cluster_but_not_a_held_one(
    qtbot: QtBot, suggesting: MainWindow, smtp_server: SmtpServer
) -> None:
    window = suggesting
    rows = _busiest_suggestion(window.queue_model)
    assert len(rows) >= 3, "three clusters share a suggestion"
    held, unticked = rows[-1], rows[-2]
    with window.app.store.sessions.begin() as session:
        bob = Agent(login="bob", display_name="Bob", signature="")
        session.add(bob)
        session.flush()
        assert held.cluster_id is not None
        held_ids = cluster_members(session, held.cluster_id)
        for message_id in held_ids:
            session.add(
                Claim(
                    message_id=message_id,
                    agent_id=bob.id,
                    expires_at=utc_now() + timedelta(hours=1),
                )
            )

    dialog = _open_review(qtbot, window, rows[0])
    assert [e.cluster.cluster_id for e in dialog.entries] == [r.cluster_id for r in rows]
    assert [e.title for e in dialog.entries] == [r.title for r in rows]
    held_at, unticked_at = len(rows) - 1, len(rows) - 2
    assert not dialog.tickable(held_at) and not dialog.ticked(held_at)
    assert "Bob" in dialog.note(dialog.entries[held_at].cluster)
    dialog.set_ticked(held_at, True)
    assert not dialog.ticked(held_at), "a held cluster cannot be ticked"
    assert all(e.cluster.representative for e in dialog.entries)

    dialog.set_ticked(unticked_at, False)
    chosen = dialog.chosen()
    assert chosen and unticked.cluster_id not in {c.cluster_id for c in chosen}
    people = sum(len(c.drafts) for c in chosen)
    assert people >= 2
    assert dialog.send_button.text() == f"&Send to {people} people"
    assert f"{sum(len(c.message_ids) for c in chosen)} messages in {len(chosen)} clusters" in (
        dialog.summary.text()
    )
    expected = sorted(d.to_addr for c in chosen for d in c.drafts)
    answered = sorted(m for c in chosen for m in c.message_ids)
    assert unticked.cluster_id is not None
    with window.app.store.sessions() as session:
        left = list(
            session.scalars(
                select(Message.id).where(
                    Message.id.in_(cluster_members(session, unticked.cluster_id) + held_ids),
                    Message.status == MessageStatus.OPEN,
                )
            )
        )
    assert left
    with qtbot.waitSignal(window.suggestions.answered, timeout=20_000):
        dialog.send_button.click()

    qtbot.waitUntil(lambda: len(smtp_server.messages) >= len(expected), timeout=60_000)
    qtbot.waitUntil(lambda: not window.mailbox.sending, timeout=60_000)
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == expected
    with window.app.store.sessions() as session:
        statuses = set(session.scalars(select(Message.status).where(Message.id.in_(answered))))
        untouched = set(session.scalars(select(Message.status).where(Message.id.in_(left))))
    assert statuses == {MessageStatus.ANSWERED}
    assert untouched == {MessageStatus.OPEN}, "the unticked and the held clusters got nothing"


def test_cancel_sends_nothing(
    qtbot: QtBot, suggesting: MainWindow, smtp_server: SmtpServer
) -> None:
    window = suggesting
    rows = _busiest_suggestion(window.queue_model)
    with window.app.store.sessions() as session:
        replies = session.scalar(select(func.count()).select_from(Reply))
    dialog = _open_review(qtbot, window, rows[0])
    assert dialog.chosen()
    dialog.cancel_button.click()
    settle(qtbot, window.runner)
    assert window.suggestions.dialog is None
    with window.app.store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Reply)) == replies
    assert smtp_server.messages == []


def test_a_cluster_needing_the_agents_words_cannot_be_ticked(qtbot: QtBot) -> None:
    def draft(message_id: int) -> ReplyDraft:
        return ReplyDraft((message_id,), f"p{message_id}@example.org", "", "Bonjour")

    ready = ReviewCluster(1, "Mot de passe perdu", 2, (draft(1), draft(2)))
    blocked = ReviewCluster(2, "Mon dossier ?", 1, (draft(3),), missing=("{référence}",))
    dialog = SuggestionDialog(
        "Mot de passe", [ReviewEntry("Ready", 0.97, ready), ReviewEntry("Blocked", 0.93, blocked)]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_controls(dialog) == []
    assert dialog.ticked(0) and not dialog.tickable(1) and not dialog.ticked(1)
    assert "{référence}" in dialog.table.item(1, SuggestionDialog.NOTE).text()
    assert dialog.table.item(0, SuggestionDialog.CONFIDENCE).text() == "97 %"
    assert dialog.chosen() == [ready]
    assert dialog.send_button.text() == "&Send to 2 people"
    assert dialog.summary.text() == "2 messages in 1 clusters will get template Mot de passe."
    dialog.set_ticked(0, False)
    assert dialog.chosen() == [] and not dialog.send_button.isEnabled()


def test_the_model_groups_rows_by_suggestion_and_keeps_priority_within(
    qtbot: QtBot, qtmodeltester: Any
) -> None:
    model = SuggestedQueueModel()
    model.set_rows([_row("c1", 90.0), _row("c2", 80.0), _row("c3", 70.0), _row("c4", 60.0)], NOW)
    password = ClusterSuggestion(2, 7, "Mot de passe élève", 0.974)
    model.set_suggestions(
        {2: password, 4: password, 3: ClusterSuggestion(3, 8, "Attestation", 0.91)}, {7: 120}
    )
    qtmodeltester.check(model)
    cell = model.index(1, SuggestedQueueModel.SUGGESTED)
    assert model.data(cell) == "Mot de passe élève — 97 %"
    assert "120" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, SuggestedQueueModel.SUGGESTED)) == ""
    assert [r.key for r in model.suggested_rows(7)] == ["c2", "c4"]

    model.set_grouped(True)
    assert [r.key for r in model.rows] == ["c3", "c2", "c4", "c1"]
    model.set_holders({"c4": ("Bob", 1)})  # live claims still land on the right row
    assert model.row_at(2) is not None and model.row_at(2).held_by == "Bob"  # type: ignore[union-attr]
    model.set_rows([_row("c4", 95.0), _row("c2", 80.0), _row("c1", 50.0)], NOW)
    assert [r.key for r in model.rows] == ["c4", "c2", "c1"]
    model.set_grouped(False)
    assert [r.key for r in model.rows] == ["c4", "c2", "c1"]
    qtmodeltester.check(model)
