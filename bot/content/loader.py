"""Read one answer file (YAML front matter + Markdown) into an Answer, or say precisely what is wrong."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import phonenumbers
import yaml

from bot.content.markdown import TELEGRAM_MAX_CHARS, render
from bot.core.model import CATEGORIES, LANGUAGES, Answer, Lang, Source

FOOTER_ID = "_legal_footer"
STATUSES = ("draft", "published")
REQUIRED = ("id", "title", "category", "status", "reviewed", "sources", "related")
KNOWN_FIELDS = (*REQUIRED, "urgent")
_ID = re.compile(r"^_?[a-z][a-z0-9_]*$")
#: Footers are appended to topic answers; leave room for them under Telegram's limit.
FOOTER_ROOM = 600


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, located for a volunteer: `path:line: message`."""

    path: str
    line: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class Loaded:
    """The result of reading one file: the answer if it is usable, and every problem found."""

    answer: Answer | None
    problems: tuple[Problem, ...]


def _key_lines(node: yaml.Node | None, offset: int) -> dict[str, int]:
    """Map each top-level front-matter key to its 1-based line number in the file."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines[str(key.value)] = key.start_mark.line + 1 + offset
    return lines


def _valid_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host.

    >>> _valid_url("https://www.ilrc.org/red-cards"), _valid_url("ilrc.org"), _valid_url("https://")
    (True, False, False)
    """
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in url


def _valid_link(url: str) -> bool:
    """True for a link a phone can open: http(s), tel: or mailto:.

    >>> _valid_link("tel:+18886244752"), _valid_link("mailto:a@b.org"), _valid_link("www.x.org")
    (True, True, False)
    """
    if url.startswith("tel:"):
        return bool(re.fullmatch(r"tel:\+?[0-9\-().]{7,20}", url))
    if url.startswith("mailto:"):
        return bool(re.fullmatch(r"mailto:[^@\s]+@[^@\s]+\.[a-z]{2,}", url))
    return _valid_url(url)


def phone_numbers(text: str) -> list[str]:
    """US phone numbers written in `text`, in national format with any extension, in order.

    >>> phone_numbers("Call **888-624-4752** or (213) 385-7800 ext. 136.")
    ['(888) 624-4752', '(213) 385-7800 ext. 136']
    """
    found: list[str] = []
    for match in phonenumbers.PhoneNumberMatcher(text, "US"):
        number = match.number
        shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        found.append(shown.split(" ext. ")[0] + (f" ext. {number.extension}" if number.extension else ""))
    return found


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split a file into (front matter, body, body's first line number), or None without front matter.

    >>> split_front_matter("---\\nid: x\\n---\\nHello\\n")
    ('id: x\\n', 'Hello\\n', 4)
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None


def load_file(path: Path, language: Lang, display: str | None = None) -> Loaded:
    """Read and validate one answer file; `display` is how the path is shown in problems."""
    shown = display or str(path)
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(shown, line, message))

    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem(line, "The file is not saved as UTF-8 text; save it again with UTF-8 encoding.")
        return Loaded(None, tuple(problems))
    except OSError as exc:
        problem(1, f"The file cannot be read ({exc.strerror}).")
        return Loaded(None, tuple(problems))

    parts = split_front_matter(text)
    if parts is None:
        problem(1, "The file must start with a front matter block between two '---' lines.")
        return Loaded(None, tuple(problems))
    front_text, body, body_line = parts
    try:
        node = yaml.compose(front_text, Loader=yaml.SafeLoader)
        meta: Any = yaml.safe_load(front_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        reason = getattr(exc, "problem", None) or "it could not be read"
        problem(line, f"The front matter is not valid YAML: {reason}.")
        return Loaded(None, tuple(problems))
    if not isinstance(meta, dict):
        problem(2, "The front matter must be a list of 'field: value' lines.")
        return Loaded(None, tuple(problems))
    key_line = _key_lines(node, offset=1)
    end_line = body_line - 1

    def at(key: str) -> int:
        return key_line.get(key, end_line)

    for key in REQUIRED:
        if key not in meta:
            problem(end_line, f"The front matter has no '{key}' field; add it.")
    for key in meta:
        if key not in KNOWN_FIELDS:
            problem(
                at(str(key)),
                f"'{key}' is not a known field; the known ones are {', '.join(KNOWN_FIELDS)}.",
            )

    answer_id = str(meta.get("id", ""))
    if "id" in meta and answer_id != path.stem:
        problem(at("id"), f"The id '{answer_id}' must be the same as the file name '{path.stem}'.")
    elif "id" in meta and not _ID.match(answer_id):
        problem(at("id"), "The id may only use lower-case letters, digits and '_'.")

    title = meta.get("title")
    if "title" in meta and (not isinstance(title, str) or not title.strip()):
        problem(at("title"), "The title must be a short line of text.")
    elif isinstance(title, str) and len(title) > 60:
        problem(
            at("title"),
            f"The title has {len(title)} characters; keep it under 60 so it fits on a button.",
        )

    category = meta.get("category")
    if "category" in meta and category not in CATEGORIES:
        problem(at("category"), f"The category '{category}' is not one of {', '.join(CATEGORIES)}.")

    status = meta.get("status")
    if "status" in meta and status not in STATUSES:
        problem(at("status"), f"The status '{status}' must be 'draft' or 'published'.")

    reviewed = meta.get("reviewed")
    if "reviewed" in meta and not isinstance(reviewed, dt.date):
        problem(
            at("reviewed"),
            "The reviewed date must be written as YYYY-MM-DD, for example 2026-11-21.",
        )

    sources: list[Source] = []
    raw_sources = meta.get("sources")
    if "sources" in meta:
        if not isinstance(raw_sources, list):
            problem(at("sources"), "The sources must be a list, each with a 'name' and a 'url'.")
        else:
            for index, item in enumerate(raw_sources, start=1):
                if not isinstance(item, dict) or not item.get("name") or not item.get("url"):
                    problem(at("sources"), f"Source {index} needs both a 'name' and a 'url'.")
                elif not _valid_url(str(item["url"])):
                    problem(
                        at("sources"),
                        f"Source {index} has the link '{item['url']}', which is not a full web address (https://...).",
                    )
                else:
                    sources.append(Source(str(item["name"]), str(item["url"])))
            if not raw_sources and category != "conversation" and answer_id != FOOTER_ID:
                problem(at("sources"), "An answer that states facts must list at least one source.")

    related = meta.get("related")
    if "related" in meta and (not isinstance(related, list) or not all(isinstance(r, str) for r in related)):
        problem(
            at("related"),
            "The related field must be a list of answer ids, like [legal_aid, red_card].",
        )
        related = []

    urgent = meta.get("urgent", False)
    if not isinstance(urgent, bool):
        problem(at("urgent"), "The urgent field must be true or false.")
        urgent = False

    if not body.strip():
        problem(body_line, "The answer has no text after the front matter.")
    elif urgent and not phone_numbers(re.split(r"\n\s*\n", body.strip())[0]):
        leading = body[: len(body) - len(body.lstrip())]
        problem(
            body_line + leading.count("\n"),
            "This answer is marked urgent, so its first paragraph must say what to do now and give the hotline number.",
        )
    html_text, plain_text = render(body)
    for offset, line_text in enumerate(body.splitlines()):
        for url in re.findall(r"\]\(([^)\s]*)\)", line_text):
            if not _valid_link(url):
                problem(
                    body_line + offset,
                    f"The link '{url}' is not a full address (https://..., tel: or mailto:).",
                )
        if "<" in line_text and re.search(r"</?[a-zA-Z][^>]*>", line_text):
            problem(
                body_line + offset,
                "HTML tags are not allowed; use **bold**, *italic* and [text](link).",
            )
    limit = TELEGRAM_MAX_CHARS - (0 if category == "conversation" or answer_id == FOOTER_ID else FOOTER_ROOM)
    if len(html_text) > limit:
        problem(
            body_line,
            f"The answer is {len(html_text)} characters long once formatted; "
            f"shorten it to under {limit} so it fits in one Telegram message with the footer.",
        )

    if problems:
        return Loaded(None, tuple(problems))
    assert isinstance(reviewed, dt.date)
    return Loaded(
        Answer(
            id=answer_id,
            language=language,
            title=str(title).strip(),
            category=str(category),
            status=str(status),
            reviewed=reviewed,
            sources=tuple(sources),
            related=tuple(str(r) for r in related or ()),
            urgent=urgent,
            body=body,
            html=html_text,
            plain=plain_text,
            revision=hashlib.sha256(raw).hexdigest()[:12],
            path=shown,
        ),
        (),
    )


def content_files(root: Path) -> list[tuple[Lang, Path]]:
    """Every answer file under root/<lang>/, sorted, with its language."""
    return [(language, path) for language in LANGUAGES for path in sorted((root / language).glob("*.md"))]
