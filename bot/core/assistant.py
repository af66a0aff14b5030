"""The assistant's decisions: from a message (or a pressed button) to a reply. Pure and async."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.core.language import detect_language
from bot.core.model import (
    CHANGE_LANGUAGE,
    LANGUAGES,
    OUT_OF_SCOPE,
    TOPIC_CATEGORIES,
    Answer,
    Button,
    Lang,
    NluResult,
    NluUnavailableError,
    Query,
    Reply,
    ReplyKind,
)
from bot.core.ports import Content, Nlu, Translator
from bot.core.text import fold_diacritics, normalize

#: How many candidate topics "Did you mean…?" offers at most.
MAX_SUGGESTIONS = 3

_ASKS_FOR_EN = ("english", "tieng anh", "anh ngu", "eng")
_ASKS_FOR_VI = ("vietnamese", "tieng viet", "viet ngu", "viet")


@dataclass(frozen=True)
class Policy:
    """When to serve an answer, when to suggest, when to give up (tuned on validation data)."""

    answer_threshold: float = 0.5
    suggest_threshold: float = 0.2
    ambiguity_gap: float = 0.0


def category_label(category: str, _: Callable[[str], str]) -> str:
    """The menu label of a category in the translator's language."""
    labels = {
        "city": _("City and ordinances"),
        "rights": _("Know your rights"),
        "schools_health": _("Schools and health care"),
        "help": _("Help and programs"),
    }
    return labels.get(category, category)


def requested_language(text: str) -> Lang | None:
    """The language a change-language message names, if it names one.

    >>> requested_language("answer in English please"), requested_language("nói tiếng Việt đi")
    ('en', 'vi')
    >>> requested_language("doi ngon ngu") is None
    True
    """
    folded = f" {fold_diacritics(normalize(text))} "
    if any(f" {word} " in folded for word in _ASKS_FOR_EN):
        return "en"
    if any(f" {word} " in folded for word in _ASKS_FOR_VI):
        return "vi"
    return None


def other_language(language: Lang) -> Lang:
    """The other supported language."""
    return LANGUAGES[1] if language == LANGUAGES[0] else LANGUAGES[0]


class Assistant:
    """Answers messages and button presses from vetted content, in the person's language."""

    def __init__(
        self,
        nlu: Nlu,
        content: Content,
        translators: Mapping[Lang, Translator],
        policy: Policy,
        default_language: Lang = "vi",
    ) -> None:
        self._nlu = nlu
        self._content = content
        self._translators = translators
        self._policy = policy
        self._default_language = default_language

    @property
    def content(self) -> Content:
        """The answers this assistant serves."""
        return self._content

    def acknowledge_feedback(self, language: Lang) -> Reply:
        """The short thanks shown after a Helpful / Not helpful press."""
        _ = self._gettext(language)
        return self._say(ReplyKind.ANSWER, language, _("Thank you for your feedback."), buttons=())

    def reply_language(self, query: Query) -> Lang:
        """The message's own language, else the person's choice, else the default."""
        return detect_language(query.text) or query.preferred_language or self._default_language

    async def reply(self, query: Query) -> Reply:
        """Classify the message and answer it, suggest topics, or say plainly it cannot."""
        text = normalize(query.text)
        language = self.reply_language(query)
        if not any(ch.isalnum() for ch in text):
            _ = self._gettext(language)
            return self._say(
                ReplyKind.EMPTY,
                language,
                _("Please type your question in words, in Vietnamese or English."),
                buttons=self._category_buttons(language),
            )
        try:
            result = await self._nlu.parse(text)
        except NluUnavailableError:
            return self._nlu_unavailable(language)
        return self._decide(result, text, query, language)

    def press(self, action: str, language: Lang) -> Reply:
        """Handle a pressed button ("menu", "category:<id>", "topic:<id>")."""
        kind, _sep, argument = action.partition(":")
        if kind == "topic":
            answer = self._content.answer(argument, language)
            if answer is not None:
                return self._serve(answer, confidence=1.0)
        if kind == "category" and argument in TOPIC_CATEGORIES:
            _ = self._gettext(language)
            buttons = tuple(Button(a.title, f"topic:{a.id}") for a in self._content.topics(language, argument))
            return self._say(
                ReplyKind.ANSWER if buttons else ReplyKind.FALLBACK,
                language,
                category_label(argument, _),
                buttons=(*buttons, Button(_("« Back"), "menu")),
            )
        _ = self._gettext(language)
        return self._say(
            ReplyKind.ANSWER,
            language,
            _("Choose a topic:"),
            buttons=self._category_buttons(language),
        )

    # -- decisions -------------------------------------------------------------------------

    def _decide(self, result: NluResult, text: str, query: Query, language: Lang) -> Reply:
        top = result.top
        if top is None:
            return self._fallback(language, None, 0.0)
        second = result.ranking[1].confidence if len(result.ranking) > 1 else 0.0
        confident = (
            top.confidence >= self._policy.answer_threshold and top.confidence - second >= self._policy.ambiguity_gap
        )
        if confident and top.name == CHANGE_LANGUAGE:
            current = query.preferred_language or language
            target = requested_language(text) or other_language(current)
            return self._language_changed(target, top.confidence)
        if confident and top.name != OUT_OF_SCOPE:
            answer = self._content.answer(top.name, language)
            if answer is not None:
                return self._serve(answer, confidence=top.confidence)
        if not confident and top.confidence >= self._policy.suggest_threshold:
            suggestions = self._suggestions(result, language)
            if suggestions:
                _ = self._gettext(language)
                return self._say(
                    ReplyKind.SUGGEST,
                    language,
                    _("I am not sure I understood. Did you mean one of these?"),
                    intent=top.name,
                    confidence=top.confidence,
                    buttons=(*suggestions, Button(_("None of these"), "menu")),
                )
        return self._fallback(language, top.name, top.confidence)

    def _suggestions(self, result: NluResult, language: Lang) -> tuple[Button, ...]:
        buttons: list[Button] = []
        for score in result.ranking:
            if len(buttons) == MAX_SUGGESTIONS or score.confidence < self._policy.suggest_threshold / 2:
                break
            answer = self._content.answer(score.name, language)
            if answer is not None and answer.category in TOPIC_CATEGORIES:
                buttons.append(Button(answer.title, f"topic:{answer.id}"))
        return tuple(buttons)

    # -- replies ---------------------------------------------------------------------------

    def _serve(self, answer: Answer, confidence: float) -> Reply:
        _ = self._gettext(answer.language)
        if answer.category in TOPIC_CATEGORIES:
            buttons = (
                Button(_("Helpful"), f"feedback:yes:{answer.id}"),
                Button(_("Not helpful"), f"feedback:no:{answer.id}"),
                *self._related_buttons(answer),
            )
        else:
            buttons = self._category_buttons(answer.language)
        return Reply(
            kind=ReplyKind.ANSWER,
            language=answer.language,
            html=answer.html,
            plain=answer.plain,
            intent=answer.id,
            confidence=confidence,
            answer_id=answer.id,
            revision=answer.revision,
            buttons=buttons,
        )

    def _related_buttons(self, answer: Answer) -> tuple[Button, ...]:
        related = (self._content.answer(i, answer.language) for i in answer.related)
        return tuple(Button(a.title, f"topic:{a.id}") for a in related if a is not None)

    def _fallback(self, language: Lang, intent: str | None, confidence: float) -> Reply:
        answer = self._content.answer(OUT_OF_SCOPE, language)
        if answer is not None:
            return Reply(
                kind=ReplyKind.FALLBACK,
                language=language,
                html=answer.html,
                plain=answer.plain,
                intent=intent,
                confidence=confidence,
                answer_id=answer.id,
                revision=answer.revision,
                buttons=self._category_buttons(language),
            )
        _ = self._gettext(language)
        return self._say(
            ReplyKind.FALLBACK,
            language,
            _("Sorry, I cannot answer that question. Please choose a topic below or type /menu."),
            intent=intent,
            confidence=confidence,
            with_legal_help=True,
        )

    def _nlu_unavailable(self, language: Lang) -> Reply:
        _ = self._gettext(language)
        lines = [
            _("Sorry, I cannot understand questions right now. You can still choose a topic below, or type /menu."),
            _("Topics:") + " " + " · ".join(category_label(c, _) for c in TOPIC_CATEGORIES),
        ]
        return self._say(ReplyKind.NLU_UNAVAILABLE, language, "\n\n".join(lines), with_legal_help=True)

    def _language_changed(self, target: Lang, confidence: float) -> Reply:
        answer = self._content.answer(CHANGE_LANGUAGE, target)
        if answer is not None:
            text_plain, text_html = answer.plain, answer.html
        else:
            _ = self._gettext(target)
            text_plain = _("OK, I will reply in this language from now on.")
            text_html = html.escape(text_plain)
        return Reply(
            kind=ReplyKind.LANGUAGE_CHANGED,
            language=target,
            html=text_html,
            plain=text_plain,
            intent=CHANGE_LANGUAGE,
            confidence=confidence,
            answer_id=answer.id if answer else None,
            revision=answer.revision if answer else None,
            buttons=self._category_buttons(target),
        )

    def _say(
        self,
        kind: ReplyKind,
        language: Lang,
        text: str,
        *,
        intent: str | None = None,
        confidence: float = 0.0,
        buttons: tuple[Button, ...] | None = None,
        with_legal_help: bool = False,
    ) -> Reply:
        """A reply made of an interface string (plain text), optionally with the legal-help footer."""
        plain_parts, html_parts = [text], [html.escape(text, quote=False)]
        footer = self._content.legal_help(language) if with_legal_help else None
        if footer is not None:
            plain_parts.append(footer.plain)
            html_parts.append(footer.html)
        return Reply(
            kind=kind,
            language=language,
            html="\n\n".join(html_parts),
            plain="\n\n".join(plain_parts),
            intent=intent,
            confidence=confidence,
            buttons=self._category_buttons(language) if buttons is None else buttons,
        )

    def _category_buttons(self, language: Lang) -> tuple[Button, ...]:
        _ = self._gettext(language)
        return tuple(
            Button(category_label(c, _), f"category:{c}") for c in TOPIC_CATEGORIES if self._content.topics(language, c)
        )

    def _gettext(self, language: Lang) -> Callable[[str], str]:
        return self._translators[language].gettext
