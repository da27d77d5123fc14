"""What the outbox is handed: one rendered answer to one recipient, not yet identified.

Templates render these (``desk.replies``); the outbox (:mod:`desk.mail.queueing`)
gives each a Message-ID, a subject and threading headers taken from the
messages it answers, and sends it exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReplyDraft:
    """One answer to one recipient, as the preview shows it and the outbox will send it.

    ``message_ids`` are the store ids of the received messages it answers: one
    for a cluster member, several when one sender's open messages are answered
    together. The subject ("Re: …") and In-Reply-To/References come from the
    latest of them.
    """

    message_ids: tuple[int, ...]
    to_addr: str
    to_name: str
    body_text: str
    body_html: str | None = None
    template_id: int | None = None
    cluster_id: int | None = None
    agent_id: int | None = None
