"""The recognisers behind :mod:`desk.cluster.normalise`, French and English, compiled once.

Every pattern is compiled at import: the pipeline runs on tens of thousands of
messages per clustering run. Patterns that look at lines are MULTILINE and run
on text whose line breaks are already "\\n".
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_IM = re.IGNORECASE | re.MULTILINE

SUBJECT_PREFIX = re.compile(
    r"^(?:\s*(?:(?:re|r[ée]f?|tr|fwd?|fw|aw|wg|sv|vs|antw|odp|rif|enc|relance|rappel)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]|\[[^\]\n]{1,40}\]))+",
    _I,
)

# ------------------------------------------------------------------ web form
# The contact form's fixed wrapper: labelled fields, then the message, then a trailer.
FORM_FIELD = re.compile(
    r"^[ \t]*(?:nom|pr[ée]nom|e-?mail|courriel|t[ée]l[ée]phone|profil|objet|sujet)[ \t]*:", _IM
)
FORM_MESSAGE = re.compile(r"^[ \t]*(?:votre[ \t]+)?(?:message|demande)[ \t]*:[ \t]*\n?", _IM)
FORM_TRAILER = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*\n[ \t]*)?(?:ce message a [ée]t[ée] envoy[ée] (?:depuis|via|par)|"
    r"(?:this message was )?sent (?:from|via) the contact form)",
    _IM,
)

# ------------------------------------------------------------------ quoted history
_WROTE = (
    r"(?:wrote|a[ \t]+[ée]crit|schrieb|skrev|kirjoitti|napisa[łl](?:\(a\))?|ha[ \t]+scritto|"
    r"escribi[óo]|escreveu|schreef|написал[аи]?(?:\(а\))?)"
)
# The last line of an attribution ("… wrote:", "… a écrit :", "… schrieb Name <a@b>:"),
# possibly with the ":" wrapped onto a line of its own by the mail client.
QUOTE_HEADER_END = re.compile(
    rf"^[^\n]*?(?:(?<!\w){_WROTE}[ \t]*:?[ \t]*(?:-{{2,}}[ \t]*)?"
    rf"|(?<!\w){_WROTE}[ \t][^\n]{{1,160}}(?:\n[ \t>]*)?[:：][ \t]*|写道[:：]?[ \t]*)$",
    _IM,
)
# How the first line of an attribution begins: "On", "Le", "Am", "Den", a weekday, a date.
QUOTE_HEADER_OPENER = re.compile(
    r"[ \t>]*(?:-{2,}[ \t]*)?(?:(?:on|le|am|den|dnia|w[ \t]+dniu|op|in[ \t]+data|el|em|il|sur|"
    r"p[åa]|mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim|man|tir|ons|tor|fre|"
    r"l[øo]r|s[øo]n|m[åa]n|tis)\b|\d)",
    _I,
)
# A real attribution carries a time, a year or an address; "Le professeur a écrit :" does not.
ATTRIBUTION_STAMP = re.compile(r"\d{1,2}[:h.]\d{2}|(?<!\d)(?:19|20)\d{2}(?!\d)|@")
# Words every attribution carries (lower case): the line-anchored attribution pattern
# only runs on text that holds one. Plain substring tests on the lowered text are many
# times cheaper than a case-insensitive alternation scanned over the whole text.
WROTE_WORDS = (
    "wrote", "écrit", "ecrit", "schrieb", "skrev", "kirjoitti", "napisa", "scritto",
    "escribi", "escreveu", "schreef", "написал", "写道",
)  # fmt: skip
QUOTE_SEPARATOR = re.compile(
    r"^[ \t>]*(?:-{2,}[ \t]*(?:original message|message d'origine|forwarded message|"
    r"message transf[ée]r[ée]|mensaje original|urspr[üu]ngliche nachricht|"
    r"oprindelig (?:meddelelse|besked)|opprinnelig (?:melding|beskjed)|ursprungligt meddelande|"
    r"messaggio originale|mensagem original|oorspronkelijk bericht|alkuper[äa]inen viesti|"
    r"wiadomo[śs][ćc] oryginalna|исходное сообщение|пересылаемое сообщение)[ \t]*-*[ \t]*$"
    r"|_{20,}[ \t]*$"
    r"|d[ée]but du message r[ée]exp[ée]di[ée][ \t]*:"
    r"|begin forwarded message[ \t]*:)",
    _IM,
)
_OUTLOOK_FIELD = (
    r"[ \t]*\*?(?:envoy[ée]|sent|date|datum|[àa]|to|pour|objet|subject|sujet|cc|an|betreff|"
    r"gesendet|sendt|til|emne|[äa]mne|skickat|onderwerp|verzonden|aan|temat|wys[łl]ano|do)"
    r"\*?[ \t]*:"
)
# "De : / Envoyé : / À : / Objet :" without ">": a From line and two more header fields.
OUTLOOK_BLOCK = re.compile(
    r"^[ \t]*\*?(?:de|from|von|fra|fr[åa]n|van|od|exp[ée]diteur)\*?[ \t]*:[ \t]*\S[^\n]*\n"
    rf"(?:[ \t]*\n)?(?:[^\n]*\n(?:[ \t]*\n)?)?{_OUTLOOK_FIELD}[^\n]*\n"
    rf"(?:[ \t]*\n)?(?:[^\n]*\n(?:[ \t]*\n)?)?{_OUTLOOK_FIELD}",
    _IM,
)
QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*(?:\n|\Z)", re.MULTILINE)
TEXT_LINE = re.compile(r"^[ \t]*[^\s>][^\n]*$", re.MULTILINE)

# ------------------------------------------------------------------ greetings
_SALUTE = (
    r"(?i:bonjour|bonsoir|salut|slt|bjr|bsr|coucou|hello|hi|hey|dear|good[ \t]+(?:morning|"
    r"afternoon|evening)|madame|monsieur|mesdames|messieurs|ch[èe]re?s?|"
    r"[àa][ \t]+qui[ \t]+de[ \t]+droit|to[ \t]+whom[ \t]+it[ \t]+may[ \t]+concern)"
)
_ADDRESSEE = (
    r"(?i:madame|monsieur|mesdames|messieurs|mme|mr|m\.|et|ou|cher|ch[èe]re|"
    r"[àa][ \t]+(?:vous|tous|toutes|toute[ \t]+l'[ée]quipe)|"
    r"au[ \t]+service(?:[ \t]+(?:des?|de[ \t]+la|du))?[ \t]+\w+|tout[ \t]+le[ \t]+monde|"
    r"l'[ée]quipe|[àa][ \t]+l'[ée]quipe|sir|madam|or|team|all|everyone|there|"
    r"admissions?[ \t]+team|bonjour|bonsoir|[A-ZÀ-Ý][\w'-]+)"
)
GREETING_LINE = re.compile(
    rf"{_SALUTE}(?:[ \t,/]+(?:{_ADDRESSEE}))*[ \t]*[,!.:;]*"
    r"(?:[ \t]*(?i:j'esp[èe]re que vous allez bien|en esp[ée]rant que vous[^.\n]{0,60}|"
    r"et merci de me lire|bonjour|hope you(?:'re| are) (?:well|doing well))[,.!]*)?[ \t]*"
)
# A greeting opening a line that goes on with the request ("Bonjour, je n'arrive pas…").
GREETING_PREFIX = re.compile(
    r"^[ \t]*(?i:bonjour|bonsoir|salut|slt|bjr|hello|hi|hey|dear)"
    r"(?:[ \t]*,?[ \t]*(?i:madame|monsieur|[àa][ \t]+vous|[àa][ \t]+tous|all|team|there))*"
    r"[ \t]*[,!.]*[ \t]+"
)

# ------------------------------------------------------------------ signatures
SIGNOFF = re.compile(
    r"^[ \t]*(?i:(?:bien[ \t]+|tr[èe]s[ \t]+)?cordialement|"
    r"bien[ \t]+[àa][ \t]+vous(?:[ \t]+et[ \t]+bon[ \t]+courage)?|"
    r"(?:mes[ \t]+|sinc[èe]res[ \t]+)?salutations(?:[ \t]+distingu[ée]es)?|respectueusement|"
    r"merci(?:[ \t]+(?:d'avance|par[ \t]+avance|beaucoup|bcp|encore))?(?:[ \t]+pour[ \t]+"
    r"votre[ \t]+(?:aide|r[ée]ponse(?:[ \t]+rapide)?|retour|compr[ée]hension))?|"
    r"merci[ \t]+de[ \t]+votre[ \t]+compr[ée]hension|"
    r"dans[ \t]+l'attente[ \t]+de[ \t]+(?:votre|vous)[ \t]+(?:r[ée]ponse|lire|retour)\b.*|"
    r"je[ \t]+vous[ \t]+prie[ \t]+(?:d'agr[ée]er|de[ \t]+croire)\b.*|veuillez[ \t]+agr[ée]er\b.*|"
    r"en[ \t]+vous[ \t]+remerciant(?:[ \t]+par[ \t]+avance|[ \t]+d'avance)?|"
    r"avec[ \t]+mes[ \t]+remerciements|"
    r"bonne[ \t]+(?:journ[ée]e|soir[ée]e|fin[ \t]+de[ \t]+journ[ée]e|continuation)"
    r"(?:[ \t]+[àa][ \t]+vous)?|"
    r"[àa][ \t]+bient[ôo]t|bon[ \t]+courage(?:[ \t]+[àa][ \t]+vous)?|"
    r"prenez[ \t]+soin[ \t]+de[ \t]+vous|"
    r"merci(?:[ \t]+d'avance|[ \t]+par[ \t]+avance)?,?[ \t]+c'est[ \t]+urgent|"
    r"je[ \t]+reste[ \t]+[àa][ \t]+(?:votre|ta)[ \t]+disposition\b.*|"
    r"merci[ \t]+et[ \t]+bon[ \t]+courage\b.*|"
    r"looking[ \t]+forward[ \t]+to[ \t]+hearing[ \t]+from[ \t]+you\b.*|stay[ \t]+safe|"
    r"take[ \t]+care|cdlt|cdt|bav|bàv|(?:kind|best|warm|warmest)[ \t]+regards|regards|"
    r"many[ \t]+thanks|thanks(?:[ \t]+(?:in[ \t]+advance|a[ \t]+lot|again))?|"
    r"thank[ \t]+you(?:[ \t]+(?:in[ \t]+advance|for[ \t]+your[ \t]+(?:help|time)|"
    r"very[ \t]+much))?|best(?:[ \t]+wishes)?|cheers|sincerely|"
    r"yours[ \t]+(?:sincerely|faithfully|truly)|mvh|med[ \t]+vennlig[ \t]+hilsen|"
    r"mit[ \t]+freundlichen[ \t]+gr[üu](?:ß|ss)en|viele[ \t]+gr[üu](?:ß|ss)e|"
    r"saludos|cordiali[ \t]+saluti|atenciosamente)[ \t]*[,.!]*[ \t]*(?:\S{1,2}[ \t]*)?$",
    re.MULTILINE,
)
# A sign-off and a short name ending the last line: "… merci. Cordialement, Camille".
INLINE_SIGNOFF = re.compile(
    r"[ \t]*[,.!]?[ \t]+(?i:(?:bien[ \t]+|tr[èe]s[ \t]+)?cordialement|cdlt|cdt|"
    r"bien[ \t]+[àa][ \t]+vous|(?:kind|best)[ \t]+regards)[ \t]*[,.!]*"
    r"(?:[ \t]+[A-ZÀ-Ý][\w'.-]*){0,3}[ \t]*\Z"
)
SIGNATURE_DELIMITER = re.compile(r"^[ \t]*(?:--|—|_{3,}|-{3,}|—{3,})[ \t]*$", re.MULTILINE)
# A line in a signature block never asks anything: questions, sentences and "PS" stay.
NOT_SIGNATURE_LINE = re.compile(
    r"\?[ \t]*$|^[ \t]*(?:p\.?[ \t]*s\b|je\b|j'|nous\b|pourr|pouv|est-ce|i\b|we\b|could|can\b|"
    r"please|merci[ \t]+de\b|mon\b|ma\b|mes\b|my\b)"
    r"|^[ \t]*(?:\S+[ \t]+){4,}\S*[.!][ \t]*$",
    _IM,
)
MOBILE_FOOTER = re.compile(
    r"^[ \t]*(?i:envoy[ée][ \t]+(?:de|depuis|avec|[àa][ \t]+partir[ \t]+de|par)[ \t]+"
    r"(?:mon|ma|un|une|l'|courrier|outlook|yahoo|gmail)[^\n]{0,80}|"
    r"sent[ \t]+(?:from|with|via)[ \t]+(?:my|yahoo|outlook|mail|a[ \t]+mobile|gmail|aol|"
    r"blackberry|samsung)\b[^\n]{0,80}|"
    r"(?:get|obtenir|t[ée]l[ée]charger)[ \t]+outlook[ \t]+(?:for|pour)\b[^\n]{0,60}|"
    r"von[ \t]+meinem[ \t]+\w+[ \t]+gesendet[^\n]{0,40}|"
    r"inviato[ \t]+da[ \t]+(?:il[ \t]+)?mio[^\n]{0,60}|enviado[ \t]+(?:desde|do)[ \t]+"
    r"(?:mi|meu)[^\n]{0,60})[ \t]*(?:\n|\Z)",
    re.MULTILINE,
)
# Where a disclaimer starts: a line carrying one of these is removed with the rest of its
# paragraph. Each phrase is specific to boilerplate; a request about a confidential document
# does not use them.
DISCLAIMER = re.compile(
    r"^[^\n]*?(?i:(?:ce|cet|this)[ \t]+(?:message|courriel|e-?mail|mail|communication|"
    r"transmission)[^\n]{0,80}?(?:(?:sont|est|is|are|may be|peu(?:ven)?t [êe]tre)[ \t]+"
    r"(?:strictement[ \t]+|strictly[ \t]+)?(?:confidenti|privileged|priv[ée])|"
    r"peu(?:ven)?t[ \t]+contenir[ \t]+des[ \t]+informations[ \t]+confidenti|"
    r"destin[ée]s?[ \t]+exclusivement|[àa][ \t]+l'intention[ \t]+exclusive|"
    r"intended[ \t]+(?:solely|only|exclusively)|has[ \t]+been[ \t]+scanned|"
    r"a[ \t]+[ée]t[ée][ \t]+(?:analys|v[ée]rifi)[ée])|"
    r"les[ \t]+informations[ \t]+contenues[ \t]+dans[ \t]+ce|"
    r"the[ \t]+information[ \t]+(?:contained[ \t]+)?in[ \t]+this[ \t]+(?:e-?mail|message)|"
    r"si[ \t]+vous[ \t]+(?:avez[ \t]+re[çc]u|recevez)[ \t]+ce[ \t]+(?:message|courriel)"
    r"[ \t]+par[ \t]+erreur|"
    r"if[ \t]+you[ \t]+(?:have[ \t]+)?receive[d]?[ \t]+this[ \t]+(?:e-?mail|message)"
    r"[ \t]+in[ \t]+error|"
    r"pensez[ \t]+[àa][ \t]+l'environnement|avant[ \t]+d'imprimer[ \t]*,[ \t]*pensez|"
    r"consider[ \t]+the[ \t]+environment[ \t]+before[ \t]+printing|"
    r"l'int[ée]grit[ée][ \t]+de[ \t]+ce[ \t]+message|"
    r"droit[ \t]+[àa][ \t]+la[ \t]+d[ée]connexion|"
    r"ne[ \t]+constitu\w*[ \t]+pas[ \t]+un[ \t]+engagement[ \t]+contractuel|"
    r"caution:[ \t]+this[ \t]+email[ \t]+originated[ \t]+from[ \t]+outside)"
    r"[^\n]*(?:\n[ \t]*\S[^\n]*)*",
    re.MULTILINE,
)

# Words every disclaimer pattern alternative carries (lower case), as for WROTE_WORDS.
DISCLAIMER_WORDS = (
    "confidenti", "privileged", "privé", "prive", "exclusi", "intended", "scanned",
    "analys", "vérifi", "verifi", "information", "erreur", "error", "environ", "imprimer",
    "intégrit", "integrit", "déconnexion", "deconnexion", "contractuel", "originated",
)  # fmt: skip

# ------------------------------------------------------------------ masks
DIGIT = re.compile(r"\d")
# Personal details, masked so that they do not set identical requests apart.
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\"'.,;:!?)\]]", _I)
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)[ \t]?33[ \t]?(?:\(0\)[ \t]?)?|0)[1-9](?:[ \t.-]?\d{2}){4}(?!\w)"
    r"|(?<![\w+])\+\d{1,3}(?:[ \t.-]?\(?\d{1,4}\)?){2,5}(?!\w)"
)
_MONTHS_FR = (
    r"janvier|janv\.?|f[ée]vrier|f[ée]vr?\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|"
    r"ao[ûu]t|septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?"
)
_MONTHS_EN = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sep\.?|sept\.?|oct\.?|nov\.?|dec\.?"
)
_DAYS = (
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:\d{4}|\d{2})\b"
    r"|\b(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])\b(?!/)"
    rf"|\b(?:(?:{_DAYS})[ \t]+)?(?:1er|[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?[ \t]+"
    rf"(?:{_MONTHS_FR}|{_MONTHS_EN})(?!\w)(?:[ \t]+\d{{4}}\b)?"
    rf"|\b(?:(?:{_DAYS}),?[ \t]+)?(?:january|february|march|april|june|july|august|september|"
    rf"october|november|december|jan\.?|feb\.?|apr\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?)"
    rf"[ \t]+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?:,?[ \t]+\d{{4}}\b)?",
    _I,
)
REF = re.compile(
    r"\b[A-Za-z]{1,5}-\d{2,}(?:-\d+)+\b"  # EL-2020-123456
    r"|\b[A-Za-z]{1,3}-?\d{4,}\b"  # AB123456, N-45218
    # letters and digits mixed, at least two digits: A7F3K9, 12AB34 (not "covid19", "4e")
    r"|\b(?=[A-Za-z]*\d[A-Za-z]*\d)(?=\d*[A-Za-z])(?![A-Za-z]{3,}\d{1,3}\b)[A-Za-z0-9]{5,}\b"
    r"|(?<=n°)[ \t]*\d{3,}\b|(?<=\bno\.)[ \t]*\d{3,}\b"  # n° 4521879
    r"|\b\d{5,}\b"  # long digit runs: account and enrolment numbers
)
NUMBER = re.compile(r"(?<![\w<])\d+(?:[.,:h]\d+)?(?![\w>])")
MASK_TOKEN = re.compile(r"<(?:email|url|phone|date|ref|num|name)>")

# ------------------------------------------------------------------ folding
WHITESPACE = re.compile(r"\s+")
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# Combining marks left by NFKD on Latin, Greek and Cyrillic letters.
COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
FOLD_TABLE = str.maketrans(
    {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l",
     "Ł": "l", "đ": "d", "Đ": "d", "ı": "i",
     "’": "'", "‘": "'", "‚": "'", "‛": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'",
     "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‹": '"', "›": '"', "″": '"',
     "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"}
)  # fmt: skip

# ------------------------------------------------------------------ generic messages
WORD = re.compile(r"[^\W\d_]{2,}")
# Chasers and forward notes, on folded text: they ask for an answer without saying about
# what. Removed before the remaining words are counted.
CHASER = re.compile(
    r"toujours[ \t]+(?:pas|rien|aucune?|sans)[^.?!\n]{0,40}|tjr?s[ \t]+(?:pas|rien)\w*|"
    r"je[ \t]+(?:vous[ \t]+)?relance\w*|je[ \t]+me[ \t]+permets?[ \t]+de[ \t]+vous[ \t]+"
    r"(?:relancer|reecrire|recontacter|renvoyer)|relance[ \t]*(?:n[o°]?[ \t]*<num>|\d)?|"
    r"(?:pouvez|pourriez)[- \t]vous[ \t]+(?:me[ \t]+)?(?:repondre|revenir vers moi)|"
    r"(?:avez|auriez)[- \t]vous[ \t]+(?:pu[ \t]+)?(?:recu|lu|vu)[ \t]+mon[ \t]+(?:precedent[ \t]+)?"
    r"(?:message|mail|courriel)|des[ \t]+nouvelles|du[ \t]+nouveau|sans[ \t]+nouvelles|"
    r"(?:je[ \t]+)?reste[ \t]+dans[ \t]+l'attente|sans[ \t]+reponse|"
    r"aucune?[ \t]+(?:reponse|retour)|traiter[ \t]+(?:ma|mon|cette)[ \t]+(?:demande|dossier)|"
    r"relancer[ \t]+(?:ma|mon)[ \t]+(?:demande|message|mail|courriel)|"
    r"(?:ma|mon)[ \t]+(?:demande|message|mail|courriel)[ \t]+(?:ci-?dessous|precedente?)|"
    r"restee?s?[ \t]+sans[ \t]+(?:reponse|suite)|sauf[ \t]+erreur[ \t]+de[ \t]+ma[ \t]+part|"
    r"(?:pas|jamais)[ \t]+(?:eu[ \t]+)?de[ \t]+retour|"
    r"(?:cf\.?|voir)[ \t]+(?:mon[ \t]+(?:mail|message)[ \t]+)?ci-?dessous|"
    r"je[ \t]+vous[ \t]+(?:transfere|renvoie|fais[ \t]+suivre)(?:[ \t]+(?:ma|mon|la|le|sa|son|"
    r"une|un)[ \t]+(?:demande|message|mail|courriel))?|accuser[ \t]+reception|"
    r"(?:mon|ma)[ \t]+(?:message|mail|courriel|demande)[ \t]+(?:est|a)[ \t]+(?:bien[ \t]+)?"
    r"(?:arrive|parvenu|recu)e?|get[ \t]+back[ \t]+to[ \t]+me|confirm[ \t]+receipt|"
    r"any[ \t]+(?:news|update|updates)|following[ \t]+up|follow[- \t]up|"
    r"please[ \t]+see[ \t]+below|see[ \t]+below|fyi|pour[ \t]+info(?:rmation)?|"
    r"still[ \t]+waiting|bump(?:ing)?|\bup\b",
)


def word_set(text: str) -> frozenset[str]:
    """The words of ``text`` (split on whitespace), for the word lists below and their users."""
    return frozenset(text.split())


# Words too common to tell requests apart (on folded text).
STOPWORDS = word_set(
    "le la les de des du un une et est en au aux il elle on ne se sa son ses ce ca ci qu que qui "
    "je tu me te mon ma mes ton ta tes vous nous ils elles ces cet cette vos votre nos notre "
    "pour pas par sur dans avec mais ou "
    "donc car plus tres bien tout tous toute comme aussi deja encore meme sans sous entre vers "
    "chez leur leurs ete etre avoir suis sont fait faire peut peux pouvez pourriez avez ont "
    "fois jai cest svp stp merci bonjour oui non ni si "
    "the and for you your our this that with have has are was not please can could would will "
    "from about any there what when just been them they their she his her its who how which "
    "least to of in is it on at be do me my an or if as so no we us by hi ok pu eu "
    "aucun aucune cas serait sera etait avais avait haven hasn didn doesn isn"
)
# Words of a chaser: they ask for an answer without saying about what. Words that can
# carry a topic ("perdu" of a lost password, "retour" to school, "reception" of course
# material, "arrive" in "n'arrive pas", "demande" of enrolment) are never listed here.
GENERIC_WORDS = word_set(
    "relance relancer relancee relances reponse reponses repondre repondu message messages "
    "courriel nouvelles nouveau attente attendre attend attends toujours rien reste urgent "
    "urgente urgence situation semaine jours depuis insister insiste permets permettre "
    "precedent precedente dessous renvoie renvoyer reecrire reviens suite donner traiter accuser "
    "informe informee tenir quelqu quelquun appreciee breve moins quatrieme troisieme deuxieme "
    "devient vraiment penible ecris ecrit regardez regarder cote transfere transmets ci "
    "news update reply waiting still email emails following follow below reminder gentle "
    "resending heard confirm anyone bumping again yet see fyi fwd up "
    "jattend jattends tjrs toujour mail mails debut prendre connaissance get got case third "
    "eme bonne journee soiree lost perdue back"
)
