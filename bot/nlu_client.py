"""Talks to the Rasa server's /model/parse over HTTP; never logs URLs (they carry the token)."""

from __future__ import annotations

from typing import Any

import httpx

from bot.core.model import OUT_OF_SCOPE, IntentScore, NluResult, NluUnavailableError


class RasaNlu:
    """The core's Nlu port over Rasa's HTTP API."""

    def __init__(self, url: str, token: str | None, timeout: float) -> None:
        self._url = url.rstrip("/")
        self._params = {"token": token} if token else {}
        self._client = httpx.AsyncClient(timeout=timeout)

    async def parse(self, text: str) -> NluResult:
        """POST the normalised text to /model/parse and read the ranking."""
        try:
            response = await self._client.post(f"{self._url}/model/parse", params=self._params, json={"text": text})
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise NluUnavailableError(type(exc).__name__) from None
        return parse_response(data)

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._client.aclose()


#: The intent Rasa's FallbackClassifier reports when nothing is confident enough: the assistant's out_of_scope.
RASA_FALLBACK_INTENT = "nlu_fallback"


def intent_name(rasa_name: str) -> str:
    """The assistant's name for an intent Rasa reports (its fallback means "cannot answer")."""
    return OUT_OF_SCOPE if rasa_name == RASA_FALLBACK_INTENT else rasa_name


def parse_response(data: Any) -> NluResult:
    """Read Rasa's parse result into an NluResult, best first.

    >>> parse_response({"intent": {"name": "greet", "confidence": 0.9},
    ...                 "intent_ranking": [{"name": "greet", "confidence": 0.9},
    ...                                    {"name": "thanks", "confidence": 0.05}]}).top
    IntentScore(name='greet', confidence=0.9)
    >>> parse_response({"intent_ranking": [{"name": "nlu_fallback", "confidence": 0.7}]}).top.name
    'out_of_scope'
    """
    if not isinstance(data, dict):
        raise NluUnavailableError("the NLU server answered something other than a JSON object")
    ranking = data.get("intent_ranking") or []
    if not ranking and isinstance(data.get("intent"), dict):
        ranking = [data["intent"]]
    scores = tuple(
        IntentScore(intent_name(str(item["name"])), float(item.get("confidence") or 0.0))
        for item in ranking
        if isinstance(item, dict) and item.get("name")
    )
    return NluResult(tuple(sorted(scores, key=lambda s: s.confidence, reverse=True)))
