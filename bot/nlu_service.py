"""The Rasa NLU service: build normalised training data, train only when inputs change, run the server.

Rasa lives in its own Python 3.10 environment (settings.nlu_venv); this module only starts its
command-line tools as child processes and talks to the server over HTTP.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import yaml

from bot import PROJECT_ROOT
from bot.core.text import normalize
from bot.settings import Settings

log = logging.getLogger(__name__)

DATA_DIR = PROJECT_ROOT / "nlu" / "data"
TESTS_DIR = PROJECT_ROOT / "nlu" / "tests"
CONFIG = PROJECT_ROOT / "config.yml"
GROUPS = ("en", "vi", "vi_nodiac", "mixed")
#: Files whose content decides the trained model: change one and the model is retrained.
_MODEL_INPUTS = (
    PROJECT_ROOT / "config.yml",
    PROJECT_ROOT / "nlu" / "requirements.txt",
    PROJECT_ROOT / "bot" / "core" / "text.py",
    PROJECT_ROOT / "bot" / "core" / "language.py",
    PROJECT_ROOT / "bot" / "core" / "diacritics.py",
    PROJECT_ROOT / "bot" / "nlu_service.py",
)


class NluSetupError(RuntimeError):
    """Training data, training or the server could not be set up; the message says why."""


@dataclass(frozen=True)
class Example:
    """One example utterance with where it was written."""

    text: str
    intent: str
    group: str
    path: str
    line: int


def _examples_line(block: yaml.Node) -> int:
    """The 1-based line of the first example in an intent block (the line after `examples: |`)."""
    if isinstance(block, yaml.MappingNode):
        for key, value in block.value:
            if getattr(key, "value", None) == "examples":
                return int(value.start_mark.line) + 2
    return int(block.start_mark.line) + 2


def read_examples(path: Path) -> list[Example]:
    """Read a Rasa NLU YAML file whose intent blocks carry `metadata: {group: ...}`."""
    shown = os.path.relpath(path, PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else str(path)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise NluSetupError(f"{shown}:{line}: this training file cannot be read ({exc}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("nlu"), list):
        raise NluSetupError(f"{shown}:1: a training file needs an 'nlu:' list of intent blocks.")
    block_nodes = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == "nlu" and isinstance(value, yaml.SequenceNode):
                block_nodes = value.value
    examples: list[Example] = []
    for index, block in enumerate(data["nlu"]):
        line = block_nodes[index].start_mark.line + 1 if index < len(block_nodes) else 1
        if not isinstance(block, dict) or "intent" not in block:
            raise NluSetupError(f"{shown}:{line}: each block needs an 'intent:' name.")
        group = str((block.get("metadata") or {}).get("group", ""))
        if group not in GROUPS:
            raise NluSetupError(
                f"{shown}:{line}: the block's metadata group '{group}' is not one of {', '.join(GROUPS)}."
            )
        raw = block.get("examples")
        if not isinstance(raw, str):
            raise NluSetupError(f"{shown}:{line}: 'examples' must be a '|' block of '- ' lines.")
        first = _examples_line(block_nodes[index]) if index < len(block_nodes) else line + 1
        for offset, example_line in enumerate(raw.splitlines()):
            stripped = example_line.strip()
            if not stripped:
                continue
            if not stripped.startswith("- "):
                raise NluSetupError(f"{shown}:{first + offset}: each example must start with '- '.")
            examples.append(Example(stripped[2:].strip(), str(block["intent"]), group, shown, first + offset))
    return examples


def read_dir(directory: Path) -> list[Example]:
    """Every example of every .yml file in `directory`, in file order."""
    return [ex for path in sorted(directory.glob("*.yml")) for ex in read_examples(path)]


def rasa_training_yaml(examples: list[Example]) -> str:
    """Rasa 3 NLU YAML of the normalised, de-duplicated examples, one block per intent."""
    by_intent: dict[str, dict[str, None]] = {}
    for example in examples:
        by_intent.setdefault(example.intent, {})[normalize(example.text)] = None
    lines = ['version: "3.1"', "nlu:"]
    for intent in sorted(by_intent):
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {text}" for text in by_intent[intent] if text)
    return "\n".join(lines) + "\n"


def fingerprint(data_dir: Path = DATA_DIR) -> str:
    """A short hash of everything the model depends on: training data, pipeline, normaliser."""
    digest = hashlib.sha256()
    components = sorted((PROJECT_ROOT / "nlu" / "components").glob("*.py"))
    for path in [*sorted(data_dir.glob("*.yml")), *_MODEL_INPUTS, *components]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()[:16]


def rasa_env(settings: Settings) -> dict[str, str]:
    """The environment for Rasa children: no telemetry, quiet TensorFlow, our components importable."""
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONWARNINGS="ignore",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        RASA_CACHE_DIRECTORY=str(settings.nlu_cache_dir / "rasa-cache"),
        # the project's own components (nlu/components) and the bot/core modules they share (text, language, diacritics)
        PYTHONPATH=os.pathsep.join((str(PROJECT_ROOT / "nlu"), str(PROJECT_ROOT))),
        OMP_NUM_THREADS=str(settings.nlu_threads),
    )
    return env


def rasa_executable(settings: Settings) -> Path:
    """The `rasa` command of the NLU environment, or a clear error saying how to create it."""
    rasa = settings.nlu_venv / "bin" / "rasa"
    if not rasa.exists():
        raise NluSetupError(
            f"The Rasa environment is missing at {settings.nlu_venv}; run 'make run' or 'make test' to create it."
        )
    return rasa


def train(settings: Settings, data_dir: Path = DATA_DIR, config: Path = CONFIG, *, name: str | None = None) -> Path:
    """Train a model from `data_dir` with `config` into the cache and return its path."""
    fp = name or fingerprint(data_dir)
    models = settings.nlu_cache_dir / "models"
    target = models / f"nlu-{fp}.tar.gz"
    models.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.nlu_cache_dir) as tmp:
        training_file = Path(tmp) / "nlu.yml"
        training_file.write_text(rasa_training_yaml(read_dir(data_dir)), encoding="utf-8")
        log_path = settings.nlu_cache_dir / "train.log"
        started = time.monotonic()
        print(f"Training the NLU model (inputs changed: {fp}) ...", file=sys.stderr, flush=True)
        with log_path.open("w", encoding="utf-8") as log_file:
            result = subprocess.run(
                [
                    str(rasa_executable(settings)),
                    "train",
                    "nlu",
                    "--config",
                    str(config),
                    "--nlu",
                    str(training_file),
                    "--out",
                    tmp,
                    "--fixed-model-name",
                    f"nlu-{fp}",
                ],
                cwd=tmp,
                env=rasa_env(settings),
                stdout=log_file,
                stderr=subprocess.STDOUT,
                check=False,
            )
        produced = Path(tmp) / f"nlu-{fp}.tar.gz"
        if result.returncode != 0 or not produced.exists():
            tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
            raise NluSetupError(f"Training the NLU model failed; the end of {log_path}:\n" + "\n".join(tail))
        shutil.move(str(produced), target)
    print(f"Trained in {time.monotonic() - started:.0f} s: {target.name}", file=sys.stderr, flush=True)
    return target


def ensure_model(settings: Settings) -> Path:
    """The model for the current inputs, training it only when no such model exists yet."""
    target = settings.nlu_cache_dir / "models" / f"nlu-{fingerprint()}.tar.gz"
    return target if target.exists() else train(settings)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to SIGTERM this child when its parent dies, so no Rasa process is ever orphaned."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _local_port(url: str) -> tuple[str, int] | None:
    parsed = urlparse(url)
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        return None
    return parsed.hostname or "127.0.0.1", parsed.port or 5005


def probe(url: str, token: str | None, timeout: float = 2.0) -> bool:
    """True when a Rasa server at `url` parses a message with this token."""
    try:
        response = httpx.post(
            f"{url}/model/parse",
            params={"token": token} if token else {},
            json={"text": "hello"},
            timeout=timeout,
        )
    except httpx.HTTPError:
        return False
    return response.status_code == 200


class RasaServer:
    """A Rasa server we started: one child process in its own process group, stopped with us."""

    def __init__(self, settings: Settings, model: Path, url: str, token: str) -> None:
        self.url = url
        self.token = token
        address = _local_port(url)
        if address is None:
            raise NluSetupError(f"NLU_URL {url} is not on this machine, so no Rasa server can be started for it.")
        host, port = address
        settings.nlu_cache_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = settings.nlu_cache_dir / "rasa.log"
        self._log = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [
                str(rasa_executable(settings)),
                "run",
                "--enable-api",
                "--model",
                str(model),
                # one argument, not two: a random token may start with "-", which argparse reads as an option
                f"--auth-token={token}",
                "--interface",
                host,
                "--port",
                str(port),
            ],
            cwd=settings.nlu_cache_dir,
            env=rasa_env(settings),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        self._timeout = settings.nlu_start_timeout_seconds

    def wait_ready(self) -> None:
        """Block until the server parses a message; raise NluSetupError if it dies or times out."""
        deadline = time.monotonic() + self._timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                tail = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
                raise NluSetupError("The Rasa server stopped while starting; the end of its log:\n" + "\n".join(tail))
            if probe(self.url, self.token, timeout=1.0):
                return
            time.sleep(0.5)
        self.stop()
        raise NluSetupError(f"The Rasa server did not answer within {self._timeout:.0f} s; see {self.log_path}.")

    def stop(self) -> None:
        """Stop the server's whole process group: TERM, then KILL after 15 seconds."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


@dataclass(frozen=True)
class NluEndpoint:
    """Where the bot reaches the NLU server, and whether we started it."""

    url: str
    token: str | None
    started: bool


@contextlib.contextmanager
def nlu_endpoint(settings: Settings, *, announce: bool = True) -> Iterator[NluEndpoint]:
    """Use the Rasa server at settings.nlu_url, or train-if-needed and start one for the duration."""
    token = settings.nlu_token.get_secret_value() if settings.nlu_token else None
    if probe(settings.nlu_url, token):
        yield NluEndpoint(settings.nlu_url, token, started=False)
        return
    model = ensure_model(settings)
    token = token or secrets.token_urlsafe(24)
    if announce:
        print("Starting the Rasa NLU server ...", file=sys.stderr, flush=True)
    server = RasaServer(settings, model, settings.nlu_url, token)
    try:
        started = time.monotonic()
        server.wait_ready()
        if announce:
            print(
                f"Rasa NLU server ready in {time.monotonic() - started:.0f} s.",
                file=sys.stderr,
                flush=True,
            )
        yield NluEndpoint(settings.nlu_url, token, started=True)
    finally:
        server.stop()
