"""A whole conversation through the bot leaves no trace of who had it, in the database or in the logs."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot import app
from bot.content.store import ContentStore
from bot.settings import Settings
from bot.storage import open_event_log
from bot.tg.runner import build_application
from tests.fakes import FakeNlu, RecordingRequest
from tests.tg.conftest import TOKEN
from tests.tg.tester import ChatTester

#: A person Telegram describes fully: id, username, full name, app language.
LAN = {
    "id": 987654321,
    "is_bot": False,
    "first_name": "Thị Lan",
    "last_name": "Nguyễn",
    "username": "lan_hp",
    "language_code": "vi",
}
PHONE = "+13235550147"
LATITUDE, LONGITUDE = 33.981234, -118.225678
#: Everything that could identify her, in the forms it could take, and the text of a question she was answered.
IDENTIFIERS = (
    "987654321",
    "Thị Lan",
    "Nguyễn",
    "Nguyen",
    "lan_hp",
    "3235550147",
    "323-555-0147",
    "555-0147",
    "33.981234",
    "118.225678",
    "toi can luat su mien phi",
)


async def test_a_scripted_conversation_leaves_no_identifier_in_the_database_or_the_logs(
    tmp_path: Path, fake_nlu: FakeNlu, content_store: ContentStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    database = tmp_path / "log.db"
    settings = Settings(
        telegram_bot_token=SecretStr(TOKEN),
        database_url=SecretStr(f"sqlite:///{database}"),
        data_dir=tmp_path,
        nlu_cache_dir=tmp_path / "nlu-cache",
    )
    fake_nlu.will_answer("toi can luat su mien phi", legal_aid=0.92)
    fake_nlu.will_answer("giay to cua ice", warrant_types=0.34, ice_at_door=0.31)
    with open_event_log(settings) as event_log:
        components = app.build(settings, fake_nlu, content_store, event_log)
        request = RecordingRequest()
        application = build_application(components, request)
        await application.initialize()
        try:
            lan = ChatTester(application, request, user=LAN)
            await lan.send("/start")
            await lan.press("Tiếng Việt")
            await lan.send("toi can luat su mien phi")  # answered: its text must not be kept
            await lan.press("Hữu ích")
            await lan.send("/menu")
            await lan.press("Biết quyền của bạn")
            await lan.press("cửa")
            await lan.send("giay to cua ice")  # unsure: goes to review, redacted
            await lan.send("toi ten la Nguyen Thi Lan, so dien thoai 323-555-0147, chong toi bi bat thi sao")
            await lan.share(
                "contact", {"phone_number": PHONE, "first_name": "Thị Lan", "last_name": "Nguyễn", "user_id": LAN["id"]}
            )
            await lan.share("location", {"latitude": LATITUDE, "longitude": LONGITUDE})
            await lan.share("voice", {"file_id": "v", "file_unique_id": "v", "duration": 2})
            await lan.edit(3, "toi can luat su mien phi")
            await lan.send("/privacy")
        finally:
            await application.shutdown()
        assert event_log.flush(), "the event log did not write everything"
    with sqlite3.connect(database) as connection:
        dump = "\n".join(connection.iterdump())
    assert "legal_aid" in dump and "<PHONE>" in dump, "the log should hold the counts and the redacted question"
    logs = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    for identifier in IDENTIFIERS:
        assert identifier not in dump, f"{identifier!r} is in the database"
        assert identifier not in logs, f"{identifier!r} is in the logs"
