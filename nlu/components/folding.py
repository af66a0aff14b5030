"""A whitespace tokenizer that also emits each Vietnamese word without its diacritics.

Residents often type Vietnamese without diacritics ("toi can luat su"). Emitting the folded
form next to the original ("luật" -> "luật", "luat") lets the count featurizers match both
spellings to the same feature, whichever way a training example or a message was typed.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

# The bot's own normaliser module (pure standard library, so it runs on Rasa's Python 3.10 too):
# training data, live messages and these features fold diacritics with one function.
import bot.core.text
from bot.core.text import fold_diacritics as fold
from components import source_fingerprint


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class FoldingWhitespaceTokenizer(WhitespaceTokenizer):
    """WhitespaceTokenizer plus a diacritic-free copy of every token that has diacritics."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Same options as WhitespaceTokenizer; `keep_original` keeps the accented token too."""
        return {**WhitespaceTokenizer.get_default_config(), "keep_original": True}

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """The folding this tokenizer runs (see `source_fingerprint`)."""
        return source_fingerprint(bot.core.text)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        """Tokenize on whitespace, then add folded copies (same character offsets)."""
        tokens = super().tokenize(message, attribute)
        result: List[Token] = []
        for token in tokens:
            folded = fold(token.text)
            if folded == token.text:
                result.append(token)
                continue
            if self._config["keep_original"]:
                result.append(token)
            result.append(Token(folded, token.start, token.end, lemma=folded))
        return result
