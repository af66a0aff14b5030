"""`python -m bot content preview ID --lang vi`: one answer in the terminal as the person would see it.

The answer goes through the same assistant and renderer the bot uses, so the text (with the
legal-help footer), the buttons and their labels are what Telegram would show. A draft is shown as
if it were published, so volunteers can look at it before it goes out.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from html.parser import HTMLParser
from pathlib import Path
from typing import TextIO

from bot.content.loader import FOOTER_ID
from bot.content.markdown import TELEGRAM_MAX_CHARS
from bot.content.store import ContentIndex, ContentStore
from bot.core.assistant import Assistant, Policy
from bot.core.model import Lang, NluResult, NluUnavailableError, Reply, ReplyKind
from bot.i18n import translators

_RULE = "─" * 60
_STYLES = {"b": ("1", "22"), "strong": ("1", "22"), "i": ("3", "23"), "em": ("3", "23"), "u": ("4", "24")}
_STYLES |= {"ins": ("4", "24"), "s": ("9", "29"), "del": ("9", "29"), "code": ("2", "22"), "pre": ("2", "22")}


class NoClassifier:
    """The NLU port for previews: a preview shows one chosen answer and never classifies a message."""

    async def parse(self, text: str) -> NluResult:
        """Always unavailable: there is nothing to classify in a preview."""
        raise NluUnavailableError("a preview does not classify messages")


class _TerminalHtml(HTMLParser):
    """Telegram HTML to terminal text: bold, italic and links as ANSI styles (or none), entities decoded."""

    def __init__(self, color: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.color = color
        self.parts: list[str] = []
        self._links: list[tuple[str, int]] = []
        self._quote_start: list[int] = []

    def _style(self, code: str) -> None:
        if self.color:
            self.parts.append(f"\x1b[{code}m")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _STYLES:
            self._style(_STYLES[tag][0])
        elif tag == "a":
            self._links.append((dict(attrs).get("href") or "", len(self.parts)))
            self._style("4")
        elif tag == "blockquote":
            self._quote_start.append(len(self.parts))

    def handle_endtag(self, tag: str) -> None:
        if tag in _STYLES:
            self._style(_STYLES[tag][1])
        elif tag == "a" and self._links:
            href, start = self._links.pop()
            self._style("24")
            label = "".join(p for p in self.parts[start:] if not p.startswith("\x1b"))
            target = href.removeprefix("tel:").removeprefix("mailto:")
            if target and target.rstrip("/") not in label:
                self.parts.append(f" <{href}>")
        elif tag == "blockquote" and self._quote_start:
            start = self._quote_start.pop()
            quoted = "".join(self.parts[start:])
            self.parts[start:] = ["\n".join(f"▎ {line}" for line in quoted.split("\n"))]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def terminal_text(telegram_html: str, *, color: bool) -> str:
    """Telegram HTML as the terminal shows it.

    >>> terminal_text('<b>Call</b> <a href="tel:+18886244752">CHIRLA</a> &amp; friends', color=False)
    'Call CHIRLA <tel:+18886244752> & friends'
    >>> terminal_text("<b>Now</b>", color=True)
    '\\x1b[1mNow\\x1b[22m'
    """
    parser = _TerminalHtml(color)
    parser.feed(telegram_html)
    parser.close()
    return "".join(parser.parts)


def _buttons(reply: Reply) -> list[str]:
    """One button per row, as the bot's inline keyboard lays them out."""
    return [f"  [ {button.label} ]" for button in reply.buttons]


def preview(root: Path, answer_id: str, language: Lang, out: TextIO, *, plain: bool = False) -> int:
    """Print one answer as the person would read it, with its buttons; 1 when it cannot be shown."""
    store = ContentStore(root)
    problems = store.reload()
    path = root / language / f"{answer_id}.md"
    shown = store.display(path)
    mine = [p for p in problems if p.path == shown]
    documents = store.index.documents()
    answer = documents.get((language, answer_id))
    if answer is None:
        if mine:
            print(f"{shown} cannot be shown until these problems are fixed:", file=out)
            for problem in mine:
                print(f"  {problem}", file=out)
        else:
            print(f"There is no {shown}.", file=out)
            ids = sorted({i for (lang, i) in documents if lang == language})
            close = difflib.get_close_matches(answer_id, ids, n=3)
            if close:
                print(f"Did you mean: {', '.join(close)}?", file=out)
        return 1
    if answer_id == FOOTER_ID:
        reply = Reply(kind=ReplyKind.ANSWER, language=language, html=answer.html, plain=answer.plain)
    else:
        index = ContentIndex({**documents, (language, answer_id): dataclasses.replace(answer, status="published")})
        assistant = Assistant(NoClassifier(), index, dict(translators()), Policy(), default_language=language)
        reply = assistant.press(f"topic:{answer_id}", language)
    color = not plain and out.isatty() and "NO_COLOR" not in os.environ
    state = "draft: people do not see it until 'status' is published" if not answer.published else "published"
    print(
        f"{shown} · {state} · reviewed {answer.reviewed} · {len(reply.html)} of {TELEGRAM_MAX_CHARS} characters",
        file=out,
    )
    print(_RULE, file=out)
    print(reply.plain if plain else terminal_text(reply.html, color=color), file=out)
    print(_RULE, file=out)
    for line in _buttons(reply):
        print(line, file=out)
    return 0
