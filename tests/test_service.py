"""The application service: replies are counted without identity; unanswered questions go to review."""

from __future__ import annotations

import datetime as dt

from bot.app import Components, build
from bot.content.store import ContentStore
from bot.core.model import ReplyKind
from bot.core.pseudonym import Pseudonymizer
from bot.settings import Settings
from tests.fakes import FakeNlu, RecordingEventLog


def _wired(settings: Settings, nlu: FakeNlu, store: ContentStore) -> tuple[Components, RecordingEventLog]:
    log = RecordingEventLog()
    return build(settings, nlu, store, log), log


async def test_answered_message_is_counted_without_text_or_chat_id(
    settings: Settings, fake_nlu: FakeNlu, content_store: ContentStore
) -> None:
    components, log = _wired(settings, fake_nlu, content_store)
    fake_nlu.will_answer("toi can luat su", legal_aid=0.9)
    reply = await components.conversations.message(123456789, "toi can luat su", None)
    (event,) = log.events
    assert (event.intent, event.answered, event.answer_id, event.language) == ("legal_aid", True, "legal_aid", "vi")
    assert event.revision == reply.revision and event.latency_ms >= 0
    assert event.conversation is not None and "123456789" not in event.conversation
    assert "toi can luat su" not in repr(event)
    assert log.questions == []


async def test_unanswered_question_goes_to_review(
    settings: Settings, fake_nlu: FakeNlu, content_store: ContentStore
) -> None:
    components, log = _wired(settings, fake_nlu, content_store)
    reply = await components.conversations.message(1, "how do I renew my green card", "en")
    assert reply.kind == ReplyKind.FALLBACK
    assert [q.text for q in log.questions] == ["how do I renew my green card"]
    assert log.events[0].answered is False and log.events[0].answer_id is None


def test_feedback_press_is_counted_with_the_answer_revision(
    settings: Settings, fake_nlu: FakeNlu, content_store: ContentStore
) -> None:
    components, log = _wired(settings, fake_nlu, content_store)
    reply = components.conversations.press(1, "feedback:no:red_card", "vi")
    (feedback,) = log.feedbacks
    assert (feedback.answer_id, feedback.helpful, feedback.language) == ("red_card", False, "vi")
    assert feedback.revision == content_store.index.answer("red_card", "vi").revision  # type: ignore[union-attr]
    assert reply.plain == "Cảm ơn bạn đã góp ý."


def test_pseudonym_is_stable_within_a_day_and_unlinkable_across_days() -> None:
    now = [dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)]
    pseudonymize = Pseudonymizer(clock=lambda: now[0])
    morning = pseudonymize(42)
    now[0] = now[0].replace(hour=23)
    assert pseudonymize(42) == morning
    assert pseudonymize(43) != morning
    now[0] = now[0] + dt.timedelta(hours=2)
    assert pseudonymize(42) != morning
