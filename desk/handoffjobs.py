"""``desk handoff``: the services requests can be handed to, hand-offs made and followed.

The list of services is the team's (a team lead's to change, in a team);
handing requests on is every agent's, in the window (Ctrl+Shift+H) or here
for scripts. Forwards leave through the outbox (``desk send``, the service,
or the window); answers are threaded back after each sync pass.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.app import App
from desk.core.clock import utc_now
from desk.core.errors import DeskError, ErrorCode
from desk.replies.handoffs import Service, hand_off, read_services, write_services
from desk.store.models import Account, Handoff
from desk.team.guard import lead_only
from desk.team.identity import connected_login

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR = 0, 1, 2


def add_handoff_command(commands: Any) -> None:
    """Add ``handoff`` to the ``desk`` command's subparsers."""
    handoff = commands.add_parser(
        "handoff",
        help="hand requests to another service and follow them; the list of services",
        description="Requests handed to a service are forwarded with their originals attached "
        "and wait out of the queue until the service answers (threaded back by the reference "
        "in the subject) or their due date passes.",
    )
    actions = handoff.add_subparsers(dest="handoff_command", required=True)
    actions.add_parser("services", help="list the services")
    add = actions.add_parser("add-service", help="add or change a service (team lead)")
    add.add_argument("name")
    add.add_argument("address")
    add.add_argument("--delay", type=int, default=48, metavar="HOURS", help="expected delay (48)")
    remove = actions.add_parser("remove-service", help="remove a service (team lead)")
    remove.add_argument("name")
    send = actions.add_parser("send", help="hand messages (store ids) to a service")
    send.add_argument("--service", required=True, help="the service's name")
    send.add_argument("--account", metavar="NAME", help="the mailbox (default: [account] name)")
    send.add_argument("--note", default="", help="a word for the service")
    send.add_argument("--tell", action="store_true", help="tell each person it was handed on")
    send.add_argument("ids", type=int, nargs="+", metavar="MESSAGE_ID")
    actions.add_parser("list", help="hand-offs still waiting for their service")


def _print_services(services: list[Service]) -> None:
    if not services:
        print("No services yet: desk handoff add-service NAME ADDRESS [--delay HOURS].")
    for service in services:
        print(f"  {service.name} <{service.address}>, expected within {service.delay_hours} h")


def _change_services(app: App, args: argparse.Namespace) -> int:
    with app.store.sessions.begin() as session:
        login = connected_login(session) or getpass.getuser()
        services = read_services(session)
        if args.handoff_command == "add-service":
            new = Service(args.name, args.address, args.delay)
            services = [s for s in services if s.name.casefold() != new.name.casefold()] + [new]
        else:
            kept = [s for s in services if s.name.casefold() != args.name.casefold()]
            if len(kept) == len(services):
                raise ValueError(f"no service named {args.name!r}")
            services = kept
        with lead_only(login, "change the list of services"):
            write_services(session, services, login, utc_now())
            session.flush()
    _print_services(services)
    return EXIT_OK


def _account(session: Session, app: App, given: str | None) -> Account:
    name = app.mailbox_name(given)
    account = session.scalars(select(Account).where(Account.name == name)).first()
    if account is None:
        raise DeskError(
            ErrorCode.ACCOUNT_INVALID, account=name, reason="it has not synced here yet"
        )
    return account


def _send(app: App, args: argparse.Namespace) -> int:
    with app.store.sessions.begin() as session:
        services = {s.name.casefold(): s for s in read_services(session)}
        service = services.get(args.service.casefold())
        if service is None:
            raise ValueError(f"no service named {args.service!r} (see desk handoff services)")
        result = hand_off(
            session,
            _account(session, app, args.account),
            args.ids,
            service,
            note=args.note,
            tell_person=args.tell,
            now=utc_now(),
        )
    if result.waiting:
        print(
            f"Handed {len(result.waiting)} message(s) to {service.name} as {result.reference}; "
            f"the forward waits in the outbox (desk send)."
        )
    for message_id, reason in result.refused:
        print(f"  message {message_id} not handed on: {reason}", file=sys.stderr)
    if not result.waiting:
        return EXIT_ERROR
    return EXIT_PARTIAL if result.refused else EXIT_OK


def _list(app: App) -> int:
    with app.store.sessions() as session:
        rows = session.execute(
            select(Handoff.reference, Handoff.service, Handoff.due_at, Handoff.message_id)
            .where(Handoff.answered_at.is_(None), Handoff.failed_at.is_(None))
            .order_by(Handoff.due_at, Handoff.reference)
        ).all()
    grouped: dict[tuple[str, str, str], list[int]] = {}
    for reference, service, due_at, message_id in rows:
        key = (reference, service, f"{due_at:%Y-%m-%d %H:%M} UTC")
        grouped.setdefault(key, []).append(message_id)
    if not grouped:
        print("No hand-off is waiting for a service.")
    for (reference, service, due), ids in grouped.items():
        print(f"  {reference}  {service}, due {due}: message(s) {', '.join(map(str, ids))}")
    return EXIT_OK


def run_handoff(app: App, args: argparse.Namespace) -> int:
    """``desk handoff services|add-service|remove-service|send|list``."""
    action = args.handoff_command
    try:
        if action == "services":
            with app.store.sessions() as session:
                _print_services(read_services(session))
            return EXIT_OK
        if action == "list":
            return _list(app)
        if action == "send":
            return _send(app, args)
        return _change_services(app, args)
    except ValueError as exc:
        print(f"desk handoff: error: {exc}; nothing was changed.", file=sys.stderr)
        return EXIT_ERROR
