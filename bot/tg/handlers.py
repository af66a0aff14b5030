"""Thin Telegram handlers: read the update, ask the core, render the reply. No ids or texts are logged."""

from __future__ import annotations

import logging
from typing import Any, cast

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
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

log = logging.getLogger(__name__)
#: Telegram's limit on callback_data bytes.
_CALLBACK_LIMIT = 64


def _components(context: ContextTypes.DEFAULT_TYPE) -> Components:
    return cast(Components, context.application.bot_data["components"])


def _language(context: ContextTypes.DEFAULT_TYPE) -> Lang | None:
    return as_language((context.chat_data or {}).get("language"))


def _set_language(context: ContextTypes.DEFAULT_TYPE, language: Lang) -> None:
    if context.chat_data is not None:
        context.chat_data["language"] = language


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """One button per row (easy to hit on a small phone)."""
    rows = [
        [InlineKeyboardButton(b.label, callback_data=b.action)]
        for b in reply.buttons
        if len(b.action.encode()) <= _CALLBACK_LIMIT
    ]
    return InlineKeyboardMarkup(rows) if rows else None


async def _send(update: Update, reply: Reply) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    await chat.send_message(
        reply.html,
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard(reply),
        disable_web_page_preview=True,
    )


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Free text -> NLU -> answer."""
    message = update.effective_message
    if message is None or not message.text:
        return
    components = _components(context)
    chat_id = update.effective_chat.id if update.effective_chat else None
    reply = await components.conversations.message(chat_id, message.text, _language(context))
    if reply.kind == ReplyKind.LANGUAGE_CHANGED:
        _set_language(context, reply.language)
    await _send(update, reply)


async def on_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/menu and /start: the topic categories."""
    components = _components(context)
    language = _language(context) or components.settings.default_language
    await _send(update, components.assistant.press("menu", language))


async def on_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/lang vi|en sets the reply language; /lang alone switches it."""
    components = _components(context)
    current = _language(context) or components.settings.default_language
    wanted = as_language((context.args or [""])[0]) or ("en" if current == "vi" else "vi")
    _set_language(context, wanted)
    text = components.translators[wanted].gettext("OK, I will reply in this language from now on.")
    if update.effective_chat is not None:
        await update.effective_chat.send_message(text)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed inline button: topics and categories edit the menu; feedback is acknowledged."""
    query = update.callback_query
    if query is None or not query.data:
        return
    components = _components(context)
    language = _language(context) or components.settings.default_language
    chat_id = update.effective_chat.id if update.effective_chat else None
    reply = components.conversations.press(chat_id, query.data, language)
    if query.data.startswith("feedback:"):
        await query.answer(reply.plain)
        return
    await query.answer()
    await _send(update, reply)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log only the error's type and the update id: never the update, names or chat ids."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s: %s", update_id, type(context.error).__name__)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Every handler, in the order they are tried."""
    return [
        CommandHandler("start", on_menu),
        CommandHandler("menu", on_menu),
        CommandHandler("lang", on_lang),
        CallbackQueryHandler(on_button),
        MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
    ]


def register(application: Application[Any, Any, Any, Any, Any, Any], components: Components) -> None:
    """Attach the components and the handlers to an Application."""
    application.bot_data["components"] = components
    for handler in handlers():
        application.add_handler(handler)
    application.add_error_handler(on_error)
