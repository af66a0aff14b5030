"""One command line: `python -m bot run | chat | ask | content … | nlu … | db …` (see --help)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot import app
from bot.ask import ask_jsonl, ask_one
from bot.content.watch import watching
from bot.core.model import Lang, as_language
from bot.core.pseudonym import utc_now
from bot.nlu_service import DATA_DIR, NluSetupError, ensure_model, nlu_endpoint, train
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
    nlu_sub.add_parser(
        "check", help="check nlu/data and nlu/tests: clashes between intents, held-out overlap, groups too small"
    )
    evaluate = nlu_sub.add_parser(
        "eval", help="train on nlu/data, score the held-out nlu/tests per language group (or --clinc150)"
    )
    evaluate.add_argument("--clinc150", action="store_true", help="run the same pipeline on the CLINC150 benchmark")
    evaluate.add_argument("--config", type=Path, default=None, help="a pipeline file other than config.yml")
    evaluate.add_argument("--png", type=Path, default=None, help="where to save the confusion matrix")
    tune_parser = nlu_sub.add_parser("tune", help="choose ANSWER_THRESHOLD and AMBIGUITY_GAP on validation data")
    tune_parser.add_argument("--config", type=Path, default=None)
    compare = nlu_sub.add_parser("compare", help="measure several pipeline files side by side")
    compare.add_argument("configs", nargs="+", type=Path, help="pipeline files, e.g. nlu/pipelines/*.yml")
    compare.add_argument("--clinc150", action="store_true", help="also run each on CLINC150")
    compare.add_argument("--data", type=Path, default=DATA_DIR, help="training data folder (default nlu/data)")
    content = sub.add_parser("content", help="the answer files")
    content_sub = content.add_subparsers(dest="content_command", required=True)
    content_sub.add_parser("check", help="check every answer file; problems as path:line: sentence")
    db = sub.add_parser("db", help="the conversation log database (DATABASE_URL, else SQLite under DATA_DIR)")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply pending migrations and print the schema revision")
    db_sub.add_parser("purge", help="apply the retention rules now: detail to daily totals, old questions deleted")
    preview = content_sub.add_parser("preview", help="show one answer as the person would see it, with its buttons")
    preview.add_argument("answer_id", metavar="ID", help="the answer's id, e.g. legal_aid (its file name)")
    preview.add_argument("--lang", choices=("vi", "en"), help="the language to show (default: DEFAULT_LANGUAGE)")
    preview.add_argument("--plain", action="store_true", help="show the plain-text rendering, not the formatted one")
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
    from bot.storage import open_event_log

    # The conversation log: migrations applied now, writer and scheduled purge stopped on the way out.
    with open_event_log(settings) as event_log, nlu_endpoint(settings) as endpoint:
        nlu = app.rasa_nlu(settings, endpoint)
        components = app.build(settings, nlu, log=event_log)
        with watching(components.content, settings.content_reload_seconds):
            if telegram:
                from bot.tg.runner import run_telegram

                run_telegram(components, on_shutdown=nlu.aclose)  # polling, or a webhook when one is set
            else:
                run_console(components.conversations, settings.default_language, on_close=nlu.aclose)
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


def _content_preview(settings: Settings, answer_id: str, language: Lang | None, plain: bool) -> int:
    from bot.content.preview import preview

    return preview(settings.content_dir, answer_id, language or settings.default_language, sys.stdout, plain=plain)


def _db(settings: Settings, command: str) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage import Retention, database_url, describe, make_engine, purge, upgrade

    url = database_url(settings)
    engine = make_engine(url)
    try:
        revision = upgrade(engine)
        if command == "upgrade":
            print(f"{describe(url)}: schema at revision {revision}")
            return 0
        print(purge(engine, Retention.from_settings(settings), utc_now()))
        return 0
    except SQLAlchemyError as exc:  # the message can quote the URL or SQL parameters: say where and what kind
        print(f"{describe(url)}: database error ({type(exc).__name__})", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _content_check(settings: Settings) -> int:
    from bot.content.check import run_check

    return run_check(settings, sys.stdout)


def _nlu_check() -> int:
    from bot.nlu_check import check_data

    report = check_data()
    for problem in report.problems:
        print(problem)
    print(f"{report.examples} training examples in {report.intents} intents checked: {len(report.problems)} problems.")
    return 1 if report.problems else 0


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
        if args.command == "nlu" and args.nlu_command == "check":
            return _nlu_check()
        if args.command == "nlu":
            from bot import nlu_eval

            return nlu_eval.run_command(settings, args, sys.stdout)
        if args.command == "content" and args.content_command == "check":
            return _content_check(settings)
        if args.command == "db":
            return _db(settings, args.db_command)
        if args.command == "content" and args.content_command == "preview":
            return _content_preview(settings, args.answer_id, as_language(args.lang), args.plain)
    except NluSetupError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":
    logging.captureWarnings(True)
    raise SystemExit(main())
