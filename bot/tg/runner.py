"""Build the Telegram Application and run it with long polling."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.app import Components
from bot.tg.handlers import register


def build_application(
    components: Components, request: BaseRequest | None = None
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The real Application; tests pass a recording `request` instead of the network."""
    settings = components.settings
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .rate_limiter(AIORateLimiter(max_retries=3))
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    register(application, components)
    return application


def run_polling(components: Components) -> None:
    """Long polling until Ctrl-C (development and small deployments)."""
    build_application(components).run_polling(allowed_updates=Update.ALL_TYPES)
