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
what they ask, not a footer, and removing it could send the wrong answer.
Removing a line of context shared by many messages is harmless: it tells no
request from another.

Removal never empties a message: when nothing would be left but a few
characters, the text stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desk.cluster.sentences import asks_for_help

# A line in this many different messages (distinct compared texts) is boilerplate.
BOILERPLATE_MESSAGES = 5
# Lines shorter than this are left alone ("merci", "cordialement": other rules see them).
MIN_LINE_CHARS = 8
# A text left shorter than this by removal keeps its boilerplate (nothing else to compare).
MIN_LEFT_CHARS = 20
# A labelled field whose value is longer than this is the message typed into the form:
# the label goes, the value stays.
FIELD_VALUE_CHARS = 60
# A form field: a short label (at most 5 words, 40 characters), a colon, a value.
_FIELD = re.compile(r"^(?P<label>[^\W\d_][\w' ./()-]{0,38}?)\s*:\s*(?P<value>.*)$")
_LABEL_WORDS = 5


def _label(line: str) -> str | None:
    """The label of a form-field line ("nom : dupont" → "nom :"), or None."""
    found = _FIELD.match(line)
    if found is None or len(found["label"].split()) > _LABEL_WORDS:
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
        self.lines: set[str] = set()
        self.labels: set[str] = set()

    def learn(self, bodies: Iterable[str]) -> None:
        """Count the lines of texts not seen before (identical texts count once)."""
        for body in bodies:
            fingerprint = hash(body)
            if fingerprint in self._texts:
                continue
            self._texts.add(fingerprint)
            lines = {line for line in body.split("\n") if len(line) >= MIN_LINE_CHARS}
            labels = {label for label in map(_label, body.split("\n")) if label is not None}
            for line in self._counted(self._lines_seen, lines):
                if not asks_for_help(line):
                    self.lines.add(line)
            self.labels.update(self._counted(self._labels_seen, labels))

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
        return stripped
