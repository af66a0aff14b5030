"""The real bot, the real Rasa server and a Bot API emulator, over real HTTP: polling and webhook mode."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bot import PROJECT_ROOT
from bot.content.store import ContentStore
from bot.nlu_client import parse_response
from bot.nlu_service import NluEndpoint
from tests.e2e.conftest import RunningBot, start_bot, stop_bot
from tests.e2e.emulator import Emulator, EmulatorChat

pytestmark = pytest.mark.integration

#: Someone who can be identified; none of this may appear in the bot's logs.
LAN = {
    "id": 555000111,
    "is_bot": False,
    "first_name": "Thị Lan",
    "last_name": "Nguyễn",
    "username": "lan_hp_e2e",
    "language_code": "vi",
}
MINH = {"id": 555000222, "is_bot": False, "first_name": "Minh", "username": "minh_e2e", "language_code": "en"}
#: Where the transcripts go (ignored by git): the report quotes one.
TRANSCRIPTS = PROJECT_ROOT / ".cache" / "e2e"


@pytest.fixture(scope="module")
def polling_bot(
    emulator: Emulator, rasa_server: NluEndpoint, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningBot]:
    """The bot by long polling."""
    bot = start_bot(emulator, rasa_server, tmp_path_factory.mktemp("polling-data"), webhook=False)
    try:
        yield bot
    finally:
        stop_bot(bot)


@pytest.fixture(scope="module")
def webhook_bot(
    emulator: Emulator, rasa_server: NluEndpoint, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningBot]:
    """The bot behind its webhook server, with a secret token."""
    bot = start_bot(emulator, rasa_server, tmp_path_factory.mktemp("webhook-data"), webhook=True)
    try:
        yield bot
    finally:
        stop_bot(bot)


#: Vague questions, typed without diacritics, that a model may well be unsure about ("help with papers",
#: "a question about the law", ...). Which of them the model is unsure of moves with the training data.
VAGUE = (
    "toi can giup ve giay to",
    "cho toi hoi ve luat",
    "giay to cua toi",
    "toi lo qua khong biet lam sao",
    "hoi chut ve thanh pho",
    "toi can nguoi giup",
    "co chuyen voi nguoi nha",
)
#: The confidence band the "Did you mean…?" step needs under the bot's fixed e2e policy (answer 0.5, suggest
#: 0.2), with a margin either side so the phrase chosen here is unsure to the bot too.
UNSURE = (0.25, 0.45)


def unsure_phrase(rasa: NluEndpoint) -> str:
    """The first of VAGUE whose top topic the real model gives a confidence inside UNSURE.

    The e2e test checks the Telegram side of "Did you mean…?"; which phrase triggers it is the model's
    business, so it is asked rather than hard-coded (a phrase fixed here broke when data rounds moved it).
    """
    store = ContentStore(PROJECT_ROOT / "content")
    store.reload()
    topics = {answer.id for answer in store.index.topics("vi")}
    seen = []
    for phrase in VAGUE:
        response = httpx.post(f"{rasa.url}/model/parse", params={"token": rasa.token}, json={"text": phrase})
        top = parse_response(response.json()).top
        assert top is not None, f"the NLU server ranked nothing for {phrase!r}"
        seen.append(f"{phrase!r}: {top.name} {top.confidence:.2f}")
        if top.name in topics and UNSURE[0] <= top.confidence < UNSURE[1]:
            return phrase
    pytest.fail("the model is sure (or gives up) on every vague phrase; add one it is unsure of:\n" + "\n".join(seen))


def _save(name: str, chat: EmulatorChat, bot: RunningBot) -> None:
    """Keep the transcript, the emulator's raw record of the chat and the bot's output, for reading."""
    TRANSCRIPTS.mkdir(parents=True, exist_ok=True)
    (TRANSCRIPTS / f"{name}.txt").write_text("\n".join(chat.transcript) + "\n", encoding="utf-8")
    (TRANSCRIPTS / f"{name}-emulator.json").write_text(json.dumps(chat.history(), ensure_ascii=False, indent=1))
    (TRANSCRIPTS / f"{name}-bot.log").write_text(bot.output, encoding="utf-8")


def _assert_nothing_identifying(text: str, where: str, person: dict[str, Any], *said: str) -> None:
    for secret in (str(person["id"]), person["first_name"], person.get("last_name"), person["username"], *said):
        if secret:
            assert secret not in text, f"{secret!r} appears in {where}"


def _assert_logs_clean(bot: RunningBot, person: dict[str, Any], *said: str) -> None:
    _assert_nothing_identifying(bot.output, "the bot's output", person, *said)
    assert bot.token.split(":")[1] not in bot.output, "the bot token appears in the bot's output"


def test_a_conversation_by_long_polling(emulator: Emulator, polling_bot: RunningBot, rasa_server: NluEndpoint) -> None:
    chat = EmulatorChat(emulator.url, polling_bot.token, LAN)
    try:
        # /start and the language choice: one message, edited in place into the welcome.
        choice = chat.expect(chat.send("/start"), "Choose your language:", buttons=("Tiếng Việt", "English"))
        welcome = chat.expect(
            chat.press("English"),
            "I answer common questions",
            "I do not keep your name",
            buttons=("Urgent help lines", "Know your rights"),
        )
        assert welcome.message_id == choice.message_id

        # A Vietnamese question typed without diacritics, answered in Vietnamese by the real NLU.
        answer = chat.expect(
            chat.send("toi can luat su mien phi"),
            "888-624-4752",
            "Kiểm tra lần cuối:",
            buttons=("Hữu ích", "Không hữu ích"),
        )

        # Feedback: thanked with a toast, and its buttons go so it cannot be counted twice.
        edited = chat.press("Không hữu ích")
        assert [a["text"] for a in chat.callback_answers()][-1] == "Cảm ơn bạn đã góp ý."
        assert edited and edited[-1].message_id == answer.message_id
        labels = [label for label, _ in edited[-1].buttons]
        assert labels and not any("hữu ích" in label.casefold() for label in labels), chat.transcript

        # The menu: categories -> topics -> an answer -> back, all in one message.
        menu = chat.expect(chat.send("/menu"), "Choose a topic:", buttons=("Know your rights",))
        chat.expect(chat.press("Know your rights"), "Know your rights", buttons=("« Back",))
        page = chat.expect(chat.press("at my door"), "judicial warrant", buttons=("Helpful", "« Back"))
        chat.expect(chat.press("« Back"), "Know your rights")
        assert page.message_id == menu.message_id

        # Not sure: "Did you mean…?" with candidate topics; a choice replaces the question.
        question = chat.expect(
            chat.send(unsure_phrase(rasa_server)), "Có phải bạn muốn hỏi", buttons=("Không phải những điều này",)
        )
        assert len(question.buttons) >= 2, chat.transcript
        chosen = chat.press(question.buttons[0][0])
        assert chosen and chosen[-1].message_id == question.message_id, chat.transcript

        # Nothing fits: said plainly, with the menu and the legal-help line.
        chat.expect(
            chat.send("what's the weather in Santa Ana tomorrow"),
            "Sorry, I can't answer that question.",
            "888-624-4752",
            buttons=("Urgent help lines", "Know your rights"),
        )
    finally:
        _save("polling", chat, polling_bot)
        chat.close()
    _assert_logs_clean(polling_bot, LAN, "toi can luat su", "Santa Ana")
    dump = polling_bot.database_dump(containing="legal_aid")
    _assert_nothing_identifying(dump, "the conversation log", LAN, "toi can luat su")


def test_commands_are_registered_in_both_languages(emulator: Emulator, polling_bot: RunningBot) -> None:
    def commands(language: str) -> dict[str, str]:
        response = httpx.post(f"{emulator.url}/bot{polling_bot.token}/getMyCommands", data={"language_code": language})
        return {c["command"]: c["description"] for c in response.json()["result"]}

    english, vietnamese = commands("en"), commands("vi")
    assert set(english) == set(vietnamese) == {"start", "menu", "hotline", "help", "lang", "privacy"}
    assert english["hotline"] == "Urgent help lines" and vietnamese["hotline"] == "Đường dây trợ giúp khẩn cấp"


def test_webhook_mode_answers_and_refuses_forged_updates(emulator: Emulator, webhook_bot: RunningBot) -> None:
    assert webhook_bot.webhook_url is not None and webhook_bot.webhook_secret is not None
    chat = EmulatorChat(emulator.url, webhook_bot.token, MINH)
    try:
        chat.expect(chat.send("/start"), "Chọn ngôn ngữ của bạn:")
        chat.expect(chat.press("Tiếng Việt"), "Xin chào", buttons=("Đường dây trợ giúp khẩn cấp",))
        chat.expect(chat.send("can ICE use city buildings?"), "city buildings", buttons=("Helpful",))
    finally:
        _save("webhook", chat, webhook_bot)
        chat.close()

    forged_chat = 31337
    forged = {
        "update_id": 999_999,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": forged_chat, "type": "private", "first_name": "Mallory"},
            "from": {"id": forged_chat, "is_bot": False, "first_name": "Mallory"},
            "text": "/hotline",
            "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
        },
    }
    without = httpx.post(webhook_bot.webhook_url, json=forged)
    wrong = httpx.post(
        webhook_bot.webhook_url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "not-the-secret-at-all"}
    )
    assert (without.status_code, wrong.status_code) == (403, 403)
    time.sleep(1.5)
    history = httpx.post(f"{emulator.url}/getUpdatesHistory", json={"token": webhook_bot.token}).json()["result"]
    sent_to_forger = [h for h in history if str((h.get("message") or {}).get("chat_id")) == str(forged_chat)]
    assert sent_to_forger == [], "a forged update was answered"
    _assert_logs_clean(webhook_bot, MINH, "city buildings")
