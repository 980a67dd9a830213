"""HTML pages of a run: one per notebook, the run's index, the list of runs, the annex.

Every page is self-contained and works offline: styles are inline, figures
are embedded, and no script or style is loaded from anywhere. The pages are
Jinja2 templates (``templates/``, rendered by :mod:`kinerja.present.templating`),
which escape every text; a notebook's own HTML comes from nbconvert and is
cleaned by :func:`defang` before a template takes it as it is. Every report
page gets a table of contents from its headings and the list of the run's
reports (:func:`with_contents`), and shows long tables as their exceptions
first (:mod:`kinerja.present.long_tables`).
"""

from __future__ import annotations

import copy
import html
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
from nbconvert import HTMLExporter

from kinerja.core.formatting import OFFICE_TIMEZONE, local_time
from kinerja.core.text import Phrases, phrases, say
from kinerja.present.long_tables import fold_long_tables
from kinerja.present.report import annex_html
from kinerja.present.templating import render
from kinerja.quarter.selection import DEMO


def words(language: str) -> Phrases:
    """Return the fixed texts of the pages in ``language`` ("id" or "en"), from the text catalogue."""
    return phrases("pages", language)


@dataclass(frozen=True)
class Failure:
    """Where a notebook failed: the cell's source and the error."""

    cell_source: str
    error: str


@dataclass(frozen=True)
class RunFrame:
    """What every page of a run shows around its own content.

    Attributes
    ----------
    reports
        (title, link) of the run's pages in reading order, the "Daftar laporan" of every page: the summary
        (``index.html``), each report, the annex.
    demo
        The data are the built-in synthetic demo: every page says so in a banner.
    """

    reports: tuple[tuple[str, str], ...] = ()
    demo: bool = False


def run_frame(reports: Sequence[tuple[str, str, str, float]], *, language: str, demo: bool) -> RunFrame:
    """Return the frame of a run's pages.

    Parameters
    ----------
    reports
        (title, relative link, status, seconds) per report, as :func:`run_index` takes them (the summary left out).
    demo
        Whether the run's data are the built-in demo.
    """
    w = words(language)
    return RunFrame(((w["summary"], "index.html"),
                     *((title, link) for title, link, _, _ in reports), (w["annex"], "data_quality.html")), demo)


@dataclass(frozen=True)
class Section:
    """A heading of a page, as its table of contents lists it."""

    level: int
    anchor: str
    title: str


_HEADING = re.compile(r"<h([23])((?:\s[^>]*)?)>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_ANCHOR_LINK = re.compile(r"<a\s[^>]*class=\"anchor-link\"[^>]*>.*?</a>", re.DOTALL)


def _heading_text(inner: str) -> str:
    """The words of a heading: without nbconvert's "¶" link, tags and entities, spaces collapsed."""
    text = re.sub(r"<[^>]+>", "", _ANCHOR_LINK.sub("", inner))
    return " ".join(html.unescape(text).split())


def _slug(text: str) -> str:
    """An id for a heading from its words, as nbconvert makes them (spaces as hyphens), but letters, digits only."""
    return re.sub(r"[^\w]+", "-", text).strip("-") or "bagian"


def section_anchors(fragment: str) -> tuple[str, list[Section]]:
    """Give every h2 and h3 of ``fragment`` an id, unique in the fragment, and list them in order.

    A heading keeps the id it has (nbconvert's, which the notebook's own links
    use) unless an element before it holds the same one; a heading without
    one gets its words as an id. A taken id gets ``-2``, ``-3``...: the ids of
    a page stay the same from run to run as long as its headings do.

    Returns
    -------
    tuple
        The fragment with the ids, and its sections.
    """
    headings = list(_HEADING.finditer(fragment))
    spans = [heading.span() for heading in headings]
    taken = {html.unescape(next(filter(None, found.groups()))) for found in _ID.finditer(fragment)
             if not any(start <= found.start() < end for start, end in spans)}
    sections: list[Section] = []
    out: list[str] = []
    last = 0
    for heading in headings:
        level, attributes, inner = heading.groups()
        title = _heading_text(inner)
        own = _ID.search(attributes)
        wanted = html.unescape(next(filter(None, own.groups()))) if own else _slug(title)
        anchor, suffix = wanted, 1
        while anchor in taken:
            suffix += 1
            anchor = f"{wanted}-{suffix}"
        taken.add(anchor)
        attributes = _ID.sub("", attributes) + f' id="{html.escape(anchor, quote=True)}"'
        out.append(fragment[last:heading.start()] + f"<h{level}{attributes}>{inner}</h{level}>")
        last = heading.end()
        if title:
            sections.append(Section(int(level), anchor, title))
    out.append(fragment[last:])
    return "".join(out), sections


def with_contents(page_html: str, *, here: str, frame: RunFrame | None, language: str) -> str:
    """Put a table of contents before a page's ``<main>``: its h2/h3 sections, the summary and the run's reports.

    Parameters
    ----------
    page_html
        A complete page rendered from ``base.html.j2``.
    here
        The page's own link (``indikator_triwulan.html``), marked as the current page in the list of reports.
    frame
        The run's reports; None for a page outside a run's list (its sections only).
    """
    start, end = page_html.find("<main>"), page_html.rfind("</main>")
    if start < 0 or end < start:
        return page_html
    main, sections = section_anchors(page_html[start:end])
    reports = frame.reports if frame is not None else ()
    if not sections and not reports:
        return page_html[:start] + main + page_html[end:]
    nav = render("toc.html.j2", sections=sections, reports=reports, here=here, w=words(language),
                 language=language)
    return page_html[:start] + nav + main + page_html[end:]


def page(title: str, body: str, *, back: str | None = None, language: str = "id") -> str:
    """Wrap an HTML body in a complete, offline page.

    Parameters
    ----------
    title
        Page title (escaped here).
    body
        HTML that is already safe.
    back
        Relative link to the index, shown in the header.
    """
    return render("page.html.j2", title=title, body=body, back=back, language=language)


def notebook_title(notebook: nbformat.NotebookNode, default: str) -> str:
    """Return the first Markdown heading of a notebook, or ``default``."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return default


def notebook_body(notebook: nbformat.NotebookNode) -> str:
    """Render a notebook's outputs (no code, no prompts, no stderr, nothing executable) as an HTML fragment."""
    shown = copy.deepcopy(notebook)
    for cell in shown.cells:
        if cell.cell_type == "code":
            cell.outputs = [out for out in cell.get("outputs", [])
                            if not (out.get("output_type") == "stream" and out.get("name") == "stderr")]
    body, _ = _outputs_exporter().from_notebook_node(shown)
    return defang(body)


@cache
def _outputs_exporter() -> HTMLExporter:
    """One exporter per process: a new one compiles its templates again (0.1 s for every page of a run)."""
    return HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True)


_DROPPED_ELEMENTS = frozenset({"script", "iframe", "object", "embed", "frame", "frameset", "base", "form",
                               "link", "meta", "noscript"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"})


class _Defanger(HTMLParser):
    """Rebuild HTML without anything that runs or loads: scripts, event handlers, foreign URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skipping = 0
        self.in_style = False

    def _attributes(self, attrs: list[tuple[str, str | None]]) -> str:
        kept = []
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on") or name == "style" and value and "url(" in value.lower():
                continue
            if name in _URL_ATTRIBUTES and value is not None:
                target = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value)).lower()
                if not (target.startswith(("data:image/", "#")) or re.fullmatch(r"[\w./-]+\.html(#[\w-]*)?", target)):
                    continue
            kept.append(f' {name}="{html.escape(value, quote=True)}"' if value is not None else f" {name}")
        return "".join(kept)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_ELEMENTS:
            self.skipping += tag not in ("base", "link", "meta")
            return
        if not self.skipping:
            self.in_style = tag == "style"
            self.out.append(f"<{tag}{self._attributes(attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _DROPPED_ELEMENTS and not self.skipping:
            self.out.append(f"<{tag}{self._attributes(attrs)}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_ELEMENTS:
            if tag not in ("base", "link", "meta"):
                self.skipping = max(0, self.skipping - 1)
            return
        if not self.skipping:
            self.in_style = False
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # CSS is not HTML text: escaping would break it, and it cannot hold markup.
            self.out.append(data.replace("</", "<\\/") if self.in_style else html.escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&#{name};")


def defang(fragment: str) -> str:
    """Return HTML with scripts, event handlers and links that leave the page removed.

    Text from data can reach a notebook's Markdown or HTML output; whatever it
    holds, the page must not run or load anything. Kept: tags, inline styles
    without URLs, embedded images (``data:image/``), links to other pages of
    the run and anchors.
    """
    parser = _Defanger()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def notebook_page(title: str, body: str, name: str, failure: Failure | None, *, back: str,
                  language: str, frame: RunFrame | None = None) -> str:
    """Return the HTML page of an executed notebook, with the failure first if it failed, and its contents.

    ``title`` and ``body`` are the notebook's :func:`notebook_title` and
    :func:`notebook_body`; ``name`` its file name without ``.ipynb``.
    ``frame`` gives the run's reports and the demo banner (:func:`with_contents`).
    """
    page_html = render("notebook.html.j2", title=title, failure=failure, body=fold_long_tables(body, language),
                       back=back, language=language, demo=frame is not None and frame.demo)
    return with_contents(page_html, here=f"{name}.html", frame=frame, language=language)


def run_index(title: str, summary_body: str, reports: Sequence[tuple[str, str, str, float]], *,
              language: str, back: str, frame: RunFrame | None = None) -> str:
    """Return a run's index page: the leadership summary first, then the reports.

    Parameters
    ----------
    summary_body
        HTML of the leadership summary (already rendered by :func:`notebook_body`), or "" when it did not run.
    reports
        (title, relative link, status, seconds) per notebook.
    frame
        The run's reports and the demo banner (:func:`with_contents`).
    """
    rows = [{"title": name, "link": link, "status": status, "seconds": seconds}
            for name, link, status, seconds in reports]
    page_html = render("run_index.html.j2", title=title, summary=fold_long_tables(summary_body, language),
                       reports=rows, w=words(language),
                       back=back, language=language, demo=frame is not None and frame.demo)
    return with_contents(page_html, here="index.html", frame=frame, language=language)


def runs_index(runs: Sequence[dict], language: str = "id", timezone: str = OFFICE_TIMEZONE) -> str:
    """Return the page listing every run, newest first.

    Parameters
    ----------
    runs
        Manifests of the runs (``name``, ``quarter``, ``started``, ``status``,
        ``notebooks``, ``kept``), and notes of runs that broke off (``status``
        "interrupted", ``cause``, ``link`` False: they left no folder of their own).
    timezone
        The office's time zone: start times are shown in it, with its abbreviation.
    """
    w = words(language)
    ordered = sorted(runs, key=lambda run: run.get("started", ""), reverse=True)
    rows = [{"name": run["name"], "link": run.get("link", True), "quarter": str(run.get("quarter", "")),
             "started": local_time(run["started"], timezone, language) if run.get("started") else "–",
             "status": str(run.get("status", "")),
             "note": "; ".join(filter(None, [w["demo_run"] if _on_demo(run) else "", _run_note(run, w)]))}
            for run in ordered]
    return render("runs_index.html.j2", title=w["all_runs"], runs=rows, w=w, back=None, language=language,
                  demo=bool(runs) and all(_on_demo(run) for run in runs))


def _on_demo(run: dict) -> bool:
    """Whether a run's manifest says it read the built-in demo data."""
    return (run.get("parameters") or {}).get("data") == DEMO


def _run_note(run: dict, w: Phrases) -> str:
    """Say why a run did not succeed: the notebooks that failed, or what stopped it."""
    if run.get("status") == "interrupted":
        cause = run.get("cause", "")
        return w["ctrl_c"] if cause == "ctrl-c" else w["stopped_by"].format(cause=cause)
    if run.get("status") == "failed":
        failed = [n["name"] for n in run.get("notebooks", []) if n.get("status") == "failed"]
        if (run.get("feedback") or {}).get("status") == "failed":
            failed.append("umpan_balik")
        names = ", ".join(failed)
        note = w["failed_notebooks"].format(names=names)
        return note + (w["kept"].format(kept=run["kept"]) if run.get("kept") else "")
    return ""


@dataclass(frozen=True)
class AnnexFindings:
    """What the annex says besides the rejects.

    Attributes
    ----------
    coverage
        Each dated table's span (:func:`kinerja.present.report.coverage_annex`).
    unit_coverage
        Units whose rows cover the quarter less than their table
        (:func:`kinerja.present.report.unit_coverage_annex`).
    notes
        Cells of kept rows blanked or filled in (:func:`kinerja.present.report.notes_annex`).
    ignored
        Files of the data folder no table is named after.
    warnings
        One sentence per table whose rejected share passes the warning threshold.
    implausible
        Days with more than 16 hours of activities, by unit and date
        (:func:`kinerja.present.report.implausible_annex`).
    """

    coverage: pd.DataFrame
    unit_coverage: pd.DataFrame
    notes: pd.DataFrame
    ignored: list[str]
    warnings: list[str]
    implausible: pd.DataFrame = field(default_factory=pd.DataFrame)


def annex_page(counts: pd.DataFrame, rejects: pd.DataFrame, findings: AnnexFindings | None = None, *,
               language: str, back: str, frame: RunFrame | None = None) -> str:
    """Return the data-quality annex: warnings, rows per table, coverage, every reject, the notes and ignored files.

    Parameters
    ----------
    counts
        Per table: ``table``, ``file``, ``rows``, ``valid``, ``rejected``.
    rejects
        The rejects as :func:`kinerja.present.report.quality_annex` gives them in
        ``language``: headers and reasons in that language, personal values hidden.
    findings
        Coverage, notes, ignored files and reject warnings; None when there are none to show.
    frame
        The run's reports and the demo banner (:func:`with_contents`).
    """
    w = words(language)
    count_table = counts.rename(columns={"table": w["table"], "file": w["file"], "rows": w["rows"],
                                         "valid": w["valid"], "rejected": w["rejected"]})
    findings = findings or AnnexFindings(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), [], [])
    page_html = render("annex.html.j2", title=w["annex"], counts=count_table.to_html(index=False, escape=True),
                       rejects="" if rejects.empty else annex_html(rejects, language), w=w, back=back,
                       language=language, warnings=findings.warnings, ignored=findings.ignored,
                       coverage="" if findings.coverage.empty else findings.coverage.to_html(index=False, escape=True),
                       notes="" if findings.notes.empty else findings.notes.to_html(index=False, escape=True),
                       coverage_title=say("coverage.annex_title", language),
                       unit_coverage="" if findings.unit_coverage.empty
                       else findings.unit_coverage.to_html(index=False, escape=True),
                       unit_coverage_title=say("coverage.unit_annex_title", language),
                       implausible="" if findings.implausible.empty
                       else findings.implausible.to_html(index=False, escape=True),
                       demo=frame is not None and frame.demo)
    return with_contents(page_html, here="data_quality.html", frame=frame, language=language)


def replace_folder(staging: Path, destination: Path) -> Path:
    """Put a completely written folder in place of ``destination``; the old one is removed only after the rename."""
    old = None
    if destination.exists():
        old = destination.with_name(f".{destination.name}.replaced-{os.getpid()}")
        destination.rename(old)
    staging.rename(destination)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return destination


def write(path: Path, text: str) -> None:
    """Write a page as UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
