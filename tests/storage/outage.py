"""Real database outages for tests, without stopping the shared server.

PostgreSQL: a TCP relay on 127.0.0.1 in front of the server; `cut()` drops every open connection and
refuses new ones (the client sees the connection closed, as when the server restarts), `restore()`
relays again. SQLite: the database's folder is moved away and back (as when a disk goes missing).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from bot.storage.engine import make_engine
from tests.storage.databases import Database


class SwitchableLink:
    """A TCP relay from 127.0.0.1:<port> to a server, that can be cut and restored."""

    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._up = threading.Event()
        self._up.set()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._closed = False
        threading.Thread(target=self._accept, name="switchable-link", daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._up.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self._target, timeout=3)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._open.update((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            self._drop(source, sink)

    def _drop(self, *sockets: socket.socket) -> None:
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            with self._lock:
                self._open.discard(sock)

    def cut(self) -> None:
        """Drop every relayed connection and refuse new ones."""
        self._up.clear()
        with self._lock:
            sockets = list(self._open)
        self._drop(*sockets)

    def restore(self) -> None:
        """Relay new connections again."""
        self._up.set()

    def close(self) -> None:
        """Stop listening and drop everything."""
        self._closed = True
        self.cut()
        self._listener.close()


@dataclass
class Outage:
    """An engine on a test database whose connection can be cut and restored."""

    engine: Engine
    cut_link: SwitchableLink | None
    folder: Path | None

    def cut(self) -> None:
        """Make the database unavailable."""
        if self.cut_link is not None:
            self.cut_link.cut()
        elif self.folder is not None:
            self.folder.rename(self.folder.with_name(self.folder.name + ".away"))

    def restore(self) -> None:
        """Make it available again, with everything written before the cut."""
        if self.cut_link is not None:
            self.cut_link.restore()
        elif self.folder is not None:
            away = self.folder.with_name(self.folder.name + ".away")
            if self.folder.exists():  # something recreated it while it was away: keep the real one
                shutil.rmtree(self.folder)
            away.rename(self.folder)


@contextmanager
def outage_engine(database: Database) -> Iterator[Outage]:
    """An engine on `database` whose availability the test controls."""
    if database.backend == "sqlite":
        assert database.url.database is not None
        engine = make_engine(database.url)
        try:
            yield Outage(engine, None, Path(database.url.database).parent)
        finally:
            engine.dispose()
        return
    assert database.url.host is not None
    link = SwitchableLink(database.url.host, database.url.port or 5432)
    engine = make_engine(database.url.set(host="127.0.0.1", port=link.port))
    try:
        yield Outage(engine, link, None)
    finally:
        engine.dispose()
        link.close()
