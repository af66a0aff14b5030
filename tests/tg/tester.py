"""A conversation tester: talks to the real Application like a Telegram user and reads the Bot API calls.

Every failed expectation shows the whole conversation so far, as the person would have seen it.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

from bot.tg.runner import AnyApplication
from tests.fakes import ApiCall, RecordingRequest


@dataclass
class Shown:
    """One message of the bot as it stands now (after edits): its text and buttons (label, action)."""

    message_id: int
    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)
    edits: int = 0


def _buttons(markup: Any) -> list[tuple[str, str]]:
    if not isinstance(markup, dict):
        return []
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]


def visible(text: str) -> str:
    """Telegram HTML as a person reads it (tags removed, entities decoded)."""
    import html

    return html.unescape(re.sub(r"<[^>]*>", "", text))


class ChatTester:
    """One person (or one group member) in one chat with the bot."""

    _update_ids = itertools.count(1)

    def __init__(
        self,
        application: AnyApplication,
        request: RecordingRequest,
        *,
        user: dict[str, Any] | None = None,
        chat: dict[str, Any] | None = None,
    ) -> None:
        self.application = application
        self.request = request
        self.user = user or {"id": 4242, "is_bot": False, "first_name": "Lan", "language_code": "vi"}
        self.chat = chat or {"id": self.user["id"], "type": "private", "first_name": self.user["first_name"]}
        request.chats[self.chat["id"]] = self.chat
        self.shown: dict[int, Shown] = {}
        self.toasts: list[str] = []
        self.log: list[str] = []  # the conversation, line by line, for failure messages
        self._message_ids = itertools.count(1)
        self._seen_calls = 0
        self.last_calls: list[ApiCall] = []

    # -- what the person does ------------------------------------------------------------------

    async def send(self, text: str, **extra: Any) -> list[Shown]:
        """Type a message (commands get their bot_command entity)."""
        message: dict[str, Any] = {"text": text, **extra}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        self.log.append(f"> {text if len(text) < 120 else text[:117] + '...'}")
        return await self._feed({"message": self._message(message)})

    async def edit(self, message_id: int, text: str) -> list[Shown]:
        """Edit one of the person's earlier messages."""
        self.log.append(f"> (edited) {text}")
        message = self._message({"text": text}, message_id=message_id)
        message["edit_date"] = int(time.time())
        return await self._feed({"edited_message": message})

    async def share(self, what: str, payload: Any) -> list[Shown]:
        """Share something that is not text: what = "contact", "location", "voice", "photo", "sticker"..."""
        self.log.append(f"> ({what})")
        return await self._feed({"message": self._message({what: payload})})

    async def press(self, label: str) -> list[Shown]:
        """Press the newest button whose label contains `label`."""
        for shown in sorted(self.shown.values(), key=lambda s: -s.message_id):
            for text, action in shown.buttons:
                if label.casefold() in text.casefold():
                    self.log.append(f"> [{text}]")
                    return await self.press_action(shown, action)
        self.fail(f"no button labelled {label!r}")
        raise AssertionError  # pragma: no cover  (fail raises)

    async def press_action(self, shown: Shown, action: str) -> list[Shown]:
        """Press a button with a given action under a given bot message."""
        query = {
            "id": str(next(self._update_ids)),
            "from": self.user,
            "chat_instance": f"instance-{self.chat['id']}",
            "data": action,
            "message": {
                "message_id": shown.message_id,
                "date": int(time.time()),
                "chat": self.chat,
                "from": RecordingRequest.BOT_USER,
                "text": visible(shown.text),
                "reply_markup": {"inline_keyboard": [[{"text": t, "callback_data": a}] for t, a in shown.buttons]},
            },
        }
        return await self._feed({"callback_query": query})

    # -- what came back ------------------------------------------------------------------------

    @property
    def last(self) -> Shown:
        """The newest bot message."""
        if not self.shown:
            self.fail("the bot has sent nothing")
        return self.shown[max(self.shown)]

    def expect(self, *fragments: str, buttons: tuple[str, ...] = (), shown: Shown | None = None) -> Shown:
        """The newest (or given) message reads every fragment and offers every button label given."""
        target = shown or self.last
        text = visible(target.text)
        missing = [f for f in fragments if f not in text]
        labels = [label for label, _ in target.buttons]
        absent = [b for b in buttons if not any(b in label for label in labels)]
        if missing or absent:
            self.fail(f"expected text {missing} and buttons {absent} in message {target.message_id}")
        return target

    def fail(self, why: str) -> None:
        """Fail, showing the whole conversation."""
        raise AssertionError(f"{why}\n--- the conversation so far ---\n" + "\n".join(self.log))

    # -- plumbing ------------------------------------------------------------------------------

    def _message(self, fields: dict[str, Any], message_id: int | None = None) -> dict[str, Any]:
        return {
            "message_id": message_id or next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat,
            "from": self.user,
            **fields,
        }

    async def _feed(self, payload: dict[str, Any]) -> list[Shown]:
        data = {"update_id": next(self._update_ids), **payload}
        await self.application.process_update(Update.de_json(data, self.application.bot))
        calls = self.request.calls[self._seen_calls :]
        self._seen_calls = len(self.request.calls)
        self.last_calls = calls
        changed: list[Shown] = []
        for call in calls:
            shown = self._apply(call)
            if shown is not None:
                changed.append(shown)
        return changed

    def _apply(self, call: ApiCall) -> Shown | None:
        params = call.params
        if call.method == "answerCallbackQuery":
            if params.get("text"):
                self.toasts.append(str(params["text"]))
                self.log.append(f"  (toast) {params['text']}")
            return None
        if call.result is None:
            return None
        if call.method == "sendMessage" and int(params["chat_id"]) == self.chat["id"]:
            message_id = int(call.result["message_id"])
            shown = Shown(message_id, str(params["text"]), _buttons(params.get("reply_markup")))
            self.shown[message_id] = shown
            self._log_shown("", shown)
            return shown
        if call.method in ("editMessageText", "editMessageReplyMarkup") and int(params["chat_id"]) == self.chat["id"]:
            shown = self.shown[int(params["message_id"])]
            if call.method == "editMessageText":
                shown.text = str(params["text"])
            shown.buttons = _buttons(params.get("reply_markup"))
            shown.edits += 1
            self._log_shown("(edited) ", shown)
            return shown
        return None

    def _log_shown(self, prefix: str, shown: Shown) -> None:
        text = visible(shown.text).replace("\n", " ")
        self.log.append(f"< {prefix}#{shown.message_id} {text[:200]}")
        if shown.buttons:
            self.log.append("    " + " | ".join(f"[{label}]" for label, _ in shown.buttons))
