"""A throwaway PostgreSQL server on a free loopback port, for the tests.

As root, ``initdb`` and ``postgres`` refuse to run, so they run as the
``postgres`` user via ``runuser``; the data folder sits directly under /tmp
because pytest's temporary tree is private to root. Durability is switched off:
the cluster is deleted at the end anyway.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL server's bin folder, if any."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """One private cluster; databases are created per test from a migrated template."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="desk-pg-", dir="/tmp"))
        self.port = 0
        self._as_postgres = os.geteuid() == 0
        self._counter = 0
        self._options = ""
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self, settings: str = "", *, passwords: bool = False) -> None:
        """initdb, then start on a free port (a few tries in case another process takes it).

        ``settings``: more ``-c name=value`` options (the team bench loads
        pg_stat_statements to say where the server's time went). ``passwords``:
        every login but the superuser must give its password over TCP (SCRAM),
        as on a team's real server; otherwise every login is trusted."""
        data = self.root / "data"
        self._run(
            "initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        if passwords:
            (data / "pg_hba.conf").write_text(
                "local all all trust\n"
                "host all postgres 127.0.0.1/32 trust\n"
                "host all all 127.0.0.1/32 scram-sha-256\n",
                encoding="utf-8",
            )
        last_error: Exception | None = None
        for _ in range(5):
            self.port = _free_port()
            options = (
                f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
                + settings
            )
            try:
                self._run(
                    "pg_ctl", "-D", str(data), "-l", str(self.root / "log"), "-w", "-t", "60",
                    "-o", options, "start",
                )  # fmt: skip
                self._options = options
                return
            except subprocess.CalledProcessError as exc:
                last_error = exc
        raise RuntimeError(f"PostgreSQL did not start: {last_error}")

    def restart(self) -> None:
        """``pg_ctl restart`` on the same port and data folder, as an administrator would.

        Fast mode: every client's connection is cut and its open transaction rolled
        back; clients must notice and reconnect by themselves. Returns once the server
        accepts connections again.
        """
        if not self._options:
            raise RuntimeError("the PostgreSQL server is not started")
        self._run(
            "pg_ctl", "-D", str(self.root / "data"), "-l", str(self.root / "log"), "-w",
            "-t", "60", "-m", "fast", "-o", self._options, "restart",
        )  # fmt: skip

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of a database on this server."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, template: str | None = None) -> str:
        """A new empty (or template-copied) database; returns its URL."""
        self._counter += 1
        name = f"desk_test_{self._counter}"
        clause = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f"CREATE DATABASE {name}{clause}")
        return self.url(name)

    def stop(self) -> None:
        """Stop immediately and delete the cluster."""
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
