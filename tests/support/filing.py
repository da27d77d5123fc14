"""A submission server that files what it accepts into the Sent folder, as providers do."""

from __future__ import annotations

from typing import Any

from tests.support.dovecot import ImapAccount
from tests.support.smtp import SmtpServer


class FilingSmtpServer(SmtpServer):
    """A submission server that files what it accepts into the Sent folder before saying 250.

    That is what Gmail, Exchange and many corporate servers do, and what makes
    the outbox's Sent-folder lookup exact after a crash. ``lose_reply_to``
    numbers the messages whose "250" never reaches the client: the server
    took them, then the connection died (the outbox's worst case).
    """

    def __init__(self, mailbox: ImapAccount, lose_reply_to: frozenset[int] = frozenset()) -> None:
        super().__init__()
        self.mailbox = mailbox
        self.lose_reply_to = lose_reply_to

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        content = envelope.original_content or envelope.content
        self.mailbox.append(content, "Sent", ("\\Seen",))
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.messages) in self.lose_reply_to:
            server.transport.abort()
        return answer
