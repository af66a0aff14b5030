"""Telegram rendering: long HTML split into valid messages, and buttons laid out for small phones."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.model import Button, Lang, as_language

#: Telegram's limit on one message's text (we count the HTML, which is never shorter than what shows).
MESSAGE_LIMIT = 4096
#: Telegram's limit on callback_data, in bytes.
CALLBACK_LIMIT = 64
#: Actions whose buttons share one row (two short words side by side); everything else gets its own row.
_PAIRED_PREFIXES = ("feedback:", "lang:", "welcome:")

_PIECE = re.compile(r"(<[^>]*>|&[#a-zA-Z0-9]+;|\n\n|\n|[ \t]+)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")


@dataclass(frozen=True)
class _Open:
    name: str
    tag: str  # the opening tag as written, e.g. '<a href="...">', to reopen it in the next part


def _closing(stack: Sequence[_Open]) -> str:
    return "".join(f"</{o.name}>" for o in reversed(stack))


def _reopening(stack: Sequence[_Open]) -> str:
    return "".join(o.tag for o in stack)


def _split_pieces(text: str) -> list[str]:
    """Tags, entities, line breaks, spaces and words: the pieces a split may fall between."""
    return [t for t in _PIECE.split(text) if t]


def _after(stack: list[_Open], piece: str) -> list[_Open]:
    """The open tags after `piece`."""
    tag = _TAG.fullmatch(piece)
    if tag is None:
        return stack
    name = tag.group(2).lower()
    if not tag.group(1):
        return [*stack, _Open(name, piece)]
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].name == name:
            return stack[:i]
    return stack


def _pieces(text: str, longest: int) -> list[str]:
    """Tokens, with any word longer than `longest` cut into pieces (tags and entities stay whole)."""
    out: list[str] = []
    for piece in _split_pieces(text):
        if len(piece) <= longest or piece.startswith(("<", "&")):
            out.append(piece)
        else:
            out.extend(piece[i : i + longest] for i in range(0, len(piece), longest))
    return out


def split_html(text: str, limit: int | None = None) -> list[str]:
    """Split Telegram HTML into parts of at most `limit` (default MESSAGE_LIMIT) characters, with balanced tags.

    Breaks between paragraphs, else lines, else words, once a part is at least half full; tags
    open at a break are closed at the end of one part and reopened at the start of the next.

    >>> split_html("<b>one two</b>\\n\\nthree", limit=14)
    ['<b>one two</b>', 'three']
    >>> split_html("<b>one two three</b>", limit=12)
    ['<b>one</b>', '<b>two</b>', '<b>three</b>']
    """
    limit = limit or MESSAGE_LIMIT
    if len(text) <= limit:
        return [text]
    pieces = _pieces(text, max(1, limit // 4))
    parts: list[str] = []
    stack: list[_Open] = []
    i = 0
    while i < len(pieces):
        prefix = _reopening(stack)
        length, open_now, j = len(prefix), stack, i
        breaks: dict[int, tuple[int, list[_Open], int]] = {}  # priority -> (end, open tags, length)
        while j < len(pieces):
            piece = pieces[j]
            if piece.isspace() and j > i:  # a place to break: before the space, which is then dropped
                breaks[3 if piece == "\n\n" else 2 if piece == "\n" else 1] = (j, open_now, length)
            after = _after(open_now, piece)
            if j > i and length + len(piece) + len(_closing(after)) > limit:
                break
            open_now, length, j = after, length + len(piece), j + 1
        if j == len(pieces):
            cut = (j, open_now, length)
        else:
            full_enough = [breaks[p] for p in (3, 2, 1) if p in breaks and breaks[p][2] >= limit // 2]
            cut = full_enough[0] if full_enough else max(breaks.values(), default=(j, open_now, length))
        end, stack = cut[0], cut[1]
        body = (prefix + "".join(pieces[i:end])).rstrip()
        if visible_text(body):
            parts.append(body + _closing(stack))
        i = end
        while i < len(pieces) and pieces[i].isspace():
            i += 1
    return parts


def visible_text(html_text: str) -> str:
    """The text a person reads: tags removed, whitespace collapsed (for tests and checks).

    >>> visible_text('<b>Call</b> <a href="tel:1">now</a>\\n\\n ok')
    'Call now ok'
    """
    return " ".join(re.sub(r"<[^>]*>", "", html_text).split())


def tag_action(language: Lang, action: str) -> str:
    """Callback data: the action with the language of the message it sits under.

    A button acts in the language of its message, whatever the chat's setting:
    "Helpful" under an English answer counts feedback on the English answer.

    >>> tag_action("en", "topic:legal_aid"), read_action("en:topic:legal_aid"), read_action("menu")
    ('en:topic:legal_aid', ('en', 'topic:legal_aid'), (None, 'menu'))
    """
    return f"{language}:{action}"


def read_action(data: str) -> tuple[Lang | None, str]:
    """The language and the action in callback data (data from older messages may have no language)."""
    head, sep, rest = data.partition(":")
    language = as_language(head)
    return (language, rest) if sep and language is not None else (None, data)


def keyboard(buttons: Sequence[Button], language: Lang) -> InlineKeyboardMarkup | None:
    """Inline keyboard: one button per row (easy to hit), except pairs like Helpful / Not helpful."""
    rows: list[list[InlineKeyboardButton]] = []
    previous = ""
    for button in buttons:
        data = tag_action(language, button.action)
        if len(data.encode()) > CALLBACK_LIMIT:
            continue
        item = InlineKeyboardButton(button.label, callback_data=data)
        kind = button.action.split(":")[0]
        if rows and button.action.startswith(_PAIRED_PREFIXES) and kind == previous:
            rows[-1].append(item)
        else:
            rows.append([item])
        previous = kind
    return InlineKeyboardMarkup(rows) if rows else None


def without_actions(markup: InlineKeyboardMarkup | None, prefix: str) -> InlineKeyboardMarkup | None:
    """The same keyboard without the buttons whose action starts with `prefix` (e.g. after feedback)."""
    if markup is None:
        return None

    def keep(button: InlineKeyboardButton) -> bool:
        data = button.callback_data
        return not (isinstance(data, str) and read_action(data)[1].startswith(prefix))

    rows = [[b for b in row if keep(b)] for row in markup.inline_keyboard]
    kept = [row for row in rows if row]
    return InlineKeyboardMarkup(kept) if kept else None
