"""Put the diacritics back on Vietnamese typed without them, from the accented examples we already have.

Why: the sentence-embedding model (multilingual-e5) learned Vietnamese from accented text, so
"toi can luat su" means much less to it than "tôi cần luật sư". The classifier's character n-grams
are folded and do not care; the e5 vector does. A general-purpose restorer (pyvi's character CRF) got 67 %
of the words right on our validation questions ("luật sự", "cửa sổ đi trụ" for "luật sư", "của sở di
trú"); a word-bigram model learned from our own accented training examples gets 92 %.

How: every accented word is indexed under its folded form ("luat" -> "luật", "cua" -> "của", "cửa",
"cua"); a Viterbi pass over the message picks, for each word, the form that best fits its neighbours (bigram
counts with a unigram back-off). Words never seen accented (English, "ICE", "ko") stay as typed.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.core.language import detect_language
from bot.core.text import fold_diacritics, has_vietnamese_letters

_WORD = re.compile(r"\w+")
_START, _END = "<s>", "</s>"
#: Weight of the unigram back-off against a word's bigram counts (add-k smoothing towards it).
_BACKOFF = 1.0
#: Pseudo-count that keeps a form seen once from scoring zero.
_PSEUDO = 0.1
_FORMAT = 1


def needs_restoring(text: str) -> bool:
    """True for a Vietnamese message typed without any Vietnamese letter: the one kind we restore.

    >>> needs_restoring("toi can luat su")
    True
    >>> needs_restoring("tôi cần luật sư"), needs_restoring("where can I find a lawyer")
    (False, False)
    """
    return not has_vietnamese_letters(text) and detect_language(text) == "vi"


@dataclass
class DiacriticRestorer:
    """A word-bigram model of accented Vietnamese: `learn` it from examples, then `restore` messages."""

    unigrams: Counter[str] = field(default_factory=Counter)
    bigrams: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: Each folded word's accented forms, derived from the unigrams.
    forms: dict[str, list[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        forms: defaultdict[str, set[str]] = defaultdict(set)
        for word in self.unigrams:
            forms[fold_diacritics(word)].add(word)
        self.forms = {key: sorted(values) for key, values in forms.items()}

    @classmethod
    def learn(cls, texts: Iterable[str]) -> DiacriticRestorer:
        """Count words and word pairs of the (lower-case) texts that carry Vietnamese letters.

        >>> r = DiacriticRestorer.learn(["tôi cần luật sư", "luật sư ở đâu", "English is skipped"])
        >>> r.forms["luat"], r.unigrams["sư"]
        (['luật'], 2)
        """
        unigrams: Counter[str] = Counter()
        bigrams: Counter[tuple[str, str]] = Counter()
        for text in texts:
            if not has_vietnamese_letters(text):
                continue
            words = _WORD.findall(text.lower())
            unigrams.update(words)
            bigrams.update(itertools.pairwise([_START, *words, _END]))
        return cls(unigrams, bigrams)

    def _candidates(self, word: str) -> list[str]:
        return self.forms.get(word, [word]) if word.isascii() else [word]

    def _step(self, previous: list[tuple[str, float, int]], candidates: list[str]) -> list[tuple[str, float, int]]:
        """The next Viterbi layer: for each candidate form, its best path score and predecessor.

        log P(form | previous word) among the forms that fold alike, backed off to their unigram shares;
        the shares depend only on the candidates and each predecessor's context total only on it, so
        both are computed once per layer rather than once per (predecessor, form) pair."""
        total = sum(self.unigrams[c] for c in candidates) + _PSEUDO * len(candidates)
        contexts = [sum(self.bigrams[prev, c] for c in candidates) + _BACKOFF for prev, _score, _back in previous]
        layer = []
        for form in candidates:
            prior = _BACKOFF * ((self.unigrams[form] + _PSEUDO) / total)
            scores = [
                score + math.log((self.bigrams[prev, form] + prior) / context)
                for (prev, score, _back), context in zip(previous, contexts, strict=True)
            ]
            back = max(range(len(scores)), key=scores.__getitem__)
            layer.append((form, scores[back], back))
        return layer

    def _log_end(self, word: str) -> float:
        """log P(the message ends after `word`), smoothed: "nhé" ends messages, "của" does not."""
        return math.log((self.bigrams[word, _END] + _PSEUDO) / (self.unigrams[word] + 1))

    def restore(self, text: str) -> str:
        """Return `text` (lower case) with the most likely accented form of each known word.

        >>> r = DiacriticRestorer.learn(["tôi cần luật sư", "cơ quan di trú đến nhà", "sở di trú gõ cửa"])
        >>> r.restore("toi can luat su, ICE go cua")
        'tôi cần luật sư, ice gõ cửa'
        """
        text = text.lower()
        spans = list(_WORD.finditer(text))
        if not spans:
            return text
        # layers[i][j] = (form, best log score of a path ending in it, index of its predecessor)
        layers: list[list[tuple[str, float, int]]] = [[(_START, 0.0, 0)]]
        for match in spans:
            layers.append(self._step(layers[-1], self._candidates(match.group())))
        last = layers[-1]
        best = max(range(len(last)), key=lambda i: last[i][1] + self._log_end(last[i][0]))
        chosen: list[str] = []
        for layer in reversed(layers[1:]):
            form, _score, back = layer[best]
            chosen.append(form)
            best = back
        chosen.reverse()
        pieces, position = [], 0
        for match, form in zip(spans, chosen, strict=True):
            pieces += [text[position : match.start()], form]
            position = match.end()
        pieces.append(text[position:])
        return "".join(pieces)

    def to_json(self) -> str:
        """The counts as JSON (the forms are derived from the unigrams)."""
        return json.dumps(
            {
                "format": _FORMAT,
                "unigrams": dict(self.unigrams),
                "bigrams": [[a, b, n] for (a, b), n in self.bigrams.items()],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, data: str) -> DiacriticRestorer:
        """Rebuild a restorer saved by `to_json`; ValueError saying what is wrong otherwise.

        >>> r = DiacriticRestorer.learn(["luật sư ở đâu"])
        >>> DiacriticRestorer.from_json(r.to_json()) == r
        True
        >>> DiacriticRestorer.from_json('{"format": 0}')
        Traceback (most recent call last):
        ValueError: diacritics model: format 0, expected 1 (retrain the NLU model)
        """
        try:
            raw = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ValueError(f"diacritics model: not JSON ({exc})") from None
        if not isinstance(raw, dict) or raw.get("format") != _FORMAT:
            found = raw.get("format") if isinstance(raw, dict) else type(raw).__name__
            raise ValueError(f"diacritics model: format {found}, expected {_FORMAT} (retrain the NLU model)")
        try:
            unigrams = Counter({str(w): int(n) for w, n in raw["unigrams"].items()})
            bigrams = Counter({(str(a), str(b)): int(n) for a, b, n in raw["bigrams"]})
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"diacritics model: malformed counts ({exc!r})") from None
        return cls(unigrams, bigrams)
