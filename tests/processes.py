"""Helpers for tests that run real processes: free ports, child `python -m bot` processes."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from bot import PROJECT_ROOT


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    """True when something accepts connections on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


#: Where children of the tests keep their conversation log (never the repository's data/).
TEST_DATA_DIR = Path(tempfile.gettempdir()) / "sanctuary-assistant-tests"


def bot_env(**extra: str) -> dict[str, str]:
    """The environment for a `python -m bot` child: no Telegram or NLU settings from the shell,
    a conversation log outside the repository, and the given settings."""
    inherited = ("TELEGRAM_", "NLU_", "DATABASE_URL", "DATA_DIR")
    env = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    env["DATA_DIR"] = str(TEST_DATA_DIR / secrets.token_hex(4))
    env.update(extra)
    return env


def _terminal_like_signals() -> None:
    # A test runner started in the background inherits SIGINT ignored, and Python keeps it ignored;
    # the child must see Ctrl-C as a person's terminal would send it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Child:
    """A `python -m bot ...` child process whose output is read in the background."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            cwd=PROJECT_ROOT,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            bufsize=1,
            preexec_fn=_terminal_like_signals,
        )
        self.output = ""
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        while chunk := self.process.stdout.read(1):
            with self._lock:
                self.output += chunk

    def wait_for(self, text: str, timeout: float) -> None:
        """Wait until `text` appears in the output, or fail showing what did."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if text in self.output:
                    return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(f"{text!r} never appeared; the output was:\n{self.output[-3000:]}")

    def close(self) -> None:
        """Kill the child if it still runs and release its pipes."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        self._reader.join(timeout=10)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()

    def send(self, line: str) -> None:
        """Type a line."""
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
