"""A cluster's title: the sentence that says what it asks, not its subject line.

On a surge the subjects say "URGENT !!", "question" or "Bonjour"; the queue
must say what each cluster asks. The title is the first sentence of the
representative's own words that asks something (:func:`is_request`), else
its first sentence, else its subject.

Personal details stay out of the title, because it speaks for every message
of the cluster, not for one sender's file: references, long numbers, phone
numbers, dates, addresses and links become placeholders. Clock times and
short numbers stay ("10h30", "erreur 503", "98 %"): they say what is wrong.
The placeholders are written for a French agent first and still read in
English:

- a number, a phone number or a name becomes "…", which reads as "some
  value" in either language ("depuis … jours", "appelez le …");
- a reference becomes "n°…" rather than "…": the agent sees that a file or
  account number was given, which is what they look up ("dossier n°…");
  after a word that already says so ("n°", "numéro", "ref") it is "…" alone;
- a date, an e-mail address and a link keep their kind in brackets, spelt
  the same in French and English: "[date]", "[e-mail]", "[URL]".

The compared text the clusterer stores has every number masked already
("<num>"); the message's own text, when given, is masked here by the rules
above.
"""

from __future__ import annotations

import re

from desk.cluster._patterns import (
    DATE,
    DIGIT,
    EMAIL,
    GENERIC_WORDS,
    MASK_TOKEN,
    NUMBER,
    PHONE,
    REF,
    STOPWORDS,
    URL,
    WORD,
    word_set,
)
from desk.cluster.normalise import (
    fold,
    split_quoted,
    strip_greeting,
    strip_signature,
    strip_subject_prefixes,
    strip_web_form,
)
from desk.cluster.sentences import is_request, split_sentences, starts_another_request

TITLE_CHARS = 90
# A request naming fewer topic words than this is vague and takes its context along.
TOPIC_WORDS = 2
# A number this long identifies someone (an account, a file) and is masked in a title.
ID_DIGITS = 5
_CLOCK = re.compile(r"\d{1,2}[hH:]\d{2}")
# How far into a message its title is looked for: the request comes early.
SCAN_CHARS = 4000
# The least room worth giving that context; with less, the request stands alone.
CONTEXT_MIN_CHARS = 30


# Words that do not say what a request is about, on top of the clusterer's stopwords:
# "Vous pouvez faire quelque chose ?", "Any ideas?", "Ultérieurement, c'est quand ?".
_VAGUE = word_set(
    "chose choses quelque something anything thing things idee idees idea ideas fix way "
    "question questions help aide probleme problemes souci soucis info infos information "
    "informations renseignement renseignements solution moyen did does done went goes going "
    "happen happened should might must cela ceci celle celui ceux elle elles ils lui leur "
    "etes quoi quand comment pourquoi combien quel quelle quels quelles when where how why "
    "what which plusieurs "
    "deux trois two three several matin morning today aujourd"
)
_MASK = r"<(?:num|ref|date|email|url|phone|name)>"
# Masks side by side ("<num>-<ref>" for "2020-10342", "<num> <num> <num>") are one value.
_MASK_RUN = re.compile(rf"{_MASK}(?:(?:[ \t]*[-/.:×][ \t]*|[ \t]+){_MASK})*")
_PLACEHOLDER_ORDER = ("email", "url", "date", "ref", "phone", "name", "num")
_PLACEHOLDERS = {
    "email": "[e-mail]",
    "url": "[URL]",
    "date": "[date]",
    "ref": "n°…",
    "phone": "…",
    "name": "…",
    "num": "…",
}
# A word that already says "number": the reference after it needs no "n°".
_NUMBER_WORD = re.compile(
    r"(?:n°|n[o°]\.?|num(?:[ée]ro)?\.?|r[ée]f(?:[ée]rence)?\.?|#|number|nr\.?|id|"
    r"identifiant|login|dossier n°)[ \t]*$",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:[\s\-•*–—>]+|\(?(?:\d{1,2}|<num>)[.)][ \t]*|\(?[a-z]\)[ \t]+)+")
_TRAILING = re.compile(r"[\s,;:\-–—(«]+$")
_REPEATED_MARKS = re.compile(r"([?!])[?!\s]*$")
_WHITESPACE = re.compile(r"\s+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CUT_TRAILING = " ,;:-–—(«\"'/"


def _placeholder(found: re.Match[str]) -> str:
    kinds = re.findall(r"<(\w+)>", found.group())
    kind = next(k for k in _PLACEHOLDER_ORDER if k in kinds)
    if kind == "ref" and _NUMBER_WORD.search(found.string, 0, found.start()):
        return "…"
    return _PLACEHOLDERS[kind]


def readable(text: str) -> str:
    """Masked text with its tokens as placeholders (see the module docstring)."""
    return _MASK_RUN.sub(_placeholder, text) if "<" in text else text


def shorten(text: str, max_chars: int) -> str:
    """``text`` cut at a word boundary with "…" when longer than ``max_chars``."""
    if len(text) <= max_chars:
        return text
    if max_chars <= 1:
        return "…"[:max_chars]
    cut = text[: max_chars - 1]
    space = cut.rfind(" ")
    if space >= max_chars // 2:  # no word boundary in sight (Chinese, a long URL): cut anyway
        cut = cut[:space]
    return cut.rstrip(_CUT_TRAILING) + "…"


def _tidy(sentence: str) -> str:
    """One line, no list marker, no trailing colon or full stop, one "?", a capital first."""
    text = _WHITESPACE.sub(" ", sentence).strip()
    text = _LEADING.sub("", text)
    text = _REPEATED_MARKS.sub(r"\1", text)  # "c'est quand ???" → "c'est quand ?"
    text = _TRAILING.sub("", text)
    if text.endswith("。") or (text.endswith(".") and not text.endswith("..")):
        text = text[:-1].rstrip()
    if text[:1].isalpha():
        text = text[0].upper() + text[1:]
    return text


def _topic_words(text: str) -> int:
    """How many words of ``text`` can say what it is about (not "pouvez", "chose", "it")."""
    words = WORD.findall(MASK_TOKEN.sub(" ", fold(text)))
    return sum(
        1
        for w in words
        if len(w) >= 3 and w not in STOPWORDS and w not in GENERIC_WORDS and w not in _VAGUE
    )


def _vague(sentence: str) -> bool:
    """A request that does not name its topic: "Comment l'obtenir ?", "Une idée ?"."""
    return _topic_words(sentence) < TOPIC_WORDS


def _mask_number(found: re.Match[str]) -> str:
    """A number stays unless it is glued to a masked value or long enough to identify."""
    text, start, end = found.string, found.start(), found.end()
    glued = text[start - 1 : start] in ("-", "/") or text[end : end + 1] in ("-", "/")
    digits = sum(c.isdigit() for c in found.group())
    return "<num>" if glued or digits >= ID_DIGITS else found.group()


def _mask_details(text: str) -> str:
    """What identifies a person masked, what says what is wrong kept.

    Addresses, links, phone numbers, dates and references go, as the
    clusterer masks them; clock times ("10h30", which look like references)
    and short numbers ("erreur 503", "98 %", "5 Mo") stay: they tell the
    agent what the cluster is about.
    """
    text = EMAIL.sub("<email>", text) if "@" in text else text
    text = URL.sub("<url>", text)
    if DIGIT.search(text) is None:
        return text
    text = DATE.sub("<date>", PHONE.sub("<phone>", text))
    text = REF.sub(
        lambda found: found.group() if _CLOCK.fullmatch(found.group()) else "<ref>", text
    )
    return NUMBER.sub(_mask_number, text)


def _tidied(text: str) -> str:
    return _tidy(readable(_mask_details(text)))


def _from_sentences(text: str, max_chars: int) -> tuple[str, bool]:
    """(the title of ``text``, whether it is a request) from its sentences.

    The first request wins, unless it is announced as another matter ("Et
    aussi…"): then the first sentence. A vague one ("Une idée ?") is given the first
    sentence before it that names a topic, cut to leave it room: "La caméra
    de mon fils ne s'allume pas dans la classe… Une idée ?". With no request,
    the first sentence.
    """
    sentences = [s for s in split_sentences(text[:SCAN_CHARS]) if _HAS_LETTER.search(s.text)]
    if not sentences:
        return "", False
    # A request announced as another matter ("Et aussi…", "PS:") is not what the
    # cluster asks; the matter told before it is.
    index = next(
        (
            i
            for i, s in enumerate(sentences)
            if is_request(s.text) and not (i and starts_another_request(s.text))
        ),
        None,
    )
    if index is None:
        return shorten(_tidied(sentences[0].text), max_chars), False
    request = _tidied(sentences[index].text)
    if _vague(request):
        # What it refers to is usually the problem told first, not the line just before
        # ("Her login is …", "Sur Skype la caméra marche bien").
        context = next((s for s in sentences[:index] if not _vague(s.text)), None)
        room = max_chars - len(request) - 1
        if context is not None and room >= CONTEXT_MIN_CHARS:
            lead = _tidied(context.text)
            if len(lead) > room:
                lead = shorten(lead, room)
            elif lead[-1:] not in ".!?…":
                lead += "."
            return f"{lead} {request}", True
    return shorten(request, max_chars), True


def own_words(original: str) -> str:
    """A message's own words: without quoted history, web-form wrapper, greeting, signature."""
    own, _history = split_quoted(original)
    return strip_signature(strip_greeting(strip_web_form(own)))


def cluster_title(
    body: str, subject: str, max_chars: int = TITLE_CHARS, *, original: str | None = None
) -> str:
    """What a cluster asks, in one line of at most ``max_chars`` characters.

    ``body`` is the representative's compared text as the clusterer stored
    it (folded, masked); ``original`` is the message's plain text, when the
    caller has it and ``body`` came from the sender's own words: the title
    then keeps the writer's accents and capitals, and the line breaks end
    sentences; details are masked the same way.

    The first sentence that asks something wins (a vague one takes its
    context along, see :func:`_from_sentences`). When no sentence asks but
    the subject does ("Où sont les livres ???"), the subject. Else the
    first sentence; with no words at all, the subject without its
    "Re:"/"TR:" prefixes; else "" (callers show their "(no subject)").
    """
    text = own_words(original) if original else ""
    if not _HAS_LETTER.search(text):
        text = body
    title, asks = _from_sentences(text, max_chars)
    clean_subject = _WHITESPACE.sub(" ", strip_subject_prefixes(subject)).strip()
    subject_asks = is_request(clean_subject) and _topic_words(clean_subject) > 0
    if (not title or not asks) and subject_asks:
        return shorten(_tidied(clean_subject), max_chars)
    if title:
        return title
    if not _HAS_LETTER.search(clean_subject):
        return shorten(clean_subject, max_chars)
    return shorten(readable(_mask_details(clean_subject)), max_chars)


def message_title(
    subject: str | None,
    text: str | None,
    body: str | None,
    source: str | None,
    max_chars: int = TITLE_CHARS,
) -> str:
    """A stored message's title: what it asks (:func:`cluster_title`), else its first words.

    ``body`` and ``source`` are what clustering stored for it (``None`` when
    not computed yet). The message's own text gives the title its accents and
    capitals when the compared text came from it; a follow-up compared on
    what it quotes is titled from that compared text instead.
    """
    original = None if source in ("quoted", "none") else text
    title = cluster_title(body or "", subject or "", max_chars, original=original)
    return title or " ".join((text or "").split())[:max_chars]
