"""No English leftover and no raw identifier on the pages of an Indonesian run (the default language).

What a reader sees is checked: the text of a page and its images' alt text, without its styles and without
<code> and <pre>, where a name from the data (a file, a parameter) is shown as such on purpose.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

LEFTOVERS = ("is before the activity date", "is not a number", "privasi leadership", "bobot IKM exact",
             "Semua run", "No description has been provided for this image", "observed_until", "n_boot",
             "random_state")
"""English words and raw names issue #17 found on Indonesian pages."""
ENGLISH_HEADERS = frozenset({"table", "file", "row", "column", "value", "reason"})
"""The annex's English column headers."""
SNAKE_CASE = re.compile(r"(?<![\w/.-])[a-z]+_[a-z_]+\b(?![\w/]|\.\w)")
"""A word with an underscore (``n_boot``), not part of a path or a file name (``restricted/rejects_full.csv``)."""
FEEDBACK_SAMPLE = 5


def indonesian_pages(output: Path, run: Path) -> list[Path]:
    feedback = run / "restricted" / "umpan_balik"
    teams = sorted(feedback.glob("*/index.html"))
    people = [page for team in teams[:FEEDBACK_SAMPLE] for page in sorted(team.parent.glob("asn-*.html"))[:1]]
    return [output / "index.html", *sorted(run.glob("*.html")), feedback / "index.html", *teams, *people]


def visible_text(page_html: str) -> str:
    """A page's words as a reader meets them: its text and alt texts, without styles, code and preformatted text."""
    shown = re.sub(r"<(style|script|code|pre)\b.*?</\1>", " ", page_html, flags=re.DOTALL | re.IGNORECASE)
    alts = re.findall(r"""\salt\s*=\s*["']([^"']*)["']""", shown)
    text = re.sub(r"<[^>]+>", " ", shown)
    return " ".join(html.unescape(" ".join([text, *alts])).split())


def header_cells(page_html: str) -> set[str]:
    return {" ".join(html.unescape(re.sub(r"<[^>]+>", "", cell)).split())
            for cell in re.findall(r"<th\b[^>]*>(.*?)</th>", page_html, re.DOTALL)}


@pytest.fixture(scope="module")
def texts(demo_run) -> dict[str, tuple[str, str]]:
    result, output = demo_run
    return {str(page.relative_to(output)): (page.read_text(encoding="utf-8"),
                                            visible_text(page.read_text(encoding="utf-8")))
            for page in indonesian_pages(output, result.folder)}


def test_the_words_the_issue_found_are_gone_from_every_page(texts):
    found = {name: [word for word in LEFTOVERS if word.lower() in text.lower()] for name, (_, text) in texts.items()}
    assert {name: words for name, words in found.items() if words} == {}


def test_no_table_has_an_english_header(texts):
    found = {name: sorted(header_cells(page) & ENGLISH_HEADERS) for name, (page, _) in texts.items()}
    assert {name: words for name, words in found.items() if words} == {}


def test_no_page_shows_a_snake_case_name_outside_code(texts):
    found = {name: sorted(set(SNAKE_CASE.findall(text))) for name, (_, text) in texts.items()}
    assert {name: words for name, words in found.items() if words} == {}


def test_the_scan_sees_what_a_reader_sees_and_not_code():
    page = ('<style>.a_b {}</style><p>nilai n_boot</p><code>random_state</code><img alt="No description">'
            '<p>ada di restricted/rejects_full.csv</p>')
    text = visible_text(page)
    assert SNAKE_CASE.findall(text) == ["n_boot"]
    assert "No description" in text
