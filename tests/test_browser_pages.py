"""Every page of the demo run, opened in headless Chromium at laptop (1280x800) and phone (390x844) size.

Checked on each page: nothing scrolls sideways at 390 px (a wide table scrolls inside its own box), every link
to a file of the run leads to a file and its #anchor to an element, and the browser reports no error. On the
summary at 1280x800 the KPI cards and the status grid start on the first screen. The screenshots, one per page
and width, stay in reports/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import html
import os
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser import find_chromium, open_browser

pytestmark = pytest.mark.skipif(find_chromium() is None and not os.environ.get("CI"),
                                reason="chromium is not installed (.ci/run installs it; apt-get install chromium)")

SCREENSHOTS = Path(__file__).resolve().parents[1] / "reports" / "screenshots"
WIDTHS = {"laptop": (1280, 800), "phone": (390, 844)}
FEEDBACK_SAMPLE = 5
"""Per-ASN feedback pages opened (one from each of the first units); every team page is opened."""

LINKS = "[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"
OVERFLOW = "[document.documentElement.scrollWidth, window.innerWidth]"
FIRST_SCREEN = ("Object.fromEntries(['.kpi-cards', '.status-grid'].map(s => "
                "[s, document.querySelector(s) ? document.querySelector(s).getBoundingClientRect().top : null]))")


def pages_of_run(output: Path, run: Path) -> list[Path]:
    """The runs index, the run's pages, the feedback index, every team page and a sample of ASN pages."""
    feedback = run / "restricted" / "umpan_balik"
    teams = sorted(feedback.glob("*/index.html"))
    people = [page for team in teams[:FEEDBACK_SAMPLE] for page in sorted(team.parent.glob("asn-*.html"))[:1]]
    return [output / "index.html", *sorted(run.glob("*.html")), feedback / "index.html", *teams, *people]


@cache
def ids_of(page: Path) -> frozenset[str]:
    """Every element id of a page file."""
    text = page.read_text(encoding="utf-8")
    return frozenset(html.unescape(found) for found in re.findall(r"""\sid\s*=\s*["']([^"']*)["']""", text))


def broken_links(page: Path, hrefs: list[str]) -> list[str]:
    """The links of ``page`` to a file or anchor of its own that does not exist."""
    broken = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:  # file://, data:, http: are not links between the run's pages
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if not target.is_file() or (parts.fragment and target.suffix == ".html"
                                    and unquote(parts.fragment) not in ids_of(target)):
            broken.append(href)
    return broken


def shot_name(page: Path, output: Path, width: str) -> Path:
    name = str(page.relative_to(output).with_suffix("")).replace(os.sep, "__")
    return SCREENSHOTS / width / f"{name}.png"


def visit_all(output: Path, run: Path) -> dict[tuple[str, str], dict]:
    """Open every page at both sizes in one browser; return per (width, page) what the checks need."""
    found = {}
    browser = open_browser()
    try:
        for width, (pixels, height) in WIDTHS.items():
            (SCREENSHOTS / width).mkdir(parents=True, exist_ok=True)
            browser.resize(pixels, height)
            for page in pages_of_run(output, run):
                visit = browser.visit(page, shot_name(page, output, width))
                name = str(page.relative_to(output))
                found[width, name] = {
                    "errors": visit.errors + visit.dialogs,
                    "requests": [url for url in visit.requests if not url.startswith(("file://", "data:"))],
                    "overflow": browser.evaluate(OVERFLOW),
                    "broken": broken_links(page, browser.evaluate(LINKS)) if width == "laptop" else [],
                    "first_screen": browser.evaluate(FIRST_SCREEN) if page == run / "index.html" else None,
                }
    finally:
        browser.close()
    return found


@pytest.fixture(scope="module")
def visits(demo_run):
    result, output = demo_run
    return visit_all(output, result.folder), result.folder.relative_to(output)


def test_every_page_of_the_run_is_opened_at_both_sizes(visits):
    found, run = visits
    names = {name for _, name in found}
    assert {"index.html", f"{run}/index.html", f"{run}/data_quality.html",
            f"{run}/restricted/umpan_balik/index.html"} <= names
    assert sum("/asn-" in name for name in names) == FEEDBACK_SAMPLE
    assert len(found) == 2 * len(names)


def test_no_page_scrolls_sideways_on_a_phone(visits):
    found, _ = visits
    wide = {name: width for (size, name), seen in found.items() if size == "phone"
            for width, window in [seen["overflow"]] if width > window}
    assert wide == {}, "page width in px at a 390 px window"


def test_every_link_between_the_pages_leads_to_a_page_and_an_anchor_that_exist(visits):
    found, _ = visits
    broken = {name: seen["broken"] for (_, name), seen in found.items() if seen["broken"]}
    assert broken == {}


def test_no_page_logs_an_error_or_loads_anything_from_outside(visits):
    found, _ = visits
    assert {f"{size} {name}": seen["errors"] for (size, name), seen in found.items() if seen["errors"]} == {}
    assert {name: seen["requests"] for (_, name), seen in found.items() if seen["requests"]} == {}


def test_the_summary_shows_the_cards_and_the_grid_on_its_first_laptop_screen(visits):
    found, run = visits
    tops = found["laptop", f"{run}/index.html"]["first_screen"]
    assert tops[".kpi-cards"] is not None and tops[".kpi-cards"] < 800, tops
    assert tops[".status-grid"] is not None and tops[".status-grid"] < 800, tops


def test_a_screenshot_is_kept_for_every_page_and_size(visits, demo_run):
    found, _ = visits
    _, output = demo_run
    for size, name in found:
        shot = shot_name(output / name, output, size)
        assert shot.stat().st_size > 1000, shot
