"""A scripted conversation through the application service by a person who gives away who they are; afterwards
neither a dump of the whole database nor the captured logs hold any of that person's identifiers.

(The same script over real Telegram updates, with the user's id, username, name and a shared phone contact in
the update, belongs to the Telegram adapter's tests.)
"""

from __future__ import annotations

import asyncio
import logging
import re

import pytest

from bot.app import build
from bot.content.store import ContentStore
from bot.core.model import ReplyKind
from bot.settings import Settings
from bot.storage import DatabaseEventLog
from tests.fakes import FakeNlu
from tests.storage.databases import Database

CHAT_ID = 987_654_321
USERNAME = "lan_nguyen85"
IDENTIFIERS = [
    str(CHAT_ID),
    USERNAME,
    "Nguyễn",
    "Nguyen",
    "Thị",
    "Lan",
    "+1 (323) 555-0187",
    "3235550187",
    "555-0187",
    "0187",
    "lan.nguyen85@gmail.com",
    "6550",
    "Miles",
]

#: (what the person types, what the classifier says (normalised text -> scores), the reply kind expected)
SCRIPT: list[tuple[str, dict[str, float], ReplyKind]] = [
    ("Xin chào, tên tôi là Nguyễn Thị Lan", {"greet": 0.93}, ReplyKind.ANSWER),
    (f"Số điện thoại của tôi là +1 (323) 555-0187, Telegram @{USERNAME}", {"out_of_scope": 0.8}, ReplyKind.FALLBACK),
    ("tôi cần luật sư, gọi cho Lan ở 323-555-0187", {"legal_aid": 0.91}, ReplyKind.ANSWER),
    (
        "My name is Lan Nguyen, I live at 6550 Miles Ave, Huntington Park. Can my landlord report me?",
        {"report_violation": 0.35, "legal_aid": 0.3},
        ReplyKind.SUGGEST,
    ),
    ("email me: lan.nguyen85@gmail.com", {"out_of_scope": 0.9}, ReplyKind.FALLBACK),
]
STORED_QUESTIONS = {
    "Số điện thoại của tôi là <PHONE>, Telegram <USERNAME>",
    "My name is <NAME>, I live at <ADDRESS>. Can my landlord report me?",
    "email me: <EMAIL>",
}


def test_a_person_who_gives_away_everything_leaves_no_trace(
    database: Database,
    settings: Settings,
    content_store: ContentStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    nlu = FakeNlu()
    log = DatabaseEventLog(database.engine)
    log.start()
    try:
        conversations = build(settings, nlu, content_store, log).conversations

        async def talk() -> None:
            for text, scores, expected in SCRIPT:
                nlu.will_answer(" ".join(text.lower().split()), **scores)
                reply = await conversations.message(CHAT_ID, text, None)
                assert reply.kind == expected, f"{text!r}: {reply.kind} (NLU saw {nlu.calls[-1]!r})"
            conversations.press(CHAT_ID, "feedback:yes:legal_aid", "vi")

        asyncio.run(talk())
        assert log.flush()
    finally:
        stats = log.stop()
    assert (stats.written, stats.dropped) == (len(SCRIPT) + 1 + len(STORED_QUESTIONS), 0)

    rows = database.dump()
    tables = {table for table, _ in rows}
    assert {"events", "feedback", "unanswered_questions"} <= tables, (
        "the script stored nothing: the test proves nothing"
    )
    assert {values[3] for table, values in rows if table == "unanswered_questions"} == STORED_QUESTIONS
    dump = "\n".join(f"{table}: {values!r}" for table, values in rows)
    logs = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in caplog.records)
    for identifier in IDENTIFIERS:
        pattern = re.compile(rf"(?<![\w]){re.escape(identifier)}(?![\w])", re.IGNORECASE)
        assert not pattern.search(dump), f"{identifier!r} is in the database:\n{dump}"
        assert not pattern.search(logs), f"{identifier!r} is in the logs:\n{logs}"
    for text, _scores, kind in SCRIPT:
        if kind == ReplyKind.ANSWER:
            assert text not in dump, "the text of an answered question was stored"
    pseudonyms = {str(values[2]) for table, values in rows if table == "events"}
    assert len(pseudonyms) == 1 and str(CHAT_ID) not in pseudonyms.pop()
