"""Train a Rasa NLU model in-process and parse a list of texts with it (runs in the NLU env).

Used by `python -m bot nlu eval/compare` to measure pipelines without starting a server per
run. Input texts: a JSON-lines file of {"text": ...}. Output: a JSON-lines file with the
ranking for each text, and a JSON summary (training seconds, per-message parse latency).

    python nlu/tools/train_and_parse.py --config config.yml --train data.yml \
        --texts texts.jsonl --out rankings.jsonl --summary summary.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--train", required=True)
    parser.add_argument("--texts", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--summary", required=True)
    parser.add_argument("--latency-sample", type=int, default=300)
    args = parser.parse_args()

    root = Path(__file__).resolve().parents[2]
    sys.path[:0] = [str(root / "nlu"), str(root)]  # the components package and the normaliser it imports
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        model = train_nlu(args.config, args.train, tmp, fixed_model_name="bench")
        train_seconds = time.perf_counter() - started
        if not model:
            print("training failed", file=sys.stderr)
            return 1
        agent = Agent.load(model)
        texts = [json.loads(line)["text"] for line in Path(args.texts).read_text(encoding="utf-8").splitlines() if line]
        latencies = []

        async def parse_all() -> list:
            results = []
            for index, text in enumerate(texts):
                t0 = time.perf_counter()
                parsed = await agent.parse_message(text)
                if index < args.latency_sample:
                    latencies.append((time.perf_counter() - t0) * 1000)
                results.append([[r["name"], float(r["confidence"])] for r in parsed.get("intent_ranking") or []])
            return results

        rankings = asyncio.run(parse_all())
        model_bytes = os.path.getsize(model)
    with open(args.out, "w", encoding="utf-8") as out:
        for ranking in rankings:
            out.write(json.dumps(ranking) + "\n")
    latencies.sort()
    summary = {
        "train_seconds": round(train_seconds, 1),
        "parse_ms_p50": round(statistics.median(latencies), 2) if latencies else None,
        "parse_ms_p95": round(latencies[int(len(latencies) * 0.95) - 1], 2) if latencies else None,
        "model_bytes": model_bytes,
        "examples_parsed": len(rankings),
    }
    Path(args.summary).write_text(json.dumps(summary), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
