"""A console chat in the terminal: type a question, read the reply; numbers press buttons."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

from bot.core.model import Lang, Reply, ReplyKind, as_language
from bot.service import Conversations

#: The console is one conversation; the pseudonymiser still hashes this key like a chat id.
CONSOLE_CHAT = "console"


def format_reply(reply: Reply) -> str:
    """A reply as the console shows it: its text, then its buttons numbered."""
    lines = [reply.plain]
    if reply.buttons:
        lines.append("")
        lines.extend(f"  [{n}] {button.label}" for n, button in enumerate(reply.buttons, start=1))
    return "\n".join(lines)


def run_console(
    conversations: Conversations,
    default_language: Lang,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    on_close: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Read questions line by line until end of input or Ctrl-C; `/lang vi|en` switches language.

    `on_close` runs on the console's own event loop before it closes (e.g. closing the NLU client).
    """
    translators = conversations.translators
    language: Lang | None = None
    buttons: tuple[str, ...] = ()
    loop = asyncio.new_event_loop()
    _ = translators[default_language].gettext
    print(
        _(
            "Type a question in Vietnamese or English. /lang vi or /lang en switches the language; "
            "a number presses a button; Ctrl-D or /quit ends."
        ),
        file=stdout,
        flush=True,
    )
    try:
        while True:
            stdout.write("> ")
            stdout.flush()
            line = stdin.readline()
            if not line or line.strip() in ("/quit", "/exit"):
                break
            text = line.strip()
            current = language or default_language
            if text.startswith("/lang"):
                wanted = as_language(text.removeprefix("/lang").strip())
                if wanted is not None:
                    language = wanted
                    print(
                        translators[wanted].gettext("OK, I will reply in this language from now on."),
                        file=stdout,
                        flush=True,
                    )
                else:
                    print(
                        translators[current].gettext("Use /lang vi or /lang en."),
                        file=stdout,
                        flush=True,
                    )
                continue
            if text.isdigit() and 0 < int(text) <= len(buttons):
                reply = conversations.press(CONSOLE_CHAT, buttons[int(text) - 1], current)
            elif text == "/menu":
                reply = conversations.press(CONSOLE_CHAT, "menu", current)
            else:
                reply = loop.run_until_complete(conversations.message(CONSOLE_CHAT, text, language))
            if reply.kind == ReplyKind.LANGUAGE_CHANGED:
                language = reply.language
            buttons = tuple(b.action for b in reply.buttons)
            print(format_reply(reply), file=stdout, flush=True)
    except KeyboardInterrupt:
        print("", file=stdout)
    finally:
        if on_close is not None:
            loop.run_until_complete(on_close())
        loop.close()
