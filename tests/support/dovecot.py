"""A private, throwaway Dovecot 2.3 IMAP server on loopback ports, for the tests.

Follows ``shared/recipes/dovecot.md``: the whole instance (config, sockets, state,
log, passwd-file, Maildirs, certificate) lives in one short folder directly under
/tmp, nothing under /etc, /run or /var/lib is touched. It runs in root mode
(master as root, mail access as nobody, internal services as dovecot/dovenull) or
rootless (everything as the caller), picked from ``os.geteuid()``.

Mail is loaded fast by writing Maildir files directly (:meth:`DovecotServer.write_messages`)
or live by IMAP APPEND (:meth:`DovecotServer.append`).
"""

from __future__ import annotations

import contextlib
import datetime
import email.utils
import imaplib
import ipaddress
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

#: Mail uid/gid in root mode (nobody/nogroup); never uid 0.
ROOT_MAIL_UID = 65534
ROOT_MAIL_GID = 65534

#: Maildir flag letters of the IMAP system flags.
MAILDIR_FLAGS = {
    "\\draft": "D",
    "\\flagged": "F",
    "\\answered": "R",
    "\\seen": "S",
    "\\deleted": "T",
}

#: Services that chroot by default in 2.3.19 and cannot when not root (recipe pitfall #8).
_CHROOTED_SERVICES = (
    "anvil",
    "ipc",
    "old-stats",
    "aggregator",
    "director",
    "imap-login",
    "imap-urlauth-login",
    "pop3-login",
    "submission-login",
)

_SEARCH_PATH = ("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin")
_DATE_HEADER = re.compile(rb"^Date:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
_HEADER_END = re.compile(rb"\r?\n\r?\n")


class DovecotUnavailableError(RuntimeError):
    """Dovecot is not installed, or not a 2.3.x version."""


def find_binary(name: str) -> str | None:
    """``name`` on PATH or in the usual sbin folders (a normal user's PATH lacks /usr/sbin)."""
    found = shutil.which(name)
    if found:
        return found
    for folder in _SEARCH_PATH:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def dovecot_version(binary: str | None = None) -> str | None:
    """``dovecot --version`` (e.g. ``2.3.19.1 (9b53102964)``), or None when not installed."""
    binary = binary or find_binary("dovecot")
    if binary is None:
        return None
    result = subprocess.run(
        [binary, "--version"], capture_output=True, text=True, timeout=30, check=False
    )
    return result.stdout.strip() or None


def free_port(avoid: Iterable[int] = ()) -> int:
    """A currently free TCP port on 127.0.0.1 (may be taken by someone else later: retry)."""
    avoid = set(avoid)
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port not in avoid:
            return port


def make_certificate(
    directory: Path, names: Iterable[str] = ("localhost", "127.0.0.1"), stem: str = "cert"
) -> tuple[Path, Path]:
    """A self-signed certificate (EC P-256) whose SAN lists ``names``; returns (cert, key).

    Names that parse as IP addresses become ``IP:`` entries, the others ``DNS:``. Python
    ignores the CN, so the SAN is what a verifying client checks.
    """
    names = list(names)
    if not names:
        raise ValueError("a certificate needs at least one name")
    san = []
    for name in names:
        try:
            ipaddress.ip_address(name)
        except ValueError:
            san.append(f"DNS:{name}")
        else:
            san.append(f"IP:{name}")
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = directory / f"{stem}.pem", directory / f"{stem}.key"
    openssl = find_binary("openssl")
    if openssl is None:
        raise DovecotUnavailableError("openssl is not installed (scripts/test.sh installs it)")
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "3650", "-sha256", "-subj", f"/CN={names[0]}",
            "-addext", "subjectAltName=" + ",".join(san),
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    key.chmod(0o600)
    cert.chmod(0o644)
    return cert, key


def maildir_flags(flags: str | Iterable[str]) -> str:
    """Maildir info letters from ``"SF"``-style letters or IMAP flags like ``("\\\\Seen",)``."""
    if isinstance(flags, str):
        letters = set(flags)
    else:
        letters = set()
        for flag in flags:
            letter = MAILDIR_FLAGS.get(flag.lower())
            if letter is None:
                raise ValueError(f"no Maildir letter for flag {flag!r} (system flags only)")
            letters.add(letter)
    unknown = letters - set(MAILDIR_FLAGS.values())
    if unknown:
        raise ValueError(f"unknown Maildir flags: {''.join(sorted(unknown))}")
    return "".join(sorted(letters))


def message_timestamp(message: bytes, default: float) -> float:
    """The Date header of ``message`` as a POSIX timestamp, or ``default`` if absent/unparsable."""
    end = _HEADER_END.search(message)
    header = message[: end.start()] if end else message
    match = _DATE_HEADER.search(header)
    if match is None:
        return default
    text = re.sub(rb"\r?\n[ \t]+", b" ", match.group(1)).decode("ascii", "replace").strip()
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return default
    if parsed.tzinfo is None:  # "-0000" or no zone: take it as UTC
        return parsed.replace(tzinfo=datetime.UTC).timestamp()
    return parsed.timestamp()


def maildir_folder_name(folder: str) -> str:
    """Maildir++ folder directory for an IMAP folder name (``Sent`` -> ``.Sent``)."""
    if folder.upper() == "INBOX":
        return ""
    parts = [part for part in re.split(r"[./]", folder) if part]
    if not parts or any(part in {"..", ""} for part in parts):
        raise ValueError(f"bad folder name {folder!r}")
    return "." + ".".join(parts)


class DovecotServer:
    """One private Dovecot 2.3 instance: plain IMAP (with STARTTLS) and IMAPS on 127.0.0.1.

    ``cert_names`` are the certificate's subject alternative names; pass a name that is
    not ``localhost``/``127.0.0.1`` (e.g. ``("other.example",)``) to get a server whose
    certificate a verifying client must refuse.
    """

    host = "127.0.0.1"

    def __init__(
        self,
        cert_names: Iterable[str] = ("localhost", "127.0.0.1"),
        *,
        max_userip_connections: int = 500,
    ) -> None:
        self._dovecot_bin = find_binary("dovecot")
        self._doveadm_bin = find_binary("doveadm")
        self._doveconf_bin = find_binary("doveconf")
        if self._dovecot_bin is None or self._doveadm_bin is None or self._doveconf_bin is None:
            raise DovecotUnavailableError(
                "Dovecot is not installed (scripts/test.sh installs dovecot-imapd)"
            )
        version = dovecot_version(self._dovecot_bin) or "unknown"
        if not version.startswith("2.3."):
            raise DovecotUnavailableError(
                f"Dovecot {version} found, but only 2.3.x is supported: 2.4 renamed "
                "mail_location, ssl_cert and the passdb/userdb syntax"
            )
        self.version = version
        self.cert_names = tuple(cert_names)
        self.max_userip_connections = max_userip_connections
        self.root_mode = os.geteuid() == 0
        if self.root_mode:
            self.mail_uid, self.mail_gid = ROOT_MAIL_UID, ROOT_MAIL_GID
            self._internal_user, self._internal_group = "dovecot", "dovecot"
            self._login_user = "dovenull"
        else:
            # POSIX only: imported where used, so the test suite loads on Windows.
            import grp
            import pwd

            self.mail_uid, self.mail_gid = os.geteuid(), os.getegid()
            entry = pwd.getpwuid(self.mail_uid)
            self._internal_user = entry.pw_name
            self._internal_group = grp.getgrgid(self.mail_gid).gr_name
            self._login_user = entry.pw_name
        self.dir: Path | None = None
        self.port = 0
        self.ssl_port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._users: dict[str, str] = {}
        self._lock = threading.Lock()
        self._seq = 0
        self._last_ts = 0
        self._hostname = socket.gethostname().replace("/", "_").replace(":", "_") or "localhost"

    # ------------------------------------------------------------------ paths

    def _path(self, *parts: str) -> Path:
        if self.dir is None:
            raise RuntimeError("the Dovecot instance is not set up (call start())")
        return self.dir.joinpath(*parts)

    @property
    def conf_path(self) -> Path:
        return self._path("dovecot.conf")

    @property
    def cert_path(self) -> Path:
        """The self-signed certificate (PEM): trust it with ``create_default_context(cafile=)``."""
        return self._path("ssl", "cert.pem")

    @property
    def log_path(self) -> Path:
        return self._path("log", "dovecot.log")

    def log_text(self) -> str:
        """Dovecot's log plus the master's stdout/stderr, for error messages."""
        parts = []
        for path in (self._path("log", "startup.log"), self.log_path):
            with contextlib.suppress(OSError):
                parts.append(path.read_text(errors="replace"))
        return "\n".join(parts)

    def home(self, user: str) -> Path:
        return self._path("home", user)

    def maildir(self, user: str, folder: str = "INBOX") -> Path:
        """``user``'s Maildir for ``folder`` (Maildir++: ``Sent`` is ``~/Maildir/.Sent``)."""
        return self.home(user) / "Maildir" / maildir_folder_name(folder)

    # ------------------------------------------------------------------ lifecycle

    def _chown(self, path: Path | int) -> None:
        if self.root_mode:
            if isinstance(path, int):
                os.fchown(path, self.mail_uid, self.mail_gid)
            else:
                os.chown(path, self.mail_uid, self.mail_gid)

    def _setup(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="dovecot-", dir="/tmp"))
        if len(str(self.dir)) > 60:  # Unix socket paths must stay under 108 bytes
            raise RuntimeError(f"instance folder {self.dir} is too long for Dovecot's sockets")
        for sub in ("run", "state", "log", "home", "ssl"):
            (self.dir / sub).mkdir()
        for path in (self.dir, self.dir / "run", self.dir / "home"):
            path.chmod(0o755)
        self._chown(self.dir / "home")
        make_certificate(self.dir / "ssl", self.cert_names, stem="cert")
        (self.dir / "ssl" / "cert.key").rename(self.dir / "ssl" / "key.pem")
        # One passwd-file per user: Dovecot re-reads a changed passwd-file at most once a
        # second, so users added to a single file in the same second would fail to log in.
        users = self.dir / "users"
        users.mkdir(mode=0o750)
        if self.root_mode:
            shutil.chown(users, "root", self._internal_group)

    def _config(self) -> str:
        d = self.dir
        lines = [
            "protocols = imap",
            "listen = 127.0.0.1",
            f"instance_name = {d.name if d else 'dovecot'}",
            f"base_dir = {d}/run",
            f"state_dir = {d}/state",
            f"log_path = {d}/log/dovecot.log",
            'log_timestamp = "%Y-%m-%d %H:%M:%S "',
            f"default_internal_user = {self._internal_user}",
            f"default_internal_group = {self._internal_group}",
            f"default_login_user = {self._login_user}",
            f"mail_uid = {self.mail_uid}",
            f"mail_gid = {self.mail_gid}",
            "first_valid_uid = 1",
            "first_valid_gid = 1",
            "disable_plaintext_auth = no",
            "auth_mechanisms = plain login",
            "passdb {",
            "  driver = passwd-file",
            f"  args = scheme=PLAIN username_format=%u {d}/users/%u",
            "}",
            "userdb {",
            "  driver = passwd-file",
            f"  args = username_format=%u {d}/users/%u",
            "}",
            "auth_failure_delay = 0",  # wrong-password tests need not wait 2 s
            # IDLE learns of new mail by inotify; when the mail uid has used up its
            # inotify instances (128 by default, shared by every Dovecot and Courier of
            # every test run on the machine), Dovecot falls back to looking every
            # mailbox_idle_check_interval (30 s): new mail then waits up to 30 s.
            "mailbox_idle_check_interval = 1 secs",
            "mail_location = maildir:~/Maildir",
            f"mail_max_userip_connections = {self.max_userip_connections}",
            # The usual special-use folders, so a client can find Sent via LIST (SPECIAL-USE).
            "namespace inbox {",
            "  inbox = yes",
            "  mailbox Sent {",
            "    special_use = \\Sent",
            "  }",
            "  mailbox Drafts {",
            "    special_use = \\Drafts",
            "  }",
            "  mailbox Trash {",
            "    special_use = \\Trash",
            "  }",
            "  mailbox Junk {",
            "    special_use = \\Junk",
            "  }",
            "}",
            "ssl = yes",
            f"ssl_cert = <{d}/ssl/cert.pem",
            f"ssl_key = <{d}/ssl/key.pem",
            "ssl_min_protocol = TLSv1.2",
            "service imap-login {",
            "  inet_listener imap {",
            "    address = 127.0.0.1",
            f"    port = {self.port}",
            "  }",
            "  inet_listener imaps {",
            "    address = 127.0.0.1",
            f"    port = {self.ssl_port}",
            "    ssl = yes",
            "  }",
            "}",
        ]
        # No auth penalty: after a failed login Dovecot delays the next logins from the
        # same IP by 2-15 s (measured 4 s on 2.3.19, even with auth_failure_delay = 0),
        # which would slow down every test after a wrong-password test. The auth process
        # cannot open a mode-0 socket, so it runs without penalty tracking.
        services: dict[str, list[str]] = {
            "anvil": ["  unix_listener anvil-auth-penalty {", "    mode = 0", "  }"]
        }
        if not self.root_mode:
            for service in _CHROOTED_SERVICES:
                services.setdefault(service, []).append("  chroot =")
        for service, body in services.items():
            lines += [f"service {service} {{", *body, "}"]
        return "\n".join(lines) + "\n"

    def start(self, timeout: float = 10.0) -> None:
        """Write the instance, then start ``dovecot -F`` on free ports (retrying on a clash)."""
        if self._proc is not None:
            raise RuntimeError("Dovecot is already running")
        try:
            self._start(timeout)
        except BaseException:
            self.stop()  # no master, no folder left behind
            raise

    def _start(self, timeout: float) -> None:
        if self.dir is None:
            self._setup()
        last_error = ""
        for _ in range(5):
            self.port = free_port()
            self.ssl_port = free_port(avoid=[self.port])
            self.conf_path.write_text(self._config())
            check = subprocess.run(
                [self._doveconf_bin or "doveconf", "-c", str(self.conf_path), "-n"],
                capture_output=True, text=True, timeout=30, check=False,
            )  # fmt: skip
            if check.returncode != 0:
                raise RuntimeError(f"bad Dovecot configuration: {check.stderr.strip()}")
            if self._launch(timeout):
                return
            last_error = self.log_text()
            if "Address already in use" not in last_error:
                break
        raise RuntimeError(f"Dovecot did not start:\n{last_error}")

    def _launch(self, timeout: float) -> bool:
        """Start the master and wait for both ports; False (process reaped) on failure."""
        startup_log = self._path("log", "startup.log")
        with startup_log.open("ab") as log:
            self._proc = subprocess.Popen(
                [self._dovecot_bin or "dovecot", "-F", "-c", str(self.conf_path)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        # Ready = the IMAPS port accepts and the plain port sends its greeting: imap-login
        # only greets once auth is up. (Stopping a master whose children are still
        # starting takes 6 s: imap-login waits 5 s for the stats handshake.)
        pending = [self.ssl_port, self.port]
        while pending:
            if self._proc.poll() is not None:
                self._proc = None
                return False
            try:
                with socket.create_connection((self.host, pending[0]), timeout=2) as probe:
                    if pending[0] == self.port and not probe.recv(256).startswith(b"* OK"):
                        raise OSError("no IMAP greeting yet")
                    pending.pop(0)
                    continue
            except OSError:
                pass
            if time.monotonic() > deadline:
                self._terminate()
                raise RuntimeError(f"Dovecot did not open its ports:\n{self.log_text()}")
            time.sleep(0.02)
        return True

    def _terminate(self) -> None:
        """SIGTERM the master (SIGKILL after 10 s), then the children it left behind.

        With a client connected, ``dovecot -F`` exits but leaves that client's ``imap``
        process (and ``log``, ``stats``) running, re-parented to init: they are
        collected by PID (with their start times) before the master goes, and ended.
        """
        proc, self._proc = self._proc, None
        if proc is None:
            return
        children = _children(proc.pid)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        _end_processes(children)

    def restart(self) -> None:
        """Stop and start again with the same folder and ports (mail and users are kept).

        Connected clients are disconnected, as with a real server restart.
        """
        self._terminate()  # waits for the master, so its sockets are gone (pitfall #2)
        if not self._launch(10.0):
            raise RuntimeError(f"Dovecot did not restart:\n{self.log_text()}")

    def _cleanup_files(self) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def stop(self) -> None:
        """Stop the server (terminate, kill after 10 s) and delete the instance folder."""
        try:
            self._terminate()
        finally:
            self._cleanup_files()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __enter__(self) -> DovecotServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ users

    def add_user(self, name: str, password: str) -> None:
        """A passwd-file user with an empty home (Dovecot creates ``~/Maildir`` on login)."""
        if not re.fullmatch(r"[A-Za-z0-9._@+-]+", name) or name in {".", ".."}:
            raise ValueError(f"bad user name {name!r}")
        if ":" in password or "\n" in password:
            raise ValueError("the password must not contain ':' or a newline")
        with self._lock:
            if name in self._users:
                raise ValueError(f"user {name!r} already exists")
            home = self.home(name)
            home.mkdir(mode=0o700)
            self._chown(home)
            self._users[name] = password
            passwd = self._path("users", name)
            fd = os.open(passwd, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
            try:
                if self.root_mode:
                    import grp  # POSIX only, as above

                    os.fchown(fd, 0, grp.getgrnam(self._internal_group).gr_gid)
                os.write(fd, f"{name}:{{PLAIN}}{password}::::{home}::\n".encode())
            finally:
                os.close(fd)

    def remove_user_mail(self, name: str) -> None:
        """Delete ``name``'s home (the account stays; it comes back empty on the next login)."""
        home = self.home(name)
        shutil.rmtree(home, ignore_errors=True)
        with contextlib.suppress(OSError):
            home.mkdir(mode=0o700)
            self._chown(home)

    # ------------------------------------------------------------------ fast loading

    def _ensure_maildir(self, user: str, folder: str) -> Path:
        if user not in self._users:
            raise KeyError(f"unknown user {user!r} (add_user first)")
        root = self.home(user) / "Maildir"
        target = self.maildir(user, folder)
        created = []
        for path in (root, target):
            for sub in ("", "cur", "new", "tmp"):
                directory = path / sub if sub else path
                if not directory.is_dir():
                    directory.mkdir(mode=0o700)
                    created.append(directory)
        if target != root:
            marker = target / "maildirfolder"  # what Dovecot writes in a Maildir++ subfolder
            if not marker.exists():
                marker.touch(0o600)
                created.append(marker)
            self._subscribe(user, folder, created)
        for path in created:
            self._chown(path)
        return target

    def _subscribe(self, user: str, folder: str, created: list[Path]) -> None:
        subscriptions = self.home(user) / "Maildir" / "subscriptions"
        name = folder.replace("/", ".")
        existing = subscriptions.read_text().splitlines() if subscriptions.exists() else []
        if name in existing:
            return
        if not subscriptions.exists():
            created.append(subscriptions)
        with subscriptions.open("a") as handle:
            handle.write(name + "\n")

    def write_messages(
        self,
        user: str,
        messages: Iterable[bytes],
        folder: str = "INBOX",
        flags: str | Iterable[str] = "",
    ) -> int:
        """Write ``messages`` straight into the Maildir ``cur/``; returns how many.

        File names increase, so Dovecot gives UIDs in write order (also across calls);
        ``S=``/``W=`` carry the sizes; the mtime (Dovecot's INTERNALDATE) is the Date
        header when it parses. Don't use it on a folder a client has selected while
        you need exact UIDs: use :meth:`append` for "new mail" during a session.
        """
        info = maildir_flags(flags)
        target = self._ensure_maildir(user, folder) / "cur"
        now = time.time()
        pid = os.getpid()
        count = 0
        for raw in messages:
            with self._lock:
                self._seq += 1
                seq = self._seq
                ts = max(int(time.time()), self._last_ts)
                self._last_ts = ts
            size = len(raw)
            crlf_size = size + raw.count(b"\n") - raw.count(b"\r\n")
            name = f"{ts}.M{seq:09d}P{pid}Q{count}.{self._hostname},S={size},W={crlf_size}:2,{info}"
            path = target / name
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                self._chown(fd)
                view = memoryview(raw)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            finally:
                os.close(fd)
            stamp = message_timestamp(raw, now)
            os.utime(path, (stamp, stamp))
            count += 1
        return count

    # ------------------------------------------------------------------ IMAP

    def imap(self, user: str, password: str) -> imaplib.IMAP4:
        """A logged-in plain-IMAP client (use it as a context manager, or call logout())."""
        return _logged_in(imaplib.IMAP4(self.host, self.port, timeout=30), user, password)

    def imaps(
        self, user: str, password: str, context: ssl.SSLContext | None = None
    ) -> imaplib.IMAP4_SSL:
        """A logged-in IMAPS client that verifies this server's certificate."""
        context = context or self.ssl_context()
        client = imaplib.IMAP4_SSL(self.host, self.ssl_port, ssl_context=context, timeout=30)
        return _logged_in(client, user, password)

    def ssl_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts this server's self-signed certificate."""
        return ssl.create_default_context(cafile=str(self.cert_path))

    def append(
        self,
        user: str,
        password: str,
        message: bytes,
        folder: str = "INBOX",
        flags: Iterable[str] = (),
    ) -> int | None:
        """Live IMAP APPEND (CRLF, INTERNALDATE from the Date header); returns the new UID."""
        data = re.sub(rb"\r?\n", b"\r\n", message)
        stamp = message_timestamp(message, time.time())
        flag_list = "(" + " ".join(flags) + ")"
        with self.imap(user, password) as client:
            status, _ = client.select(_quote(folder))
            if status != "OK":
                raise RuntimeError(f"cannot select {folder!r}")
            status, response = client.append(
                _quote(folder), flag_list, imaplib.Time2Internaldate(stamp), data
            )
            if status != "OK":
                raise RuntimeError(f"APPEND to {folder!r} failed: {response!r}")
            text = (response[0] or b"").decode() if response else ""
            match = re.search(r"APPENDUID \d+ (\d+)", text)
            return int(match.group(1)) if match else None

    # ------------------------------------------------------------------ doveadm

    def doveadm(self, *args: str) -> str:
        """Run ``doveadm -c <conf> args...``; returns stdout, raises with stderr on failure."""
        result = subprocess.run(
            [self._doveadm_bin or "doveadm", "-c", str(self.conf_path), *args],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(
                f"doveadm {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}"
            )
        return result.stdout

    def status(self, user: str, folder: str = "INBOX") -> dict[str, int]:
        """``messages``, ``uidnext``, ``uidvalidity``, ``highestmodseq``, ``unseen`` (doveadm)."""
        fields = "messages uidnext uidvalidity highestmodseq unseen"
        out = self.doveadm("-f", "tab", "mailbox", "status", "-u", user, fields, folder)
        header, row = out.splitlines()[:2]
        values = dict(zip(header.split("\t"), row.split("\t"), strict=True))
        values.pop("mailbox", None)
        return {key: int(value) for key, value in values.items()}

    def set_uidvalidity(self, user: str, folder: str, value: int) -> None:
        """Set the folder's UIDVALIDITY to ``value`` (UIDs are kept: ``doveadm mailbox update``)."""
        self.doveadm("mailbox", "update", "-u", user, "--uid-validity", str(value), folder)

    def reset_uidvalidity(
        self,
        user: str,
        folder: str = "INBOX",
        *,
        uidvalidity: int | None = None,
        first_uid: int | None = None,
    ) -> int:
        """Rebuild the folder like a server restored from backup; returns the new UIDVALIDITY.

        Deletes the folder's index files and rewrites ``dovecot-uidlist`` with only a
        header (``3 V<uidvalidity> N<first_uid>``), so Dovecot renumbers every message,
        in the same order, from ``first_uid``. Defaults: UIDVALIDITY = old + 1, and
        ``first_uid`` = the old UIDNEXT, so that no message keeps its old UID. Log out
        clients that have the folder selected first (they hold the old index in memory).
        """
        before = self.status(user, folder)
        new_validity = before["uidvalidity"] + 1 if uidvalidity is None else uidvalidity
        if new_validity == before["uidvalidity"] or not 0 < new_validity < 2**32:
            raise ValueError(f"UIDVALIDITY {new_validity} is not a new, valid value")
        start = before["uidnext"] if first_uid is None else first_uid
        if start < 1:
            raise ValueError("first_uid must be at least 1")
        target = self.maildir(user, folder)
        for path in target.iterdir():
            if path.name.startswith(("dovecot-uidlist", "dovecot.index")):
                path.unlink()
        uidlist = target / "dovecot-uidlist"
        fd = os.open(uidlist, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            self._chown(fd)
            os.write(fd, f"3 V{new_validity} N{start}\n".encode())
        finally:
            os.close(fd)
        return new_validity


def _process_stat(pid: int) -> tuple[int, int] | None:
    """(parent PID, start time in clock ticks) of a live, non-zombie process, from /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) "
    if fields[0] in {"Z", "X"}:  # exited, waiting to be reaped
        return None
    return int(fields[1]), int(fields[19])


def _children(parent: int) -> dict[int, int]:
    """{pid: start time} of the direct children of ``parent`` (Dovecot's are all direct)."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _process_stat(int(entry))
            if stat is not None and stat[0] == parent:
                found[int(entry)] = stat[1]
    return found


def _end_processes(processes: dict[int, int], timeout: float = 5.0) -> None:
    """SIGTERM, then SIGKILL, the given processes, skipping any PID since reused."""

    def alive() -> list[int]:
        living = []
        for pid, started in processes.items():
            stat = _process_stat(pid)
            if stat is not None and stat[1] == started:
                living.append(pid)
        return living

    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = alive()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while pids and time.monotonic() < deadline:
            time.sleep(0.02)
            pids = alive()
        if not pids:
            return


_Client = TypeVar("_Client", bound=imaplib.IMAP4)


def _logged_in(client: _Client, user: str, password: str) -> _Client:
    """``client`` after LOGIN; closed, and the error raised, when the login fails."""
    try:
        client.login(user, password)
    except BaseException:
        with contextlib.suppress(Exception):
            client.shutdown()
        raise
    return client


def _quote(folder: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9._/-]+", folder):
        return folder
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class ImapAccount:
    """One user on a shared :class:`DovecotServer`, with shortcuts bound to it."""

    server: DovecotServer
    user: str
    password: str

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def ssl_port(self) -> int:
        return self.server.ssl_port

    @property
    def cert_path(self) -> Path:
        return self.server.cert_path

    def maildir(self, folder: str = "INBOX") -> Path:
        return self.server.maildir(self.user, folder)

    def write_messages(
        self, messages: Iterable[bytes], folder: str = "INBOX", flags: str | Iterable[str] = ""
    ) -> int:
        return self.server.write_messages(self.user, messages, folder, flags)

    def imap(self) -> imaplib.IMAP4:
        return self.server.imap(self.user, self.password)

    @contextlib.contextmanager
    def session(self, folder: str | None = None) -> Iterator[imaplib.IMAP4]:
        """A logged-in client (``folder`` selected if given), logged out at the end."""
        with self.server.imap(self.user, self.password) as client:
            if folder is not None:
                status, _ = client.select(_quote(folder))
                if status != "OK":
                    raise RuntimeError(f"cannot select {folder!r}")
            yield client

    def append(
        self, message: bytes, folder: str = "INBOX", flags: Iterable[str] = ()
    ) -> int | None:
        return self.server.append(self.user, self.password, message, folder, flags)

    def status(self, folder: str = "INBOX") -> dict[str, int]:
        return self.server.status(self.user, folder)

    def set_uidvalidity(self, value: int, folder: str = "INBOX") -> None:
        self.server.set_uidvalidity(self.user, folder, value)

    def reset_uidvalidity(
        self, folder: str = "INBOX", *, uidvalidity: int | None = None, first_uid: int | None = None
    ) -> int:
        return self.server.reset_uidvalidity(
            self.user, folder, uidvalidity=uidvalidity, first_uid=first_uid
        )
