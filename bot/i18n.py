"""Gettext catalogs for interface strings (Babel .po files under bot/locales), one translator per language."""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.core.model import LANGUAGES, Lang

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


@cache
def translator(language: Lang) -> gettext.NullTranslations:
    """Load `language`'s catalog straight from its .po file (compiled in memory, so no build step)."""
    po_path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translators() -> dict[Lang, gettext.NullTranslations]:
    """One translator per supported language."""
    return {language: translator(language) for language in LANGUAGES}
