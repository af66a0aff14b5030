"""The trained model served by the real Rasa server, asked through `python -m bot ask` and `run`."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import psutil
import pytest

from bot import PROJECT_ROOT
from bot.nlu_service import NluEndpoint, RasaServer
from tests.processes import Child, bot_env, free_port, port_open

pytestmark = pytest.mark.integration

QUESTIONS = [
    ("toi can luat su mien phi", "vi", "legal_aid"),
    ("trợ giúp pháp lý ở đâu?", "vi", "legal_aid"),
    ("where can I get free legal help?", "en", "legal_aid"),
    ("can ICE use city buildings?", "en", "ice_city_facilities"),
    ("ICE có được vào tòa nhà của thành phố không", "vi", "ice_city_facilities"),
    ("xin chao", "vi", "greet"),
    ("hello there", "en", "greet"),
]


def test_ask_jsonl_against_the_real_server(rasa_server: NluEndpoint) -> None:
    lines = [json.dumps({"text": q}) for q, _lang, _intent in QUESTIONS]
    lines.insert(2, "{broken")
    lines.append(json.dumps({"text": "what's the weather in Santa Ana tomorrow"}))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl"],
        cwd=PROJECT_ROOT,
        input="\n".join(lines) + "\n",
        env=bot_env(NLU_URL=rasa_server.url, NLU_TOKEN=rasa_server.token or ""),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(lines)
    assert "error" in records[2]
    answered = [r for r in records if "error" not in r]
    for record, (question, language, intent) in zip(answered, QUESTIONS, strict=False):
        assert (record["text"], record["language"], record["intent"]) == (question, language, intent), record
        assert record["answered"] is True and record["answer_id"] == intent and record["reply"]
    weather = answered[-1]
    assert weather["answered"] is False and weather["language"] == "en"


def test_the_rasa_server_log_holds_no_message_text(rasa_process: RasaServer, rasa_server: NluEndpoint) -> None:
    question = "toi can luat su gap, so cua toi la 714 555 0199"
    subprocess.run(
        [sys.executable, "-m", "bot", "ask", question],
        cwd=PROJECT_ROOT,
        env=bot_env(NLU_URL=rasa_server.url, NLU_TOKEN=rasa_server.token or ""),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    log = rasa_process.log_path.read_text(encoding="utf-8", errors="replace")
    assert "Loading model" in log  # the server logs here (at --debug it would log each parsed text too)
    for text in [question, *(q for q, _lang, _intent in QUESTIONS)]:
        assert text not in log and "714 555 0199" not in log


def test_ask_starts_its_own_server_when_none_runs_and_stops_it() -> None:
    port = free_port()
    before = {p.pid for p in psutil.process_iter()}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "can ICE use city buildings?"],
        cwd=PROJECT_ROOT,
        env=bot_env(NLU_URL=f"http://127.0.0.1:{port}"),
        capture_output=True,
        text=True,
        timeout=400,
        check=True,
    )
    assert "Huntington Park" in result.stdout and "Los Angeles" in result.stdout
    assert not port_open(port)
    leftovers = [
        p
        for p in psutil.process_iter(["pid", "cmdline"])
        if p.info["pid"] not in before and str(port) in " ".join(p.info["cmdline"] or [])
    ]
    assert leftovers == []


def _rasa_children(pid: int) -> list[psutil.Process]:
    return [c for c in psutil.Process(pid).children(recursive=True) if "rasa" in " ".join(c.cmdline())]


#: The longest a clean shutdown may take by design (see the comment in the test), with some slack.
SHUTDOWN_BOUND_SECONDS = 45


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGKILL])
def test_run_console_chat_and_no_orphaned_rasa(stop_signal: signal.Signals) -> None:
    port = free_port()
    child = Child("run", env=bot_env(NLU_URL=f"http://127.0.0.1:{port}"))
    try:
        child.wait_for("Rasa NLU server ready", timeout=400)
        child.wait_for("> ", timeout=30)
        rasa = _rasa_children(child.process.pid)
        assert rasa, "the run command did not start a Rasa child"
        child.send("toi can luat su mien phi")
        child.wait_for("888-624-4752", timeout=30)
        child.process.send_signal(stop_signal)
        # Shutdown is bounded, not instant: content watcher 5 s + Rasa's TERM grace 15 s (then KILL) + log
        # writer 15 s. Usually about 2 s; the bound is what this test holds the bot to.
        try:
            child.process.wait(timeout=SHUTDOWN_BOUND_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"no exit {SHUTDOWN_BOUND_SECONDS} s after {stop_signal.name}; output:\n{child.output}")
        _gone, alive = psutil.wait_procs(rasa, timeout=30)
        assert alive == [], f"orphaned Rasa processes after {stop_signal.name}: {alive}"
        deadline = time.monotonic() + 10
        while port_open(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not port_open(port)
    finally:
        child.close()
