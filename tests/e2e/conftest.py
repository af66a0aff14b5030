"""End to end over real HTTP: the Bot API emulator, the real Rasa server, and the bot as a child process."""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.nlu_service import NluEndpoint
from tests.e2e.emulator import Emulator
from tests.processes import Child, bot_env, free_port, port_open

#: How long the bot may take from start to registering its commands (imports, getMe, setMyCommands).
START_SECONDS = 60


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """The patched telegram-test-api on a free port of 127.0.0.1, for one test module."""
    server = Emulator(free_port(), tmp_path_factory.mktemp("emulator") / "emulator.log")
    try:
        yield server
    finally:
        server.stop()


@dataclass
class RunningBot:
    """`python -m bot run` against the emulator: its token, its output, and (in webhook mode) its webhook."""

    token: str
    child: Child
    data_dir: Path
    webhook_url: str | None = None
    webhook_secret: str | None = None

    @property
    def output(self) -> str:
        """Everything the bot printed and logged so far."""
        return self.child.output

    def database_dump(self, containing: str, timeout: float = 15.0) -> str:
        """The SQL dump of the bot's conversation log, once it holds `containing` (the writer is asynchronous)."""
        deadline = time.monotonic() + timeout
        dump = ""
        while time.monotonic() < deadline:
            path = self.data_dir / "assistant.db"
            if path.exists():
                with contextlib.closing(sqlite3.connect(path)) as connection:
                    dump = "\n".join(connection.iterdump())
                if containing in dump:
                    return dump
            time.sleep(0.5)
        pytest.fail(f"the conversation log never held {containing!r}; it holds:\n{dump[-2000:]}")


def start_bot(emulator: Emulator, rasa: NluEndpoint, data_dir: Path, *, webhook: bool) -> RunningBot:
    """Start the bot (polling, or webhook with a secret) and wait until it has registered its commands."""
    token = f"{secrets.randbelow(10**9)}:E2E-{secrets.token_urlsafe(12)}"
    settings = {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_BASE_URL": f"{emulator.url}/bot",
        "NLU_URL": rasa.url,
        "NLU_TOKEN": rasa.token or "",
        "CONTENT_RELOAD_SECONDS": "0",
        "DATA_DIR": str(data_dir),  # the conversation log: SQLite in the test's folder
        "DATABASE_URL": "",
        "LOG_LEVEL": "INFO",
        # a fixed decision policy, so the "Did you mean…?" scenario does not move when defaults are re-tuned
        "ANSWER_THRESHOLD": "0.5",
        "SUGGEST_THRESHOLD": "0.2",
        "TELEGRAM_WEBHOOK_URL": "",  # polling unless set below, whatever the developer's shell says
        "TELEGRAM_WEBHOOK_SECRET": "",
    }
    webhook_url = webhook_secret = None
    port = free_port() if webhook else 0
    if webhook:
        webhook_url = f"http://127.0.0.1:{port}/telegram-updates"
        webhook_secret = secrets.token_urlsafe(24)
        settings |= {
            "TELEGRAM_WEBHOOK_URL": webhook_url,
            "TELEGRAM_WEBHOOK_SECRET": webhook_secret,
            "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
            "TELEGRAM_WEBHOOK_PORT": str(port),
        }
    child = Child("run", env=bot_env(**settings))
    bot = RunningBot(token, child, data_dir, webhook_url, webhook_secret)
    deadline = time.monotonic() + START_SECONDS
    with httpx.Client(timeout=5) as client:
        while time.monotonic() < deadline:
            if child.process.poll() is not None:
                pytest.fail(f"the bot stopped at start:\n{child.output[-3000:]}")
            commands = client.post(f"{emulator.url}/bot{token}/getMyCommands", data={"language_code": "en"}).json()
            ready = bool(commands.get("result"))
            if ready and webhook:
                info = client.post(f"{emulator.url}/bot{token}/getWebhookInfo").json()
                ready = info["result"]["url"] == webhook_url and port_open(port)
            if ready:
                return bot
            time.sleep(0.3)
    child.close()
    pytest.fail(f"the bot did not register its commands in {START_SECONDS} s:\n{child.output[-3000:]}")


def stop_bot(bot: RunningBot) -> None:
    """Stop the bot the way a service manager does (SIGTERM) and wait for it."""
    if bot.child.process.poll() is None:
        bot.child.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):  # still running: Child.close kills it
            bot.child.process.wait(timeout=30)
    bot.child.close()
