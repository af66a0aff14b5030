"""Diacritic restoration: learned from accented examples, chosen by context, saved and loaded safely."""

from __future__ import annotations

import re

import pytest

from bot.core.diacritics import DiacriticRestorer, needs_restoring
from bot.core.text import fold_diacritics, has_vietnamese_letters, normalize
from bot.nlu_eval import validation_split
from bot.nlu_service import DATA_DIR, read_dir

#: Word accuracy on the validation split measured 91.9 %, 91.6 % after data round 10 (README, "NLU pipeline");
#: pyvi's CRF: 66.6 %.
WORD_ACCURACY_FLOOR = 0.90

WORDS = re.compile(r"\w+")


def test_restores_held_back_training_questions() -> None:
    """Learn from the training split's accented examples, restore the folded validation questions."""
    train, validation = validation_split(read_dir(DATA_DIR))
    restorer = DiacriticRestorer.learn(normalize(e.text) for e in train)
    right = total = 0
    for example in validation:
        if example.group != "vi":
            continue
        expected = WORDS.findall(normalize(example.text))
        got = WORDS.findall(restorer.restore(fold_diacritics(normalize(example.text))))
        assert len(got) == len(expected), (example.text, got)
        total += len(expected)
        right += sum(a == b for a, b in zip(expected, got, strict=True))
    assert total > 1000
    assert right / total >= WORD_ACCURACY_FLOOR


def test_the_neighbours_choose_between_forms_that_fold_alike() -> None:
    restorer = DiacriticRestorer.learn(["có người gõ cửa", "gõ cửa nhà tôi", "nhà của tôi", "giấy tờ của tôi"])
    assert restorer.restore("ho go cua") == "ho gõ cửa"
    assert restorer.restore("giay to cua toi") == "giấy tờ của tôi"


def test_keeps_unknown_words_punctuation_and_spacing_as_typed() -> None:
    restorer = DiacriticRestorer.learn(["ice có vào được trường không"])
    assert restorer.restore("ICE co vao  duoc school ko?!") == "ice có vào  được school ko?!"
    assert restorer.restore("") == ""
    assert restorer.restore("👍 ...") == "👍 ..."


def test_accented_words_are_never_changed() -> None:
    restorer = DiacriticRestorer.learn(["luật sư ở đâu", "lụt ở đâu"])
    assert restorer.restore("lụt sư") == "lụt sư"


def test_learns_only_from_texts_with_vietnamese_letters() -> None:
    restorer = DiacriticRestorer.learn(["can I get a lawyer", "tôi cần luật sư"])
    assert restorer.forms["can"] == ["cần"]
    assert "lawyer" not in restorer.unigrams


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("toi can luat su", True),
        ("ICE co vao dc school ko", True),
        ("tôi cần luật sư", False),
        ("ICE có vào được school không", False),
        ("where can I find a free lawyer", False),
        ("ok", False),
    ],
)
def test_restores_only_vietnamese_typed_without_diacritics(text: str, expected: bool) -> None:
    assert needs_restoring(text) is expected


def test_saved_model_loads_back_the_same() -> None:
    restorer = DiacriticRestorer.learn(normalize(e.text) for e in read_dir(DATA_DIR)[:500])
    loaded = DiacriticRestorer.from_json(restorer.to_json())
    assert loaded == restorer
    assert all(has_vietnamese_letters(w) or w.isascii() for w in loaded.unigrams)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ("{not json", "not JSON"),
        ("[]", "format list, expected 1"),
        ('{"format": 2}', "format 2, expected 1"),
        ('{"format": 1, "unigrams": {"sư": 1}}', "malformed counts"),
        ('{"format": 1, "unigrams": {"sư": "x"}, "bigrams": []}', "malformed counts"),
        ('{"format": 1, "unigrams": {}, "bigrams": [["a", "b"]]}', "malformed counts"),
    ],
)
def test_a_damaged_model_file_is_refused_with_the_reason(data: str, says: str) -> None:
    with pytest.raises(ValueError, match="diacritics model") as raised:
        DiacriticRestorer.from_json(data)
    assert says in str(raised.value)
