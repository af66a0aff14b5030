"""The `ask` JSON-lines contract and the console chat, over a FakeNlu."""

from __future__ import annotations

import io
import json

from bot.app import Components
from bot.ask import ask_jsonl
from bot.console import run_console
from tests.fakes import FakeNlu

ASK_KEYS = {"text", "language", "intent", "confidence", "answered", "answer_id", "reply"}


async def test_jsonl_answers_every_line_in_order_and_reports_bad_lines(
    components: Components, fake_nlu: FakeNlu
) -> None:
    fake_nlu.will_answer("tro giup phap ly o dau", legal_aid=0.9)
    fake_nlu.will_answer("can ice use city buildings?", ice_city_facilities=0.95)
    stdin = io.StringIO(
        '{"text": "tro giup phap ly o dau"}\n'
        "this is not json\n"
        '{"question": "wrong key"}\n'
        "\n"
        '{"text": "can ICE use city buildings?"}\n'
    )
    stdout = io.StringIO()
    errors = await ask_jsonl(components.assistant, stdin, stdout)
    records = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert errors == 2 and len(records) == 4
    first, bad_json, bad_key, last = records
    assert set(first) == ASK_KEYS
    assert (first["language"], first["intent"], first["answered"], first["answer_id"]) == (
        "vi",
        "legal_aid",
        True,
        "legal_aid",
    )
    assert bad_json["line"] == 2 and bad_json["error"].startswith("line 2: not a valid question")
    assert bad_key["line"] == 3 and '"text"' in bad_key["error"]
    assert (last["text"], last["language"], last["answer_id"]) == (
        "can ICE use city buildings?",
        "en",
        "ice_city_facilities",
    )


async def test_jsonl_with_nlu_down_still_replies(components: Components, fake_nlu: FakeNlu) -> None:
    fake_nlu.down = True
    stdout = io.StringIO()
    await ask_jsonl(components.assistant, io.StringIO('{"text": "toi can luat su"}\n'), stdout)
    record = json.loads(stdout.getvalue())
    assert record["answered"] is False and record["answer_id"] is None
    assert "888-624-4752" in record["reply"] and "/menu" in record["reply"]


def test_console_chat_answers_presses_buttons_and_switches_language(components: Components, fake_nlu: FakeNlu) -> None:
    fake_nlu.will_answer("toi can luat su", legal_aid=0.9)
    fake_nlu.will_answer("hello", greet=0.95)
    stdin = io.StringIO("toi can luat su\n/lang en\nhello\n1\n/quit\n")
    stdout = io.StringIO()
    run_console(components.conversations, "vi", stdin, stdout)
    screen = stdout.getvalue()
    assert "  [1] Hữu ích" in screen  # buttons are numbered
    assert "OK, I will reply in this language from now on." in screen
    assert "  [1] City and ordinances" in screen  # greet shows the menu
    assert "Huntington Park" in screen  # pressing [1] opened the city category
