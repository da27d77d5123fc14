"""Messages nobody should answer: auto-replies, bounces and spam.

They are kept out of the agents' queue and listed apart, never deleted: a
misfiled request must stay one click away. So the rules lean towards "request"
when unsure. Auto-replies and bounces are recognised by what the sending
software says about itself (``Auto-Submitted``, ``X-Autoreply``, ``Precedence``,
a delivery report — already folded into the parser's ``is_auto``), by the
daemon addresses that send bounces, and by the subjects mail servers use.
Spam needs two independent cues from a short list of phrases that requests to
a school do not use ("cliquez ici", "gift card", "jusqu'à -70 %"), or a spam
filter's verdict in the headers, because one cue alone also appears in real
requests ("remboursement", "compte suspendu").
"""

from __future__ import annotations

import re
from enum import StrEnum

from desk.cluster.normalise import fold


class Kind(StrEnum):
    """What a message is, for the queue."""

    REQUEST = "request"
    AUTO_REPLY = "auto-reply"
    BOUNCE = "bounce"
    SPAM = "spam"


_DAEMON = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", re.IGNORECASE)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|returned (?:mail|to sender)|delivery (?:status notification|failure|has failed)|"
    r"mail delivery failed|failure notice|non remis|non distribu|impossible de remettre|"
    r"echec (?:de la )?(?:remise|livraison)|message non delivre",
)
_AUTO_SUBJECT = re.compile(
    r"^(?:reponse automatique|automatic reply|auto(?:matic)?[- ]?reply|out of (?:the )?office|"
    r"absence du bureau|absent(?:e)? du bureau|message automatique|abwesenheitsnotiz|"
    r"accuse de reception automatique)\b"
)
_SPAM_CUES = re.compile(
    r"(?<!\w)(?:cliquez (?:ici|sur le lien)|click here|gagnez|you have been selected|gift card|"
    r"carte cadeau|congratulations|felicitations,? vous avez gagne|offres? exclusives?|"
    r"jusqu'a -\d+ ?%|-\d+ ?% sur|prix imbattables?|commandez des maintenant|"
    r"premiere page (?:de google )?garantie|\bseo\b|audit offert|bitcoin|crypto|"
    r"investissez|generez jusqu'a|remboursement (?:d'impots|est en attente)|"
    r"confirmer vos informations bancaires|informations de paiement|"
    r"validate your account|exceeded its storage|will be deactivated|"
    r"votre colis est en attente|celibataires|inscription gratuite|"
    r"sans engagement|100 ?% financee|unclaimed inheritance|business proposal|"
    r"dear friend|verified (?:french )?contacts|email lists|kindly reply|"
    r"profitez de vos droits|rappel gratuit|for a small fee|en cliquant ici|vous etes eligible|"
    r"mettez a jour vos informations|connectez-vous pour le recevoir|came across your website|"
    r"activite inhabituelle|cher client|act now|limited time offer|winner|lottery|loterie|"
    r"thermometres? infrarouges?|gels? hydroalcooliques?)(?!\w)",
)
SPAM_CUES_NEEDED = 2


def spam_cues(text: str) -> list[str]:
    """The spam phrases found in ``text`` (folded), each once."""
    return sorted({found.group() for found in _SPAM_CUES.finditer(fold(text))})


def classify(
    *,
    subject: str,
    text: str,
    from_addr: str,
    is_auto: bool,
    spam_flag: bool = False,
) -> Kind:
    """What a message is; ``spam_flag`` is a spam filter's verdict from the headers."""
    folded_subject = fold(subject)
    if _DAEMON.match(from_addr) or (is_auto and _BOUNCE_SUBJECT.search(folded_subject)):
        return Kind.BOUNCE
    if is_auto or _AUTO_SUBJECT.match(folded_subject):
        return Kind.AUTO_REPLY
    if spam_flag or len(spam_cues(f"{subject}\n{text[:5000]}")) >= SPAM_CUES_NEEDED:
        return Kind.SPAM
    return Kind.REQUEST
