"""Conversations with the real Application over a recording Bot API: commands, menus, feedback, fallbacks."""

from __future__ import annotations

import phonenumbers
import pytest
from babel.dates import format_date

from bot.content.store import ContentStore
from bot.core.model import ReplyKind
from bot.tg import render
from bot.tg.runner import AnyApplication
from tests.fakes import FakeNlu, RecordingEventLog, RecordingRequest
from tests.tg.tester import ChatTester, visible


async def test_start_offers_both_languages_then_welcomes_in_the_chosen_one(
    person: ChatTester, recording_request: RecordingRequest
) -> None:
    await person.send("/start")
    choice = person.expect("Chọn ngôn ngữ của bạn:", "Choose your language:", buttons=("Tiếng Việt", "English"))
    await person.press("English")
    welcome = person.expect(
        "I answer common questions",  # what it does (content/en/greet.md)
        "I do not keep your name, username, phone number or Telegram account",  # what it does not store
        buttons=("Urgent help lines", "Know your rights", "Help and programs"),
    )
    assert welcome.message_id == choice.message_id and welcome.edits == 1, "the choice is edited, not repeated"
    assert len(recording_request.called("sendMessage")) == 1
    await person.send("/menu")
    person.expect("Choose a topic:")  # the interface now speaks English though the app is in Vietnamese


async def test_vietnamese_question_without_diacritics_gets_the_answer_feedback_and_related_topics(
    person: ChatTester, fake_nlu: FakeNlu, event_log: RecordingEventLog, content_store: ContentStore
) -> None:
    fake_nlu.will_answer("toi can luat su mien phi", legal_aid=0.91, vietnamese_legal_help=0.05)
    await person.send("toi can luat su mien phi")
    answer = content_store.index.answer("legal_aid", "vi")
    assert answer is not None
    reviewed = format_date(answer.reviewed, format="long", locale="vi")  # e.g. "21 tháng 11, 2026"
    person.expect(
        "CHIRLA",
        f"Kiểm tra lần cuối: {reviewed}",
        buttons=("Hữu ích", "Không hữu ích", "Trợ giúp pháp lý bằng tiếng Việt"),
    )
    keyboard = person.request.called("sendMessage")[-1].params["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in keyboard[0]] == ["Hữu ích", "Không hữu ích"], "feedback buttons share one row"
    (event,) = event_log.events
    assert (event.intent, event.answered, event.language) == ("legal_aid", True, "vi")
    assert event_log.questions == []


async def test_menu_browses_categories_and_topics_by_editing_one_message(
    person: ChatTester, recording_request: RecordingRequest
) -> None:
    await person.send("/menu")
    menu = person.expect("Chọn một chủ đề:", buttons=("Đường dây trợ giúp khẩn cấp", "Biết quyền của bạn"))
    await person.press("Biết quyền của bạn")
    person.expect("Biết quyền của bạn", buttons=("« Quay lại",))
    await person.press("cửa")  # "Nhân viên di trú đang ở trước cửa nhà"
    page = person.expect("888-624-4752", "Kiểm tra lần cuối:", buttons=("Hữu ích", "« Quay lại"))
    await person.press("« Quay lại")
    person.expect("Biết quyền của bạn")
    await person.press("« Quay lại")
    person.expect("Chọn một chủ đề:")
    assert page.message_id == menu.message_id and menu.edits == 4
    assert len(recording_request.called("sendMessage")) == 1, "navigation never floods the chat"


async def test_feedback_is_thanked_counted_and_its_buttons_removed(
    person: ChatTester, fake_nlu: FakeNlu, event_log: RecordingEventLog
) -> None:
    fake_nlu.will_answer("what is a red card", red_card=0.93)
    await person.send("what is a red card")
    person.expect("red card", buttons=("Helpful", "Not helpful"))
    await person.press("Not helpful")
    assert person.toasts == ["Thank you for your feedback."]
    labels = [label for label, _ in person.last.buttons]
    assert "Helpful" not in labels and "Not helpful" not in labels and labels, person.log
    (feedback,) = event_log.feedbacks
    assert (feedback.answer_id, feedback.helpful, feedback.language) == ("red_card", False, "en")


async def test_unsure_offers_did_you_mean_and_a_choice_replaces_the_question(
    person: ChatTester, fake_nlu: FakeNlu, event_log: RecordingEventLog
) -> None:
    fake_nlu.will_answer("giay to cua ice", warrant_types=0.34, ice_at_door=0.31, red_card=0.2)
    await person.send("giay to cua ice")
    question = person.expect("Có phải bạn muốn hỏi", buttons=("Không phải những điều này",))
    assert len(question.buttons) == 4, person.log  # three candidate topics and "none of these"
    assert [q.text for q in event_log.questions] == ["giay to cua ice"], "unsure questions go to staff review"
    await person.press(question.buttons[0][0])
    person.expect(buttons=("Hữu ích",))
    assert person.last.message_id == question.message_id


async def test_nothing_fits_says_so_offers_menu_and_legal_help_and_hands_the_question_to_review(
    person: ChatTester, fake_nlu: FakeNlu, event_log: RecordingEventLog
) -> None:
    await person.send("what's the weather in Santa Ana tomorrow")
    person.expect("Sorry, I can't answer that question.", "888-624-4752", buttons=("Urgent help lines", "Know your"))
    assert event_log.events[0].kind == ReplyKind.FALLBACK
    assert [q.text for q in event_log.questions] == ["what's the weather in Santa Ana tomorrow"]


async def test_hotline_puts_chirla_first_and_takes_every_number_from_the_content(
    person: ChatTester, content_store: ContentStore
) -> None:
    await person.send("/hotline")
    shown = person.expect(
        "888-624-4752",
        buttons=("Nhân viên di trú đang ở trước cửa nhà", "Báo cáo hoạt động của ICE", "Tất cả chủ đề"),
    )
    numbers = [m.raw_string for m in phonenumbers.PhoneNumberMatcher(visible(shown.text), "US")]
    assert numbers and numbers[0] == "888-624-4752", numbers
    every_file = " ".join(a.body for a in content_store.index.documents().values())
    assert all(n in every_file for n in numbers), "a number not written in any content file"
    urgent = {a.title for a in content_store.index.topics("vi") if a.urgent}
    assert urgent <= {label for label, _ in shown.buttons}


async def test_help_privacy_and_lang(person: ChatTester) -> None:
    await person.send("/help")
    person.expect("/hotline", "/privacy")
    await person.send("/privacy")
    person.expect("Không lưu")
    await person.send("/lang en")
    person.expect("OK, I will reply in this language from now on.", buttons=("Urgent help lines",))
    await person.send("/lang")
    person.expect("Choose your language:", buttons=("Tiếng Việt", "English"))
    await person.press("Tiếng Việt")
    person.expect("Dạ, từ giờ tôi sẽ trả lời bằng tiếng Việt.")


async def test_non_text_gets_a_polite_note_and_nothing_is_counted(
    person: ChatTester, fake_nlu: FakeNlu, event_log: RecordingEventLog, recording_request: RecordingRequest
) -> None:
    await person.share("contact", {"phone_number": "+13235550147", "first_name": "Lan", "user_id": 4242})
    person.expect("Xin đừng gửi danh bạ ở đây")
    await person.share("location", {"latitude": 33.98, "longitude": -118.22})
    person.expect("Xin đừng gửi vị trí của bạn ở đây")
    for kind, payload in [
        ("voice", {"file_id": "v1", "file_unique_id": "v1", "duration": 3}),
        ("photo", [{"file_id": "p1", "file_unique_id": "p1", "width": 10, "height": 10}]),
        (
            "sticker",
            {
                "file_id": "s1",
                "file_unique_id": "s1",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            },
        ),
        ("document", {"file_id": "d1", "file_unique_id": "d1"}),
    ]:
        await person.share(kind, payload)
        person.expect("Tôi chỉ đọc được chữ gõ vào.")
    assert fake_nlu.calls == [] and event_log.events == [] and event_log.questions == []
    sent = " ".join(str(c.params) for c in recording_request.calls)
    assert "3235550147" not in sent and "33.98" not in sent


async def test_edited_question_is_answered_again_as_a_reply_to_it(person: ChatTester, fake_nlu: FakeNlu) -> None:
    fake_nlu.will_answer("what is a red card", red_card=0.93)
    await person.send("what is a rde crad")
    await person.edit(1, "what is a red card")
    person.expect("red card", buttons=("Helpful",))
    assert person.request.called("sendMessage")[-1].params["reply_parameters"]["message_id"] == 1


async def test_emoji_only_and_very_long_messages(
    person: ChatTester, fake_nlu: FakeNlu, event_log: RecordingEventLog
) -> None:
    await person.send("🙏🙏")
    person.expect("Xin bạn gõ câu hỏi bằng chữ")
    await person.send("toi bi bat " * 400)  # 4,000 characters
    person.expect("Tin nhắn của bạn rất dài")
    assert fake_nlu.calls == [] and event_log.questions == []


async def test_in_a_group_it_answers_only_when_addressed_and_never_tells_members_apart(
    application: AnyApplication, recording_request: RecordingRequest, fake_nlu: FakeNlu, event_log: RecordingEventLog
) -> None:
    group = {"id": -100123, "type": "supergroup", "title": "Neighbours"}
    member = ChatTester(
        application,
        recording_request,
        user={"id": 99, "is_bot": False, "first_name": "Minh", "username": "minh_hp"},
        chat=group,
    )
    await member.send("has anyone seen ICE on Florence Ave?")
    assert recording_request.called("sendMessage") == [] and fake_nlu.calls == []
    await member.share("photo", [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}])
    await member.share("new_chat_members", [{"id": 5, "is_bot": False, "first_name": "New"}])
    assert recording_request.called("sendMessage") == [], "nothing in a group is answered unless addressed"
    fake_nlu.will_answer("what is a red card", red_card=0.93)
    mention = "@sanctuary_test_bot"
    await member.send(f"{mention} what is a red card", entities=[{"type": "mention", "offset": 0, "length": 19}])
    reply = member.expect("red card")
    assert fake_nlu.calls == ["what is a red card"], "the mention is not part of the question"
    assert event_log.events[-1].conversation is None, "group messages get no pseudonym"
    fake_nlu.will_answer("and at school", ice_at_school=0.9)
    await member.send(
        "and at school",
        reply_to_message={"message_id": reply.message_id, "date": 0, "chat": group, "from": RecordingRequest.BOT_USER},
    )
    assert len(recording_request.called("sendMessage")) == 2


async def test_long_reply_is_sent_in_parts_with_the_buttons_under_the_last(
    person: ChatTester, recording_request: RecordingRequest, fake_nlu: FakeNlu, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "MESSAGE_LIMIT", 900)  # the real answers fit 4096; a smaller limit makes them split
    fake_nlu.will_answer("legal help", legal_aid=0.95)
    await person.send("legal help")
    sent = recording_request.called("sendMessage")
    assert len(sent) > 1 and all(len(c.params["text"]) <= 900 for c in sent)
    assert [("reply_markup" in c.params) for c in sent] == [False] * (len(sent) - 1) + [True]
    assert visible(sent[0].params["text"]).startswith("You can get free or low-cost immigration legal help")


async def test_a_message_that_can_no_longer_be_edited_gets_a_new_one(
    person: ChatTester, recording_request: RecordingRequest
) -> None:
    await person.send("/menu")
    recording_request.fail_next("editMessageText", "bad_request")  # e.g. too old to edit
    await person.press("Biết quyền của bạn")
    assert len(recording_request.called("sendMessage")) == 2
    person.expect("Biết quyền của bạn", buttons=("« Quay lại",))
