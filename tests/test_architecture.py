"""Boundaries: the core imports no adapter; only bot/tg imports telegram."""

from __future__ import annotations

import ast
from pathlib import Path

from bot import PROJECT_ROOT

BOT = PROJECT_ROOT / "bot"
ADAPTER_LIBRARIES = {"telegram", "sqlalchemy", "httpx", "alembic", "yaml", "markdown_it", "babel"}


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module `path` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_no_adapter() -> None:
    for path in (BOT / "core").rglob("*.py"):
        for module in imported_modules(path):
            top = module.split(".")[0]
            assert top not in ADAPTER_LIBRARIES, f"{path.relative_to(PROJECT_ROOT)} imports {module}"
            if top == "bot":
                assert module.startswith("bot.core"), f"{path.relative_to(PROJECT_ROOT)} imports {module}"


def test_only_bot_tg_imports_telegram() -> None:
    for path in BOT.rglob("*.py"):
        if (BOT / "tg") in path.parents:
            continue
        modules = imported_modules(path)
        assert not any(m.split(".")[0] == "telegram" for m in modules), path.relative_to(PROJECT_ROOT)
