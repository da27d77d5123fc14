"""A private, throwaway Courier-IMAP 5.0 server on a loopback port, for the tests.

Courier is the second real IMAP peer: no CONDSTORE, no UIDNEXT in SELECT, and silent
while idling (Dovecot says "still here" every 2 minutes), which is what the sync and
the IDLE watch must also hold on. It is the real protocol implementation: Courier's
``couriertcpd`` accepts, Courier's ``imaplogin`` greets and checks the password
through Courier's ``authdaemond`` (``authuserdb``), then execs Courier's ``imapd``
on a Maildir. Nothing global is read or written: the instance runs in its own mount
and PID namespace (``unshare``), where the instance folder is mounted over
``/etc/courier`` and ``/run``; stopping the namespace's first process ends them all.

Recipe and traps (Debian 12, courier-imap 5.0.13, courier-authlib 0.71.4), as hit:

1. **courier-imap and dovecot-imapd cannot be installed together.** Both provide
   ``imap-server`` and courier-imap conflicts with it: ``apt-get install courier-imap``
   silently *removes dovecot-imapd* (and the other way round), breaking every Dovecot
   test on the machine. So the Debian package is unpacked, not installed:
   ``scripts/courier_imap.sh`` runs ``apt-get download courier-imap`` and
   ``dpkg-deb -x`` into ``/opt/desk-courier-imap`` (override: ``DESK_COURIER_ROOT``);
   its dependencies that do not conflict (``courier-base`` for couriertcpd,
   ``courier-authdaemon``, ``courier-authlib-userdb``, ``gamin``, ``libidn12``) are
   ordinary packages in ``scripts/test.sh``'s ``ensure_debs`` line. A machine without
   Dovecot may have the real package installed: ``/usr/bin/imapd`` is used then.
2. **authlib's paths are compiled in**: the client library talks to
   ``/run/courier/authdaemon/socket``; authdaemond reads ``/etc/courier/authdaemonrc``;
   authuserdb reads ``/etc/courier/userdb.dat``. There is no flag or variable for
   them, hence the private mount namespace (``unshare --mount --propagation private``)
   with our folder bind-mounted over ``/etc/courier`` and ``/run``. Needs root (or
   CAP_SYS_ADMIN); without it the fixture reports Courier unavailable.
3. **Pre-authenticated imapd is not enough**: ``imapd Maildir`` run directly greets
   ``* PREAUTH`` and Desk's LOGIN is then refused; the login path (imaplogin +
   authdaemond) is needed, and it is the one real deployments use.
4. **userdb**: one ``name<TAB>uid=..|gid=..|home=..|mail=..|systempw=$6$...`` line per
   user in a mode-0600 file, compiled by ``makeuserdb -f FILE`` into ``FILE.dat`` and
   ``FILEshadow.dat``; authuserdb notices a rebuilt file on the next login. The hash
   comes from ``openssl passwd -6``.
5. **Stopping**: ``unshare --fork`` blocks SIGTERM in its own process, so
   ``terminate()`` on it does nothing. Signal the namespace's first process
   (couriertcpd, the child of unshare) instead; when it exits the kernel kills
   authdaemond, imapd and gam_server, which live in the same PID namespace.
6. **IDLE**: with ``IMAP_ENHANCEDIDLE=0`` (Debian's default) Courier polls the folder
   every ``IMAP_IDLE_TIMEOUT`` (60 s) during IDLE; with ``=1`` it is told by FAM
   (gamin, which starts ``gam_server`` as the mail user, on inotify) within about a
   second. Either way it sends *nothing* while idling when nothing changes.
7. **What Courier answers differently**: no ``UIDNEXT`` in SELECT/EXAMINE (STATUS has
   it), no CONDSTORE, folders live under ``INBOX.`` (``CREATE Sent`` is refused as
   "Invalid mailbox name"; ``INBOX.Sent`` works), UIDVALIDITY comes from the clock.
8. **The environment is the configuration**: the packaged init script sources
   ``/etc/courier/imapd`` into imapd's environment; here the same variables are set
   explicitly (``IMAP_CAPABILITY`` must list IDLE, ``IMAP_STARTTLS=NO``: plain on
   loopback, as the Dovecot tests do).

Mail is loaded like Dovecot's (the Maildir writing is shared, :class:`DovecotServer`'s):
files in ``cur/`` in name order, or live by IMAP APPEND.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from tests.support.dovecot import (
    ROOT_MAIL_GID,
    ROOT_MAIL_UID,
    DovecotServer,
    _children,
    _end_processes,
    _quote,
    find_binary,
    free_port,
    maildir_folder_name,
)

#: Where ``scripts/courier_imap.sh`` unpacks the courier-imap package.
DEFAULT_ROOT = "/opt/desk-courier-imap"
_AUTHDAEMOND = "/usr/lib/courier/courier-authlib/authdaemond"
_AUTHUSERDB = "/usr/lib/courier-authlib/libauthuserdb.so.0"
_IMAP_ENV = {
    "IMAP_CAPABILITY": "IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT "
    "THREAD=REFERENCES SORT QUOTA IDLE",
    "IMAP_KEYWORDS": "1",
    "IMAP_ACL": "1",
    "IMAP_STARTTLS": "NO",
    "IMAP_IDLE_TIMEOUT": "60",
    "IMAP_ENHANCEDIDLE": "1",
    "IMAP_USELOCKS": "1",
    "IMAP_MAILBOX_SANITY_CHECK": "1",
    "IMAP_UMASK": "022",
    "IMAP_TRASHFOLDERNAME": "Trash",
    "IMAP_EMPTYTRASH": "",
    "IMAP_MOVE_EXPUNGE_TO_TRASH": "0",
    "IMAP_CHECK_ALL_FOLDERS": "0",
    "IMAP_OBSOLETE_CLIENT": "0",
    "IMAP_DISABLETHREADSORT": "0",
    "HEADERFROM": "X-IMAP-Sender",
    "PATH": "/usr/bin:/bin:/usr/sbin:/sbin",
}


class CourierUnavailableError(RuntimeError):
    """Courier-IMAP (or what it needs to run privately) is not on this machine."""


def _courier_file(relative: str) -> str | None:
    """A file of the courier-imap package: installed, or unpacked under the Courier root."""
    roots = [os.environ.get("DESK_COURIER_ROOT") or DEFAULT_ROOT, "/"]
    for root in roots:
        candidate = Path(root) / relative
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


class CourierServer(DovecotServer):
    """One private Courier-IMAP instance: plain IMAP on 127.0.0.1 (no STARTTLS, no IMAPS).

    It reuses :class:`DovecotServer`'s Maildir writing and IMAP helpers (``write_messages``,
    ``append``, ``imap``, ``remove_user_mail``); running the server is its own.
    """

    kind = "courier"

    def __init__(self) -> None:
        if os.geteuid() != 0:
            raise CourierUnavailableError(
                "Courier runs in a private mount namespace, which needs root"
            )
        needed = {
            "couriertcpd": find_binary("couriertcpd"),
            "imaplogin": _courier_file("usr/lib/courier/courier/imaplogin"),
            "imapd": _courier_file("usr/bin/imapd"),
            "makeuserdb": find_binary("makeuserdb"),
            "unshare": find_binary("unshare"),
            "openssl": find_binary("openssl"),
            "authdaemond": _AUTHDAEMOND if os.access(_AUTHDAEMOND, os.X_OK) else None,
            "authuserdb": _AUTHUSERDB if Path(_AUTHUSERDB).exists() else None,
        }
        missing = sorted(name for name, path in needed.items() if path is None)
        if missing:
            raise CourierUnavailableError(
                f"Courier-IMAP is not usable here (missing: {', '.join(missing)}); "
                "scripts/test.sh installs courier-base, courier-authdaemon and "
                "courier-authlib-userdb, and scripts/courier_imap.sh unpacks courier-imap"
            )
        self._bins: dict[str, str] = {k: v for k, v in needed.items() if v is not None}
        self.version = "Courier-IMAP"
        self.cert_names = ()
        self.max_userip_connections = 500
        self.root_mode = True
        self.mail_uid, self.mail_gid = ROOT_MAIL_UID, ROOT_MAIL_GID
        self.dir = None
        self.port = 0
        self.ssl_port = 0
        self._proc = None
        self._users = {}
        self._lock = threading.Lock()
        self._seq = 0
        self._last_ts = 0
        self._hostname = socket.gethostname().replace("/", "_").replace(":", "_") or "localhost"

    # ------------------------------------------------------------------ paths

    @property
    def cert_path(self) -> Path:
        raise RuntimeError("the Courier test server speaks plain IMAP only")

    @property
    def log_path(self) -> Path:
        return self._path("log", "imapd.log")

    def log_text(self) -> str:
        """What couriertcpd, imaplogin, imapd and authdaemond wrote, for error messages."""
        parts = []
        for name in ("start.log", "authdaemond.log", "imapd.log"):
            with contextlib.suppress(OSError):
                parts.append(self._path("log", name).read_text(errors="replace"))
        return "\n".join(parts)

    # ------------------------------------------------------------------ lifecycle

    def _setup(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="courier-", dir="/tmp"))
        self.dir.chmod(0o755)
        for sub in ("etc", "etc/shared", "run/courier/authdaemon", "log", "home", "users"):
            (self.dir / sub).mkdir(parents=True)
        (self.dir / "home").chmod(0o755)
        self._chown(self.dir / "home")
        (self.dir / "etc" / "authdaemonrc").write_text(
            'authmodulelist="authuserdb"\n'
            "daemons=2\n"
            "authdaemonvar=/run/courier/authdaemon\n"
            "DEBUG_LOGIN=0\n"
            'DEFAULTOPTIONS=""\n'
            'LOGGEROPTS=""\n'
        )
        userdb = self.dir / "etc" / "userdb"
        userdb.touch(0o600)
        self._make_userdb()

    def _make_userdb(self) -> None:
        subprocess.run(
            [self._bins["makeuserdb"], "-f", str(self._path("etc", "userdb"))],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip

    def _script(self) -> str:
        d = self.dir
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in _IMAP_ENV.items())
        return "\n".join(
            [
                "set -e",
                # Private to this namespace (--propagation private): the machine sees nothing.
                f"mount --bind {d}/etc /etc/courier",
                f"mount --bind {d}/run /run",
                f"{self._bins['authdaemond']} >>{d}/log/authdaemond.log 2>&1 &",
                f"exec env -i {env} {self._bins['couriertcpd']} -address=127.0.0.1"
                " -nodnslookup -noidentlookup -maxprocs=200 -maxperip=200"
                f" -stderr={d}/log/imapd.log {self.port}"
                f" {self._bins['imaplogin']} {self._bins['imapd']} Maildir",
                "",
            ]
        )

    def _start(self, timeout: float) -> None:
        if self.dir is None:
            self._setup()
        last_error = ""
        for _ in range(5):
            self.port = free_port()
            script = self._path("start.sh")
            script.write_text(self._script())
            if self._launch(timeout):
                return
            last_error = self.log_text()
            if "Address already in use" not in last_error:
                break
        raise RuntimeError(f"Courier did not start:\n{last_error}")

    def _launch(self, timeout: float) -> bool:
        """Start the namespace and wait for authdaemond's socket and imaplogin's greeting."""
        with self._path("log", "start.log").open("ab") as log:
            self._proc = subprocess.Popen(
                [
                    self._bins["unshare"], "--mount", "--pid", "--fork", "--kill-child",
                    "--propagation", "private", "--", "/bin/sh", str(self._path("start.sh")),
                ],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                # Its own session and process group: Courier's daemons signal their process
                # group when they stop, and a PID namespace does not fence a group signal in.
                # In the test run's group, that signal ended pytest and whatever ran it.
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        socket_file = self._path("run", "courier", "authdaemon", "socket")
        while True:
            if self._proc.poll() is not None:
                self._proc = None
                return False
            if socket_file.exists():
                try:
                    with socket.create_connection((self.host, self.port), timeout=2) as probe:
                        if probe.recv(256).startswith(b"* OK"):
                            return True
                except OSError:
                    pass
            if time.monotonic() > deadline:
                self._terminate()
                raise RuntimeError(f"Courier did not open its port:\n{self.log_text()}")
            time.sleep(0.02)

    def _terminate(self) -> None:
        """End the namespace: SIGTERM its first process (couriertcpd), SIGKILL if it lingers."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        first = _children(proc.pid)  # unshare blocks SIGTERM itself (trap 5)
        for pid in first:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _end_processes(first)  # SIGKILL of the first process ends the whole namespace
            proc.kill()
            proc.wait(timeout=10)

    def restart(self) -> None:
        """Stop and start again on the same port (mail and users are kept)."""
        self._terminate()
        if not self._launch(10.0):
            raise RuntimeError(f"Courier did not restart:\n{self.log_text()}")

    def __enter__(self) -> CourierServer:
        self.start()
        return self

    # ------------------------------------------------------------------ users

    def add_user(self, name: str, password: str) -> None:
        """A userdb user with an empty Maildir (Courier does not create it on login)."""
        if not name.replace(".", "").replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"bad user name {name!r}")
        hashed = subprocess.run(
            [self._bins["openssl"], "passwd", "-6", "-stdin"],
            input=password, capture_output=True, text=True, check=True, timeout=30,
        ).stdout.strip()  # fmt: skip
        with self._lock:
            if name in self._users:
                raise ValueError(f"user {name!r} already exists")
            home = self.home(name)
            home.mkdir(mode=0o700)
            self._chown(home)
            self._users[name] = password
            line = (
                f"{name}\tuid={self.mail_uid}|gid={self.mail_gid}|home={home}"
                f"|mail={home}/Maildir|systempw={hashed}\n"
            )
            with self._path("etc", "userdb").open("a") as userdb:
                userdb.write(line)
            self._make_userdb()
        self._ensure_maildir(name, "INBOX")

    def remove_user_mail(self, name: str) -> None:
        """Empty ``name``'s Maildir (the account stays)."""
        super().remove_user_mail(name)
        if name in self._users:
            self._ensure_maildir(name, "INBOX")

    def _ensure_maildir(self, user: str, folder: str) -> Path:
        """The folder's Maildir, selected once so that its UIDVALIDITY is fixed from now on.

        Courier keeps a folder's UIDVALIDITY in ``courierimapuiddb``, which only
        SELECT writes: before that, every STATUS answers with the current time, so
        a test reading STATUS and then syncing saw two values a second apart.
        """
        target = super()._ensure_maildir(user, folder)
        if not (target / "courierimapuiddb").exists():
            # Courier's folders live under INBOX.: the Maildir++ ".Sent" is "INBOX.Sent".
            name = "INBOX" + maildir_folder_name(folder)
            with self.imap(user, self._users[user]) as client:
                kind, data = client.select(_quote(name))
                if kind != "OK":
                    raise RuntimeError(f"cannot select {folder!r} on Courier: {data!r}")
            if not (target / "courierimapuiddb").exists():
                raise RuntimeError(f"Courier wrote no UID database for {folder!r}")
        return target

    # ------------------------------------------------------------------ IMAP

    def status(self, user: str, folder: str = "INBOX") -> dict[str, int]:
        """``messages``, ``uidnext``, ``uidvalidity``, ``unseen`` (IMAP STATUS; no modseq)."""
        with self.imap(user, self._users[user]) as client:
            kind, data = client.status(_quote(folder), "(MESSAGES UIDNEXT UIDVALIDITY UNSEEN)")
        if kind != "OK" or not data or not isinstance(data[0], bytes):
            raise RuntimeError(f"STATUS {folder!r} failed: {data!r}")
        words = data[0].decode().split("(", 1)[1].rstrip(")").split()
        return {words[i].lower(): int(words[i + 1]) for i in range(0, len(words), 2)}

    def doveadm(self, *args: str) -> str:
        raise RuntimeError("doveadm is Dovecot's; this is Courier")

    def set_uidvalidity(self, user: str, folder: str, value: int) -> None:
        raise RuntimeError("Courier has no tool to set UIDVALIDITY")

    def reset_uidvalidity(
        self,
        user: str,
        folder: str = "INBOX",
        *,
        uidvalidity: int | None = None,
        first_uid: int | None = None,
    ) -> int:
        raise RuntimeError("UIDVALIDITY resets are tested on Dovecot")


def courier_problem() -> str | None:
    """Why no Courier can run here, or None when it can."""
    try:
        CourierServer()
    except CourierUnavailableError as exc:
        return str(exc)
    return None
