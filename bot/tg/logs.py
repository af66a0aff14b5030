"""Keep python-telegram-bot's own log records free of personal data.

Some of its records carry whole updates or request data as arguments ("Processing update %s",
"Received data was %r", "Calling Bot API endpoint ... with parameters %s"): names, chat ids and
message texts. So its loggers never go below INFO, and every argument of their records that is not
a plain number is replaced by its type name before any handler formats it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

_PREFIX = "telegram"


def _safe(value: object) -> object:
    """Numbers (update ids, counts, seconds) pass; anything else becomes its type name."""
    if type(value) in (int, float):
        return value
    return f"<{type(value).__name__}>"


class ScrubArguments(logging.Filter):
    """Replace a record's arguments by their type names (numbers excepted); the message template stays."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub and keep the record."""
        args = record.args
        if isinstance(args, Mapping):  # logging's form for one dict argument, or for named placeholders
            named = "%(" in str(record.msg)
            record.args = {k: _safe(v) for k, v in args.items()} if named else (_safe(args),)
        elif args:
            record.args = tuple(_safe(v) for v in args)
        return True


_FILTER = ScrubArguments()


def protect_telegram_logs() -> None:
    """Install the filter on every python-telegram-bot logger and keep them at INFO or above."""
    import telegram.ext  # noqa: F401  (imports every module, so every logger exists)

    top = logging.getLogger(_PREFIX)
    top.setLevel(max(logging.INFO, top.level, logging.getLogger().getEffectiveLevel()))
    for name in list(logging.root.manager.loggerDict):
        if name == _PREFIX or name.startswith(_PREFIX + "."):
            logger = logging.getLogger(name)
            if logger.level and logger.level < logging.INFO:
                logger.setLevel(logging.INFO)
            if _FILTER not in logger.filters:
                logger.addFilter(_FILTER)
