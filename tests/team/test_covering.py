"""A window covering for the sync service: an agent's rights suffice to sync, cluster and send.

Against the real peers (Dovecot, aiosmtpd): Ana's window syncs the shared
mailbox and clusters it, Bob answers, and Ana's outbox sends Bob's replies and
files them, all connected as team agents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desk.cluster.service import ClusterService
from desk.core.clock import utc_now
from desk.mail.drafts import ReplyDraft
from desk.mail.outbox import Outbox
from desk.mail.queueing import queue_replies
from desk.mail.sync import MailboxSync
from desk.queue.claims import claim_messages
from desk.store.models import Account, Message, MessageStatus, Reply, ReplyState
from tests.support.accounts import account_for
from tests.support.dovecot import ImapAccount
from tests.support.mail import simple_message
from tests.support.smtp import SmtpServer
from tests.team.conftest import Team

pytestmark = pytest.mark.postgres


def test_an_agent_syncs_clusters_and_sends_for_the_team(
    team: Team, imap_account: ImapAccount, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    imap_account.write_messages([simple_message(n) for n in range(1, 5)])
    config = account_for(imap_account, smtp_server)
    (ana, _), (bob, bob_id) = team.add("ana"), team.add("bob")
    as_ana, as_bob = team.connect(ana), team.connect(bob)

    with MailboxSync(as_ana.sessions, config, imap_account.password, workers=0) as engine:
        engine.sync_once()
    ClusterService(as_ana.sessions, 85.0, workers=0).update()

    now = utc_now()
    with as_bob.sessions.begin() as session:
        account_id = session.scalars(select(Account.id)).one()
        rows = session.execute(select(Message.id, Message.from_addr).order_by(Message.uid)).all()
        ids = [message_id for message_id, _ in rows]
        assert claim_messages(session, bob_id, ids[:2], now).claimed == set(ids[:2])
        drafts = [
            ReplyDraft((message_id,), addr, "", "Voici le lien.", agent_id=bob_id)
            for message_id, addr in rows[:2]
        ]
        queued = queue_replies(session, account_id, drafts, now=now)
        assert len(queued.queued) == 2 and not queued.refused

    report = Outbox(
        as_ana.sessions,
        config,
        imap_password=imap_account.password,
        smtp_password=None,
        sleep=lambda _s: None,
    ).run()

    assert (report.sent, report.failed, report.filed) == (2, 0, 2)
    assert len(smtp_server.messages) == 2
    with team.owner.sessions.begin() as session:
        sent = session.execute(select(Reply.agent_id, Reply.state)).all()
        statuses = session.scalars(select(Message.status).order_by(Message.uid)).all()
    assert sent == [(bob_id, ReplyState.SENT)] * 2
    assert statuses == [MessageStatus.ANSWERED] * 2 + [MessageStatus.OPEN] * 2
