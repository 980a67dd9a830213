"""HTML pages: nothing from data can run or load anything."""

from __future__ import annotations

import nbformat
import pytest

from kinerja.present.pages import defang, notebook_body, page, runs_index


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href=" JaVaScRiPt:alert(1)">klik</a>',
    '<iframe src="https://example.org"></iframe>',
    '<img src="https://example.org/pixel.png">',
    '<div style="background:url(https://example.org/x)">x</div>',
    '<svg onload="alert(1)"></svg>',
])
def test_hostile_markup_is_removed(hostile):
    cleaned = defang(f"<p>{hostile}</p>").lower()
    assert "<script" not in cleaned
    assert "onerror" not in cleaned and "onload" not in cleaned
    assert "javascript:" not in cleaned
    assert "https://" not in cleaned


def test_tables_images_links_within_the_run_and_escaped_text_are_kept():
    fragment = ('<table class="dataframe"><tr><td>&lt;b&gt; 3 &amp; 4</td></tr></table>'
                '<img src="data:image/png;base64,AAAA"><a href="data_quality.html">annex</a><a href="#top">top</a>')
    assert defang(fragment) == fragment


def test_markdown_output_with_a_script_from_data_does_not_survive_rendering():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("display(Markdown(...))")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/markdown": "Unit **<script>alert(1)</script>** [x](javascript:alert(1))"})]
    notebook.cells = [cell]
    body = notebook_body(notebook)
    assert "<script" not in body and "javascript:" not in body
    assert "display(Markdown" not in body


def test_stderr_output_is_left_out_of_the_page():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text="FutureWarning: something")]
    notebook.cells = [cell]
    assert "FutureWarning" not in notebook_body(notebook)


def test_page_titles_and_run_names_are_escaped():
    assert "<b>" not in page("<b>judul</b>", "", back="index.html")
    listing = runs_index([{"name": "<x>", "quarter": "2026-Q3", "started": "2026-10-01", "status": "ok"}])
    assert "&lt;x&gt;" in listing and "<x>" not in listing
