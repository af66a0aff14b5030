"""The database-backed EventLog: a bounded in-memory buffer and one writer thread, so a reply never waits.

`record`, `feedback` and `unanswered` only append to the buffer (or, when it is full, count the item
as dropped) and return. The writer thread redacts questions as soon as it sees them, writes in
batches, and while the database is unavailable keeps retrying with exponential backoff (tenacity),
waking early to redact new arrivals so raw text never waits in memory longer than a moment. When the
database is back, what was buffered is written and any drops are recorded as a `log_gaps` row and
logged. The same thread runs the scheduled retention purge. Logs carry counts and error types only:
never question text, SQL parameters or the database URL's password.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from tenacity import Retrying, retry_if_exception_type, stop_when_event_set, wait_exponential_jitter

from bot.core.model import Event, Feedback, Unanswered
from bot.core.pseudonym import utc_now
from bot.privacy import Redactor
from bot.settings import Settings
from bot.storage.engine import database_url, describe, make_engine, upgrade
from bot.storage.repository import LogItem, RedactedQuestion, record_gap, write_batch
from bot.storage.retention import Retention, purge

log = logging.getLogger(__name__)

Incoming = Event | Feedback | Unanswered


@dataclass(frozen=True)
class LogStats:
    """Counters of the writer, for reports and tests (no content)."""

    pending: int
    written: int
    dropped: int
    failed_writes: int
    purges: int
    last_error: str | None


class DatabaseEventLog:
    """An EventLog over a database: non-blocking, bounded, outage-proof. `start()` it, `stop()` it at exit."""

    def __init__(
        self,
        engine: Engine,
        *,
        capacity: int = 10_000,
        retention: Retention | None = None,
        purge_interval: dt.timedelta | None = None,
        redactor: Redactor | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        batch_size: int = 500,
        max_backoff_seconds: float = 30.0,
    ) -> None:
        self._engine = engine
        self._capacity = capacity
        self._retention = retention or Retention()
        self._purge_interval = purge_interval
        self._redactor = redactor or Redactor()
        self._clock = clock
        self._batch_size = batch_size
        self._max_backoff = max_backoff_seconds

        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # notified when items leave the buffer
        self._incoming: deque[Incoming] = deque()  # filled by callers; raw
        self._pending: deque[LogItem] = deque()  # writer thread only; redacted
        self._size = 0  # items in both deques, under _lock
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

        self._ready = False  # migrations applied
        self._written = 0
        self._dropped = 0
        self._gap_dropped = 0  # dropped since the last gap was recorded
        self._full_warned = False
        self._failed_writes = 0  # failed attempts in the current outage
        self._outage_started: dt.datetime | None = None
        self._total_failures = 0
        self._last_error: str | None = None
        self._purges = 0
        self._next_purge = time.monotonic()

    # --- the EventLog port: return at once, never raise ------------------------------------------------

    def record(self, event: Event) -> None:
        """Buffer one handled message."""
        self._offer(event)

    def feedback(self, feedback: Feedback) -> None:
        """Buffer one Helpful / Not helpful press."""
        self._offer(feedback)

    def unanswered(self, question: Unanswered) -> None:
        """Buffer a question; the writer redacts it before anything is stored."""
        self._offer(question)

    def _offer(self, item: Incoming) -> None:
        """Append to the buffer, or count a drop when it is full; never block on the writer, never raise."""
        try:
            with self._lock:
                full = self._size >= self._capacity
                if full:
                    self._dropped += 1
                    self._gap_dropped += 1
                    warn, self._full_warned = not self._full_warned, True
                else:
                    self._incoming.append(item)
                    self._size += 1
            self._wake.set()
            if full and warn:
                log.warning(
                    "log buffer full (%d items): new items are dropped and counted until it drains", self._capacity
                )
        except Exception as exc:  # the reply matters more than the count
            self._dropped += 1
            log.error("could not buffer a log item: %s", type(exc).__name__)

    # --- life cycle ------------------------------------------------------------------------------------

    def start(self) -> None:
        """Apply pending migrations if the database answers now (else the writer retries), then start writing."""
        try:
            revision = upgrade(self._engine)
            self._ready = True
            log.info("conversation log ready (schema revision %s)", revision)
        except Exception as exc:
            log.warning("conversation log database unavailable (%s): buffering until it answers", type(exc).__name__)
        self._thread = threading.Thread(target=self._run, name="event-log-writer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> LogStats:
        """Write what is buffered (one attempt if the database is down), stop the writer, report what was lost."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("log writer did not stop within %.0f s; %d items not written", timeout, self._size)
        return self.stats()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything buffered is written; False if that did not happen within `timeout`."""
        self._wake.set()
        with self._changed:
            return self._changed.wait_for(lambda: self._size == 0, timeout)

    def stats(self) -> LogStats:
        """The writer's counters now."""
        with self._lock:
            return LogStats(
                pending=self._size,
                written=self._written,
                dropped=self._dropped,
                failed_writes=self._total_failures,
                purges=self._purges,
                last_error=self._last_error,
            )

    # --- the writer thread -----------------------------------------------------------------------------

    def _run(self) -> None:
        """The writer thread: stage, write with retries, purge when due; a last flush at stop."""
        try:
            while not self._stopping.is_set():
                self._wake.wait(self._seconds_to_purge())
                self._wake.clear()
                self._stage()
                if self._pending or not self._ready:
                    self._write_with_retry()
                self._purge_if_due()
            self._final_flush()
        except BaseException as exc:  # a traceback could quote SQL parameters: report the type only
            log.error("log writer stopped by %s; %d items not written", type(exc).__name__, self._size)

    def _seconds_to_purge(self) -> float | None:
        """How long the writer may sleep before the next scheduled purge (None: no schedule)."""
        if self._purge_interval is None:
            return None
        return max(0.0, self._next_purge - time.monotonic())

    def _stage(self) -> None:
        """Move new items to the writer's queue, redacting question text on the way."""
        with self._lock:
            if not self._incoming:
                return
            arrived = list(self._incoming)
            self._incoming.clear()
        for item in arrived:
            if isinstance(item, Unanswered):
                try:
                    text = self._redactor.redact(item.text).text
                except Exception as exc:
                    self._discard(1, type(exc).__name__)
                    continue
                self._pending.append(
                    RedactedQuestion(item.occurred_at, item.language, text, item.intent, item.confidence)
                )
            else:
                self._pending.append(item)

    def _discard(self, count: int, reason: str) -> None:
        """Count items as dropped (they leave the buffer) and say so, by count and reason only."""
        with self._changed:
            self._size -= count
            self._dropped += count
            self._gap_dropped += count
            self._changed.notify_all()
        log.error("dropped %d log items: %s", count, reason)

    def _write_with_retry(self) -> None:
        """Write everything pending, retrying with backoff until it works or the log is stopping."""
        retrying = Retrying(
            retry=retry_if_exception_type(Exception),
            wait=wait_exponential_jitter(multiplier=0.25, max=self._max_backoff, jitter=0.25),
            stop=stop_when_event_set(self._stopping),
            sleep=self._nap,
            reraise=True,
        )
        try:
            retrying(self._attempt)
        except Exception:  # stopping while the database is away: _final_flush reports what is lost
            return

    def _nap(self, seconds: float) -> None:
        """Back off between attempts, waking to redact new arrivals and to notice a stop."""
        deadline = time.monotonic() + seconds
        while not self._stopping.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            if self._wake.wait(left):
                self._wake.clear()
                self._stage()

    def _attempt(self) -> None:
        """Migrate if needed and write everything pending in batches; raise on failure.

        A gap (an outage, or items dropped) is recorded in the same transaction as the first batch after it,
        so whoever waits in `flush()` sees both.
        """
        try:
            if not self._ready:
                revision = upgrade(self._engine)
                self._ready = True
                log.info("conversation log ready (schema revision %s)", revision)
            while True:
                batch = list(itertools.islice(self._pending, self._batch_size))
                with self._lock:
                    dropped = self._gap_dropped
                gap = self._outage_started is not None or dropped > 0
                if not batch and not gap:
                    return
                with self._engine.begin() as connection:
                    write_batch(connection, batch)
                    if gap:
                        now = self._clock()
                        record_gap(connection, self._outage_started or now, now, dropped, self._failed_writes)
                for _ in batch:
                    self._pending.popleft()
                if gap:
                    self._gap_recorded(dropped)
                with self._changed:
                    self._size -= len(batch)
                    self._written += len(batch)
                    self._changed.notify_all()
                self._stage()
        except Exception as exc:
            self._note_failure(exc)
            raise

    def _note_failure(self, exc: Exception) -> None:
        """Count a failed write; warn once per outage with the error type, then only at DEBUG."""
        error = type(exc).__name__
        first = self._outage_started is None
        if first:
            self._outage_started = self._clock()
        self._failed_writes += 1
        with self._lock:
            self._total_failures += 1
            self._last_error = error
            pending = self._size
        if first:
            log.warning("conversation log: database unavailable (%s); %d items buffered, retrying", error, pending)
        else:
            log.debug("conversation log: write failed again (%s); %d items buffered", error, pending)

    def _gap_recorded(self, dropped: int) -> None:
        """After a gap row is committed: reset the outage counters and say that writing resumed."""
        with self._lock:
            self._gap_dropped -= dropped
            self._full_warned = False
        log.info(
            "conversation log: writing again after %d failed attempts; %d items were dropped",
            self._failed_writes,
            dropped,
        )
        self._outage_started = None
        self._failed_writes = 0

    def _final_flush(self) -> None:
        """At stop: one last attempt, then everything not written is counted as dropped."""
        self._stage()
        if self._pending:
            try:
                self._attempt()
            except Exception:  # _note_failure logged the type; what is left is counted below
                self._pending.clear()
        with self._lock:
            lost = self._size
        if lost:
            self._discard(lost, "the database was unavailable at shutdown")

    def _purge_if_due(self) -> None:
        """Run the retention purge when the schedule says so and the schema is ready."""
        if self._purge_interval is None or not self._ready or time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + self._purge_interval.total_seconds()
        try:
            result = purge(self._engine, self._retention, self._clock())
        except Exception as exc:
            log.warning("scheduled purge failed (%s); next one in %s", type(exc).__name__, self._purge_interval)
            return
        with self._lock:
            self._purges += 1
        log.info("scheduled purge: %s", result)


@contextmanager
def open_event_log(settings: Settings) -> Iterator[DatabaseEventLog]:
    """The conversation log the settings describe, started (migrations applied), stopped on exit."""
    url = database_url(settings)
    engine = make_engine(url)
    event_log = DatabaseEventLog(
        engine,
        capacity=settings.event_buffer_size,
        retention=Retention.from_settings(settings),
        purge_interval=dt.timedelta(hours=settings.purge_interval_hours),
    )
    log.info("conversation log at %s", describe(url))
    event_log.start()
    try:
        yield event_log
    finally:
        stats = event_log.stop()
        engine.dispose()
        log.info(
            "conversation log stopped: %d written, %d dropped, %d failed writes",
            stats.written,
            stats.dropped,
            stats.failed_writes,
        )
