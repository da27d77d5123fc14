"""The recognisers behind :mod:`desk.cluster.normalise`, French and English, compiled once."""

from __future__ import annotations

import re

_I = re.IGNORECASE
_IM = re.IGNORECASE | re.MULTILINE

SUBJECT_PREFIX = re.compile(
    r"^(?:\s*(?:(?:re|r[ée]f?|tr|fwd?|fw|aw|wg|sv|vs|antw|relance|rappel)\s*(?:\[\d+\])?\s*:"
    r"|\[[^\]\n]{1,40}\]))+",
    _I,
)

# The contact form's fixed wrapper: labelled fields, then the message, then a trailer.
FORM_FIELD = re.compile(
    r"^\s*(?:nom|pr[ée]nom|e-?mail|courriel|t[ée]l[ée]phone|profil|objet|sujet)\s*:", _IM
)
FORM_MESSAGE = re.compile(r"^\s*(?:votre\s+)?(?:message|demande)\s*:[ \t]*\n?", _IM)
FORM_TRAILER = re.compile(
    r"^\s*(?:-{2,}\s*\n\s*)?(?:ce message a [ée]t[ée] envoy[ée] depuis|sent from the contact form)",
    _IM,
)

# Where quoted history starts.
QUOTE_SEPARATOR = re.compile(
    r"^\s*(?:-{2,}\s*(?:original message|message d'origine|forwarded message|"
    r"message transf[ée]r[ée]|mensaje original|urspr[üu]ngliche nachricht|"
    r"oprindelig (?:meddelelse|besked)|opprinnelig (?:melding|beskjed)|ursprungligt meddelande|"
    r"messaggio originale|"
    r"mensagem original|oorspronkelijk bericht|alkuper[äa]inen viesti)\s*-*\s*$"
    r"|_{10,}\s*$"
    r"|d[ée]but du message r[ée]exp[ée]di[ée]\s*:"
    r"|begin forwarded message\s*:)",
    _I,
)
QUOTE_HEADER_START = re.compile(r"^\s*(?:>|-{2,})?\s*(?:le|on|am|el)\s+\S", _I)
QUOTE_HEADER_END = re.compile(
    r"(?:a\s+[ée]crit|wrote|schrieb|escribi[óo])\s*:?\s*(?:-{2,}\s*)?$", _I
)
OUTLOOK_START = re.compile(r"^\s*\*?(?:de|from|von|fra|exp[ée]diteur)\s*\*?\s*:\s*\S", _I)
OUTLOOK_FIELD = re.compile(
    r"^\s*\*?(?:envoy[ée]|sent|date|[àa]|to|objet|subject|cc|an|betreff|gesendet|sendt|til|"
    r"emne)\s*\*?\s*:",
    _I,
)

# Greetings: a whole first line, or a short phrase opening the first line.
_SALUTE = (
    r"(?i:bonjour|bonsoir|salut|slt|bjr|coucou|hello|hi|hey|dear|good\s+(?:morning|afternoon|"
    r"evening)|madame|monsieur|mesdames|messieurs|ch[èe]re?s?|[àa]\s+qui\s+de\s+droit|"
    r"to\s+whom\s+it\s+may\s+concern)"
)
_ADDRESSEE = (
    r"(?i:madame|monsieur|mesdames|messieurs|et|ou|cher|ch[èe]re|[àa]\s+(?:vous|tous|toutes|"
    r"toute\s+l'[ée]quipe)|au\s+service(?:\s+(?:des?|de\s+la|du))?\s+\w+|tout\s+le\s+monde|"
    r"sir|madam|or|team|all|everyone|bonjour|bonsoir)|[A-ZÀ-Ý][\w'-]+"
)
GREETING_LINE = re.compile(
    rf"{_SALUTE}(?:[\s,]+(?:{_ADDRESSEE}))*\s*[,!.:]*"
    r"(?:\s*(?i:j'esp[èe]re que vous allez bien|en esp[ée]rant que vous[^.]{0,60}|"
    r"et merci de me lire|bonjour)[,.!]*)?"
)
GREETING_PREFIX = re.compile(
    r"^(?i:bonjour|bonsoir|salut|slt|bjr|hello|hi|dear)"
    r"(?:[ ,]+(?i:madame|monsieur|[àa]\s+vous))?\s*[,!.]*\s+"
)

SIGNOFF = re.compile(
    r"^\s*(?i:(?:bien\s+|tr[èe]s\s+)?cordialement|bien\s+[àa]\s+vous(?:\s+et\s+bon\s+courage)?|"
    r"(?:mes\s+|sinc[èe]res\s+)?salutations(?:\s+distingu[ée]es)?|respectueusement|"
    r"merci(?:\s+(?:d'avance|par\s+avance|beaucoup|bcp|encore))?(?:\s+pour\s+votre\s+(?:aide|"
    r"r[ée]ponse(?:\s+rapide)?|retour|compr[ée]hension))?|merci\s+de\s+votre\s+compr[ée]hension|"
    r"dans\s+l'attente\s+de\s+(?:votre|vous)\s+(?:r[ée]ponse|lire|retour)\b.*|"
    r"je\s+vous\s+prie\s+(?:d'agr[ée]er|de\s+croire)\b.*|veuillez\s+agr[ée]er\b.*|"
    r"en\s+vous\s+remerciant(?:\s+par\s+avance|\s+d'avance)?|avec\s+mes\s+remerciements|"
    r"bonne\s+(?:journ[ée]e|soir[ée]e|fin\s+de\s+journ[ée]e|continuation)(?:\s+[àa]\s+vous)?|"
    r"[àa]\s+bient[ôo]t|bon\s+courage(?:\s+[àa]\s+vous)?|prenez\s+soin\s+de\s+vous|"
    r"merci(?:\s+d'avance|\s+par\s+avance)?,?\s+c'est\s+urgent|"
    r"je\s+reste\s+[àa]\s+(?:votre|ta)\s+disposition\b.*|merci\s+et\s+bon\s+courage\b.*|"
    r"looking\s+forward\s+to\s+hearing\s+from\s+you\b.*|stay\s+safe|take\s+care|"
    r"cdlt|cdt|b[àa]v|kind\s+regards|best\s+regards|warm\s+regards|regards|many\s+thanks|"
    r"thanks(?:\s+in\s+advance|\s+a\s+lot)?|thank\s+you(?:\s+in\s+advance)?|best(?:\s+wishes)?|"
    r"cheers|sincerely|yours\s+(?:sincerely|faithfully|truly))\s*[,.!]*\s*$"
)
MOBILE_FOOTER = re.compile(
    r"^\s*(?i:envoy[ée]\s+(?:de|depuis|avec|[àa]\s+partir\s+de)\s+(?:mon|ma|un|une|l'|courrier)"
    r".{0,60}|sent\s+(?:from|with)\s+(?:my|yahoo|outlook|mail)\b.{0,60}|"
    r"(?:get|obtenir|t[ée]l[ée]charger)\s+outlook\s+(?:for|pour)\b.{0,30})$"
)
DISCLAIMER = re.compile(
    r"(?i:confidenti\w*.{0,240}(?:destinataire|intended\s+(?:solely\s+|only\s+)?(?:for\s+the\s+)?"
    r"(?:recipient|addressee)|d[ée]truire|delete\s+it|notify)|avant\s+d'?\s*imprimer|"
    r"before\s+printing|pensez\s+[àa]\s+l'environnement|think\s+(?:of|about)\s+the\s+environment)",
    re.DOTALL,
)

# Personal details, masked so that they do not set identical requests apart.
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"\b(?:https?://|www\.)\S+", _I)
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\w)"
    r"|(?<![\w+])\+\d{1,3}(?:[\s.-]?\d{2,4}){2,5}(?!\w)"
)
_MONTHS_FR = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|"
    r"d[ée]cembre"
)
_MONTHS_EN = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
)
TEXT_DATE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    rf"|\b(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?\d{{1,2}}(?:er)?\s+"
    rf"(?:{_MONTHS_FR})(?:\s+\d{{4}})?\b"
    rf"|\b(?:{_MONTHS_EN})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b",
    _I,
)
REF = re.compile(
    r"\b[A-Za-z]{1,5}-\d{2,}(?:-\d+)*\b"  # EL-2020-123456
    r"|\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{5,}\b"  # A7F3K9 (letters and digits)
    r"|\b\d{5,}\b"  # long digit runs: account and enrolment numbers
)
NUMBER = re.compile(r"(?<![\w<])\d+(?:[.,]\d+)?(?![\w>])")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words too common to tell requests apart (on folded text).
STOPWORDS = _words(
    "les des une est pour que qui pas par sur dans avec aux mes mon vos votre nos notre ses son "
    "sa ces cet cette elle ils elles nous vous mais ou donc car plus tres bien tout tous toute "
    "comme aussi deja encore meme sans sous entre vers chez leur leurs ete etre avoir suis sont "
    "fait faire peut peux pouvez pourriez avez ont fois jai cest svp stp merci bonjour "
    "the and for you your our this that with have has are was not please can could would will "
    "from about any there what when just been them they their she his her its who how which least "
    "aucun aucune cas serait sera etait avais avait haven hasn didn doesn isn"
)
# Words of a chaser: they ask for an answer without saying about what. Words that
# can carry a topic ("perdu" of a lost password, "retour" to school, "reception" of
# course material, "arrive" in "n'arrive pas") must never be listed here.
GENERIC_WORDS = _words(
    "relance relancer relancee relances reponse reponses repondre repondu message messages "
    "courriel demande demandes nouvelles nouveau attente attendre attend attends toujours rien "
    "reste urgent urgente urgence situation semaine jours depuis insister insiste permets "
    "permettre precedent precedente dessous renvoie renvoyer reecrire reviens suite donner "
    "traiter accuser informe informee tenir quelqu quelquun appreciee breve moins quatrieme "
    "troisieme deuxieme devient vraiment penible ecris ecrit regardez regarder cote "
    "news update reply waiting still email emails following follow below reminder gentle "
    "resending heard confirm anyone bumping again yet "
    "jattend jattends tjrs toujour mail mails debut prendre connaissance get got case third"
)
