"""Process tokens: how an outbox tells a dead sender's lease from a live one."""

from __future__ import annotations

import os
import subprocess
import sys

from desk.core.processes import ProcessToken, pid_alive, this_host, this_process, token_dead_here


def test_a_token_reads_back_what_it_wrote() -> None:
    token = this_process()
    assert ProcessToken.parse(str(token)) == token
    assert token.host == this_host() and token.pid == os.getpid()
    assert ProcessToken.parse("host-with|bars|1|abc") == ProcessToken("host-with|bars", 1, "abc")
    for garbage in (None, "", "no bars", "h|x|n", "host:/path/outbox.journal"):
        assert ProcessToken.parse(garbage) is None


def test_an_ended_process_of_this_machine_is_dead_and_others_are_not_known() -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, check=True, text=True)  # fmt: skip
    pid = int(ended.stdout)
    assert not pid_alive(pid)
    assert token_dead_here(ProcessToken(this_host(), pid, "x"))
    assert not token_dead_here(this_process())  # ourselves
    assert token_dead_here(ProcessToken(this_host(), os.getpid(), "an-earlier-one"))
    assert not token_dead_here(ProcessToken("another-machine", pid, "x"))  # cannot know
    assert not token_dead_here(None)
    assert pid_alive(os.getppid())
