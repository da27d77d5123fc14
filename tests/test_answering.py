"""The whole answering path without a window: mailbox → clusters → one template → everyone answered.

What an agent does with the desktop, driven through the same core calls:
sync the shared mailbox from Dovecot, cluster it, render a shipped template
for a whole cluster (one reply per sender), queue the drafts, and let the
outbox send them to aiosmtpd and file them back in the mailbox.
"""

from __future__ import annotations

import itertools
from collections import Counter

from imapclient import IMAPClient
from sqlalchemy import select

from desk.cluster.service import ClusterService
from desk.demo.generator import demo_messages
from desk.mail.outbox import Outbox
from desk.mail.queueing import queue_replies
from desk.mail.sync import MailboxSync
from desk.queue.priority import QueueWeights, build_queue
from desk.replies.defaults import install_default_templates
from desk.replies.render import render_replies
from desk.replies.templates import search_templates, update_template
from desk.store.database import Store
from desk.store.models import (
    Account,
    Agent,
    ClusterMember,
    Message,
    MessageStatus,
    Reply,
    ReplyState,
)
from tests.support.accounts import account_for
from tests.support.dovecot import ImapAccount
from tests.support.smtp import SmtpServer


def test_a_cluster_answered_with_a_template_reaches_each_sender_once(
    store: Store, imap_account: ImapAccount, smtp_server: SmtpServer
) -> None:
    imap_account.write_messages(
        raw for raw, _, _ in itertools.islice(demo_messages(300, seed=11), 300)
    )
    config = account_for(imap_account, smtp_server)
    with MailboxSync(store.sessions, config, imap_account.password, workers=0) as engine:
        [report] = engine.sync_once()
    ClusterService(store.sessions, 85.0, workers=0).update(new_ids=report.completed_ids)

    with store.sessions.begin() as session:
        now = session.scalar(select(Message.date).order_by(Message.date.desc()).limit(1))
        assert now is not None
        head = next(
            item
            for item in build_queue(session, now, QueueWeights())
            if item.cluster_id is not None and item.open_count >= 3
        )
        members = list(
            session.scalars(
                select(ClusterMember.message_id)
                .join(Message, Message.id == ClusterMember.message_id)
                .where(
                    ClusterMember.cluster_id == head.cluster_id,
                    Message.status == MessageStatus.OPEN,
                )
            )
        )
        install_default_templates(session, "fr")
        template = search_templates(session, "mot de passe")[0]
        agent = Agent(login="ana", display_name="Ana Martin", signature="Ana, service scolarité")
        session.add(agent)
        session.flush()
        rendered = render_replies(
            session, template.id, members, agent.id, cluster_id=head.cluster_id
        )
        # Some senders gave no file number: sending is blocked, and they are named.
        [missing] = rendered.report.missing
        assert missing.key == "reference" and not rendered.report.can_send
        assert set(missing.recipients) <= {d.to_addr for d in rendered.drafts}
        # The agent gives the placeholder a fallback text; now everyone can be answered.
        update_template(session, template.id, fallbacks={"reference": "votre dossier"})
        rendered = render_replies(
            session, template.id, members, agent.id, cluster_id=head.cluster_id
        )
        assert rendered.report.can_send, rendered.report
        account_id = session.scalars(select(Account.id)).one()
        queued = queue_replies(session, account_id, rendered.drafts)
        assert not queued.refused
        senders = {
            row.sender
            for row in session.execute(select(Message.sender).where(Message.id.in_(members)))
        }

    sent = Outbox(
        store.sessions, config, imap_password=imap_account.password, smtp_password=None
    ).run()

    assert len(members) >= 2 and sent.sent == len(rendered.drafts) == len(senders)
    recipients = Counter(m.rcpt_tos[0] for m in smtp_server.messages)
    assert set(recipients.values()) == {1}
    assert sorted(recipients) == sorted(d.to_addr for d in rendered.drafts)
    for received, draft in zip(
        sorted(smtp_server.messages, key=lambda m: m.rcpt_tos[0]),
        sorted(rendered.drafts, key=lambda d: d.to_addr),
        strict=True,
    ):
        body = received.message.get_body(("plain",))
        assert body is not None
        # The preview is what went (CRLF is how lines travel).
        assert body.get_content().replace("\r\n", "\n").strip() == draft.body_text.strip()
        assert "Ana, service scolarité" in draft.body_text
    with store.sessions.begin() as session:
        statuses = set(session.scalars(select(Message.status).where(Message.id.in_(members))).all())
        assert statuses == {MessageStatus.ANSWERED}
        assert set(session.scalars(select(Reply.state))) == {ReplyState.SENT}
        uids = list(session.scalars(select(Message.uid).where(Message.id.in_(members))))
    with IMAPClient(imap_account.host, port=imap_account.port, ssl=False) as client:
        client.login(imap_account.user, imap_account.password)
        client.select_folder("INBOX", readonly=True)
        flags = client.get_flags(uids)
    assert all(b"\\Answered" in flags[uid] for uid in uids)
