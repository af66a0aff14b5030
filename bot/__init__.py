"""Bilingual (Vietnamese/English) rights-information assistant for LA-area sanctuary cities."""

from pathlib import Path

#: The repository root: content/, nlu/ and config.yml are found relative to it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
