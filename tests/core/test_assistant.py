"""The core's decisions, with a FakeNlu and the real content and catalogs."""

from __future__ import annotations

from bot.app import Components
from bot.core.model import Query, ReplyKind
from tests.fakes import FakeNlu


async def test_confident_intent_serves_the_answer_in_the_message_language(
    components: Components, fake_nlu: FakeNlu
) -> None:
    fake_nlu.will_answer("toi can luat su mien phi", legal_aid=0.93, vietnamese_legal_help=0.04)
    reply = await components.assistant.reply(Query("Toi can  luat su MIEN PHI"))
    assert fake_nlu.calls == ["toi can luat su mien phi"]  # normalised before the NLU sees it
    assert (reply.kind, reply.language, reply.answer_id, reply.answered) == (ReplyKind.ANSWER, "vi", "legal_aid", True)
    assert reply.plain.startswith(components.content.index.answer("legal_aid", "vi").plain[:40])  # type: ignore[union-attr]
    assert "888-624-4752" in reply.plain  # the legal-help footer is appended
    labels = [b.label for b in reply.buttons]
    assert labels[:2] == ["Hữu ích", "Không hữu ích"]


async def test_english_question_gets_english_answer_even_when_person_chose_vietnamese(
    components: Components, fake_nlu: FakeNlu
) -> None:
    fake_nlu.will_answer("can ice use city buildings?", ice_city_facilities=0.97)
    reply = await components.assistant.reply(Query("can ICE use city buildings?", preferred_language="vi"))
    assert (reply.language, reply.answer_id) == ("en", "ice_city_facilities")
    assert "not legal advice" in reply.plain


async def test_out_of_scope_says_so_and_is_not_answered(components: Components, fake_nlu: FakeNlu) -> None:
    fake_nlu.will_answer("what is the weather tomorrow", out_of_scope=0.8, greet=0.1)
    reply = await components.assistant.reply(Query("what is the weather tomorrow"))
    assert (reply.kind, reply.answered, reply.answer_id) == (ReplyKind.FALLBACK, False, "out_of_scope")
    assert reply.intent == "out_of_scope"
    assert [b.action for b in reply.buttons][:1] == ["category:city"]


async def test_low_confidence_offers_candidate_topics(components: Components, fake_nlu: FakeNlu) -> None:
    fake_nlu.will_answer("ice school", ice_at_school=0.35, ice_city_facilities=0.3, greet=0.2)
    reply = await components.assistant.reply(Query("ICE school", preferred_language="en"))
    assert reply.kind == ReplyKind.SUGGEST and not reply.answered
    assert [b.action for b in reply.buttons] == ["topic:ice_at_school", "topic:ice_city_facilities", "menu"]


async def test_very_low_confidence_falls_back(components: Components, fake_nlu: FakeNlu) -> None:
    fake_nlu.will_answer("xyz", legal_aid=0.1, greet=0.05)
    reply = await components.assistant.reply(Query("xyz"))
    assert reply.kind == ReplyKind.FALLBACK


async def test_nlu_down_still_replies_with_topics_and_legal_help(components: Components) -> None:
    assistant = type(components.assistant)(
        FakeNlu(down=True), components.assistant._content, components.translators, components.assistant._policy
    )
    reply = await assistant.reply(Query("where can I find a lawyer"))
    assert reply.kind == ReplyKind.NLU_UNAVAILABLE and not reply.answered
    assert "cannot understand questions right now" in reply.plain
    assert "Know your rights" in reply.plain and "888-624-4752" in reply.plain
    assert "category:rights" in [b.action for b in reply.buttons]


async def test_change_language_switches_to_the_named_language(components: Components, fake_nlu: FakeNlu) -> None:
    fake_nlu.will_answer("answer in english please", change_language=0.95)
    reply = await components.assistant.reply(Query("answer in English please", preferred_language="vi"))
    assert (reply.kind, reply.language, reply.answered) == (ReplyKind.LANGUAGE_CHANGED, "en", True)


async def test_change_language_without_a_name_toggles(components: Components, fake_nlu: FakeNlu) -> None:
    fake_nlu.will_answer("doi ngon ngu", change_language=0.9)
    reply = await components.assistant.reply(Query("doi ngon ngu", preferred_language="vi"))
    assert reply.language == "en"


async def test_emoji_only_message_asks_for_words_without_calling_nlu(components: Components, fake_nlu: FakeNlu) -> None:
    reply = await components.assistant.reply(Query("👍🙏", preferred_language="vi"))
    assert reply.kind == ReplyKind.EMPTY and fake_nlu.calls == []
    assert reply.plain == "Xin bạn gõ câu hỏi bằng chữ, tiếng Việt hoặc tiếng Anh."


def test_menu_and_category_and_topic_buttons(components: Components) -> None:
    menu = components.assistant.press("menu", "en")
    assert [b.action for b in menu.buttons] == [
        "category:city",
        "category:rights",
        "category:schools_health",
        "category:help",
    ]
    rights = components.assistant.press("category:rights", "vi")
    actions = [b.action for b in rights.buttons]
    assert "topic:ice_at_door" in actions and actions[-1] == "menu"
    topic = components.assistant.press("topic:ice_at_door", "vi")
    assert topic.answer_id == "ice_at_door" and topic.language == "vi" and topic.confidence == 1.0
