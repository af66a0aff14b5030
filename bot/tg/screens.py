"""Replies only the Telegram adapter shows: language choice, welcome, hotline, notes for unreadable messages.

They are built from content files and gettext strings, as core Replies, so they render like any other.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable

from babel import Locale
from babel.dates import format_date

from bot.app import Components
from bot.core.model import LANGUAGES, TOPIC_CATEGORIES, Button, Lang, Reply, ReplyKind

#: Commands registered with Telegram, in the order its menu shows them.
COMMANDS = ("start", "menu", "hotline", "help", "lang", "privacy")
#: Longer messages are not classified or kept: they are stories, not questions, and may hold personal details.
MAX_QUESTION_CHARS = 1000


def gettext_for(components: Components, language: Lang) -> Callable[[str], str]:
    """The translator of one language (chosen per update by the handlers)."""
    return components.translators[language].gettext


def language_name(language: Lang) -> str:
    """A language's name in that language, from Babel's CLDR data (e.g. "Tiếng Việt")."""
    name = Locale.parse(language).display_name or language
    return name[:1].upper() + name[1:]


def command_descriptions(_: Callable[[str], str]) -> list[tuple[str, str]]:
    """(command, description) pairs for Telegram's command menu, in one language."""
    descriptions = {
        "start": _("Start again and choose your language"),
        "menu": _("Browse the topics"),
        "hotline": _("Urgent help lines"),
        "help": _("What this assistant can do"),
        "lang": _("Switch between Vietnamese and English"),
        "privacy": _("What this chat keeps and what it does not"),
    }
    return [(command, descriptions[command]) for command in COMMANDS]


def _say(language: Lang, html_text: str, buttons: tuple[Button, ...], kind: ReplyKind = ReplyKind.ANSWER) -> Reply:
    return Reply(kind=kind, language=language, html=html_text, plain=html_text, buttons=buttons)


def language_choice(components: Components, action: str) -> Reply:
    """Both languages' prompt with one button per language; `action` is "welcome" or "lang"."""
    prompts = []
    for lang in LANGUAGES:
        _ = gettext_for(components, lang)
        prompts.append(html.escape(_("Choose your language:")))
    buttons = tuple(Button(language_name(lang), f"{action}:{lang}") for lang in LANGUAGES)
    return _say(components.settings.default_language, "\n".join(prompts), buttons)


def hotline_button(components: Components, language: Lang) -> Button:
    """The button that opens the urgent help lines."""
    return Button(gettext_for(components, language)("Urgent help lines"), "hotline")


def with_hotline(components: Components, reply: Reply) -> Reply:
    """A menu-like reply (one that offers the categories) with the urgent help lines button first."""
    if sum(b.action.startswith("category:") for b in reply.buttons) < 2:  # one is only a "« Back"
        return reply
    return dataclasses.replace(reply, buttons=(hotline_button(components, reply.language), *reply.buttons))


def main_menu(components: Components, language: Lang) -> Reply:
    """The topic categories, with the urgent help lines first."""
    return with_hotline(components, components.assistant.press("menu", language))


def welcome(components: Components, language: Lang) -> Reply:
    """What the assistant does (the greeting answer) and what it does not keep, with the menu."""
    _ = gettext_for(components, language)
    greet = components.assistant.content.answer("greet", language)
    parts = [greet.html] if greet is not None else []
    parts.append(
        html.escape(
            _(
                "I do not keep your name, username, phone number or Telegram account, and you do not need to "
                "share personal details. Type /privacy to read what is counted, or /hotline for urgent help lines."
            )
        )
    )
    return _say(language, "\n\n".join(parts), main_menu(components, language).buttons)


def language_changed(components: Components, language: Lang) -> Reply:
    """The confirmation after /lang, in the new language, with the menu."""
    _ = gettext_for(components, language)
    text = html.escape(_("OK, I will reply in this language from now on."))
    return _say(language, text, main_menu(components, language).buttons, ReplyKind.LANGUAGE_CHANGED)


def hotline(components: Components, language: Lang) -> Reply:
    """Urgent help: the help lines from the content's legal-help footer, then the urgent topics."""
    _ = gettext_for(components, language)
    content = components.assistant.content
    parts = [f"<b>{html.escape(_('Urgent help lines'))}</b>"]
    footer = content.legal_help(language)
    if footer is not None:
        parts.append(footer.html)
    urgent = tuple(Button(a.title, f"topic:{a.id}") for a in content.topics(language) if a.urgent)
    if urgent:
        parts.append(html.escape(_("What is happening? Choose below to read what to do right now.")))
    return _say(language, "\n\n".join(parts), (*urgent, Button(_("All topics"), "menu")))


def topic_page(components: Components, reply: Reply) -> Reply:
    """A topic answer as the menu shows it: the date it was last checked, and a way back to its category."""
    answer = components.assistant.content.answer(reply.answer_id, reply.language) if reply.answer_id else None
    if answer is None or answer.category not in TOPIC_CATEGORIES:
        return reply
    _ = gettext_for(components, reply.language)
    back = Button(_("« Back"), f"category:{answer.category}")
    return dataclasses.replace(dated(components, reply), buttons=(*reply.buttons, back))


def dated(components: Components, reply: Reply) -> Reply:
    """A topic answer with the date its facts were last checked, written the way the reader's language writes dates."""
    answer = components.assistant.content.answer(reply.answer_id, reply.language) if reply.answer_id else None
    if reply.kind != ReplyKind.ANSWER or answer is None or answer.category not in TOPIC_CATEGORIES:
        return reply
    _ = gettext_for(components, reply.language)
    when = format_date(answer.reviewed, format="long", locale=reply.language)
    note = html.escape(_("Last checked: {date}").format(date=when))
    return dataclasses.replace(reply, html=f"{reply.html}\n\n<i>{note}</i>", plain=f"{reply.plain}\n\n{note}")


def unreadable(components: Components, language: Lang, what: str) -> Reply:
    """The polite note for a message that is not text; `what` is "contact", "location" or "media"."""
    _ = gettext_for(components, language)
    if what == "contact":
        text = _(
            "Please do not send contacts here: I did not keep the contact you shared. "
            "Type your question in words, or choose a topic."
        )
    elif what == "location":
        text = _(
            "Please do not send your location here: I did not keep it. Type your question in words, or choose a topic."
        )
    else:
        text = _("I can only read typed text. Please type your question in words, or choose a topic.")
    return _say(language, html.escape(text), main_menu(components, language).buttons, ReplyKind.EMPTY)


def too_long(components: Components, language: Lang) -> Reply:
    """The note for a message longer than MAX_QUESTION_CHARS: ask one short question instead."""
    _ = gettext_for(components, language)
    text = _(
        "Your message is very long, so I did not read or keep it. Please ask one short question, "
        "without personal details, or choose a topic."
    )
    return _say(language, html.escape(text), main_menu(components, language).buttons, ReplyKind.EMPTY)
