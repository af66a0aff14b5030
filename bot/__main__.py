"""One command line: `python -m bot run | chat | ask | content check | nlu train` (see --help)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot import app
from bot.ask import ask_jsonl, ask_one
from bot.nlu_service import NluSetupError, ensure_model, nlu_endpoint, train
from bot.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start Rasa and the bot (Telegram with TELEGRAM_BOT_TOKEN, else a console chat)")
    sub.add_parser("chat", help="a console chat in this terminal, whatever the settings")
    ask = sub.add_parser("ask", help="print the reply to a question, or answer JSON lines from stdin")
    ask.add_argument("question", nargs="?", help="the question (omit with --jsonl)")
    ask.add_argument(
        "--jsonl",
        action="store_true",
        help='read {"text": ...} lines on stdin, write one JSON object per line',
    )
    nlu = sub.add_parser("nlu", help="the NLU model")
    nlu_sub = nlu.add_subparsers(dest="nlu_command", required=True)
    nlu_sub.add_parser("train", help="train the model now if its inputs changed (--force: always)").add_argument(
        "--force", action="store_true"
    )
    content = sub.add_parser("content", help="the answer files")
    content_sub = content.add_subparsers(dest="content_command", required=True)
    content_sub.add_parser("check", help="check every answer file; problems as path:line: sentence")
    return parser


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()]
        print("The settings are not valid:\n" + "\n".join(lines), file=sys.stderr)
        raise SystemExit(2) from None


def _chat(settings: Settings, *, telegram: bool) -> int:
    from bot.console import run_console

    with nlu_endpoint(settings) as endpoint:
        nlu = app.rasa_nlu(settings, endpoint)
        components = app.build(settings, nlu)
        if telegram:
            from bot.tg.runner import run_polling

            run_polling(components)
        else:
            run_console(components.conversations, settings.default_language)
        asyncio.run(nlu.aclose())
    return 0


def _ask(settings: Settings, question: str | None, jsonl: bool) -> int:
    if not jsonl and not question:
        print(
            'Give a question, e.g. python -m bot ask "where can I get legal help?", or use --jsonl.',
            file=sys.stderr,
        )
        return 2
    with nlu_endpoint(settings, announce=False) as endpoint:

        async def go() -> int:
            nlu = app.rasa_nlu(settings, endpoint)
            components = app.build(settings, nlu)
            try:
                if jsonl:
                    await ask_jsonl(components.assistant, sys.stdin, sys.stdout)
                    return 0
                reply = await ask_one(components.assistant, question or "")
                print(reply.plain)
                return 0
            finally:
                await nlu.aclose()

        return asyncio.run(go())


def _content_check(settings: Settings) -> int:
    from bot.content.check import run_check

    return run_check(settings, sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    settings = _settings()
    app.configure_logging(settings)
    try:
        if args.command == "run":
            return _chat(settings, telegram=settings.telegram_bot_token is not None)
        if args.command == "chat":
            return _chat(settings, telegram=False)
        if args.command == "ask":
            return _ask(settings, args.question, args.jsonl)
        if args.command == "nlu" and args.nlu_command == "train":
            path = train(settings) if args.force else ensure_model(settings)
            print(path)
            return 0
        if args.command == "content" and args.content_command == "check":
            return _content_check(settings)
    except NluSetupError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":
    logging.captureWarnings(True)
    raise SystemExit(main())
