"""The placeholders an agent may type in a template, each with a French and an English name.

Agents are not programmers: they type ``{prénom}`` or ``{first_name}``,
``{Prenom}`` or ``{date réception}``. Every placeholder has one canonical key
(stored in fallbacks, used in code) and names in both languages; all are
accepted in any template, whatever its language, with case, accents and the
separator between words (space, hyphen, underscore, apostrophe) tolerated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from desk.cluster.normalise import fold

_SEPARATORS = re.compile(r"[\s_'’-]+")


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One thing a reply can say about its recipient or its context.

    ``name_fr``/``name_en`` are what the UI's "insert" menu writes (in the
    template's language); ``aliases`` are other spellings agents type.
    The descriptions, one per language, are shown in that menu.
    """

    key: str
    name_fr: str
    name_en: str
    description_fr: str
    description_en: str
    aliases: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        """The name to insert in a template written in ``language`` ("fr" or "en")."""
        return self.name_fr if language == "fr" else self.name_en

    def token(self, language: str) -> str:
        """The placeholder as typed in a template: ``{prénom}``."""
        return "{" + self.name(language) + "}"


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder(
        "salutation", "salutation", "salutation",
        "Comment s'adresser à la personne : « Madame Dupont », « Marie Dupont », "
                  "sinon « Madame, Monsieur »",
        "How to address the person: “Ms Dupont”, “Marie Dupont”, "
                  "otherwise “Sir or Madam”",
        ("formule_appel",),
    ),
    Placeholder(
        "first_name", "prénom", "first_name",
        "Prénom de l'expéditeur",
        "Sender's first name",
        ("firstname", "given_name"),
    ),
    Placeholder(
        "last_name", "nom", "last_name",
        "Nom de famille de l'expéditeur",
        "Sender's last name",
        ("lastname", "surname", "nom_de_famille"),
    ),
    Placeholder(
        "full_name", "nom_complet", "full_name",
        "Prénom et nom de l'expéditeur",
        "Sender's first and last name",
        ("name", "prénom_nom"),
    ),
    Placeholder(
        "civility", "civilité", "title",
        "M. ou Mme (Mr ou Ms en anglais), seulement quand on le sait",
        "Mr or Ms (M. or Mme in French), only when it is known",
        ("civility", "civilite", "courtesy_title"),
    ),
    Placeholder(
        "reference", "référence", "reference",
        "Numéro de dossier, d'inscription ou de compte trouvé dans le message",
        "File, enrolment or account number found in the message",
        ("ref", "numéro", "numéro_dossier", "dossier", "account_number", "number"),
    ),
    Placeholder(
        "received_date", "date_réception", "received_date",
        "Date à laquelle le message a été reçu (le premier, s'il y en a plusieurs)",
        "Date the message was received (the first one, if several)",
        ("date_message", "date_du_message", "received_on", "date_received"),
    ),
    Placeholder(
        "subject", "objet", "subject",
        "Objet du message reçu",
        "Subject of the message received",
        ("sujet",),
    ),
    Placeholder(
        "email", "courriel", "email",
        "Adresse électronique à laquelle la réponse est envoyée",
        "Email address the reply is sent to",
        ("e-mail", "mail", "adresse_mail", "adresse_électronique", "email_address"),
    ),
    Placeholder(
        "message_count", "nombre_messages", "message_count",
        "Nombre de messages de la personne auxquels la réponse répond",
        "Number of the person's messages this reply answers",
        ("nb_messages",),
    ),
    Placeholder(
        "agent", "agent", "agent_name",
        "Nom de l'agent qui répond",
        "Name of the agent answering",
        ("nom_agent", "conseiller", "conseillère"),
    ),
    Placeholder(
        "mailbox", "service", "mailbox",
        "Nom de la boîte partagée (le service qui répond)",
        "Name of the shared mailbox (the team answering)",
        ("boîte", "boîte_mail", "team", "service_name"),
    ),
    Placeholder(
        "expected_answer", "réponse_prévue", "expected_answer",
        "Quand nous prévoyons de répondre (« jeudi après-midi ») : accusés de réception",
        "When we expect to answer (“by Thursday afternoon”): acknowledgements of receipt",
        ("délai_prévu", "expected_reply"),
    ),
    Placeholder(
        "today", "date_du_jour", "today",
        "Date d'aujourd'hui",
        "Today's date",
        ("aujourd'hui", "today_date"),
    ),
)  # fmt: skip


def fold_name(name: str) -> str:
    """A placeholder name as compared: lower case, no accents, words joined by "_"."""
    return _SEPARATORS.sub("_", fold(name)).strip("_")


_BY_NAME: dict[str, Placeholder] = {}
for _placeholder in PLACEHOLDERS:
    for _name in (_placeholder.key, _placeholder.name_fr, _placeholder.name_en,
                  *_placeholder.aliases):  # fmt: skip
        _folded = fold_name(_name)
        if _BY_NAME.get(_folded, _placeholder) is not _placeholder:  # pragma: no cover
            raise AssertionError(f"placeholder name {_name!r} is ambiguous")
        _BY_NAME[_folded] = _placeholder

BY_KEY: dict[str, Placeholder] = {p.key: p for p in PLACEHOLDERS}


@lru_cache(maxsize=4096)
def lookup(name: str) -> Placeholder | None:
    """The placeholder a typed name means (``"Prenom"`` → first name), or None if unknown."""
    return _BY_NAME.get(fold_name(name))


def insert_menu(language: str) -> list[tuple[str, str]]:
    """(token to insert, description) for the UI's "insert placeholder" menu, in ``language``."""
    return [
        (p.token(language), p.description_fr if language == "fr" else p.description_en)
        for p in PLACEHOLDERS
    ]
