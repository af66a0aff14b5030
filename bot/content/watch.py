"""Reload edited answers while the bot runs: a polling thread, and SIGHUP (`kill -HUP <pid>`) for "now".

A broken file never stops the bot: the store keeps serving its last good version and logs each
problem as `path:line: sentence` (content files only; nothing a person wrote is ever logged).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from bot.content.store import ContentStore

log = logging.getLogger(__name__)


class ContentWatcher:
    """Checks the content folder every `interval` seconds (0: only when asked) and reloads what changed."""

    def __init__(self, store: ContentStore, interval: float) -> None:
        self.store = store
        self.interval = interval
        self.reloads = 0  # how many reloads happened (for status pages and tests)
        self._wake = threading.Event()
        self._forced = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the background thread (a daemon, so it never keeps the process alive)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="content-watcher", daemon=True)
            self._thread.start()

    def reload_now(self) -> None:
        """Ask for a full reload at once, changed or not (what SIGHUP does). Safe in a signal handler."""
        self._forced.set()
        self._wake.set()

    def stop(self) -> None:
        """Stop the thread and wait for it."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def check_once(self, *, force: bool = False) -> bool:
        """Reload when the folder changed (always with `force`); True when a reload happened. Never raises."""
        try:
            if force:
                self.store.reload()
            elif not self.store.reload_if_changed():
                return False
        except Exception as exc:  # a watcher must never take the bot down; the last good answers keep serving
            log.error("content reload failed (%s); still serving the previous answers", type(exc).__name__)
            return False
        self.reloads += 1
        documents = len(self.store.index.documents())
        log.info("content reloaded: %d answer files, %d problems", documents, len(self.store.problems))
        return True

    def _run(self) -> None:
        """The thread: sleep until the interval passes or a reload is asked for, then look."""
        while not self._stopping.is_set():
            self._wake.wait(self.interval if self.interval > 0 else None)
            self._wake.clear()
            if self._stopping.is_set():
                break
            forced = self._forced.is_set()
            self._forced.clear()
            self.check_once(force=forced)


def _sighup() -> signal.Signals | None:
    """SIGHUP where the platform has it (not on Windows)."""
    return getattr(signal, "SIGHUP", None)


@contextlib.contextmanager
def watching(store: ContentStore, interval: float) -> Iterator[ContentWatcher]:
    """Watch `store` for the duration: poll every `interval` seconds (0: off) and reload on SIGHUP.

    SIGHUP is only taken over in the main thread (Python's rule for signal handlers); the previous
    handler comes back afterwards.
    """
    watcher = ContentWatcher(store, interval)
    hup = _sighup()
    previous = None
    installed = False
    if hup is not None and threading.current_thread() is threading.main_thread():

        def on_hup(_signum: int, _frame: FrameType | None) -> None:
            watcher.reload_now()

        previous = signal.signal(hup, on_hup)
        installed = True
    watcher.start()
    if interval > 0:
        log.info("content: checking for edited answers every %s s; kill -HUP %s reloads at once", interval, os.getpid())
    else:
        log.info("content: automatic reload is off; kill -HUP %s reloads at once", os.getpid())
    try:
        yield watcher
    finally:
        watcher.stop()
        if installed and hup is not None:
            signal.signal(hup, previous if previous is not None else signal.SIG_DFL)
