"""``desk acks``: a mailbox's acknowledgements of receipt, shown and set from the command line.

The settings live in the store (:mod:`desk.replies.acks`), shared by the
whole team and by whoever syncs; in a team only a lead may change them
(PostgreSQL refuses an agent's write).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desk.app import App
from desk.core.clock import utc_now
from desk.replies.acks import (
    DEFAULT_TEXTS,
    DEFAULT_UPDATE_TEXTS,
    LANGUAGES,
    UPDATE_PREFIX,
    AckSettings,
    changed_settings,
    read_ack_settings,
    write_ack_settings,
)
from desk.store.models import Acknowledgement, Reply, ReplyKind
from desk.team.guard import lead_only
from desk.team.identity import connected_login

EXIT_OK, EXIT_ERROR = 0, 2  # as desk.cli: 2 for an error that changed nothing


def add_ack_command(commands: Any) -> None:
    """Add ``acks`` to the ``desk`` command's subparsers."""
    acks = commands.add_parser(
        "acks",
        help="acknowledgements of receipt: show, switch on or off, period, texts",
        description="Desk can acknowledge each new request with the time it expects to answer "
        "(RFC 3834 rules: never to robots, lists or auto-replies; one per person per period). "
        "Off until switched on. Shared by the team; a team lead's right.",
    )
    acks.add_argument("--account", metavar="NAME", help="the mailbox (default: [account] name)")
    actions = acks.add_subparsers(dest="acks_command", required=True)
    actions.add_parser("show", help="the settings and what was sent")
    on = actions.add_parser("on", help="switch acknowledgements on")
    on.add_argument("--period", type=int, metavar="HOURS", help="one per person per period")
    on.add_argument("--zone", metavar="TZ", help="time zone the time is told in (Europe/Paris)")
    on.add_argument(
        "--updates",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="one status update when a request is still open past its expected time (default on)",
    )
    actions.add_parser("off", help="switch them off")
    text = actions.add_parser("text", help="set a text from a file (UTF-8), or back to default")
    text.add_argument(
        "which",
        metavar="[update:]LANG[:CATEGORY]",
        help="fr, en, fr:exam …; update:fr for the status update's text",
    )
    source = text.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", type=Path, help="the text, with placeholders")
    source.add_argument("--default", action="store_true", help="back to the built-in text")


def _changed(current: AckSettings, args: argparse.Namespace) -> AckSettings:
    action = args.acks_command
    if action == "off":
        return changed_settings(current, enabled=False)
    if action == "on":
        changes: dict[str, object] = {"enabled": True}
        if args.period is not None:
            changes["period_hours"] = args.period
        if args.zone is not None:
            changes["time_zone"] = args.zone
        if args.updates is not None:
            changes["updates"] = args.updates
        return changed_settings(current, **changes)
    texts = dict(current.texts)
    if args.which.removeprefix(UPDATE_PREFIX).partition(":")[0] not in LANGUAGES:
        raise ValueError(f"{args.which!r}: texts are for fr or en (fr:CATEGORY for one category)")
    if args.default:
        texts.pop(args.which, None)
    else:
        try:
            texts[args.which] = args.file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot read {args.file}: {exc}") from exc
    return changed_settings(current, texts=texts)


def _show(app: App, name: str) -> None:
    with app.store.sessions() as session:
        settings = read_ack_settings(session, name)
        sent = session.scalar(
            select(func.count())
            .select_from(Reply)
            .where(Reply.kind == ReplyKind.ACKNOWLEDGEMENT.value)
        )
        passed = session.scalar(
            select(func.count())
            .select_from(Acknowledgement)
            .where(Acknowledgement.reply_id.is_(None))
        )
    state = "on" if settings.enabled else "off"
    updates = "with" if settings.updates else "without"
    print(
        f"Acknowledgements for {name}: {state}, {updates} status updates; one per person per "
        f"{settings.period_hours} h; times told in {settings.time_zone}. {sent} queued or sent "
        f"so far, {passed} request(s) from people acknowledged shortly before."
    )
    keys = {*LANGUAGES, *(UPDATE_PREFIX + lang for lang in LANGUAGES), *settings.texts}
    for key in sorted(keys):
        bare = key.removeprefix(UPDATE_PREFIX)
        language, _, category = bare.partition(":")
        defaults = DEFAULT_UPDATE_TEXTS if key.startswith(UPDATE_PREFIX) else DEFAULT_TEXTS
        origin = "custom" if key in settings.texts else "default"
        text = settings.texts.get(key) or defaults[language]
        print(f"\n[{key}] ({origin}{', category ' + category if category else ''})")
        print("  " + text.replace("\n", "\n  "))


def run_acks(app: App, args: argparse.Namespace) -> int:
    """``desk acks show|on|off|text``."""
    name = app.mailbox_name(args.account)
    if args.acks_command == "show":
        _show(app, name)
        return EXIT_OK
    try:
        with app.store.sessions.begin() as session:
            login = connected_login(session) or getpass.getuser()
            settings = _changed(read_ack_settings(session, name), args)
            with lead_only(login, "change the acknowledgements"):
                write_ack_settings(session, name, settings, login, utc_now())
                session.flush()
    except ValueError as exc:
        print(f"desk acks: error: {exc}; nothing was changed.", file=sys.stderr)
        return EXIT_ERROR
    _show(app, name)
    return EXIT_OK
