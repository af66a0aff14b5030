"""Serve published answers from content/<lang>/ and reload them safely while the bot runs."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from bot.content.loader import FOOTER_ID, Problem, content_files, load_file
from bot.core.model import CATEGORIES, TOPIC_CATEGORIES, Answer, Lang

log = logging.getLogger(__name__)


class ContentIndex:
    """An immutable snapshot of the answers; implements the core's Content port."""

    def __init__(self, documents: dict[tuple[Lang, str], Answer]) -> None:
        self._documents = documents
        self._served: dict[tuple[Lang, str], Answer] = {}
        for (language, answer_id), doc in documents.items():
            if doc.published and answer_id != FOOTER_ID:
                self._served[(language, answer_id)] = self._with_footer(doc)

    def _with_footer(self, answer: Answer) -> Answer:
        footer = self.legal_help(answer.language)
        if footer is None or answer.category not in TOPIC_CATEGORIES:
            return answer
        return dataclasses.replace(
            answer,
            html=f"{answer.html}\n\n{footer.html}",
            plain=f"{answer.plain}\n\n{footer.plain}",
        )

    def answer(self, answer_id: str, language: Lang) -> Answer | None:
        """The published answer with its footer, or None."""
        return self._served.get((language, answer_id))

    def topics(self, language: Lang, category: str | None = None) -> Sequence[Answer]:
        """Published topic answers in menu order: by category, then title."""
        found = [
            a
            for (lang, _id), a in self._served.items()
            if lang == language and a.category in TOPIC_CATEGORIES and (category is None or a.category == category)
        ]
        return sorted(found, key=lambda a: (CATEGORIES.index(a.category), a.title.casefold()))

    def legal_help(self, language: Lang) -> Answer | None:
        """The shared legal-help footer, when published."""
        footer = self._documents.get((language, FOOTER_ID))
        return footer if footer is not None and footer.published else None

    def documents(self) -> dict[tuple[Lang, str], Answer]:
        """Every loaded file, drafts included (for the checker and previews)."""
        return dict(self._documents)


class ContentStore:
    """Loads the content folder and reloads it, keeping a file's last good version when it breaks."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._documents: dict[tuple[Lang, str], Answer] = {}
        self._stamps: dict[Path, tuple[int, int, int]] = {}
        self.problems: tuple[Problem, ...] = ()
        self.index = ContentIndex({})

    def display(self, path: Path) -> str:
        """How a file is named in problems: relative to the folder above the content folder, e.g. content/vi/x.md."""
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def _stamp_all(self) -> dict[Path, tuple[int, int, int]]:
        """Modification time, size and inode of every answer file (saving by renaming changes the inode)."""
        stamps: dict[Path, tuple[int, int, int]] = {}
        for _language, path in content_files(self.root):
            try:
                stat = path.stat()
            except OSError:
                continue
            stamps[path] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        return stamps

    def changed(self) -> bool:
        """True when a file was added, removed or edited since the last load."""
        return self._stamp_all() != self._stamps

    def reload(self) -> tuple[Problem, ...]:
        """Read every file again; broken files keep their last good version. Returns the problems."""
        with self._lock:
            stamps = self._stamp_all()
            documents: dict[tuple[Lang, str], Answer] = {}
            problems: list[Problem] = []
            for language, path in content_files(self.root):
                loaded = load_file(path, language, self.display(path))
                problems.extend(loaded.problems)
                key = (language, path.stem)
                if loaded.answer is not None:
                    documents[key] = loaded.answer
                elif key in self._documents:
                    documents[key] = self._documents[key]
                    log.warning("content: %s is broken; still serving its last good version", key[1])
            for problem in problems:
                log.error("content problem: %s", problem)
            self._documents = documents
            self._stamps = stamps
            self.problems = tuple(problems)
            self.index = ContentIndex(documents)
            return self.problems

    def reload_if_changed(self) -> bool:
        """Reload when the folder changed; True when it did."""
        if not self.changed():
            return False
        self.reload()
        return True


class LiveContent:
    """The Content port over a store: always asks the store's newest snapshot."""

    def __init__(self, store: ContentStore) -> None:
        self._store = store

    def answer(self, answer_id: str, language: Lang) -> Answer | None:
        """See ContentIndex.answer."""
        return self._store.index.answer(answer_id, language)

    def topics(self, language: Lang, category: str | None = None) -> Sequence[Answer]:
        """See ContentIndex.topics."""
        return self._store.index.topics(language, category)

    def legal_help(self, language: Lang) -> Answer | None:
        """See ContentIndex.legal_help."""
        return self._store.index.legal_help(language)
