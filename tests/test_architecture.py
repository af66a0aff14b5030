"""Boundaries: the core imports no adapter; only bot/tg imports telegram; the Rasa components' caches
see every bot module and helper module they run."""

from __future__ import annotations

import ast
from pathlib import Path

from bot import PROJECT_ROOT
from bot.nlu_service import _MODEL_INPUTS

BOT = PROJECT_ROOT / "bot"
COMPONENTS = PROJECT_ROOT / "nlu" / "components"
ADAPTER_LIBRARIES = {"telegram", "sqlalchemy", "httpx", "alembic", "yaml", "markdown_it", "babel"}


def imported_modules(path: Path, *, at_run_time: bool = False) -> set[str]:
    """Top-level names of every module `path` imports; with `at_run_time`, not those imported only
    under `if TYPE_CHECKING:` (which never run)."""
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if at_run_time and isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            return
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
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


def module_file(module: str) -> Path:
    """The source file of a project module such as `bot.core.text`."""
    base = PROJECT_ROOT.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def runtime_bot_imports(path: Path) -> set[str]:
    """The bot modules `path` imports when it runs."""
    return {name for name in imported_modules(path, at_run_time=True) if name.split(".")[0] == "bot"}


def bot_modules_run_by(path: Path) -> set[str]:
    """The bot modules `path` imports at run time, and the bot modules those import in turn."""
    pending = list(runtime_bot_imports(path))
    seen: set[str] = set()
    while pending:
        module = pending.pop()
        if module not in seen:
            seen.add(module)
            pending.extend(runtime_bot_imports(module_file(module)))
    return seen


def fingerprinted_modules(path: Path) -> set[str]:
    """The modules `path` passes to `source_fingerprint` (its Rasa cache key addon)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "source_fingerprint":
            names.update(ast.unparse(arg) for arg in node.args)
    return names


def helper_modules_run_by(path: Path) -> set[str]:
    """The sibling modules of nlu/components (`components.x`, not the package itself) `path` imports."""
    return {name for name in imported_modules(path, at_run_time=True) if name.startswith("components.")}


def test_rasa_components_fingerprint_every_bot_module_they_run() -> None:
    # Rasa keys its training cache on a component's own source; a bot module or a helper module the
    # component runs must be in its fingerprint_addon, and a bot module in the bot's model fingerprint
    # too (which hashes every file of nlu/components already), or an edit is not seen.
    components = [p for p in sorted(COMPONENTS.glob("*.py")) if p.name != "__init__.py"]
    assert components
    for path in components:
        helpers = helper_modules_run_by(path)
        run = bot_modules_run_by(path).union(
            *(bot_modules_run_by(COMPONENTS / f"{h.split('.')[1]}.py") for h in helpers)
        )
        shown = path.relative_to(PROJECT_ROOT)
        expected = run | helpers
        assert fingerprinted_modules(path) == expected, (
            f"{shown}: fingerprint_addon must hash exactly {sorted(expected)}"
        )
        missing = sorted(m for m in run if module_file(m) not in _MODEL_INPUTS)
        assert not missing, f"{shown} runs {missing}, which bot/nlu_service.py's _MODEL_INPUTS does not list"
