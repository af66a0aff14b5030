"""Build the Telegram Application and run it: long polling (development) or a webhook with a secret (production)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any
from urllib.parse import urlparse

from telegram import Bot, BotCommand
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.app import Components
from bot.core.model import LANGUAGES
from bot.tg import screens
from bot.tg.handlers import ALLOWED_UPDATES, register
from bot.tg.logs import protect_telegram_logs

log = logging.getLogger(__name__)

#: How often a start-up call (deleteWebhook / setWebhook) is retried before giving up.
BOOTSTRAP_RETRIES = 5

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (Telegram's flood limits, retries on RetryAfter) that also retries network errors.

    A reply that fails on a dropped connection is sent again after a short pause: a person waiting
    for an answer would rather see it twice than not at all. Telegram's refusals (BadRequest,
    Forbidden) are not retried.
    """

    def __init__(self, *, max_retries: int = 3, network_retries: int = 2, network_pause: float = 0.5) -> None:
        super().__init__(max_retries=max_retries)
        self._network_retries = network_retries
        self._network_pause = network_pause

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Send through the rate limiter; on a network error wait and try again a few times."""
        for attempt in range(self._network_retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except NetworkError as exc:
                if isinstance(exc, BadRequest) or attempt == self._network_retries:
                    raise
                log.warning("network error calling %s (%s); retrying", endpoint, type(exc).__name__)
                await asyncio.sleep(self._network_pause * (attempt + 1))
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


async def register_commands(bot: Bot, components: Components) -> None:
    """Register the command menu with Telegram in each language, and for everyone else in the default one."""
    for language in (*LANGUAGES, None):
        _ = screens.gettext_for(components, language or components.settings.default_language)
        commands = [BotCommand(c, d) for c, d in screens.command_descriptions(_)]
        await bot.set_my_commands(commands, language_code=language)


def build_application(
    components: Components,
    request: BaseRequest | None = None,
    on_shutdown: Callable[[], Awaitable[None]] | None = None,
) -> AnyApplication:
    """The real Application; tests pass a recording `request` instead of the network."""
    settings = components.settings
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    protect_telegram_logs()

    async def post_init(application: AnyApplication) -> None:
        try:
            await register_commands(application.bot, components)
        except TelegramError as exc:  # the bot still answers; only the command menu is missing
            log.warning("could not register the command menu: %s", type(exc).__name__)

    async def post_shutdown(_application: AnyApplication) -> None:
        if on_shutdown is not None:
            await on_shutdown()

    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .rate_limiter(RetryingRateLimiter())
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    register(application, components)
    return application


def run_telegram(components: Components, on_shutdown: Callable[[], Awaitable[None]] | None = None) -> None:
    """Run until stopped (Ctrl-C, SIGTERM): by webhook when TELEGRAM_WEBHOOK_URL is set, else by long polling."""
    settings = components.settings
    application = build_application(components, on_shutdown=on_shutdown)
    if settings.telegram_webhook_url and settings.telegram_webhook_secret is not None:
        log.info(
            "Telegram: webhook server on %s:%s",
            settings.telegram_webhook_listen,
            settings.telegram_webhook_port,
        )
        application.run_webhook(
            listen=settings.telegram_webhook_listen,
            port=settings.telegram_webhook_port,
            url_path=urlparse(settings.telegram_webhook_url).path.lstrip("/"),
            webhook_url=settings.telegram_webhook_url,
            secret_token=settings.telegram_webhook_secret.get_secret_value(),
            allowed_updates=ALLOWED_UPDATES,
            bootstrap_retries=BOOTSTRAP_RETRIES,
        )
        return
    log.info("Telegram: long polling")
    application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=BOOTSTRAP_RETRIES)
