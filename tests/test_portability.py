"""Desk runs on Windows workstations too: no POSIX-only call in ``desk/`` outside a guarded branch.

No Windows machine runs this suite here, so the code is read instead: a
module that only exists on POSIX (``fcntl``, ``pwd``, ``termios``…), an ``os``
function Windows lacks (``os.getuid``, ``os.fork``, ``os.setsid``…) or a
signal other than SIGINT and SIGTERM must sit in a branch that asks the
platform first: under ``if os.name == "posix":`` / ``if sys.platform …``, or
after such an ``if`` that returns early. ``getattr(os, "getuid", None)`` is
a guard of its own (no attribute is read).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DESK = Path(__file__).resolve().parents[1] / "desk"

POSIX_MODULES = frozenset(
    {"fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "posix", "syslog", "crypt"}
)
POSIX_OS = frozenset(
    {
        "getuid", "geteuid", "getgid", "getegid", "getgroups", "setuid", "setgid",
        "fork", "forkpty", "setsid", "setpgid", "getpgid", "killpg", "getpgrp",
        "chown", "fchown", "lchown", "fchmod", "mkfifo", "mknod", "nice", "sync",
        "getloadavg", "sched_getaffinity", "wait", "waitpid", "wait3", "wait4",
        "O_DIRECTORY", "O_NOFOLLOW", "O_CLOEXEC", "uname", "sysconf", "statvfs",
    }
)  # fmt: skip
PORTABLE_SIGNALS = frozenset({"SIGINT", "SIGTERM", "SIGABRT", "SIGFPE", "SIGILL", "SIGSEGV"})


def _asks_the_platform(test: ast.expr) -> bool:
    """Whether an ``if`` test looks at the platform (os.name, sys.platform, hasattr(os, …))."""
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and (
            (node.attr == "name" and isinstance(node.value, ast.Name) and node.value.id == "os")
            or node.attr == "platform"
        ):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("hasattr", "getattr")
        ):
            return True
    return False


def _returns(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], ast.Return | ast.Raise)


class _Finder(ast.NodeVisitor):
    """Unguarded POSIX-only uses, as (line, what)."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        self.guarded = 0

    def _block(self, body: list[ast.stmt]) -> None:
        """A block's statements; after ``if <platform>: return``, the rest is guarded."""
        guards = 0
        for statement in body:
            self.visit(statement)
            if (
                isinstance(statement, ast.If)
                and _asks_the_platform(statement.test)
                and _returns(statement.body)
            ):
                self.guarded += 1
                guards += 1
        self.guarded -= guards

    def visit_Module(self, node: ast.Module) -> None:
        self._block(node.body)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._block(node.body)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._block(node.body)

    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        platform = _asks_the_platform(node.test)
        self.guarded += platform
        self._block(node.body)
        self._block(node.orelse)
        self.guarded -= platform

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._module(node.lineno, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and not node.level:
            self._module(node.lineno, node.module)
            if node.module == "os":
                for alias in node.names:
                    self._note(node.lineno, alias.name in POSIX_OS, f"from os import {alias.name}")

    def _module(self, line: int, name: str) -> None:
        self._note(line, name.partition(".")[0] in POSIX_MODULES, f"import {name}")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name):
            owner, name = node.value.id, node.attr
            self._note(node.lineno, owner == "os" and name in POSIX_OS, f"os.{name}")
            self._note(
                node.lineno,
                owner == "signal" and name.startswith("SIG") and not name.startswith("SIG_")
                and name not in PORTABLE_SIGNALS,
                f"signal.{name}",
            )  # fmt: skip
        self.generic_visit(node)

    def _note(self, line: int, posix_only: bool, what: str) -> None:
        if posix_only and not self.guarded:
            self.found.append((line, what))


def unguarded(source: str) -> list[tuple[int, str]]:
    """The POSIX-only uses in ``source`` that no platform check guards."""
    finder = _Finder()
    finder.visit(ast.parse(source))
    return finder.found


def test_no_posix_only_call_in_desk_outside_a_guarded_branch() -> None:
    found = [
        f"{path.relative_to(DESK.parent)}:{line}: {what}"
        for path in sorted(DESK.rglob("*.py"))
        for line, what in unguarded(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "POSIX-only, unguarded (Windows would fail here):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import os\nos.getuid()\n", [(2, "os.getuid")]),
        ("import fcntl\n", [(1, "import fcntl")]),
        ("from os import fork\n", [(1, "from os import fork")]),
        ("import signal\nsignal.signal(signal.SIGHUP, print)\n", [(2, "signal.SIGHUP")]),
        ("import signal\nsignal.signal(signal.SIGTERM, signal.SIG_DFL)\n", []),
        ("import os\nif os.name == 'posix':\n    os.setsid()\n", []),
        ("import os, sys\nif sys.platform != 'win32':\n    os.killpg(1, 2)\n", []),
        ("import os\nif os.name == 'posix':\n    pass\nos.fork()\n", [(4, "os.fork")]),
        (
            "import os\ndef f():\n    if os.name != 'posix':\n        return\n"
            "    os.fchmod(1, 0)\n",
            [],
        ),
        ("import os\ndef f():\n    if x:\n        return\n    os.getuid()\n", [(5, "os.getuid")]),
        ("import os\nuid = getattr(os, 'getuid', None)\n", []),
    ],
)
def test_the_reader_finds_what_it_should_and_nothing_else(
    source: str, found: list[tuple[int, str]]
) -> None:
    assert unguarded(source) == found
