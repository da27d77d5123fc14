"""The ``desk`` command: the GUI by default, and headless commands for scripts and servers."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from types import TracebackType

from sqlalchemy import func, select
from tqdm import tqdm

from desk import __version__
from desk.ackjobs import add_ack_command, run_acks
from desk.app import App, build_app
from desk.cluster.clusterer import (
    DEFAULT_THRESHOLD,
    MAX_THRESHOLD,
    MIN_THRESHOLD,
    check_threshold,
)
from desk.config import AppDirs, Settings, default_settings_path, load_settings
from desk.core.clock import utc_now
from desk.core.errors import DeskError, ErrorCode
from desk.display import message_language, missing_display, no_display_message
from desk.handoffjobs import add_handoff_command, run_handoff
from desk.jobs import cluster_path
from desk.logs import LOG_FILE, setup_logging
from desk.mail.ingest import IngestReport, ingest_source
from desk.mail.sources import open_source
from desk.mailjobs import add_mail_commands, command_db, run_password, run_send, run_sync
from desk.service import add_serve_command, run_serve
from desk.store.migrate import current_revisions, head_revision
from desk.store.models import Message
from desk.store.overview import store_overview
from desk.workbench.early import EarlyOpening

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
DEMO_SIZE = 2000
DEMO_SEED = 2020


class BarProgress:
    """A terminal progress bar (tqdm) speaking the core's Progress protocol."""

    def __init__(self, label: str) -> None:
        self.bar = tqdm(desc=label, unit="msg", disable=None, leave=True, file=sys.stderr)

    def tick(self, done: int, total: int) -> None:
        """Move the bar."""
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def cancelled(self) -> bool:
        """The terminal cancels with Ctrl+C, which arrives as KeyboardInterrupt."""
        return False

    def __enter__(self) -> BarProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.bar.close()


def _demo_size(text: str) -> int:
    try:
        size = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 100 <= size <= 200_000:
        raise argparse.ArgumentTypeError("the demo mailbox has 100 to 200000 messages")
    return size


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    try:
        return check_threshold(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _stats_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``desk stats export``: the team lead's report and spreadsheets."""
    stats = commands.add_parser("stats", help="handling statistics for team leads")
    actions = stats.add_subparsers(dest="stats_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="export a period's KPIs (docx report, csv, xlsx) or one row per message",
        description="Dates are whole days (both included) in the time zone --tz "
        "(default: this machine's). Without --per-message: the Word report, the days "
        "as CSV, or every table as XLSX tabs.",
    )
    export.add_argument("--from", dest="first", required=True, metavar="DATE", help="YYYY-MM-DD")
    export.add_argument("--to", dest="last", required=True, metavar="DATE", help="YYYY-MM-DD")
    export.add_argument("--format", dest="fmt", required=True, choices=("docx", "csv", "xlsx"))
    export.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    export.add_argument(
        "--per-message", action="store_true", help="one row per message (csv or xlsx)"
    )
    export.add_argument(
        "--language", choices=("fr", "en"), help="report language (default: settings, else fr)"
    )
    export.add_argument(
        "--delimiter", choices=(",", ";"), default=",", help="CSV field separator (';' for French)"
    )
    export.add_argument("--tz", metavar="ZONE", help="IANA time zone of the dates (Europe/Paris)")


def _stats(app: App, args: argparse.Namespace) -> int:
    from desk.stats.export import export_stats  # noqa: PLC0415 - only this command needs it
    from desk.stats.period import parse_period  # noqa: PLC0415

    period = parse_period(args.first, args.last, args.tz)
    with app.store.sessions() as session:
        count = export_stats(
            session,
            period,
            args.out,
            args.fmt,
            per_message=args.per_message,
            language=args.language or app.settings.language or "fr",
            delimiter=args.delimiter,
            deadline_hours=app.settings.deadline_hours,
        )
    unit = "rows" if args.per_message or args.fmt != "docx" else "days"
    print(
        f"Statistics from {period.first} to {period.last} ({period.zone_name}) "
        f"written to {args.out} ({count} {unit})."
    )
    return EXIT_OK


def _team_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``desk team``: the database owner manages the team's logins and roles (PostgreSQL)."""
    team = commands.add_parser("team", help="team mode: agents' and leads' database logins")
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", dest="command_db", metavar="URL", help="database URL (PostgreSQL)")
    actions.add_parser(
        "init",
        parents=[db],
        help="create the agent and lead roles and their rights (rerun after every upgrade)",
    )
    add = actions.add_parser("add", parents=[db], help="add a member: a login and an agent")
    add.add_argument("name", help="login: lower-case letters, digits, _ . -")
    add.add_argument("--role", choices=("agent", "lead"), required=True)
    add.add_argument("--display-name", default="", help="name in signatures and statistics")
    add.add_argument("--password-env", metavar="VAR", help="read the password from this variable")
    actions.add_parser("list", parents=[db], help="members, roles and when they were last seen")
    remove = actions.add_parser("remove", parents=[db], help="drop a login; its history stays")
    remove.add_argument("name")
    role = actions.add_parser("role", parents=[db], help="make a member an agent or a lead")
    role.add_argument("name")
    role.add_argument("role", choices=("agent", "lead"))
    weights = actions.add_parser(
        "weights", parents=[db], help="show, or set (leads), the queue's weights for the team"
    )
    weights.add_argument("changes", nargs="*", metavar="KEY=VALUE", help="e.g. deadline_weight=60")


def _member_password(name: str, variable: str | None) -> str:
    """From the environment variable, else asked twice (one stdin line when not a terminal)."""
    if variable is not None:
        if variable not in os.environ:
            reason = f"the environment variable {variable} is not set"
            raise DeskError(ErrorCode.TEAM_BAD_PASSWORD, name=name, reason=reason)
        return os.environ[variable]
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password for {name}: ")
    if getpass.getpass(f"Password for {name} (again): ") != first:
        raise DeskError(ErrorCode.TEAM_BAD_PASSWORD, name=name, reason="the two differ")
    return first


def _team(app: App, args: argparse.Namespace) -> int:
    from desk import team  # noqa: PLC0415 - only this command needs it

    engine, action = app.store.engine, args.team_command
    if action == "init":
        team.init_team(engine)
        print("Team roles desk_agent and desk_lead are set up in this database.")
    elif action == "add":
        team.check_name(args.name)
        password = _member_password(args.name, args.password_env)
        team.add_member(engine, args.name, args.role, password, display_name=args.display_name)
        print(f"{args.name} can now connect as a team {args.role}.")
    elif action == "list":
        for m in team.list_members(engine):
            seen = f"last seen {m.last_seen:%Y-%m-%d %H:%M} UTC" if m.last_seen else "never seen"
            agent = "" if m.has_agent else ", no agent row"
            print(f"{m.name}\t{m.role}\t{seen}{agent}")
    elif action == "weights":
        return _team_weights(app, args.changes)
    elif action == "remove":
        team.remove_member(engine, args.name)
        print(f"{args.name} can no longer connect; their answers and statistics are kept.")
    else:
        team.set_role(engine, args.name, args.role)
        print(f"{args.name} is now a team {args.role}.")
    return EXIT_OK


def _team_weights(app: App, changes: list[str]) -> int:
    """``desk team weights [KEY=VALUE …]``: the order every window of the team works in."""
    from desk.queue.team_weights import set_team_weights, team_weights  # noqa: PLC0415
    from desk.team import connected_login  # noqa: PLC0415
    from desk.team.guard import lead_only  # noqa: PLC0415
    from desk.workbench.worklist import weights_from_settings  # noqa: PLC0415

    parsed: dict[str, object] = {}
    for change in changes:
        key, sep, value = change.partition("=")
        try:
            parsed[key.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise DeskError(
                ErrorCode.CONFIG_INVALID,
                path="desk team weights",
                reason=f"{change!r} is not KEY=NUMBER",
            )
    with app.store.sessions.begin() as session:
        login = connected_login(session) or getpass.getuser()
        if parsed:
            try:
                with lead_only(login, "change the queue's weights"):
                    weights = set_team_weights(session, parsed, login, utc_now())
                    session.flush()
            except ValueError as exc:
                raise DeskError(
                    ErrorCode.CONFIG_INVALID, path="desk team weights", reason=str(exc)
                ) from exc
        else:
            weights = team_weights(session) or weights_from_settings(app.settings)
    for key, value in asdict(weights).items():
        print(f"{key} = {value:g}")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desk",
        description="Answer a flood of similar emails: one reply per cluster of requests.",
    )
    parser.add_argument("--version", action="version", version=f"desk {__version__}")
    parser.add_argument(
        "--db", metavar="URL", help="database URL (default: SQLite in the data folder)"
    )
    parser.add_argument("--config", metavar="FILE", type=Path, help="settings file to read")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the agent's window (the default)")
    gui.add_argument(
        "--selftest",
        action="store_true",
        help="open the window, wait for the queue, quit (checks an installed build)",
    )

    demo = commands.add_parser(
        "demo", help="generate the demo mailbox once, ingest it, open the app"
    )
    demo.add_argument("--size", type=_demo_size, default=DEMO_SIZE, help="messages (100 to 200000)")
    demo.add_argument(
        "--seed", type=int, default=DEMO_SEED, help="random seed (same seed, same mail)"
    )
    demo.add_argument(
        "--no-window", action="store_true", help="prepare the demo store and print its queue only"
    )
    demo.add_argument("--selftest", action="store_true", help=argparse.SUPPRESS)

    ingest = commands.add_parser(
        "ingest", help="add a Maildir, mbox file or .eml folder to the store"
    )
    ingest.add_argument(
        "path", type=Path, help="Maildir folder, mbox file, .eml folder or .eml file"
    )
    ingest.add_argument(
        "--workers",
        type=int,
        default=None,
        help="parser processes (default: one per core; 0: none)",
    )

    cluster = commands.add_parser(
        "cluster",
        help="cluster a Maildir, mbox file or .eml folder; one JSON line per message",
        description="Cluster the messages of PATH in a temporary store (your database is not "
        "touched) and write one JSON object per message to OUT: message_id, file, cluster. "
        "Timings per stage go to stderr.",
    )
    cluster.add_argument("path", type=Path, help="Maildir folder, mbox file or folder of .eml")
    cluster.add_argument(
        "--threshold",
        type=_threshold,
        default=DEFAULT_THRESHOLD,
        help=f"similarity in percent, {MIN_THRESHOLD:g} to {MAX_THRESHOLD:g} "
        f"(default {DEFAULT_THRESHOLD:g}, the app's)",
    )
    cluster.add_argument("--jsonl", type=Path, required=True, metavar="OUT", help="output file")
    cluster.add_argument(
        "--workers", type=int, default=None, help="processes (default: one per core; 0: none)"
    )

    replay = commands.add_parser(
        "replay",
        help="replay a labelled mailbox with a simulated agent; count actions and wrong answers",
        description="Replay the messages of PATH in date order in a temporary store (your "
        "database is not touched) with a simulated agent who knows each message's template "
        "from FILE (JSON Lines with file and intent) and answers by suggested template and by "
        'cluster. Writes {"messages", "actions", "representatives_reviewed", '
        '"wrong_answers", "unanswered"} to OUT.',
    )
    replay.add_argument("path", type=Path, help="Maildir folder, mbox file or folder of .eml")
    replay.add_argument("--labels", type=Path, required=True, metavar="FILE", help="labels file")
    replay.add_argument("--json", type=Path, required=True, metavar="OUT", help="output file")
    replay.add_argument(
        "--threshold",
        type=_threshold,
        default=DEFAULT_THRESHOLD,
        help=f"similarity in percent (default {DEFAULT_THRESHOLD:g}, the app's)",
    )
    replay.add_argument(
        "--slices", type=int, default=None, help="arrival slices the agent answers after (20)"
    )
    replay.add_argument(
        "--workers", type=int, default=None, help="processes (default: none; 2: two)"
    )

    add_mail_commands(commands)
    add_ack_command(commands)
    add_handoff_command(commands)
    add_serve_command(commands)

    _stats_parser(commands)
    _team_parser(commands)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", help="bring the database schema up to date")
    db_commands.add_parser("status", help="show the schema revision and what the store holds")
    return parser


def _print_ingest(report: IngestReport, label: str) -> int:
    print(
        f"{label}: {report.seen} messages in source, {report.added} added, "
        f"{report.skipped} already in the store, {report.with_warnings} stored with parse warnings."
    )
    for path, reason in report.unreadable:
        print(f"  could not read {path}: {reason}", file=sys.stderr)
    if report.unreadable:
        print(
            f"{len(report.unreadable)} file(s) could not be read; "
            "run again once they are readable.",
            file=sys.stderr,
        )
        return EXIT_PARTIAL
    return EXIT_OK


def _ingest(app: App, path: Path, workers: int | None) -> int:
    source = open_source(path)
    with BarProgress("Ingesting") as progress:
        report = ingest_source(app.store.sessions, source, progress=progress, workers=workers)
    log.info("ingested %s: %s", path, report)
    return _print_ingest(report, str(path))


def _print_overview(app: App) -> None:
    with app.store.sessions() as session:
        overview = store_overview(session)
    span = ""
    if overview.first and overview.last:
        span = f", from {overview.first:%Y-%m-%d %H:%M} to {overview.last:%Y-%m-%d %H:%M} UTC"
    print(
        f"Store: {overview.messages} messages in {overview.folders} folder(s) from "
        f"{overview.senders} senders{span}; {overview.open} open, "
        f"{overview.automatic} automatic (auto-replies, bounces), "
        f"{overview.with_warnings} with parse warnings."
    )


def _demo(app: App, size: int, seed: int, window: bool = True, selftest: bool = False) -> int:
    from desk.demo.generator import generate_mailbox  # noqa: PLC0415 - only the demo needs it

    app.cluster_threshold()  # a bad setting is reported before any work is done
    root = app.dirs.cache / f"demo-{size}-{seed}"
    marker = root / ".complete"
    if not marker.exists():
        print(f"Generating the demo mailbox ({size} messages) in {root} ...")
        generated = generate_mailbox(root, size=size, seed=seed)
        marker.write_text(str(generated.count), encoding="utf-8")
    status = _ingest(app, root / "Maildir", workers=None)
    _print_overview(app)
    _cluster_store(app)
    print(f"Labels for measuring clustering: {root / 'labels.jsonl'}")
    if not window:
        return status
    return _gui(app, demo=True, selftest=selftest)


def _cluster_store(app: App, shown: int = 5) -> None:
    """Cluster what the store holds and print the head of the agents' queue."""
    from desk.cluster.service import ClusterService  # noqa: PLC0415 - demo and GUI only
    from desk.queue.priority import build_queue  # noqa: PLC0415
    from desk.workbench.worklist import weights_from_settings  # noqa: PLC0415

    service = ClusterService(
        app.store.sessions, app.cluster_threshold(), workers=os.cpu_count() or 1
    )
    with BarProgress("Clustering") as progress:
        report = service.update(progress)
    try:
        weights = weights_from_settings(app.settings)
    except ValueError as exc:
        raise DeskError(ErrorCode.CONFIG_INVALID, path="[queue]", reason=str(exc)) from exc
    with app.store.sessions() as session:
        # The demo mailbox is a week of 2020: its queue is seen as at its last message.
        now = session.scalar(select(func.max(Message.date))) or utc_now()
        queue = build_queue(session, now, weights)
    print(
        f"Clusters: {report.clusters} ({report.non_requests} new auto-replies, bounces or spam "
        f"kept out of the queue); {len(queue)} items in the agents' queue. The first {shown}:"
    )
    for item in queue[:shown]:
        print("  " + item.explain().replace("\n", "\n  "))


def _cluster(path: Path, threshold: float, out: Path, workers: int | None) -> int:
    report = cluster_path(path, out, threshold=threshold, workers=workers, log=sys.stderr)
    print(
        f"{report.messages} messages in {report.clusters} clusters "
        f"({report.non_request_clusters} of non-requests) written to {out}",
        file=sys.stderr,
    )
    for reason in report.unreadable:
        print(f"  could not read {reason}", file=sys.stderr)
    return EXIT_PARTIAL if report.unreadable else EXIT_OK


def _replay(args: argparse.Namespace) -> int:
    from desk.workbench.replay import SLICES, replay_path  # noqa: PLC0415 - this command only

    out: Path = args.json
    try:
        report = replay_path(
            args.path,
            args.labels,
            threshold=args.threshold,
            workers=args.workers,
            slices=SLICES if args.slices is None else args.slices,
            log=sys.stderr,
        )
    except ValueError as error:
        print(f"desk replay: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report.contract(), indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        print(f"desk replay: error: cannot write {out}: {error.strerror}", file=sys.stderr)
        return EXIT_ERROR
    print(
        f"{report.messages} messages: {report.actions} actions, "
        f"{report.representatives_reviewed} representatives reviewed, "
        f"{report.wrong_answers} wrong answers, {report.unanswered} unanswered "
        f"({report.seconds:.1f} s); written to {out}",
        file=sys.stderr,
    )
    return 0


def _db(app: App, action: str) -> int:
    if action == "upgrade":
        # build_app already migrated; report where the database now stands.
        print(f"Database at revision {', '.join(current_revisions(app.store.engine))}.")
        return EXIT_OK
    revisions = current_revisions(app.store.engine)
    state = "up to date" if revisions == [head_revision()] else "needs upgrade"
    print(f"Schema revision {', '.join(revisions) or '(none)'} ({state}).")
    _print_overview(app)
    return EXIT_OK


def _gui(
    app: App, *, demo: bool = False, selftest: bool = False, set_up_mailbox: bool = False
) -> int:
    # The desk and its queue are read while Qt and the window's modules load.
    early = EarlyOpening(app, demo=demo)
    from desk.ui.launch import run_window  # noqa: PLC0415 - Qt only when a window opens

    return run_window(app, demo=demo, selftest=selftest, early=early, set_up_mailbox=set_up_mailbox)


def _asks_first_start(args: argparse.Namespace) -> bool:
    """``desk`` or ``desk gui`` on a computer never set up, with no database named."""
    if args.command not in (None, "gui") or getattr(args, "selftest", False) or args.db:
        return False
    from desk.workbench.first_start import needs_first_start  # noqa: PLC0415

    return needs_first_start(args.config or default_settings_path())


def _opens_window(args: argparse.Namespace) -> bool:
    return args.command in (None, "gui") or (args.command == "demo" and not args.no_window)


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, run the command, return the exit status."""
    args = _parser().parse_args(argv)
    dirs = AppDirs.discover()
    log_file = dirs.logs / LOG_FILE
    try:
        settings: Settings = load_settings(args.config).with_db_url(command_db(args) or args.db)
        setup_logging(dirs.logs, settings.log_level, verbose=args.verbose)
        log.info("desk %s: %s", __version__, " ".join(sys.argv[1:] if argv is None else argv))
        missing = missing_display() if _opens_window(args) else None
        if missing is not None:  # before any work, and before Qt aborts the process
            log.info("no display for the window: %s", missing)
            print(no_display_message(message_language(settings.language), missing), file=sys.stderr)
            return EXIT_ERROR
        if args.command == "cluster":  # its own temporary store: no database of the user's
            return _cluster(args.path, args.threshold, args.jsonl, args.workers)
        if args.command == "replay":  # likewise
            return _replay(args)
        alone = False
        if _asks_first_start(args):
            from desk.ui.launch import run_first_start  # noqa: PLC0415 - Qt: a window opens

            chosen = run_first_start(
                args.config or default_settings_path(), dirs.data, settings.language
            )
            if chosen is None:
                print("desk: set-up cancelled; nothing was saved.", file=sys.stderr)
                return EXIT_OK
            settings, alone = chosen.settings, chosen.alone
        app = build_app(settings, dirs, args.config)
        try:
            handlers: dict[str | None, Callable[[], int]] = {
                None: lambda: _gui(app, set_up_mailbox=alone),
                "gui": lambda: _gui(app, selftest=args.selftest, set_up_mailbox=alone),
                "demo": lambda: _demo(app, args.size, args.seed, not args.no_window, args.selftest),
                "ingest": lambda: _ingest(app, args.path, args.workers),
                "db": lambda: _db(app, args.db_command),
                "stats": lambda: _stats(app, args),
                "team": lambda: _team(app, args),
                "sync": lambda: run_sync(app, args),
                "send": lambda: run_send(app, args),
                "password": lambda: run_password(app, args),
                "acks": lambda: run_acks(app, args),
                "handoff": lambda: run_handoff(app, args),
                "serve": lambda: run_serve(app, args),
            }
            return handlers[args.command]()
        finally:
            app.close()
    except DeskError as exc:
        print(f"desk: error: {exc.describe()}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("desk: interrupted; run the same command again to resume.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:
        log.exception("unexpected failure")
        print(f"desk: unexpected error; details in {log_file}", file=sys.stderr)
        return EXIT_ERROR


def main() -> None:
    """Console entry point."""
    multiprocessing.freeze_support()  # the frozen (PyInstaller) build's parser processes
    sys.exit(run())
