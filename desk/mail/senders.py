"""Who a message is really from: the key that groups one person's messages together.

Mail from a contact form or a no-reply robot is from the person in its
Reply-To (or, failing that, the form's "Email :" field), not from the robot.
Addresses are folded conservatively: grouping two different people would send
one person's answer to another, so only what every mail system treats as the
same mailbox is merged (case, "+tag" sub-addressing), nothing provider-specific.
"""

from __future__ import annotations

import re

_ROBOT_LOCAL = re.compile(
    r"^(?:no-?reply|do-?not-?reply|ne-?pas-?repondre|nepasrepondre|noreply[-.\w]*|"
    r"formulaires?|forms?|webform|contact-form|wordpress|mailer)$"
)
_ROBOT_NAME = re.compile(r"formulaire|contact form|web ?form|no-?reply", re.IGNORECASE)
_FORM_EMAIL = re.compile(
    r"^\s*(?:e-?mail|courriel|adresse (?:e-?mail|électronique))\s*:"
    r"\s*<?([^\s<>@]+@[^\s<>@]+?)>?\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def normalise_address(address: str) -> str:
    """An address folded to the mailbox it reaches: lower case, without a "+tag"."""
    if "<" in address and ">" in address:  # "Name <addr>": the address is in the brackets
        address = address[address.rindex("<") + 1 : address.rindex(">")]
    address = address.strip().strip("<>").lower()
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return address
    return f"{local.split('+', 1)[0] or local}@{domain}"


def is_robot(address: str, display_name: str = "") -> bool:
    """True for a contact form or no-reply sender, which stands in for a person."""
    local = address.lower().rpartition("@")[0]
    return bool(_ROBOT_LOCAL.match(local)) or bool(_ROBOT_NAME.search(display_name))


def sender_key(from_addr: str, from_name: str, reply_to: str | None, text: str) -> str:
    """The person a message is from, normalised; '' when nobody can be told."""
    if is_robot(from_addr, from_name):
        if reply_to and not is_robot(reply_to):
            return normalise_address(reply_to)
        found = _FORM_EMAIL.search(text[:4000])
        if found:
            return normalise_address(found.group(1))
    return normalise_address(from_addr) if "@" in from_addr else ""
