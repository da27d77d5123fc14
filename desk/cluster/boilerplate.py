"""Boilerplate learned from the mailbox: lines many messages carry, removed before comparing.

A contact form's wrapper, an académie's disclaimer, an antivirus or phone
footer, a newsletter's frame: hand-written patterns (``desk.cluster.normalise``)
know a few, but every mailbox has its own, and its own web form's layout.
What they share is that many *different* messages carry them. Such lines
say nothing about what a message asks, yet they make two different requests
look alike (the same 2 KB disclaimer under both) and two copies of one request
look different (one with the footer, one without).

So the mailbox teaches them: a line of a message's compared text (folded and
masked, one line per line of the message) seen in BOILERPLATE_MESSAGES
different messages or more is boilerplate. So is a form field's label ("nom :",
"your message:") seen that often, when a message has two such fields or more.
A line that asks something (a question, a request, a problem stated) is
never boilerplate, whatever its frequency: a request copied by 500 people is
what they ask, not a footer, and removing it could send the wrong answer. Nor
is a line that is, give or take a typo, the whole of some message: a request
written without a question ("l'appli marche pas sur mon tel, écran blanc")
that others append as their second question recurs in many different texts,
yet it is what those people ask. And a text that would be left starting with
"autre question", "de plus"… keeps its lines: its first request was one of them.
Removing a line of context shared by many messages is harmless: it tells no
request from another.

Removal never empties a message: when nothing would be left but a few
characters, the text stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from desk.cluster.sentences import asks_for_help, starts_another_request

# A line in this many different messages (distinct compared texts) is boilerplate.
BOILERPLATE_MESSAGES = 5
# Lines shorter than this are left alone ("merci", "cordialement": other rules see them).
MIN_LINE_CHARS = 8
# A text left shorter than this by removal keeps its boilerplate (nothing else to compare).
MIN_LEFT_CHARS = 20
# A labelled field whose value is longer than this is the message typed into the form:
# the label goes, the value stays.
FIELD_VALUE_CHARS = 60
# A line this close (fuzz.ratio) to the whole of some message is that message's request.
WHOLE_MESSAGE_SCORE = 85.0
# Messages at most this long are remembered whole for that check (longer ones are letters,
# whose lines are not what a footer is made of).
WHOLE_MESSAGE_CHARS = 400
# A form field: a short label (at most 3 words, 25 characters), a colon, a value. Longer
# "labels" are sentences ("le devoir corrigé est illisible : …", "autre question : …").
_FIELD = re.compile(r"^(?P<label>[^\W\d_][\w' ./()-]{0,23}?)\s*:\s*(?P<value>.*)$")
_LABEL_WORDS = 3


def _label(line: str) -> str | None:
    """The label of a form-field line ("nom : dupont" → "nom :"), or None."""
    found = _FIELD.match(line)
    if found is None or len(found["label"].split()) > _LABEL_WORDS:
        return None
    if starts_another_request(found["label"]) or asks_for_help(found["label"]):
        return None
    return found["label"].strip() + " :"


class Boilerplate:
    """What this mailbox's messages carry in common, learned as messages arrive."""

    def __init__(self, threshold: int = BOILERPLATE_MESSAGES) -> None:
        self.threshold = threshold
        # Line, or field label → how many different texts carry it, counted up to threshold.
        self._lines_seen: dict[str, int] = {}
        self._labels_seen: dict[str, int] = {}
        self._texts: set[int] = set()
        self._short_texts: list[str] = []
        self.lines: set[str] = set()
        self.labels: set[str] = set()

    def learn(self, bodies: Iterable[str]) -> None:
        """Count the lines of texts not seen before (identical texts count once)."""
        reached: list[str] = []
        for body in bodies:
            fingerprint = hash(body)
            if fingerprint in self._texts:
                continue
            self._texts.add(fingerprint)
            if len(body) <= WHOLE_MESSAGE_CHARS:
                self._short_texts.append(body)
            lines = {line for line in body.split("\n") if len(line) >= MIN_LINE_CHARS}
            labels = {label for label in map(_label, body.split("\n")) if label is not None}
            reached.extend(self._counted(self._lines_seen, lines))
            self.labels.update(self._counted(self._labels_seen, labels))
        # Judged once the batch is counted: the message a line is the whole of may come later.
        self.lines.update(line for line in reached if not self._asks(line))

    def _asks(self, line: str) -> bool:
        """Whether a frequent line is a request: it asks, or it is some message's whole text."""
        if asks_for_help(line):
            return True
        whole = process.extractOne(
            line, self._short_texts, scorer=fuzz.ratio, score_cutoff=WHOLE_MESSAGE_SCORE
        )
        return whole is not None

    def _counted(self, seen: dict[str, int], keys: set[str]) -> list[str]:
        """Count one more text for each key; returns the keys that just reached the threshold."""
        reached: list[str] = []
        for key in keys:
            count = seen.get(key, 0)
            if count < self.threshold:
                seen[key] = count + 1
                if count + 1 == self.threshold:
                    reached.append(key)
        return reached

    def strip(self, body: str) -> str:
        """``body`` without its boilerplate lines (see the module docstring)."""
        if not self.lines and not self.labels:
            return body
        lines = body.split("\n")
        fields = [_label(line) for line in lines]
        is_form = sum(1 for label in fields if label in self.labels) >= 2
        kept: list[str] = []
        for line, label in zip(lines, fields, strict=True):
            if line in self.lines:
                continue
            if is_form and label in self.labels:
                value = _FIELD.match(line)
                if value is not None and len(value["value"]) > FIELD_VALUE_CHARS:
                    kept.append(value["value"])
                continue
            kept.append(line)
        stripped = "\n".join(kept)
        if len(stripped) < MIN_LEFT_CHARS <= len(body):
            return body
        if len(kept) < len(lines) and starts_another_request(stripped[:80]):
            return body  # "autre question : …" left first: its first request was removed
        return stripped
