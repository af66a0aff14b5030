"""Conversation pseudonyms: HMAC of the chat id under a key that lives only in memory and changes daily.

Nothing stored can be linked back to a chat, or across days: yesterday's key is gone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable


def utc_now() -> dt.datetime:
    """The current time in UTC (a function so tests can pass their own clock)."""
    return dt.datetime.now(dt.UTC)


class Pseudonymizer:
    """Turns a chat id into a short pseudonym; the key is random, in memory, and replaced each UTC day."""

    def __init__(self, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._day: dt.date | None = None
        self._key = b""

    def _current_key(self) -> bytes:
        today = self._clock().date()
        with self._lock:
            if today != self._day:
                self._key = secrets.token_bytes(32)
                self._day = today
            return self._key

    def __call__(self, chat_id: int | str) -> str:
        """The pseudonym of `chat_id` for today: 16 hex characters."""
        digest = hmac.new(self._current_key(), str(chat_id).encode(), hashlib.sha256)
        return digest.hexdigest()[:16]
