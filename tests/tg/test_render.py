"""Long answers split into valid Telegram messages; buttons laid out for small phones."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content.store import ContentStore
from bot.core.model import Button
from bot.tg.render import keyboard, split_html, visible_text, without_actions

_TAG = re.compile(r"<(/?)([a-z]+)[^>]*>")


def _balanced(part: str) -> bool:
    stack: list[str] = []
    for closing, name in _TAG.findall(part):
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


_word = st.text(alphabet="abcdeạồưĐ&<>", min_size=1, max_size=30).map(
    lambda w: w.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
)
_span = st.one_of(
    _word,
    _word.map(lambda w: f"<b>{w}</b>"),
    _word.map(lambda w: f'<a href="https://example.org/x">{w}</a>'),
    st.lists(_word, min_size=1, max_size=8).map(lambda ws: "<i>" + " ".join(ws) + "</i>"),
)
_html = st.lists(st.tuples(_span, st.sampled_from([" ", "\n", "\n\n"])), min_size=1, max_size=120).map(
    lambda pairs: "".join(s + sep for s, sep in pairs).strip()
)


@settings(max_examples=150, deadline=None)
@given(_html, st.integers(min_value=120, max_value=400))
def test_every_part_fits_is_balanced_and_nothing_is_lost(text: str, limit: int) -> None:
    parts = split_html(text, limit)
    assert all(len(p) <= limit for p in parts), [len(p) for p in parts]
    assert all(_balanced(p) for p in parts), parts
    assert visible_text(" ".join(parts)).replace(" ", "") == visible_text(text).replace(" ", "")


def test_a_real_answer_splits_between_paragraphs_or_lines(content_store: ContentStore) -> None:
    answer = content_store.index.answer("legal_aid", "en")
    assert answer is not None
    parts = split_html(answer.html, 1000)
    assert len(parts) > 1
    assert all(len(p) <= 1000 and _balanced(p) for p in parts)
    joined = "\n".join(parts)
    assert visible_text(joined) == visible_text(answer.html)


def test_short_text_is_one_part_unchanged() -> None:
    assert split_html("<b>Call</b> now") == ["<b>Call</b> now"]


def test_feedback_and_language_buttons_pair_up_the_rest_get_a_row_each() -> None:
    markup = keyboard(
        [
            Button("Helpful", "feedback:yes:legal_aid"),
            Button("Not helpful", "feedback:no:legal_aid"),
            Button("Free legal help", "topic:legal_aid"),
            Button("Too long", "topic:" + "x" * 70),
        ],
        "en",
    )
    assert markup is not None
    rows = [[b.text for b in row] for row in markup.inline_keyboard]
    assert rows == [["Helpful", "Not helpful"], ["Free legal help"]]  # callback data over 64 bytes is dropped
    assert markup.inline_keyboard[0][0].callback_data == "en:feedback:yes:legal_aid"
    after = without_actions(markup, "feedback:")
    assert after is not None and [[b.text for b in row] for row in after.inline_keyboard] == [["Free legal help"]]
