"""Stores in which agents already answered: what template suggestions learn from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.store.models import Message, Template
from desk.workbench.replay import record_answer


def answer_half_of_each_intent(
    session: Session, intent_of: Mapping[int, str], body: str = "Réponse {number}."
) -> dict[int, str]:
    """Answer the older half of each intent's single-request messages with its own template.

    ``intent_of`` maps message ids to intents (messages without one, and
    two-request "a+b" ones, are left open). Returns template id → intent.
    """
    by_intent: defaultdict[str, list[int]] = defaultdict(list)
    for message_id in session.scalars(select(Message.id).order_by(Message.date, Message.id)):
        intent = intent_of.get(message_id, "")
        if intent and "+" not in intent:
            by_intent[intent].append(message_id)
    templates: dict[int, str] = {}
    for number, (intent, ids) in enumerate(sorted(by_intent.items())):
        template = Template(name=f"Réponse {intent}", body_text=body.format(number=number))
        session.add(template)
        session.flush()
        templates[template.id] = intent
        for message_id in ids[: len(ids) // 2]:
            record_answer(session, [message_id], template.id, f"<past{message_id}@test>")
    return templates
