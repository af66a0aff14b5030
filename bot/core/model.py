"""Plain data passed between the core and its adapters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

Lang = Literal["en", "vi"]
#: Supported reply languages, Vietnamese first (most residents who use the assistant write it).
LANGUAGES: tuple[Lang, ...] = ("vi", "en")


def as_language(value: object) -> Lang | None:
    """`value` as a supported language code, or None.

    >>> as_language("vi"), as_language("fr")
    ('vi', None)
    """
    for language in LANGUAGES:
        if value == language:
            return language
    return None


#: Menu categories, in menu order. Answer files name one of these in `category`.
CATEGORIES: tuple[str, ...] = ("city", "rights", "schools_health", "help", "conversation")
#: Categories shown in the topic menu (conversation answers are not topics).
TOPIC_CATEGORIES: tuple[str, ...] = CATEGORIES[:-1]

OUT_OF_SCOPE = "out_of_scope"
CHANGE_LANGUAGE = "change_language"


@dataclass(frozen=True)
class Query:
    """One message from a person: its text and the language they chose, if any."""

    text: str
    preferred_language: Lang | None = None


@dataclass(frozen=True)
class IntentScore:
    """One intent and the classifier's confidence in it."""

    name: str
    confidence: float


@dataclass(frozen=True)
class NluResult:
    """What the classifier made of a message: the ranking, best first."""

    ranking: tuple[IntentScore, ...]

    @property
    def top(self) -> IntentScore | None:
        """The best intent, or None when the classifier ranked nothing."""
        return self.ranking[0] if self.ranking else None


class NluUnavailableError(Exception):
    """The classifier could not be reached or did not answer in time."""


@dataclass(frozen=True)
class Source:
    """Where a fact in an answer comes from."""

    name: str
    url: str


@dataclass(frozen=True)
class Answer:
    """One vetted answer in one language, as loaded from content/<lang>/<id>.md."""

    id: str
    language: Lang
    title: str
    category: str
    status: str
    reviewed: dt.date
    sources: tuple[Source, ...]
    related: tuple[str, ...]
    urgent: bool
    body: str  # the Markdown as written
    html: str  # Telegram HTML, footer included
    plain: str  # plain text, footer included
    revision: str  # short hash of the file's bytes, to tie feedback to what was read
    path: str = ""

    @property
    def published(self) -> bool:
        """Only published answers are ever served."""
        return self.status == "published"


class ReplyKind(StrEnum):
    """Why the reply says what it says."""

    ANSWER = "answer"  # a vetted answer was served
    SUGGEST = "suggest"  # not sure: "Did you mean…?" with candidate topics
    FALLBACK = "fallback"  # nothing fits: say so, offer the menu and legal help
    NLU_UNAVAILABLE = "nlu_unavailable"  # the classifier is down: topics and legal help
    LANGUAGE_CHANGED = "language_changed"  # the person asked for the other language
    EMPTY = "empty"  # nothing to read in the message


@dataclass(frozen=True)
class Button:
    """A button under a reply; `action` is what pressing it asks for (e.g. "topic:legal_aid")."""

    label: str
    action: str


@dataclass(frozen=True)
class Reply:
    """What the assistant says back, in both renderings, with what it decided."""

    kind: ReplyKind
    language: Lang
    html: str
    plain: str
    intent: str | None = None
    confidence: float = 0.0
    answer_id: str | None = None
    revision: str | None = None
    buttons: tuple[Button, ...] = field(default_factory=tuple)

    @property
    def answered(self) -> bool:
        """True when a vetted answer (or the language switch asked for) was served."""
        return self.kind in (ReplyKind.ANSWER, ReplyKind.LANGUAGE_CHANGED)


@dataclass(frozen=True)
class Event:
    """One handled message, as counted: nothing in it identifies the person (see README, Privacy)."""

    occurred_at: dt.datetime  # UTC; the storage rounds it down to the hour
    conversation: str | None  # a pseudonym that changes daily, or None
    language: Lang
    kind: ReplyKind
    intent: str | None
    confidence: float
    answered: bool
    answer_id: str | None
    revision: str | None
    latency_ms: int


@dataclass(frozen=True)
class Feedback:
    """A Helpful / Not helpful press, tied to the answer and the revision the person read."""

    occurred_at: dt.datetime
    conversation: str | None
    language: Lang
    answer_id: str
    revision: str | None
    helpful: bool


@dataclass(frozen=True)
class Unanswered:
    """A question the assistant could not answer, for staff review; the log redacts `text` before storing it."""

    occurred_at: dt.datetime
    language: Lang
    text: str
    intent: str | None
    confidence: float
