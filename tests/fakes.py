"""Recording fakes, named after what they replace; every test uses these rather than ad-hoc mocks."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

from bot.content.store import ContentStore
from bot.core.model import Event, Feedback, IntentScore, NluResult, NluUnavailableError, Unanswered


class FakeNlu:
    """Stands in for the Rasa server: answers from a script and records every text it was asked."""

    def __init__(self, script: Mapping[str, Mapping[str, float]] | None = None, *, down: bool = False) -> None:
        self.script: dict[str, dict[str, float]] = {k: dict(v) for k, v in (script or {}).items()}
        self.down = down
        self.calls: list[str] = []

    def will_answer(self, text: str, **scores: float) -> None:
        """Script the ranking returned for `text` (already normalised)."""
        self.script[text] = scores

    async def parse(self, text: str) -> NluResult:
        """Record the call; return the scripted ranking, or raise when the fake is down."""
        self.calls.append(text)
        if self.down:
            raise NluUnavailableError("ConnectError")
        scores = self.script.get(text, {"out_of_scope": 0.9})
        ranking = sorted((IntentScore(n, c) for n, c in scores.items()), key=lambda s: -s.confidence)
        return NluResult(tuple(ranking))


class RecordingEventLog:
    """Stands in for the database-backed event log: keeps what it was given, in order."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.feedbacks: list[Feedback] = []
        self.questions: list[Unanswered] = []

    def record(self, event: Event) -> None:
        """Keep the event."""
        self.events.append(event)

    def feedback(self, feedback: Feedback) -> None:
        """Keep the feedback."""
        self.feedbacks.append(feedback)

    def unanswered(self, question: Unanswered) -> None:
        """Keep the question (the real log redacts it)."""
        self.questions.append(question)


@dataclass(frozen=True)
class ApiCall:
    """One Bot API call as the bot made it: the method name and its parameters."""

    method: str
    params: dict[str, Any] = field(default_factory=dict)
    result: Any = None  # what the fake Bot API answered (None when the call failed)


class RecordingRequest(BaseRequest):
    """Stands in for the network to Telegram: records every Bot API call and answers it like the Bot API.

    `fail_next("sendMessage", "retry_after", "network")` makes the next calls of a method fail the way
    Telegram or the network does (429 with retry_after, a dropped connection, or a 400 "bad_request").
    """

    BOT_USER: dict[str, Any] = {  # noqa: RUF012  (read-only class data)
        "id": 777000111,
        "is_bot": True,
        "first_name": "Sanctuary assistant",
        "username": "sanctuary_test_bot",
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self.chats: dict[int, dict[str, Any]] = {}  # chat id -> the chat object to answer with
        self._failures: dict[str, list[str]] = {}
        self._message_ids = itertools.count(1000)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}

    def fail_next(self, method: str, *failures: str) -> None:
        """Make the next calls of `method` fail: "retry_after", "network" or "bad_request", in order."""
        self._failures.setdefault(method, []).extend(failures)

    def called(self, method: str) -> list[ApiCall]:
        """The calls of one method, in order."""
        return [c for c in self.calls if c.method == method]

    @property
    def read_timeout(self) -> float | None:
        """No network, so no waiting."""
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Record the call and answer it as the Bot API would."""
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        failures = self._failures.get(name)
        if failures:
            self.calls.append(ApiCall(name, params))
            failure = failures.pop(0)
            if failure == "network":
                raise NetworkError("RecordingRequest: the connection dropped (as told by fail_next)")
            if failure == "retry_after":
                return 429, self._error(429, "Too Many Requests: retry after 0", {"retry_after": 0})
            return 400, self._error(400, "Bad Request: failed as told by fail_next")
        answer = self._answer(name, params)
        self.calls.append(ApiCall(name, params, answer[0] if answer else None))
        if answer is None:
            return 400, self._error(400, f"Bad Request: RecordingRequest does not answer {name}")
        return 200, json.dumps({"ok": True, "result": answer[0]}).encode()

    @staticmethod
    def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> bytes:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return json.dumps(body).encode()

    def _answer(self, name: str, params: dict[str, Any]) -> tuple[Any] | None:
        if name == "getMe":
            return (self.BOT_USER,)
        if name in ("setMyCommands", "deleteMyCommands", "answerCallbackQuery", "setWebhook", "deleteWebhook"):
            return (True,)
        if name == "getUpdates":
            return ([],)
        if name == "sendMessage":
            chat_id = int(params["chat_id"])
            message = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": self.chats.get(chat_id, {"id": chat_id, "type": "private"}),
                "from": self.BOT_USER,
                "text": params.get("text", ""),
            }
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            self._messages[(chat_id, message["message_id"])] = message
            return (message,)
        if name in ("editMessageText", "editMessageReplyMarkup"):
            key = (int(params["chat_id"]), int(params["message_id"]))
            if key not in self._messages:
                return None
            edited = {**self._messages[key], "edit_date": int(time.time())}
            if name == "editMessageText":
                edited["text"] = params.get("text", "")
            edited.pop("reply_markup", None)
            if "reply_markup" in params:
                edited["reply_markup"] = params["reply_markup"]
            self._messages[key] = edited
            return (edited,)
        return None


class FailingDiskContentStore(ContentStore):
    """Stands in for a content folder on a disk that fails: every look at the folder raises OSError."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.failing = False
        self.looks = 0

    def changed(self) -> bool:
        """Count the look; fail while `failing` is set."""
        self.looks += 1
        if self.failing:
            raise OSError("the disk holding the content folder failed")
        return super().changed()
