"""Custom Rasa components for this project's pipeline (imported by Rasa with nlu/ on PYTHONPATH)."""

from __future__ import annotations

import hashlib
import inspect
from types import ModuleType


def source_fingerprint(*modules: ModuleType) -> str:
    """A hash of the modules' source, for `fingerprint_addon`: Rasa's cache keys on a component class's
    own source only, so the bot modules a component runs must be added or an edit to them is not seen."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(inspect.getsource(module).encode())
    return digest.hexdigest()
