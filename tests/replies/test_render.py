"""Rendering a cluster reply on both backends: one draft per person, problems before sending."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from desk.core.errors import DeskError, ErrorCode
from desk.replies.render import SkipReason, check_template, render_replies
from desk.replies.syntax import ProblemKind
from desk.replies.templates import TemplateData, create_template
from desk.store.database import Store
from desk.store.models import Account, Agent, Folder, FolderKind, Message, MessageStatus

WHEN = datetime(2020, 3, 16, 9, 0, tzinfo=UTC)
TODAY = date(2020, 3, 18)
FORM = (
    "Nouveau message depuis le formulaire de contact\nNom : MARTIN\nPrénom : Paul\n"
    "Email : p.martin@example.org\nMessage :\nMon numéro d'inscription est 7654321."
)


def _message(folder: Folder, key: str, **fields: object) -> Message:
    defaults: dict[str, object] = {
        "folder": folder, "source_key": key, "message_id": f"<{key}@x>", "date": WHEN, "size": 1,
    }  # fmt: skip
    return Message(**{**defaults, **fields})


@pytest.fixture
def world(store: Store) -> dict[str, int]:
    """An agent with a signature; Marie twice, a form, Jo (no details), closed and Reply-To mail."""
    with store.sessions.begin() as session:
        account = Account(
            name="scolarite", address="scolarite@edu.fr", display_name="Service scolarité",
            imap_host="h", imap_port=993, imap_security="ssl", imap_user="u",
            smtp_host="h", smtp_port=465, smtp_security="ssl", smtp_user="u",
        )  # fmt: skip
        folder = Folder(kind=FolderKind.IMAP, name="INBOX", locator="imap:1:INBOX", account=account)
        agent = Agent(login="amina", display_name="Amina Diallo",
                      signature="Amina Diallo\n{service} & <équipe>")  # fmt: skip
        marie_1 = _message(folder, "m1", from_name="Mme Marie DUPONT",
                           from_addr="marie.dupont@example.fr", sender="marie.dupont@example.fr",
                           subject="Mot de passe", text="Mon dossier 1234567, merci.")  # fmt: skip
        form = _message(folder, "f1", from_name="Formulaire de contact",
                        from_addr="noreply@edu.fr", sender="p.martin@example.org", text=FORM,
                        subject="[Contact] <b>{prénom}</b>",
                        date=WHEN + timedelta(hours=1))  # fmt: skip
        marie_2 = _message(folder, "m2", from_name="Marie Dupont",
                           from_addr="marie.dupont@example.fr", sender="marie.dupont@example.fr",
                           subject="RE: Mot de passe", text="Toujours rien !",
                           date=WHEN + timedelta(days=1))  # fmt: skip
        jo = _message(folder, "j1", from_addr="jdoe99@example.com", sender="jdoe99@example.com",
                      subject="Question", text="Bonjour, une question.")  # fmt: skip
        closed = _message(folder, "c1", from_addr="x@example.com", sender="x@example.com",
                          status=MessageStatus.ANSWERED)  # fmt: skip
        replying = _message(folder, "r1", from_name="Léa Petit", from_addr="lea@work.example",
                            reply_to_addr="lea.petit@home.example", sender="lea.petit@home.example",
                            text="dossier 2222222")  # fmt: skip
        nobody = _message(folder, "n1", from_addr="", sender="")
        session.add_all([agent, marie_1, form, marie_2, jo, closed, replying, nobody])
        session.flush()
        return {
            "agent": agent.id, "marie_1": marie_1.id, "form": form.id, "marie_2": marie_2.id,
            "jo": jo.id, "closed": closed.id, "replying": replying.id, "nobody": nobody.id,
        }  # fmt: skip


def _ids(world: dict[str, int], *names: str) -> list[int]:
    return [world[name] for name in names]


def test_one_draft_per_person_with_their_messages_and_values(
    store: Store, world: dict[str, int]
) -> None:
    template = TemplateData(
        name="t", language="fr",
        body_text="Bonjour {salutation},\nDossier {référence}, message du {date_réception}.\n",
        body_html="<p>Bonjour {salutation}, dossier {référence}.</p>",
    )  # fmt: skip
    with store.sessions() as session:
        result = render_replies(
            session, template, _ids(world, "marie_1", "form", "marie_2"), world["agent"],
            cluster_id=None, today=TODAY, tz=UTC,
        )  # fmt: skip
    assert result.report.can_send, result.report
    marie, paul = result.drafts
    assert marie.message_ids == (world["marie_1"], world["marie_2"])
    assert (marie.to_addr, marie.to_name) == ("marie.dupont@example.fr", "Marie Dupont")
    assert marie.body_text == (
        "Bonjour Madame Dupont,\nDossier 1234567, message du 16 mars 2020.\n\n"
        "Amina Diallo\nService scolarité & <équipe>"
    )
    assert marie.body_html == (
        "<p>Bonjour Madame Dupont, dossier 1234567.</p>\n"
        "<p>Amina Diallo<br>\nService scolarité &amp; &lt;équipe&gt;</p>\n"
    )
    assert marie.agent_id == world["agent"] and marie.template_id is None
    assert (paul.to_addr, paul.to_name) == ("p.martin@example.org", "Paul Martin")
    assert paul.body_text.startswith("Bonjour Paul Martin,\nDossier 7654321")


def test_reply_to_wins_over_from(store: Store, world: dict[str, int]) -> None:
    with store.sessions() as session:
        result = render_replies(session, TemplateData("t", "{courriel}"), [world["replying"]],
                                world["agent"], today=TODAY)  # fmt: skip
    (draft,) = result.drafts
    assert draft.to_addr == "lea.petit@home.example"
    assert draft.body_text.startswith("lea.petit@home.example")


def test_values_with_html_or_placeholders_are_text_in_both_versions(
    store: Store, world: dict[str, int]
) -> None:
    template = TemplateData("t", "Objet : {objet}", body_html="<p>Objet : {objet}</p>")
    with store.sessions() as session:
        (draft,) = render_replies(session, template, [world["form"]], world["agent"]).drafts
    assert draft.body_text.startswith("Objet : <b>{prénom}</b>")
    assert draft.body_html is not None
    assert draft.body_html.startswith("<p>Objet : &lt;b&gt;{prénom}&lt;/b&gt;</p>")


def test_missing_values_name_the_recipients_and_block_sending(
    store: Store, world: dict[str, int]
) -> None:
    template = TemplateData("t", "{prénom} {référence}", language="fr")
    with store.sessions() as session:
        result = render_replies(session, template, _ids(world, "marie_1", "jo"), world["agent"])
    assert not result.report.can_send
    missing = {m.key: m for m in result.report.missing}
    assert set(missing) == {"first_name", "reference"}
    assert missing["reference"].recipients == ("jdoe99@example.com",)
    assert missing["reference"].message_ids == (world["jo"],)
    assert missing["reference"].name == "{référence}"
    jo_draft = result.drafts[1]
    assert jo_draft.body_text.startswith("{prénom} {référence}")  # the preview shows the gaps


def test_a_fallback_makes_a_missing_value_a_notice_not_an_error(
    store: Store, world: dict[str, int]
) -> None:
    with store.sessions.begin() as session:
        template_id = create_template(session, "Avec repli", "Bonjour {prénom},",
                                      fallbacks={"prénom": "cher parent"})  # fmt: skip
    with store.sessions() as session:
        result = render_replies(session, template_id, _ids(world, "marie_1", "jo"), world["agent"])
    assert result.report.can_send and not result.report.missing
    (used,) = result.report.fallbacks_used
    assert (used.key, used.recipients, used.fallback) == (
        "first_name", ("jdoe99@example.com",), "cher parent",
    )  # fmt: skip
    assert [d.body_text.splitlines()[0] for d in result.drafts] == [
        "Bonjour Marie,", "Bonjour cher parent,",
    ]  # fmt: skip
    assert all(d.template_id == template_id for d in result.drafts)


def test_unknown_placeholders_are_reported_before_sending(
    store: Store, world: dict[str, int]
) -> None:
    template = TemplateData("t", "Bonjour {pré nom!} {a{b}", body_html="<p>{inconnu}</p>")
    with store.sessions() as session:
        result = render_replies(session, template, [world["marie_1"]], world["agent"])
    assert not result.report.can_send
    kinds = [(p.kind, p.text, p.part) for p in result.report.syntax]
    assert kinds == [
        (ProblemKind.UNKNOWN, "{pré nom!}", "text"),
        (ProblemKind.UNCLOSED, "{", "text"),
        (ProblemKind.UNKNOWN, "{b}", "text"),
        (ProblemKind.UNKNOWN, "{inconnu}", "html"),
    ]
    assert check_template(template) == result.report.syntax
    assert check_template(TemplateData("t", "ok"), signature="{oops}")[0].part == "signature"


def test_messages_not_open_gone_or_without_address_are_skipped_and_listed(
    store: Store, world: dict[str, int]
) -> None:
    ids = [*_ids(world, "closed", "jo", "nobody"), 999_999]
    with store.sessions() as session:
        result = render_replies(session, TemplateData("t", "x"), ids, world["agent"])
    assert [d.message_ids for d in result.drafts] == [(world["jo"],)]
    skipped = {(s.message_id, s.reason, s.status) for s in result.report.skipped}
    assert skipped == {
        (world["closed"], SkipReason.NOT_OPEN, "answered"),
        (world["nobody"], SkipReason.NO_ADDRESS, None),
        (999_999, SkipReason.NOT_FOUND, None),
    }


def test_an_english_template_writes_english_dates_and_titles(
    store: Store, world: dict[str, int]
) -> None:
    template = TemplateData("t", "Dear {salutation}, {received_date} {title}", language="en")
    with store.sessions() as session:
        (draft,) = render_replies(session, template, [world["marie_1"]], world["agent"],
                                  tz=UTC).drafts  # fmt: skip
    assert draft.body_text.startswith("Dear Ms Dupont, 16 March 2020 Ms")


def test_stored_template_and_unknown_ids_give_clear_errors(
    store: Store, world: dict[str, int]
) -> None:
    with store.sessions() as session:
        with pytest.raises(DeskError) as raised:
            render_replies(session, 12345, [world["jo"]], world["agent"])
        assert raised.value.code is ErrorCode.TEMPLATE_NOT_FOUND
        with pytest.raises(DeskError) as raised:
            render_replies(session, TemplateData("t", "x"), [world["jo"]], 12345)
        assert raised.value.code is ErrorCode.AGENT_NOT_FOUND


def test_a_large_cluster_renders_in_chunks(store: Store, world: dict[str, int]) -> None:
    with store.sessions.begin() as session:
        folder = session.get(Message, world["jo"]).folder  # type: ignore[union-attr]
        extra = [
            _message(
                folder,
                f"bulk{i}",
                from_addr=f"p{i}@example.com",
                sender=f"p{i}@example.com",
                text=f"dossier {1000000 + i}",
            )
            for i in range(1200)
        ]
        session.add_all(extra)
        session.flush()
        ids = [m.id for m in extra]
    with store.sessions() as session:
        result = render_replies(session, TemplateData("t", "{référence}"), ids, world["agent"])
    assert len(result.drafts) == 1200 and result.report.can_send
    assert result.drafts[-1].body_text.startswith(str(1000000 + 1199))


def test_an_edited_unsaved_template_previews(store: Store, world: dict[str, int]) -> None:
    with store.sessions.begin() as session:
        template_id = create_template(session, "Base", "Bonjour,")
    with store.sessions() as session:
        from desk.replies.templates import get_template

        edited = replace(get_template(session, template_id), body_text="Salut {prénom} !")
        (draft,) = render_replies(session, edited, [world["marie_1"]], world["agent"]).drafts
    assert draft.body_text.startswith("Salut Marie !")
    assert draft.template_id == template_id


def test_a_one_megabyte_template_renders_for_several_people(
    store: Store, world: dict[str, int]
) -> None:
    unit = "Bonjour {prénom}, dossier {référence}, <b>{{gras}}</b> {inconnu}\n"
    body = unit * (1_000_000 // len(unit) + 1)
    template = TemplateData("énorme", body, body_html=f"<div>{body}</div>")
    ids = _ids(world, "marie_1", "form", "replying")
    with store.sessions() as session:
        result = render_replies(session, template, ids, world["agent"])
    repeats = body.count(unit)
    assert len(result.drafts) == 3
    assert len(result.report.syntax) == 2 * repeats  # {inconnu} in both versions, each time
    marie = result.drafts[0]
    assert marie.body_text.count("Bonjour Marie, dossier 1234567, <b>{gras}</b>") == repeats
    assert marie.body_html is not None
    assert marie.body_html.count("Bonjour Marie, dossier 1234567") == repeats
