"""Every message the content checker can give, pinned word for word with its path and line.

Each message has one bad fixture file: `fixtures/files/` for problems inside one file, and
`fixtures/cross/<case>/` (laid over the good folder `fixtures/good/`) for problems across files.
Volunteers read these sentences, so a change to one must be deliberate.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from bot import PROJECT_ROOT
from bot.content.check import cross_checks, run_check
from bot.content.loader import load_file
from bot.content.store import ContentStore
from bot.settings import Settings
from tests.content.conftest import FIXTURES, make_content

TODAY = dt.date(2026, 11, 22)
INTENTS = {"legal_aid", "greet", "thanks"}
F = "tests/content/fixtures/files"

FILE_MESSAGES = {
    "not_utf8.md": f"{F}/not_utf8.md:12: The file is not saved as UTF-8 text; save it again with UTF-8 encoding.",
    "unreadable.md": f"{F}/unreadable.md:1: The file cannot be read (Is a directory).",
    "no_front_matter.md": f"{F}/no_front_matter.md:1: "
    "The file must start with a front matter block between two '---' lines.",
    "bad_yaml.md": f"{F}/bad_yaml.md:3: The front matter is not valid YAML: mapping values are not allowed here.",
    "not_a_mapping.md": f"{F}/not_a_mapping.md:2: The front matter must be a list of 'field: value' lines.",
    "missing_field.md": f"{F}/missing_field.md:10: The front matter has no 'title' field; add it.",
    "unknown_field.md": f"{F}/unknown_field.md:11: 'author' is not a known field; "
    "the known ones are id, title, category, status, reviewed, sources, related, urgent.",
    "id_mismatch.md": f"{F}/id_mismatch.md:2: The id 'something_else' must be the same as the file name 'id_mismatch'.",
    "Bad-Id.md": f"{F}/Bad-Id.md:2: The id may only use lower-case letters, digits and '_'.",
    "title_not_text.md": f"{F}/title_not_text.md:3: The title must be a short line of text.",
    "title_too_long.md": f"{F}/title_too_long.md:3: "
    "The title has 76 characters; keep it under 60 so it fits on a button.",
    "unknown_category.md": f"{F}/unknown_category.md:4: "
    "The category 'weather' is not one of city, rights, schools_health, help, conversation.",
    "bad_status.md": f"{F}/bad_status.md:5: The status 'live' must be 'draft' or 'published'.",
    "bad_reviewed.md": f"{F}/bad_reviewed.md:6: "
    "The reviewed date must be written as YYYY-MM-DD, for example 2026-11-21.",
    "sources_not_list.md": f"{F}/sources_not_list.md:7: The sources must be a list, each with a 'name' and a 'url'.",
    "source_without_url.md": f"{F}/source_without_url.md:7: Source 1 needs both a 'name' and a 'url'.",
    "source_bad_url.md": f"{F}/source_bad_url.md:7: "
    "Source 1 has the link 'www.example.org/source', which is not a full web address (https://...).",
    "no_sources.md": f"{F}/no_sources.md:7: An answer that states facts must list at least one source.",
    "related_not_list.md": f"{F}/related_not_list.md:10: "
    "The related field must be a list of answer ids, like [legal_aid, red_card].",
    "urgent_not_bool.md": f"{F}/urgent_not_bool.md:11: The urgent field must be true or false.",
    "empty_body.md": f"{F}/empty_body.md:12: The answer has no text after the front matter.",
    "urgent_without_hotline.md": f"{F}/urgent_without_hotline.md:13: This answer is marked urgent, "
    "so its first paragraph must say what to do now and give the hotline number.",
    "bad_link.md": f"{F}/bad_link.md:14: "
    "The link 'www.example.org/legal-aid' is not a full address (https://..., tel: or mailto:).",
    "html_tag.md": f"{F}/html_tag.md:14: HTML tags are not allowed; use **bold**, *italic* and [text](link).",
    "too_long.md": f"{F}/too_long.md:12: The answer is 3750 characters long once formatted; "
    "shorten it to under 3496 so it fits in one Telegram message with the footer.",
}


def test_every_fixture_file_has_a_pinned_message() -> None:
    on_disk = {p.name for p in (FIXTURES / "files").iterdir()}
    assert on_disk == set(FILE_MESSAGES)


@pytest.mark.parametrize("name", sorted(FILE_MESSAGES))
def test_one_bad_file_gives_exactly_its_message(name: str) -> None:
    path = FIXTURES / "files" / name
    loaded = load_file(path, "en", str(path.relative_to(PROJECT_ROOT)))
    assert [str(p) for p in loaded.problems] == [FILE_MESSAGES[name]]
    assert loaded.answer is None  # a file with an error is never served


CROSS_MESSAGES = {
    "unknown_intent": [
        "content/vi/not_an_intent.md:1: warning: There is no content/en/not_an_intent.md; "
        "people writing in that language get no answer.",
        "content/vi/not_an_intent.md:2: 'not_an_intent' is not an intent in nlu/data, "
        "so this answer can never be chosen.",
    ],
    "related_missing": [
        "content/en/legal_aid.md:10: The related answer 'legal_aid_typo' does not exist in content/en/.",
        "content/en/legal_aid.md:10: The related answers differ from the vi version; "
        "both languages should offer the same ones.",
    ],
    "review_age": [
        "content/en/legal_aid.md:6: warning: The vi version was reviewed on 2026-11-01 but this one on 2025-10-01; "
        "bring this translation up to date.",
        "content/en/legal_aid.md:6: warning: This answer was last reviewed 13 months ago; "
        "check it against its sources and update 'reviewed'.",
    ],
    "future_review": [
        "content/en/legal_aid.md:6: warning: The vi version was reviewed on 2027-01-05 but this one on 2026-11-01; "
        "bring this translation up to date.",
        "content/vi/legal_aid.md:6: The reviewed date is in the future; use the date of the last check.",
    ],
    "missing_twin": [
        "content/vi/thanks.md:1: warning: There is no content/en/thanks.md; "
        "people writing in that language get no answer.",
    ],
    "reviewed_parity": [
        "content/en/legal_aid.md:6: warning: The vi version was reviewed on 2026-11-01 but this one on 2026-10-15; "
        "bring this translation up to date.",
    ],
    "related_parity": [
        "content/en/legal_aid.md:10: The related answers differ from the vi version; "
        "both languages should offer the same ones.",
    ],
    "sources_parity": [
        "content/en/legal_aid.md:7: The source links differ from the vi version; "
        "both languages must cite the same sources.",
    ],
    "status_parity": [
        "content/en/legal_aid.md:5: warning: The status is 'draft' here but 'published' in the vi version.",
    ],
    "phone_parity": [
        "content/en/legal_aid.md:14: The phone numbers differ from the vi version (missing (213) 385-7800 ext. 136; "
        "not in the vi version: (213) 385-7801 ext. 136); both languages must give the same ones.",
    ],
    "email_parity": [
        "content/en/legal_aid.md:14: The e-mail addresses differ from the vi version (missing help@example.org; "
        "not in the vi version: info@example.org); both languages must give the same ones.",
    ],
    "footer_missing": [
        "content/en/_legal_footer.md:5: warning: The status is 'published' here but 'draft' in the vi version.",
        "content/vi/_legal_footer.md:1: This file is missing or not published; every topic answer needs it "
        "for the free legal-help lines and the 'not legal advice' line.",
    ],
}


def _all_problems(root: Path) -> list[str]:
    store = ContentStore(root)
    problems = [*store.reload(), *cross_checks(store.index.documents(), INTENTS, root, TODAY, 12)]
    return [str(p) for p in sorted(problems, key=lambda p: (p.path, p.line, p.message))]


def test_every_cross_fixture_has_pinned_messages() -> None:
    assert {p.name for p in (FIXTURES / "cross").iterdir()} == set(CROSS_MESSAGES)


def test_the_good_fixture_folder_is_clean(content_root: Path) -> None:
    assert _all_problems(content_root) == []


@pytest.mark.parametrize("case", sorted(CROSS_MESSAGES))
def test_one_bad_file_across_languages_gives_exactly_its_messages(tmp_path: Path, case: str) -> None:
    assert _all_problems(make_content(tmp_path, case)) == CROSS_MESSAGES[case]


def test_run_check_prints_problems_sorted_with_a_summary_and_fails_on_errors(tmp_path: Path) -> None:
    root = make_content(tmp_path, "sources_parity")
    out = io.StringIO()
    code = run_check(Settings(content_dir=root), out, today=TODAY)
    assert code == 1
    assert out.getvalue().splitlines() == [
        "content/ is not in a git checkout (or git is not installed), "
        "so translations are compared by their 'reviewed' dates only.",
        *CROSS_MESSAGES["sources_parity"],
        "6 answer files checked: 1 errors, 0 warnings.",
    ]


def test_run_check_passes_with_warnings_only(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_check(Settings(content_dir=make_content(tmp_path, "status_parity")), out, today=TODAY) == 0
    assert out.getvalue().splitlines()[-1] == "6 answer files checked: 0 errors, 1 warnings."


def test_review_age_follows_the_setting(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    store = ContentStore(root)
    store.reload()
    late = cross_checks(store.index.documents(), INTENTS, root, dt.date(2027, 2, 1), review_months=3)
    assert len([p for p in late if "months ago" in p.message]) == 6  # every file, both languages
    assert not cross_checks(store.index.documents(), INTENTS, root, dt.date(2027, 2, 1), review_months=4)
