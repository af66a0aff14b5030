"""Intent classifier: sublinear TF-IDF over words and diacritic-folded character n-grams, optionally
joined with dense sentence vectors, into a logistic regression.

Rasa's own LogisticRegressionClassifier fits raw counts with a fixed regularisation, which trains
slowly and generalises worse on short questions; this component owns its vectorisers so they can be
TF-IDF weighted and tuned (C, n-gram ranges, dense weight) in config.yml.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.special import softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

import bot.core.text
import components.block_regression
from bot.core.text import fold_diacritics as fold
from components import source_fingerprint
from components.block_regression import BlockFeatures, fit_multinomial, process_threads

logger = logging.getLogger(__name__)

#: Types the persisted model may contain; anything else in a model file is refused on load.
_TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(IntentClassifier, GraphComponent):
    """TF-IDF (words + folded char n-grams) [+ dense sentence features] -> logistic regression."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Tunable in config.yml; defaults chosen on validation data (README, "NLU pipeline")."""
        return {
            "word_ngram_max": 2,
            "char_ngram_min": 2,
            "char_ngram_max": 5,
            "C": 20.0,
            "dense_weight": 1.0,  # 0 ignores dense features even when a featurizer provides them
            "max_iter": 3000,
            # what the regression's stopping tolerance (1e-4) bounds: "sum" (scikit-learn 1.1) or "mean" (1.4+)
            "stop_on": "sum",
            "ranking_length": 10,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        """scikit-learn and skops (safe persistence)."""
        return ["sklearn", "skops"]

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """The folding and the regression fit this component runs (see `source_fingerprint`)."""
        return source_fingerprint(bot.core.text, components.block_regression)

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._words: Optional[TfidfVectorizer] = None
        self._chars: Optional[TfidfVectorizer] = None
        self._clf: Optional[LogisticRegression] = None
        self._weights: Optional[np.ndarray] = None

    def _set_classifier(self, clf: LogisticRegression) -> None:
        # scipy copies a non-contiguous right-hand side on every sparse product: clf.coef_.T is
        # (features x classes) in Fortran order, so predict_proba spent ~4 ms per message copying it.
        self._clf = clf
        self._weights = np.ascontiguousarray(clf.coef_.T)

    def _probabilities(self, features: BlockFeatures) -> np.ndarray:
        """The multinomial regression's class probabilities (same values as predict_proba, faster)."""
        assert self._clf is not None and self._weights is not None
        return softmax(np.asarray(features @ self._weights) + self._clf.intercept_, axis=1)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TfidfIntentClassifier":
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    @staticmethod
    def _word_text(text: Text) -> Text:
        folded = fold(text)
        return text if folded == text else f"{text} {folded}"

    def _dense(self, messages: List[Message]) -> Optional[np.ndarray]:
        weight = float(self._config["dense_weight"])
        if weight == 0:
            return None
        rows = []
        for message in messages:
            _sequence, sentence = message.get_dense_features(TEXT)
            if sentence is None:
                return None
            rows.append(np.asarray(sentence.features).reshape(-1))
        return np.vstack(rows) * weight if rows else None

    def _blocks(self, messages: List[Message]) -> BlockFeatures:
        """The features as a sparse block (word and folded char TF-IDF) beside the dense one, if any."""
        assert self._words is not None and self._chars is not None
        texts = [m.get(TEXT) or "" for m in messages]
        sparse = sp.hstack(
            [
                self._words.transform([self._word_text(t) for t in texts]),
                self._chars.transform([fold(t) for t in texts]),
            ]
        ).tocsr()
        return BlockFeatures(sparse, self._dense(messages), threads=process_threads())

    def _matrix(self, messages: List[Message]) -> sp.csr_matrix:
        blocks = self._blocks(messages)
        if blocks.dense is None:
            return blocks.sparse
        return sp.hstack([blocks.sparse, sp.csr_matrix(blocks.dense)]).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the vectorisers and the regression on the intent examples."""
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        if not examples:
            return self._resource
        texts = [m.get(TEXT) for m in examples]
        labels = [m.get(INTENT) for m in examples]
        self._words = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, int(self._config["word_ngram_max"])),
            token_pattern=r"(?u)\b\w+\b",
            sublinear_tf=True,
        ).fit([self._word_text(t) for t in texts])
        self._chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(int(self._config["char_ngram_min"]), int(self._config["char_ngram_max"])),
            sublinear_tf=True,
        ).fit([fold(t) for t in texts])
        C, max_iter = float(self._config["C"]), int(self._config["max_iter"])
        if len(set(labels)) > 2:
            # scikit-learn's own loss and L-BFGS run, with the dense block multiplied apart (block_regression.py)
            blocks, stop_on = self._blocks(examples), str(self._config["stop_on"])
            self._set_classifier(fit_multinomial(blocks, labels, C=C, max_iter=max_iter, stop_on=stop_on))
        else:
            model = LogisticRegression(C=C, max_iter=max_iter, class_weight="balanced", random_state=42)
            self._set_classifier(model.fit(self._matrix(examples), labels))
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        """Set `intent` and `intent_ranking` on each message."""
        if self._clf is None:
            return messages
        probabilities = self._probabilities(self._blocks(messages))
        classes = list(self._clf.classes_)
        length = int(self._config["ranking_length"])
        for message, row in zip(messages, probabilities):
            order = np.argsort(-row)
            ranking = [{"name": classes[i], "confidence": float(row[i])} for i in order[:length]]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def persist(self) -> None:
        """Save the vectorisers and the regression with skops (no pickle)."""
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump({"words": self._words, "chars": self._chars, "clf": self._clf}, directory / "tfidf.skops")

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "TfidfIntentClassifier":
        """Load a trained classifier, refusing files that hold unexpected types."""
        import skops.io as sio

        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                path = directory / "tfidf.skops"
                untrusted = sio.get_untrusted_types(file=path)
                unexpected = [t for t in untrusted if not t.startswith(_TRUSTED_PREFIXES)]
                if unexpected:
                    raise ValueError(f"unexpected types in {path}: {unexpected}")
                parts = sio.load(path, trusted=untrusted)
        except ValueError as exc:
            logger.warning("Could not load the intent classifier: %s", exc)
            return component
        component._words, component._chars = parts["words"], parts["chars"]
        component._set_classifier(parts["clf"])
        return component
