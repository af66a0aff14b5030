"""A person's side of a chat on the Bot API emulator (scripts/tg-emulator.js), over its client HTTP API.

Every step waits until the bot's messages change, and keeps what changed in a transcript, as the
emulator recorded it, so a failure (and the report) shows the conversation.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import httpx

from bot import PROJECT_ROOT

EMULATOR_SCRIPT = PROJECT_ROOT / "scripts" / "tg-emulator.js"
NODE_PACKAGE = PROJECT_ROOT / "node_modules" / "telegram-test-api"


class Emulator:
    """The emulator as a child process on 127.0.0.1."""

    def __init__(self, port: int, log_path: Path) -> None:
        if not NODE_PACKAGE.exists():
            raise RuntimeError(f"{NODE_PACKAGE} is missing: run `make test` (or `npm ci`) to install the emulator")
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is not installed: the emulator needs Node.js 18 or newer")
        self.url = f"http://127.0.0.1:{port}"
        self._log = log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [node, str(EMULATOR_SCRIPT), "--port", str(port), "--host", "127.0.0.1"],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("LISTENING"):
            self.stop()
            raise RuntimeError(f"the emulator did not start: {line!r}; see {log_path}")

    def stop(self) -> None:
        """Stop the emulator (SIGTERM, then SIGKILL) and close its pipes."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._log.close()


@dataclass
class BotMessage:
    """One of the bot's messages as the emulator holds it now (edits applied)."""

    message_id: int
    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)
    edited: bool = False

    @property
    def visible(self) -> str:
        """The text as a person reads it."""
        return html.unescape(re.sub(r"<[^>]*>", "", self.text))

    def state(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """What a change is measured on."""
        return (self.text, tuple(self.buttons))


def _buttons(markup: Any) -> list[tuple[str, str]]:
    if isinstance(markup, str):
        markup = json.loads(markup)
    if not isinstance(markup, dict):
        return []
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]


class EmulatorChat:
    """One person in one chat with one bot (by token) on the emulator."""

    BOT: ClassVar[dict[str, Any]] = {"id": 666, "is_bot": True, "first_name": "Test Bot", "username": "TestNameBot"}

    def __init__(self, emulator_url: str, token: str, user: dict[str, Any], chat: dict[str, Any] | None = None) -> None:
        self.url = emulator_url
        self.token = token
        self.user = user
        self.chat = chat or {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        self.transcript: list[str] = []
        self._client = httpx.Client(timeout=30)
        self._known: dict[int, tuple[str, tuple[tuple[str, str], ...]]] = {}

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()

    # -- reading the emulator ------------------------------------------------------------------

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        response = self._client.post(f"{self.url}{path}", json=body)
        response.raise_for_status()
        return response.json()["result"]

    def history(self) -> list[dict[str, Any]]:
        """Everything the emulator recorded for this bot: the person's updates and the bot's messages."""
        return [item for item in self._post("/getUpdatesHistory", {"token": self.token}) if isinstance(item, dict)]

    def bot_messages(self) -> dict[int, BotMessage]:
        """The bot's messages in this chat, by id, as the emulator holds them now."""
        out: dict[int, BotMessage] = {}
        for item in self.history():
            message = item.get("message") or {}
            if "chat_id" in message and str(message["chat_id"]) == str(self.chat["id"]):
                out[int(item["messageId"])] = BotMessage(
                    int(item["messageId"]),
                    str(message.get("text", "")),
                    _buttons(message.get("reply_markup")),
                    "edit_date" in message,
                )
        return out

    def callback_answers(self) -> list[dict[str, Any]]:
        """The answers to button presses (toasts) the bot gave, in order."""
        answers = self._post("/getCallbackAnswers", {"token": self.token})
        return [a for a in answers if isinstance(a, dict)]

    # -- what the person does ------------------------------------------------------------------

    def send(self, text: str) -> list[BotMessage]:
        """Type a message; returns the bot messages that appeared or changed because of it."""
        message = {
            "botToken": self.token,
            "from": self.user,
            "chat": self.chat,
            "date": int(time.time()),
            "text": text,
        }
        path = "/sendMessage"
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
            path = "/sendCommand"
        self.transcript.append(f"person: {text}")
        return self._act(path, message)

    def press(self, label: str) -> list[BotMessage]:
        """Press the newest button whose label contains `label`."""
        for shown in sorted(self.bot_messages().values(), key=lambda m: -m.message_id):
            for text, data in shown.buttons:
                if label.casefold() in text.casefold():
                    self.transcript.append(f"person presses: [{text}] (under message {shown.message_id})")
                    query = {
                        "botToken": self.token,
                        "from": self.user,
                        "data": data,
                        "message": {
                            "message_id": shown.message_id,
                            "date": int(time.time()),
                            "chat": self.chat,
                            "from": self.BOT,
                            "text": shown.visible,
                            "reply_markup": {  # Telegram sends the message's keyboard with the press
                                "inline_keyboard": [[{"text": t, "callback_data": d}] for t, d in shown.buttons]
                            },
                        },
                    }
                    return self._act("/sendCallback", query)
        self.fail(f"no button labelled {label!r}")
        raise AssertionError  # pragma: no cover

    def _act(self, path: str, body: dict[str, Any], timeout: float = 30.0) -> list[BotMessage]:
        self._known = {i: m.state() for i, m in self.bot_messages().items()}
        answers_before = len(self.callback_answers())
        self._post(path, body)
        changed = self._wait_for_change(timeout)
        for answer in self.callback_answers()[answers_before:]:
            if answer.get("text"):
                self.transcript.append(f"bot (toast): {answer['text']}")
        return changed

    def _wait_for_change(self, timeout: float, settle: float = 0.6) -> list[BotMessage]:
        deadline = time.monotonic() + timeout
        changed: dict[int, BotMessage] = {}
        last_change = None
        while time.monotonic() < deadline:
            for message_id, message in self.bot_messages().items():
                if self._known.get(message_id) != message.state():
                    kind = "edits" if message_id in self._known else "sends"
                    self._known[message_id] = message.state()
                    changed[message_id] = message
                    self._log(kind, message)
                    last_change = time.monotonic()
            if last_change is not None and time.monotonic() - last_change >= settle:
                break
            time.sleep(0.1)
        return sorted(changed.values(), key=lambda m: m.message_id)

    def _log(self, kind: str, message: BotMessage) -> None:
        self.transcript.append(f"bot {kind} message {message.message_id}:")
        self.transcript.extend("    " + line for line in message.visible.splitlines() if line.strip())
        if message.buttons:
            self.transcript.append("    buttons: " + " ".join(f"[{label}]" for label, _ in message.buttons))

    def wait_quiet(self, seconds: float) -> list[BotMessage]:
        """Wait, and return any bot message that appeared or changed meanwhile (expected: none)."""
        self._known = {i: m.state() for i, m in self.bot_messages().items()}
        return self._wait_for_change(seconds, settle=seconds)

    # -- checking ------------------------------------------------------------------------------

    def expect(self, changed: list[BotMessage], *fragments: str, buttons: tuple[str, ...] = ()) -> BotMessage:
        """The last changed message reads every fragment and offers every button given; else fail."""
        if not changed:
            self.fail("the bot did not answer")
        message = changed[-1]
        missing = [f for f in fragments if f not in message.visible]
        labels = [label for label, _ in message.buttons]
        absent = [b for b in buttons if not any(b in label for label in labels)]
        if missing or absent:
            self.fail(f"expected text {missing} and buttons {absent} in message {message.message_id}")
        return message

    def fail(self, why: str) -> None:
        """Fail, showing the whole conversation."""
        raise AssertionError(f"{why}\n--- the conversation so far ---\n" + "\n".join(self.transcript))
