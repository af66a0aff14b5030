"""Thin Telegram handlers: read the update, ask the core, render the reply. No ids or texts are logged.

The language of every reply is chosen per update: the person's choice in this chat, else the
language their Telegram app uses, else DEFAULT_LANGUAGE (and free text is answered in its own
language, which the core detects). Nothing here writes anything about a person anywhere: the only
per-chat state is the chosen language, in memory.
"""

from __future__ import annotations

import logging
import re
from typing import Any, cast

from telegram import LinkPreviewOptions, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.app import Components
from bot.core.model import Lang, Reply, ReplyKind, as_language
from bot.tg import screens
from bot.tg.render import keyboard, read_action, split_html, without_actions

log = logging.getLogger(__name__)

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
#: Updates the bot asks Telegram for: nothing else is ever received.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]

_PRIVATE = filters.ChatType.PRIVATE
_GROUPS = filters.ChatType.GROUPS
_MEDIA = (
    filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.ANIMATION
    | filters.Sticker.ALL
    | filters.Document.ALL
    | filters.POLL
    | filters.Dice.ALL
)


def _components(context: ContextTypes.DEFAULT_TYPE) -> Components:
    return cast(Components, context.application.bot_data["components"])


def chosen_language(context: ContextTypes.DEFAULT_TYPE) -> Lang | None:
    """The language chosen in this chat with /start or /lang, if any (kept in memory only)."""
    return as_language((context.chat_data or {}).get("language"))


def app_language(update: Update) -> Lang | None:
    """The language of the person's Telegram app, when it is one we speak ("vi", "en-US" -> "en")."""
    user = update.effective_user
    code = (user.language_code or "") if user else ""
    return as_language(code.split("-")[0].lower())


def language_for(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Lang:
    """The language for interface replies to this update."""
    return chosen_language(context) or app_language(update) or _components(context).settings.default_language


def _set_language(context: ContextTypes.DEFAULT_TYPE, language: Lang) -> None:
    if context.chat_data is not None:
        context.chat_data["language"] = language


def _in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def send(update: Update, reply: Reply, *, reply_to: Message | None = None) -> None:
    """Send a reply as one or more messages (split safely), its buttons under the last one."""
    chat = update.effective_chat
    if chat is None:
        return
    parts = split_html(reply.html)
    for number, part in enumerate(parts, start=1):
        await chat.send_message(
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(reply.buttons, reply.language) if number == len(parts) else None,
            link_preview_options=_NO_PREVIEW,
            reply_parameters=(
                ReplyParameters(reply_to.message_id, allow_sending_without_reply=True)
                if reply_to is not None and number == 1
                else None
            ),
        )


async def show(update: Update, reply: Reply) -> None:
    """Show a reply in place of the message whose button was pressed (no new message), else send it."""
    query = update.callback_query
    message = query.message if query else None
    parts = split_html(reply.html)
    if query is None or not isinstance(message, Message) or len(parts) > 1:
        await send(update, reply)
        return
    try:
        await query.edit_message_text(
            parts[0],
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(reply.buttons, reply.language),
            link_preview_options=_NO_PREVIEW,
        )
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return  # the same button pressed twice: the message already shows this
        await send(update, reply)  # too old to edit, or gone: send it as a new message


# -- commands ---------------------------------------------------------------------------------


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: choose a language, then a welcome saying what the assistant does and does not keep."""
    await send(update, screens.language_choice(_components(context), "welcome"))


async def on_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/menu: the topic categories."""
    await send(update, screens.main_menu(_components(context), language_for(update, context)))


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the assistant can do (the bot_help answer)."""
    await _conversation_answer(update, context, "bot_help")


async def on_privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/privacy: what this chat keeps and what it does not (the bot_privacy answer)."""
    await _conversation_answer(update, context, "bot_privacy")


async def _conversation_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, answer_id: str) -> None:
    components = _components(context)
    reply = components.assistant.press(f"topic:{answer_id}", language_for(update, context))
    await send(update, screens.with_hotline(components, reply))


async def on_hotline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hotline: the urgent help lines first, then the urgent topics."""
    await send(update, screens.hotline(_components(context), language_for(update, context)))


async def on_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/lang vi|en sets the reply language; /lang alone offers both."""
    components = _components(context)
    wanted = as_language((context.args or [""])[0].lower())
    if wanted is None:
        await send(update, screens.language_choice(components, "lang"))
        return
    _set_language(context, wanted)
    await send(update, screens.language_changed(components, wanted))


# -- messages ---------------------------------------------------------------------------------


def _addressed_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """In a group: the text without the @mention when the message is for this bot, else None."""
    message = update.effective_message
    if message is None or not message.text:
        return None
    username = context.bot.username or ""
    mentioned = any(
        (entity.type == MessageEntity.MENTION and text.lower() == f"@{username.lower()}")
        or (entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == context.bot.id)
        for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items()
    )
    replied = message.reply_to_message
    to_bot = replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id
    if not (mentioned or to_bot):
        return None
    if not username:
        return message.text.strip()
    return re.sub(rf"@{re.escape(username)}\b", " ", message.text, flags=re.IGNORECASE).strip()


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Free text (new or edited) -> NLU -> an answer, "Did you mean…?", or a plain "I cannot"."""
    message = update.effective_message
    if message is None or not message.text:
        return
    group = _in_group(update)
    text = _addressed_text(update, context) if group else message.text
    if text is None:
        return  # in a group, and not for us: not read, not answered
    components = _components(context)
    reply_to = message if group or update.edited_message is not None else None
    if len(text) > screens.MAX_QUESTION_CHARS:
        await send(update, screens.too_long(components, language_for(update, context)), reply_to=reply_to)
        return
    chat = update.effective_chat
    # A group's members are never told apart, so group messages get no conversation pseudonym.
    key = chat.id if chat is not None and not group else None
    reply = await components.conversations.message(key, text, chosen_language(context) or app_language(update))
    if reply.kind == ReplyKind.LANGUAGE_CHANGED:
        _set_language(context, reply.language)
    reply = screens.with_hotline(components, screens.dated(components, reply))
    await send(update, reply, reply_to=reply_to)


async def on_contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared contact: a polite note; the contact is not read further, logged or kept."""
    await send(update, screens.unreadable(_components(context), language_for(update, context), "contact"))


async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared location or venue: a polite note; it is not read further, logged or kept."""
    await send(update, screens.unreadable(_components(context), language_for(update, context), "location"))


async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Voice, photos, stickers, documents and the like: a polite note asking for typed text."""
    await send(update, screens.unreadable(_components(context), language_for(update, context), "media"))


# -- buttons ----------------------------------------------------------------------------------


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed inline button: navigation edits the message in place; feedback is thanked and counted."""
    query = update.callback_query
    if query is None or not isinstance(query.data, str):
        return
    components = _components(context)
    message_language, action = read_action(query.data)
    kind, _sep, argument = action.partition(":")
    if kind in ("welcome", "lang"):
        chosen = as_language(argument) or language_for(update, context)
        _set_language(context, chosen)
        await query.answer()
        page = screens.welcome if kind == "welcome" else screens.language_changed
        await show(update, page(components, chosen))
        return
    language = message_language or language_for(update, context)
    if kind == "hotline":
        await query.answer()
        await show(update, screens.hotline(components, language))
        return
    chat = update.effective_chat
    key = chat.id if chat is not None and not _in_group(update) else None
    reply = components.conversations.press(key, action, language)
    if kind == "feedback":
        await query.answer(reply.plain)
        message = query.message
        if isinstance(message, Message):
            markup = without_actions(message.reply_markup, "feedback:")
            try:
                await query.edit_message_reply_markup(markup)
            except BadRequest:
                log.info("could not remove the feedback buttons (the message may be gone)")
        return
    await query.answer()
    await show(update, screens.with_hotline(components, screens.topic_page(components, reply)))


# -- errors -----------------------------------------------------------------------------------


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log only the error's type and the update id: never the update, names, chat ids or texts."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s: %s", update_id, type(context.error).__name__)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Every handler, in the order they are tried."""
    messages = filters.UpdateType.MESSAGES
    return [
        CommandHandler("start", on_start),
        CommandHandler("menu", on_menu),
        CommandHandler("help", on_help),
        CommandHandler("privacy", on_privacy),
        CommandHandler("hotline", on_hotline),
        CommandHandler("lang", on_lang),
        CallbackQueryHandler(on_button),
        MessageHandler(messages & filters.TEXT & ~filters.COMMAND & (_PRIVATE | _GROUPS), on_text),
        MessageHandler(filters.UpdateType.MESSAGE & _PRIVATE & filters.CONTACT, on_contact),
        MessageHandler(filters.UpdateType.MESSAGE & _PRIVATE & (filters.LOCATION | filters.VENUE), on_location),
        MessageHandler(filters.UpdateType.MESSAGE & _PRIVATE & _MEDIA, on_media),
    ]


def register(application: Application[Any, Any, Any, Any, Any, Any], components: Components) -> None:
    """Attach the components and the handlers to an Application."""
    application.bot_data["components"] = components
    for handler in handlers():
        application.add_handler(handler)
    application.add_error_handler(on_error)
