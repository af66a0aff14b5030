"""Render the Markdown subset of answer files to Telegram HTML and to plain text, once, at load."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

#: Telegram's limit on one message's text.
TELEGRAM_MAX_CHARS = 4096

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False})
_BLANK_RUNS = re.compile(r"\n{3,}")


def parse(markdown: str) -> list[Token]:
    """Markdown-it block tokens for `markdown` (used by the renderer and the content checker)."""
    return _PARSER.parse(markdown)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _render_inline(children: Sequence[Token]) -> tuple[str, str]:
    out_html: list[str] = []
    out_plain: list[str] = []
    link_stack: list[tuple[str, int]] = []  # (href, index in out_plain where the link text starts)
    for tok in children:
        kind = tok.type
        if kind == "text":
            out_html.append(_escape(tok.content))
            out_plain.append(tok.content)
        elif kind in ("softbreak", "hardbreak"):
            out_html.append("\n")
            out_plain.append("\n")
        elif kind == "strong_open":
            out_html.append("<b>")
        elif kind == "strong_close":
            out_html.append("</b>")
        elif kind == "em_open":
            out_html.append("<i>")
        elif kind == "em_close":
            out_html.append("</i>")
        elif kind == "code_inline":
            out_html.append(f"<code>{_escape(tok.content)}</code>")
            out_plain.append(tok.content)
        elif kind == "link_open":
            href = str(tok.attrs.get("href", ""))
            out_html.append(f'<a href="{html.escape(href, quote=True)}">')
            link_stack.append((href, len(out_plain)))
        elif kind == "link_close":
            out_html.append("</a>")
            href, start = link_stack.pop() if link_stack else ("", len(out_plain))
            label = "".join(out_plain[start:])
            shown = href.removeprefix("mailto:").removeprefix("tel:")
            if shown and shown.rstrip("/") not in label:
                out_plain.append(f" ({shown})")
        elif kind == "image":
            out_html.append(_escape(tok.content))
            out_plain.append(tok.content)
        else:  # html_inline and anything unexpected: show as text, never as markup
            out_html.append(_escape(tok.content))
            out_plain.append(tok.content)
    return "".join(out_html), "".join(out_plain)


def render(markdown: str) -> tuple[str, str]:
    """Return (Telegram HTML, plain text) for an answer body.

    >>> render("**Do not open** the door.\\n\\n- Stay calm\\n- Call [CHIRLA](tel:8886244752)")
    ('<b>Do not open</b> the door.\\n\\n• Stay calm\\n• Call <a href="tel:8886244752">CHIRLA</a>', \
'Do not open the door.\\n\\n• Stay calm\\n• Call CHIRLA (8886244752)')
    """
    out_html: list[str] = []
    out_plain: list[str] = []
    lists: list[list[int]] = []  # per open list: [ordered (0/1), counter]

    def emit(h: str, p: str | None = None) -> None:
        out_html.append(h)
        out_plain.append(h if p is None else p)

    for tok in parse(markdown):
        kind = tok.type
        if kind == "inline":
            emit(*_render_inline(tok.children or []))
        elif kind == "paragraph_close":
            emit("\n" if tok.hidden else "\n\n")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrs.get("start", 1) or 1)
            lists.append([1 if kind == "ordered_list_open" else 0, start - 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            emit("\n")
        elif kind == "list_item_open" and lists:
            indent = "   " * (len(lists) - 1)
            ordered, counter = lists[-1]
            if ordered:
                lists[-1][1] = counter + 1
                emit(f"{indent}{counter + 1}. ")
            else:
                emit(f"{indent}• ")
        elif kind == "heading_open":
            emit("<b>", "")
        elif kind == "heading_close":
            emit("</b>\n\n", "\n\n")
        elif kind in ("fence", "code_block"):
            emit(f"<pre>{_escape(tok.content)}</pre>\n\n", tok.content + "\n\n")
        elif kind == "hr":
            emit("———\n\n")
        elif kind == "blockquote_open":
            emit("<blockquote>", "")
        elif kind == "blockquote_close":
            emit("</blockquote>\n\n", "\n")
    rendered_html = _BLANK_RUNS.sub("\n\n", "".join(out_html)).strip()
    rendered_plain = _BLANK_RUNS.sub("\n\n", "".join(out_plain)).strip()
    return rendered_html, rendered_plain
