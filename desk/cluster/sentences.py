"""Sentences of a message, and whether one asks something: titles and "asks more" need both.

A cluster's title is the sentence that says what it asks, and a message that
adds a sentence to its cluster's request is told apart by whether that
sentence asks something else or only gives context. Both start from the same
two tools: cutting text into sentences, and recognising a request.

Text comes raw (the message as written, hard-wrapped at 72-78 columns by most
mail programs) or normalised by the clusterer (lower case, accents folded,
one space between words, numbers and names masked as ``<num>``, ``<name>``…).
Every rule here reads folded text, so the two agree; SMS spellings ("jvoudrais",
"cmt", "pls") are recognised as well as the written ones.

The rules lean towards "not a request" when a sentence only states a problem
("la page se recharge et mes réponses disparaissent") or gives context ("mon
fils est en CM2"): a request is a question mark, a question or request form
("pouvez-vous", "est-ce que", "could you", "I need"), or a polite marker
("svp", "please") with a verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desk.cluster._patterns import word_set
from desk.cluster.normalise import fold


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and where it lies in the text it was cut from."""

    text: str
    start: int
    end: int


# ------------------------------------------------------------------ splitting
# A wrapped line is at most this long: mail programs wrap at 72 to 78 columns.
WRAP_MAX = 80
# A line shorter than this was ended by its writer, not wrapped.
WRAP_MIN = 60
# Mail programs wrap a little short of their width (a greeting taken off shortens a line too).
WRAP_SLACK = 8

_LINE_BREAK = re.compile(r"[ \t]*\r?\n")
# One or more sentence ends, then closing quotes or brackets.
_TERMINATOR = re.compile(r"(?:\.{2,}|…+|[.!?؟][!?؟]*|[。！？]+)[\"'»”’)\]」』]*")
# Chinese and Japanese full stops end a sentence without a space after them.
_CJK_END = frozenset("。！？")
_BULLET = re.compile(r"[ \t]*(?:[-•*–—][ \t]|\(?\d{1,2}[.)][ \t]|\(?[a-z][)][ \t]|<num>\)[ \t]?)")
_WORD_OPENERS = "\"'«“(["
_HAS_WORD = re.compile(r"[^\W_]")


# A dot after these never ends a sentence: titles and Latin or French abbreviations.
_NEVER_FINAL = word_set(
    "m mm mme mmes mlle mlles mr mrs ms dr pr st ste cf e.g i.e p.ex ex vs env resp approx "
    "av bd c.-a-d c-a-d cad"
)
# A dot after these ends a sentence only when no number follows ("n. 12", "tel. 06…").
_BEFORE_NUMBER = word_set("n n° no nr num tel p pp art ref vol ch fig")
# A dot after these ends a sentence only before a capital letter ("etc. Je…").
_MAYBE_FINAL = word_set("etc")
_DOTTED_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_LIST_NUMBER = re.compile(r"\d{1,2}")


def _soft_breaks(text: str) -> set[int]:
    """Positions of line breaks that a mail program put there when it wrapped a paragraph.

    A line was wrapped when it is about as long as a mail program's width,
    does not end a sentence, and goes on with a lower-case word or with a
    word that would not have fitted on it (the classic test for hard-wrapped
    text). Short lines, lists and blank lines keep their breaks, so SMS-style
    messages written one sentence a line stay cut.
    """
    lines = text.split("\n")
    lengths = [len(line.rstrip("\r")) for line in lines]
    width = max((n for n in lengths if n <= WRAP_MAX), default=0)
    soft: set[int] = set()
    offset = 0
    for index, line in enumerate(lines[:-1]):
        offset += len(line) + 1
        following = lines[index + 1]
        body = line.rstrip("\r").rstrip()
        if not body or not following.strip() or not WRAP_MIN <= len(body) <= WRAP_MAX:
            continue
        if body[-1] in ".!?…" or _BULLET.match(following):
            continue
        first_word = following.split(maxsplit=1)[0]
        if first_word[0].islower() or len(body) + 1 + len(first_word) > width - WRAP_SLACK:
            soft.add(offset - 1)
    return soft


def _ends_sentence(text: str, found: re.Match[str]) -> bool:
    """Whether this run of punctuation ends a sentence (the rules of :func:`split_sentences`)."""
    after = found.end()
    if found.group()[0] in _CJK_END:
        return True
    if after < len(text) and not text[after].isspace():
        return False  # "3.5", "gouv.fr", "no.<ref>": a sentence end is followed by a space
    if found.group().rstrip("\"'»”’)]") != ".":
        return True
    begin = found.start()
    while begin > 0 and not text[begin - 1].isspace() and text[begin - 1] not in _WORD_OPENERS:
        begin -= 1
    word = text[begin : found.start()]
    if not word:
        return True
    token = fold(word)
    following = text[after : after + 40].lstrip()
    if token in _NEVER_FINAL:
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: "J. Martin"
    if token in _BEFORE_NUMBER:
        return not (following[:1].isdigit() or following.startswith("<"))
    if token in _MAYBE_FINAL or _DOTTED_ACRONYM.fullmatch(token):
        return following[:1].isupper()  # "etc. Je…" ends a sentence, "etc. et" does not
    if _LIST_NUMBER.fullmatch(token):
        # "1. Premier point": a list number at a line start or after a colon is no sentence.
        before = text[max(0, begin - 80) : begin].rstrip(" \t")
        return not (not before or before[-1] in "\n:;")
    return True


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch between sentence ends, before trimming."""
    cuts: list[tuple[int, int]] = []  # (end of a sentence, start of the next)
    soft = _soft_breaks(text) if "\n" in text else set()
    for found in _LINE_BREAK.finditer(text):
        newline = found.end() - 1
        if newline not in soft:
            cuts.append((found.start(), found.end()))
    for found in _TERMINATOR.finditer(text):
        if _ends_sentence(text, found):
            cuts.append((found.end(), found.end()))
    cuts.sort()
    pieces, start = [], 0
    for end, following in cuts:
        if end > start:
            pieces.append((start, end))
        start = max(start, following)
    if start < len(text):
        pieces.append((start, len(text)))
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order, with their offsets in it.

    Sentences end at ". ! ? …" followed by a space (the "?" stays with its
    sentence) and at line breaks, except the breaks a mail program added when
    wrapping a paragraph. A dot does not end a sentence after "M.", "Mme.",
    "etc." (unless a capital follows), "e.g.", "p.ex.", an initial, a list
    number, or inside "3.5" and addresses. Mask tokens ("<num>") are words
    like any other. A stretch with no letter or digit ("???", "🙃") belongs to
    the sentence before it.
    """
    sentences: list[Sentence] = []
    for start, end in _pieces(text):
        piece = text[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        first = start + len(piece) - len(piece.lstrip())
        last = first + len(stripped)
        if sentences and _HAS_WORD.search(stripped) is None:
            previous = sentences[-1]
            sentences[-1] = Sentence(text[previous.start : last], previous.start, last)
            continue
        sentences.append(Sentence(stripped, first, last))
    return sentences


# ------------------------------------------------------------------ requests
def _any(*alternatives: str) -> str:
    return "|".join(f"(?:{a})" for a in alternatives)


# "je voulais vous remercier" thanks, it does not ask.
_NOT_THANKS = (
    r"(?!\s+(?:vous\s+|juste\s+|simplement\s+|sincerement\s+)*"
    r"(?:remercier|dire merci|feliciter|saluer)\b)"
)
# French question and request forms, on folded text.
_FRENCH = _any(
    # verb-subject inversion written without hyphens, as in SMS and hurried mail
    r"(?<!vous )\b(?:pouvez|pourriez|pourrez|auriez|avez|savez|sauriez|voulez|voudriez|"
    r"connaissez) vous\b",
    r"\b(?:pourrais|peux) tu\b|\btu (?:peux|pourrais)\b",
    r"(?<!c')\b(?:peut|pourrait|doit|faut|existe|est|serait|sera) (?:t )?(?:il|on|elle)\b|"
    r"\b(?:y a|a|va) t (?:il|on|elle)\b",
    r"\b(?:puis|dois|peux) je\b|^(?:pouvons|pourrions|devons) nous\b",
    r"\best[- ]ce\b|\besk\b|\beske\b|\bkesk\w*|\bqu'est[- ]ce",
    # "vous pouvez me joindre au …" offers, "comme vous pouvez le voir" shows
    r"(?<!comme )\bvous (?:pouvez|pourriez|pourrez|pouviez|voulez|voudriez)\b"
    r"(?!\s+(?:(?:me|nous|la|le|l'|les|leur|lui)\s*)?(?:joindre|contacter|appeler|rappeler)\b)",
    r"\bmerci (?:de|d')\s*(?!(?:votre|vos|ton|ta|tes|avance|rien|tout|avoir)\b|m'avoir|"
    r"nous avoir|me lire|l'attention)(?=\w)",
    r"\bvous remerci\w* (?:de|d')\s*(?!(?:votre|vos|avance|avoir)\b|m'avoir|nous avoir|"
    r"l'attention)(?=\w)",
    # wishes and asks, with the verb in the subject's own form: "on nous demande de…"
    # (we are asked to…) is context, "nous demandons" asks.
    r"\b(?:je |j'|j)(?:voudrais|voudrai|voudre|voulais|veux|vx|veu|aimerais|aimerai|"
    r"souhaite|souhaiterais|souhaiterai|demande|sollicite|me demande|me demandais)\b" + _NOT_THANKS,
    r"\bnous (?:voudrions|aimerions|souhaitons|souhaiterions|demandons|sollicitons)\b"
    + _NOT_THANKS,
    r"\bon (?:voudrait|aimerait|souhaite|souhaiterait|veut|voulait)\b" + _NOT_THANKS,
    r"\b(?:je|nous|on) vous (?:demande|demandons|serais|serions|saurais)\b",
    # a need of the writer's own ("elle a besoin de…" reports someone else's)
    r"(?:^|\b(?:j'ai|jai|j ai|on a|nous avons|j'aurais|jaurais|nous aurions|on aurait) "
    r"(?:\w+ )?)besoin (?:de|d'|des|du)|\bil (?:me|nous) faut\b",
    r"\b(?:comment|cmt|cmnt|combien|pk|pkoi|pourkoi)\b|(?<!c'est )(?<!voila )\bpourquoi\b",
    r"\b(?:c'est|c|pour|jusqu'a|depuis|a partir de|d'ici) (?:quand|kan)\b",
    r"\b(?:quand|kan) (?:est[- ]ce|esk|eske|sera|seront|serez|va|vont|aura|auront|pourr\w*|"
    r"recevr\w*|arriver\w*|commence\w*|reprend\w*|reouvr\w*|rouvr\w*|publi\w*|sort\w*)\b",
    r"\b(?:quand|kan)\W*$",
    r"(?:^|\bd'|\bpar |\bsavoir |\bsais pas |\bdire )ou (?:est|sont|en est|en sont|se trouve\w*|"
    r"trouve\w*|puis|peut|peux|dois|doit|faut|envoy\w*|va|vont|aller|pass\w*|depos\w*|"
    r"recuper\w*|obten\w*|telecharg\w*|inscri\w*|achet\w*|pay\w*)\b",
    r"\bou (?:est|sont|se trouve\w*|trouve-t-on|trouver|puis-je|peut-on|faut-il|dois-je|"
    r"envoyer|est-ce|en est)\b",
    r"(?:^|\b(?:et|mais|alors|donc|sinon) )(?:que|quoi) (?:faire|faut|dois|doit|puis|peut|"
    r"est-ce)\b|\b(?:c'est|c) quoi\b|\b(?:quoi|que) faire\b",
    r"(?:^|\b(?:et|mais|alors|donc) )quel(?:le)?s?\b",
    r"\b(?:est|serait|sera)(?:[- ]t)?[- ](?:il|ce) possible\b|"
    r"\b(?:c'est|c|ce serait|ca serait) possible (?:de|d'|que)",
    r"\b(?:y a|ya|il y a|y aurait|il y aurait)(?:[- ]t[- ]il)? (?:moyen|une solution|un moyen)\b",
    r"\b(?:ne sais|ne savons|sais pas|savons pas|sait pas|savoir) (?:ou|quand|si|quel\w*|"
    r"combien|comment|pourquoi|quoi)\b",
    r"\bveuillez (?!(?:trouver|agreer|recevoir|croire|noter|excuser)\b)",
    r"\baide(?:z|r)?[- ](?:moi|nous)\b|\bbesoin d'aide\b|\ba l'aide\b",
    r"\bje vous prie de (?!(?:croire|recevoir|m'excuser|bien vouloir m'excuser)\b)",
)
# English question and request forms, on folded text.
_ENGLISH = _any(
    r"\b(?:can|could|would|will|may|might) (?:you|i|we|someone|anyone|somebody|it|he|she|they)\b",
    r"\b(?:is|would|will) it (?:be )?possible\b|\bis there (?:a|an|any|some)\b|"
    r"\bare there (?:any|some)\b",
    r"\b(?:i|we)(?: would|'d)(?: also| really)? (?:like|love)\b",
    r"\b(?:i|we)(?: also| really| do| still)? (?:want|need|wish|require)\b",
    r"\b(?:i|we)(?:'m| am|'re| are) (?:looking for|hoping|wondering)\b",
    r"\b(?:i|we) (?:was|were) wondering\b|\bi wonder\b",
    r"\bhow (?:do|does|did|can|could|should|would|will|long|much|many|to|is|are|come)\b",
    r"\bwhen (?:will|is|are|can|do|does|did|should|would|could)\b",
    r"^(?:and )?where\b|\bwhere (?:is|are|can|do|does|did|should|would|to|has|have)\b",
    r"\bwhat (?:is|are|should|do|does|did|can|could|would|happens|happened|about)\b|"
    r"\bwhat's\b",
    r"^(?:and |but |so )?(?:which|why|who)\b|\bwhy (?:is|are|do|does|did|has|have)\b",
    r"\b(?:do|does|did|have|has) (?:you|anyone|someone)\b",
    r"^(?:is|are|do|does|did|can|could|will|would|should|has|have|may|shall) "
    r"(?:the|my|our|your|it|there|this|that|i|we|you|he|she|they|his|her)\b",
    r"\blet (?:me|us) know\b|\btell (?:me|us)\b|\bkindly\b|\badvise (?:me|us|on|whether|if)\b",
    r"\bany (?:idea|ideas|advice|suggestions?|solution)\b",
    # "I need help", "help!"; not "thanks for your help" nor "it would help to have them"
    r"(?<!your )(?<!for )(?<!the )(?<!would )(?<!will )(?<!could )(?<!to )\bhelp\b"
    r"(?! (?:desk|center|centre|page|section|to)\b)",
    r"\bplease (?!(?:find|see|note|ignore|disregard|be|excuse)\b)(?=[a-z])",
)
# Every cue starts a word: the leading \b spares trying them all inside words (twice as fast).
_CUES = re.compile(rf"\b(?:{_any(_FRENCH, _ENGLISH)})")
# Verb-subject inversion and imperatives with a pronoun: "pouvez-vous", "existe-t-il",
# "puis-je", "y a-t-il", "dites-moi", "envoyez-les".
_INVERSION = re.compile(
    r"(?<![\w-])(?!(?:rendez|chez|excusez|pardonnez|excuse|pardonne|vous|nous|moi|lui|eux|"
    r"soi|toi|sous|entre)-)"
    r"[^\W\d_]{2,}(?:-t)?-(?:vous|il|elle|on|je|nous|ils|elles|tu)(?![\w-])"
    r"|\ba-t-(?:il|elle|on)\b"
    r"|(?<![\w-])(?!(?:excusez|pardonnez|excuse|pardonne|chez|entre)-)"
    r"[^\W\d_]{2,}-(?:moi|nous|le|les|lui|leur)(?![\w-])"
)
# "svp" and "please" make a request only with a verb: "débloquez le compte svp" asks,
# "URGENT SVP" does not.
_POLITE = re.compile(
    r"\b(?:svp|stp|s'il (?:vous|te) plait|sil (?:vous|te) plait|please|pls|plz|plse|plis)\b"
)
_REQUEST_VERB = re.compile(
    r"\b(?:[^\W\d_]{2,}ez|[^\W\d_]{3,}(?:er|ir)|faire|fais|mettre|mets|remettre|dire|dis|"
    r"rendre|rends|prendre|transmettre|envoie|renvoie|aide|rep|repondre|reponds|debloque|"
    r"change|corrige|valide|regarde|rappelle|appelle|verifie|rembourse|donne|explique|"
    r"contacte|confirme|indique|send|resend|help|reset|unlock|update|check|tell|let|give|"
    r"reply|answer|call|fix|confirm|add|remove|cancel|refund|advise|explain|email|forward|"
    r"correct|look|contact|get|make|provide|share|allow|extend|accept|issue|sort|delete|"
    r"replace|reactivate|activate|enrol|enroll|register|transfer|pay|move|post|mail|ship|"
    r"deliver|return|reopen|open|approve|validate|review|respond|assist|arrange|reschedule|"
    r"unblock|restore|recover|find)\b"
)
# Words that end like a French infinitive or imperative and are not verbs.
_NOT_VERBS = word_set(
    "chez assez nez hier premier dernier fichier cahier papier courrier dossier janvier fevrier "
    "cher mer fer hiver quartier entier leger super clavier foyer danger etranger plaisir "
    "avenir desir loisir soir noir devoir pouvoir savoir espoir trottoir miroir couloir "
    "after never ever other number teacher paper letter computer user order under over either "
    "whether later better sooner member november december september october water sister "
    "brother mother father daughter another together server browser player manager printer "
    "router charger poster summer winter power folder border sir dear her their your hour "
    "remerciez"
)
_LEADING_MARKS = " -•*–—>\"'(["
# What the writer quotes (an error message, a button) is not what they ask: "le site
# affiche « veuillez le mettre à jour »" asks nothing. Folding turns « » “ ” into '"'.
_QUOTED = re.compile(r'"[^"]{1,200}"')


def _has_request_verb(folded: str) -> bool:
    """Whether a sentence with "svp"/"please" also has a verb that asks for something."""
    rest = _POLITE.sub(" ", folded)
    return any(found.group() not in _NOT_VERBS for found in _REQUEST_VERB.finditer(rest))


def is_request(sentence: str) -> bool:
    """Whether a sentence asks something that needs an answer.

    True for a question mark, a French or English question or request form
    ("pouvez-vous", "j'aimerais", "comment", "est-ce que", "could you",
    "I need", "how do"…, also written without accents, hyphens or capitals,
    or the SMS way: "pouvez vous", "jvoudrais", "cmt", "pk", "kan"), and for
    "svp"/"please" with a verb. A problem stated without a question ("la
    page se recharge et mes réponses disparaissent") or context ("mon fils
    est en CM2") is not a request, nor is what the writer quotes (the site
    says « veuillez réessayer »).
    """
    if "？" in sentence or "؟" in sentence:
        return True
    folded = fold(sentence)
    if '"' in folded:
        folded = _QUOTED.sub(" ", folded).strip()
    folded = folded.lstrip(_LEADING_MARKS)
    if not folded:
        return False
    if "?" in folded:
        return True
    if _CUES.search(folded) or _INVERSION.search(folded):
        return True
    return bool(_POLITE.search(folded)) and _has_request_verb(folded)


# ------------------------------------------------------------------ addition markers
_ANOTHER = re.compile(
    r"^[\s\-•*–—>]*(?:\(?(?:\d{1,2}|<num>)[.)][ \t]*)?(?:(?:et|mais|oh|and|but|oh,)[ \t,]+)?(?:"
    + _any(
        r"(?:une |j'ai une |j'ai aussi une |jai une |j'aurais une |ma |mon )?"
        r"(?:autre|deuxieme|seconde|2e|derniere|dernier) (?:question|chose|point|demande|souci|"
        r"probleme|sujet)\b",
        r"autre chose\b|et aussi\b",
        r"aussi\s*[,:]|aussi\s+(?=(?:je|j'|jvoudrais|nous|on|pourr|pouv|est-ce|merci|svp|quand|"
        r"comment|ou|pourquoi)\b)",
        r"de plus\b|par ailleurs\b|en outre\b|egalement\b|d'autre part\b|d'autres part\b",
        r"enfin\b(?!\s*,?\s*(?:bref|bon)\b)",
        r"(?:et )?par la meme occasion\b|au passage\b|j'en profite\b|tant que j'y suis\b|"
        r"au fait\b|deuxiemement\b",
        r"p\.?\s?-?\s?p?\.?\s?s\b\.?|ps\s*[:.-]",
        r"also\b|and also\b|another (?:question|thing|matter|issue)\b|in addition\b|"
        r"additionally\b|besides\b|furthermore\b|moreover\b|one more (?:thing|question)\b|"
        r"one last (?:thing|question)\b|last(?:ly)?(?: question| thing)?\s*[,:]|"
        r"(?:a |my )?(?:second|2nd|other) (?:question|thing|point|issue)\b|secondly\b|"
        r"btw\b|by the way\b|on (?:another|a different|a separate) (?:note|matter|subject)\b|"
        r"while i'm at it\b|finally\s*,|unrelated\b",
    )
    + r")"
)


def starts_another_request(sentence: str) -> bool:
    """Whether the sentence opens by announcing another topic.

    "Autre question", "de plus", "par ailleurs", "P.S.", "also", "another
    question", "btw"… (with or without accents and capitals): the writer
    says that what follows is a second matter, not more about the first.
    """
    return _ANOTHER.search(fold(sentence)) is not None


# A sentence stating a problem asks for help even without a question: "je ne parviens plus
# à me connecter", "the page doesn't load". Read on folded text.
_PROBLEM = re.compile(
    r"\bn(?:e\b|')[^.?!]{0,40}?\b(?:pas|plus|jamais|rien|aucune?|que)\b"
    r"|\b(?:impossible|erreur|error|bug|bloquee?s?|refusee?s?|plante|crash\w*|probleme|souci"
    r"|can'?t|cannot|unable|won'?t|doesn'?t|didn'?t|isn'?t|aren'?t|haven'?t|hasn'?t|wasn'?t"
    r"|not (?:working|received|arrived)|never|broken|failed|fails|missing|lost|perdue?s?)\b"
    r"|\bpas (?:recue?s?|possible|reussi|acces|moyen|de (?:mail|code|lien|colis|convocation))\b"
)

# ...except the complaint of not having been answered: context a chaser adds.
_UNANSWERED = re.compile(
    r"\b(?:pas de (?:reponse|retour)|sans (?:reponse|retour)|toujours rien"
    r"|no (?:answer|reply|response)"
    r"|deja ecrit|already (?:wrote|written|sent)|relance)"
)


def asks_for_help(sentence: str) -> bool:
    """Whether a sentence asks something: a request, or a problem stated (see _PROBLEM)."""
    if is_request(sentence):
        return True
    folded = fold(sentence)
    return bool(_PROBLEM.search(folded)) and not _UNANSWERED.search(folded)
