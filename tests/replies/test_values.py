"""Per-recipient values: dates written out per language, salutations, grouped messages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from desk.replies.values import Context, MessageFacts, format_date, recipient_values, reply_address

WHEN = datetime(2020, 3, 16, 23, 30, tzinfo=UTC)
FR = Context(language="fr", agent_name="Amina Diallo", today=date(2020, 3, 18), tz=UTC)
EN = Context(language="en", agent_name="Amina Diallo", today=date(2020, 3, 18), tz=UTC)


def test_dates_are_written_in_the_templates_language() -> None:
    assert format_date(date(2020, 3, 16), "fr") == "16 mars 2020"
    assert format_date(date(2020, 3, 1), "fr") == "1er mars 2020"
    assert format_date(date(2020, 8, 2), "fr") == "2 août 2020"
    assert format_date(date(2020, 3, 16), "en") == "16 March 2020"


def test_the_received_date_is_in_the_given_zone() -> None:
    paris = timezone(timedelta(hours=1))
    message = MessageFacts(1, WHEN, from_name="Marie Dupont", from_addr="m@x.fr")
    values, _ = recipient_values([message], Context("fr", "A", date(2020, 3, 18), tz=paris))
    assert values["received_date"] == "17 mars 2020"


def test_salutation_uses_civility_only_when_known() -> None:
    with_title = MessageFacts(1, WHEN, from_name="Mme Marie Dupont", from_addr="m@x.fr")
    without = MessageFacts(2, WHEN, from_name="Marie Dupont", from_addr="m@x.fr")
    nobody = MessageFacts(3, WHEN, from_name="", from_addr="contact123@x.fr")
    assert recipient_values([with_title], FR)[0]["salutation"] == "Madame Dupont"
    assert recipient_values([with_title], EN)[0]["salutation"] == "Ms Dupont"
    assert recipient_values([with_title], FR)[0]["civility"] == "Mme"
    assert recipient_values([with_title], EN)[0]["civility"] == "Ms"
    assert recipient_values([without], FR)[0]["salutation"] == "Marie Dupont"
    assert recipient_values([without], FR)[0]["civility"] is None
    assert recipient_values([nobody], FR)[0]["salutation"] == "Madame, Monsieur"
    assert recipient_values([nobody], EN)[0]["salutation"] == "Sir or Madam"


def test_several_messages_of_one_person_give_one_set_of_values() -> None:
    first = MessageFacts(1, WHEN, "Mot de passe", "", "marie.dupont@x.fr", text="dossier 1234567")
    second = MessageFacts(
        2, WHEN + timedelta(days=1), "RE: Relance", "Marie DUPONT", "marie.dupont@x.fr",
        text="et pour mon fils, dossier 7654321", mailbox="Scolarité",
    )  # fmt: skip
    values, name = recipient_values([first, second], FR)
    assert values["reference"] == "1234567, 7654321"
    assert values["received_date"] == "16 mars 2020"
    assert values["subject"] == "Relance"
    assert values["message_count"] == "2"
    assert values["mailbox"] == "Scolarité"
    assert values["agent"] == "Amina Diallo"
    assert values["today"] == "18 mars 2020"
    assert values["email"] == "marie.dupont@x.fr"
    assert name.full == "Marie Dupont"


def test_reply_to_wins_and_a_form_without_one_goes_to_the_person_behind_it() -> None:
    assert reply_address(MessageFacts(1, WHEN, from_addr="a@x.fr", reply_to_addr="b@x.fr")) == (
        "b@x.fr"
    )
    form = MessageFacts(
        1, WHEN, from_name="Formulaire de contact", from_addr="noreply@edu.fr", sender="p@x.fr"
    )
    assert reply_address(form) == "p@x.fr"
    assert reply_address(MessageFacts(1, WHEN, from_addr="")) == ""
