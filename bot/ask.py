"""`python -m bot ask`: the stable interface evaluation tools use (one question, or JSON lines)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from bot.core.assistant import Assistant
from bot.core.model import Query, Reply, as_language


def reply_record(text: str, reply: Reply) -> dict[str, Any]:
    """The JSON object `ask --jsonl` writes for one question (the keys are a contract)."""
    return {
        "text": text,
        "language": reply.language,
        "intent": reply.intent,
        "confidence": round(reply.confidence, 4),
        "answered": reply.answered,
        "answer_id": reply.answer_id,
        "reply": reply.plain,
    }


async def ask_one(assistant: Assistant, text: str) -> Reply:
    """Answer one question with no language preference."""
    return await assistant.reply(Query(text))


async def ask_jsonl(assistant: Assistant, stdin: TextIO, stdout: TextIO) -> int:
    """Answer each `{"text": ...}` line in order; a bad line gets an error object. Returns error count."""
    errors = 0
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        record: dict[str, Any]
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('it must be a JSON object with a "text" string')
            language = as_language(item.get("language"))
            reply = await assistant.reply(Query(item["text"], language))
            record = reply_record(item["text"], reply)
        except (ValueError, json.JSONDecodeError) as exc:
            errors += 1
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            record = {"error": f"line {number}: not a valid question: {reason}", "line": number}
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        stdout.flush()
    return errors
