"""Every setting is documented; the translation catalogs are complete and pass Babel's checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.checkers import checkers
from babel.messages.pofile import read_po

from bot import PROJECT_ROOT
from bot.settings import Settings

LOCALES = PROJECT_ROOT / "bot" / "locales"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name.upper() for name in Settings.model_fields if f"`{name.upper()}`" not in readme]
    assert not missing, f"README.md does not document: {', '.join(missing)}"


def test_catalog_template_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "gettext",
            "--no-location",
            "--sort-output",
            "-o",
            str(fresh),
            "bot",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    with fresh.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    with (LOCALES / "messages.pot").open("rb") as handle:
        have = {m.id for m in read_po(handle) if m.id}
    assert wanted == have, "run 'make i18n' and translate the new strings"


def test_vietnamese_catalog_is_complete_and_passes_babel_checks() -> None:
    with (LOCALES / "messages.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    with (LOCALES / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert template <= translated, f"untranslated: {sorted(template - translated)}"
    for message in catalog:
        if message.id:
            for check in checkers:
                check(catalog, message)  # raises TranslationError on a broken placeholder
    assert (LOCALES / "en" / "LC_MESSAGES" / "messages.po").exists()
