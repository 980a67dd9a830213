"""The pages for citizens (privacy level ``publik``, issue 18): what they show, what they never show, how they print.

A ``publik`` run of the demo is made once for the module. Its files are searched for every NIP, name and comment
of the demo, its figures are checked against an independent computation on the responses, and each page is
printed to PDF with headless Chromium (skipped when it is absent, as the browser tests are). The smaller cases
(a comment marked publishable, a unit without responses, complaints unknown) are pages built from the demo's
evaluation with a planted change.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from kinerja.core.errors import DataError
from kinerja.core.privacy import MASK, PrivacyPolicy
from kinerja.core.text import say
from kinerja.data.loading import load_dataset
from kinerja.demo.planted import IKM_PLANTED_UNIT
from kinerja.metrics import ikm
from kinerja.present.public import INDEX, SERVICE_UNIT_TYPES, PublicPages
from kinerja.quarter.evaluation import QuarterOptions, QuarterResults, evaluate_quarter
from kinerja.quarter.figures import respondent_profile
from kinerja.quarter.selection import choose_quarter
from kinerja.run import runner
from kinerja.run.cli import main
from tests.browser import find_chromium, open_browser

POLICY = PrivacyPolicy.for_level("publik")
NIP_LIKE = re.compile(r"(?<!\d)(\d{8}\s?\d{6}\s?\d\s?\d{3})(?!\d)")
"""An 18-digit number, also written with the spaces of a NIP (``19660801 198803 1 001``)."""
PDF_PAGE = re.compile(rb"/Type\s*/Page(?!s)")
NEEDS_CHROMIUM = pytest.mark.skipif(find_chromium() is None and not os.environ.get("CI"),
                                    reason="chromium is not installed (.ci/run installs it; apt-get install chromium)")


@pytest.fixture(scope="module")
def public_run(tmp_path_factory, demo) -> tuple[runner.RunResult, Path]:
    """The demo run at privacy publik: (RunResult, output folder)."""
    output = tmp_path_factory.mktemp("reports")
    params = output.parent / f"{output.name}-publik.yaml"
    params.write_text("privacy: publik\n", encoding="utf-8")
    return runner.run(params, output=output, progress=False), output


@pytest.fixture(scope="module")
def responses(demo_dataset) -> pd.DataFrame:
    """The demo's SKM responses of the quarter the run evaluates."""
    frame = demo_dataset.to_pandas("ikm_responses")
    quarter = choose_quarter(demo_dataset, None)
    return frame[ikm.period_of(frame["survey_date"], "quarter") == quarter.label]


@pytest.fixture(scope="module")
def evaluation(demo_dataset) -> QuarterResults:
    """The demo's quarter, evaluated with few bootstrap resamples (the pages show no interval)."""
    return evaluate_quarter(demo_dataset, choose_quarter(demo_dataset, None), QuarterOptions(n_boot=20))


def pages_of(folder: Path) -> dict[str, str]:
    """Every page of a run folder by file name, as text."""
    return {page.name: page.read_text(encoding="utf-8") for page in sorted(folder.glob("*.html"))}


def value(page: str, element: str) -> str:
    """The text of the element with id ``element``."""
    found = re.search(rf'id="{element}">([^<]*)<', page)
    assert found, f"no element {element!r}"
    return html.unescape(found.group(1))


def profile_cells(page: str, characteristic: str) -> dict[str, str]:
    """Group -> respondents as the page's profile shows them, for one characteristic."""
    block = re.search(rf'data-characteristic="{characteristic}">(.*?)</table>', page, re.S)
    assert block, f"no profile block {characteristic!r}"
    return {html.unescape(group): html.unescape(count)
            for group, count in re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>[^<]*</td></tr>", block.group(1))}


def test_a_public_run_writes_the_pages_and_the_manifest_and_nothing_else(public_run, demo_dataset, responses):
    result, output = public_run
    assert result.status == "ok" and result.folder.name == f"{choose_quarter(demo_dataset, None)}-publik"
    service = demo_dataset.units.loc[demo_dataset.units["unit_type"].isin(SERVICE_UNIT_TYPES), "unit_code"]
    expected = {INDEX, "manifest.json", *(f"unit-{code}.html" for code in {*service, *responses["unit_code"]})}
    written = {str(path.relative_to(result.folder)) for path in result.folder.rglob("*")}
    assert written == expected
    assert not (result.folder / "restricted").exists()
    assert {path.name for path in output.iterdir()} == {INDEX, result.folder.name}  # the list of runs, the run
    for name, page in pages_of(result.folder).items():  # links lead only to the other public pages
        assert set(re.findall(r'href="([^"]*)"', page)) <= expected - {"manifest.json"}, name
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["privacy"] == "publik" and manifest["notebooks"] == []
    assert manifest["parameters_file"] == f"{output.name}-publik.yaml"  # no folder: it may name whoever ran it


def test_no_file_of_the_run_holds_a_nip_a_name_a_comment_or_a_topic(public_run, demo_dataset):
    result, _ = public_run
    employees = demo_dataset.employees
    names = {name for name in employees["name"].dropna()} | {name.split(",")[0] for name in employees["name"].dropna()}
    comments = set(demo_dataset.to_pandas("ikm_responses")["comment"].dropna())
    topics = set(demo_dataset.to_pandas("forums")["topic"].dropna())
    nips = set(employees["nip"].dropna())
    files = [path for path in result.folder.rglob("*") if path.is_file()]
    assert len(files) > 10
    for path in files:
        text = html.unescape(path.read_text(encoding="utf-8"))
        assert not NIP_LIKE.search(text), path.name
        assert not [nip for nip in nips if nip in text], path.name
        lowered = text.lower()
        assert not [name for name in names if re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", lowered)], path.name
        assert not [comment for comment in comments if comment in text], path.name
        assert not [topic for topic in topics if topic in text], path.name


def test_a_unit_page_shows_the_ikm_grade_and_respondents_of_the_unit_s_responses(public_run, responses):
    result, _ = public_run
    page = (result.folder / f"unit-{IKM_PLANTED_UNIT}.html").read_text(encoding="utf-8")
    expected = ikm.compute_ikm(responses[responses["unit_code"] == IKM_PLANTED_UNIT])
    assert value(page, "ikm") == f"{expected.ikm_rounded:.2f}".replace(".", ",")
    assert value(page, "grade") == expected.grade
    assert value(page, "label") == expected.label
    assert value(page, "respondents") == str(expected.n)


def test_the_kecamatan_page_pools_every_response_of_the_quarter(public_run, responses):
    result, _ = public_run
    page = (result.folder / INDEX).read_text(encoding="utf-8")
    expected = ikm.compute_ikm(responses)
    assert value(page, "ikm") == f"{expected.ikm_rounded:.2f}".replace(".", ",")
    assert value(page, "grade") == expected.grade
    assert value(page, "respondents") == f"{expected.n:,}".replace(",", ".")
    for code in responses["unit_code"].unique():
        assert f'href="unit-{code}.html"' in page


def test_a_group_of_fewer_than_five_respondents_is_hidden(public_run, responses):
    result, _ = public_run
    counts = responses.groupby(["unit_code", "education"]).size()
    unit, group = counts[(counts > 0) & (counts < 5)].index[0]
    page = (result.folder / f"unit-{unit}.html").read_text(encoding="utf-8")
    assert profile_cells(page, "education")[group] == "<5"
    assert "&lt;5: kurang dari 5 orang" in page


def test_no_profile_cell_on_any_page_counts_one_to_four_people(public_run):
    result, _ = public_run
    for name, page in pages_of(result.folder).items():
        for characteristic in ("gender", "age", "education", "occupation"):
            for group, count in profile_cells(page, characteristic).items():
                assert count in ("<5", "*") or int(count.replace(".", "")) == 0 \
                    or int(count.replace(".", "")) >= 5, (name, characteristic, group, count)


def test_a_hidden_count_cannot_be_worked_out_from_the_totals_the_pages_show(evaluation, demo_dataset):
    pages = PublicPages.build(evaluation, demo_dataset, POLICY)
    for characteristic, (by_unit, total) in pages.profile.items():
        hidden = by_unit.hidden
        # A unit's groups add up to its respondents; a group's units add up to the kecamatan's count of it.
        assert not (hidden.sum(axis=1) == 1).any(), characteristic
        alone = hidden.columns[hidden.sum(axis=0) == 1]
        assert total.hidden.loc[alone, "respondents"].all(), characteristic
        assert total.hidden["respondents"].sum() != 1, characteristic


def test_an_occupation_few_people_wrote_is_pooled_and_never_shown(evaluation, demo_dataset, responses):
    profile = evaluation.satisfaction.profile
    written = pd.DataFrame({"unit_code": [IKM_PLANTED_UNIT], "characteristic": ["occupation"],
                            "group": ["Penjaga toko Pak Budi di Jalan Majapahit"], "respondents": [1]})
    planted = replace(evaluation, satisfaction=replace(evaluation.satisfaction,
                                                       profile=pd.concat([profile, written], ignore_index=True)))
    pages = PublicPages(planted, demo_dataset.units, responses, POLICY)
    for page in (pages.page(IKM_PLANTED_UNIT), pages.page(None)):
        assert "Budi" not in page and "Majapahit" not in page
        assert "jawaban lain (masing-masing kurang dari 5 orang)" in profile_cells(page, "occupation")


def test_an_occupation_many_people_wrote_is_shown_as_written(public_run, responses):
    # "Ibu Rumah Tangga" starts with a form of address: the rule that masks names after one must not reach it.
    page = (public_run[0].folder / f"unit-{IKM_PLANTED_UNIT}.html").read_text(encoding="utf-8")
    assert "Ibu Rumah Tangga" in profile_cells(page, "occupation")
    assert "[nama]" not in page


def test_the_profile_counts_age_bands_and_blank_answers():
    answers = pd.DataFrame({"unit_code": ["A", "A", "A", "B"], "gender": ["P", None, "L", "P"],
                            "age": [24, 25, None, 70], "education": ["S1", "SMA", "SMA", None]})
    profile = respondent_profile(answers).set_index(["unit_code", "characteristic"])
    age = profile.loc[("A", "age")]
    assert age["group"].tolist() == ["<25", "25–34", None] and age["respondents"].tolist() == [1, 1, 1]
    assert profile.loc[("A", "gender"), "group"].tolist() == ["L", "P", None]
    assert profile.loc[("A", "education"), "group"].tolist() == ["SMA", "S1"]  # the most named first
    assert profile.loc[[("B", "occupation")], "group"].isna().all()  # no occupation column: not given


def test_a_comment_marked_publishable_is_shown_masked_and_escaped_and_others_are_not(evaluation, demo_dataset):
    name = demo_dataset.employees["name"].dropna().iloc[0].split(",")[0]  # as a citizen writes it: no degrees
    day = pd.Timestamp(evaluation.quarter.start)
    comments = pd.DataFrame({
        "unit_code": [IKM_PLANTED_UNIT] * 3, "survey_date": [day, day, day],
        "comment": [f"Petugas {name} ramah <b>sekali</b>", "Antrean terlalu panjang di loket", "Toilet kotor"],
        "comment_public": ["yes", "no", None]})
    people = tuple(demo_dataset.employees["name"].dropna())
    pages = PublicPages(evaluation, demo_dataset.units, comments, POLICY, people)
    for page in (pages.page(IKM_PLANTED_UNIT), pages.page(None)):
        assert f"Petugas {MASK} ramah &lt;b&gt;sekali&lt;/b&gt;" in page
        assert name not in html.unescape(page)
        assert "Antrean terlalu panjang" not in page and "Toilet kotor" not in page


def test_the_comment_column_is_read_from_its_indonesian_header(tmp_path, demo):
    (tmp_path / "unit_kerja.csv").write_text((demo / "unit_kerja.csv").read_text(encoding="utf-8"), encoding="utf-8")
    unsur = [f"U{i}" for i in range(1, 10)]
    pd.DataFrame({"Unit Layanan": ["KEL-MYR"] * 3, "Tanggal": ["2026-07-01"] * 3, **{u: [4, 3, 2] for u in unsur},
                  "Saran": ["Bagus", "Lambat", "Kotor"], "Boleh Dipublikasikan": ["Ya", "Tidak", None]}
                 ).to_csv(tmp_path / "skm.csv", index=False)
    read = load_dataset(tmp_path).to_pandas("ikm_responses")
    assert read["comment_public"].tolist()[:2] == ["yes", "no"] and pd.isna(read["comment_public"].iloc[2])


def test_a_service_unit_without_responses_says_the_survey_gives_no_result(evaluation, demo_dataset, responses):
    units = pd.concat([demo_dataset.units, pd.DataFrame({"unit_code": ["KEL-BARU"], "unit_name": ["Kantor Lurah Baru"],
                                                         "unit_type": ["kelurahan"]})], ignore_index=True)
    pages = PublicPages(evaluation, units, responses, POLICY)
    assert "KEL-BARU" in pages.file_names()
    page = pages.page("KEL-BARU")
    reason = say("publik.no_result", "id", quarter=evaluation.quarter.label_id, reason=say("publik.no_responses", "id"))
    assert value(page, "no-result") == reason
    assert 'id="ikm"' not in page and 'id="profile"' not in page
    index = pages.page(None)
    assert re.search(r"Kantor Lurah Baru</a></td><td>0</td><td>tidak ada hasil</td>", index)


def test_unknown_complaints_are_said_to_be_unknown_never_zero(evaluation, demo_dataset, responses):
    reason = {"id": "tabel pengaduan tidak ada.", "en": "the complaints table is absent."}
    unknown = replace(evaluation, unavailable={**evaluation.unavailable, "complaints": reason})
    page = PublicPages(unknown, demo_dataset.units, responses, POLICY).page(IKM_PLANTED_UNIT)
    assert say("publik.complaints.unknown", "id", quarter=evaluation.quarter.label_id, reason=reason["id"]) in page
    assert "menerima 0 pengaduan" not in page


def test_when_the_survey_is_unknown_the_pages_say_why_and_count_nobody(evaluation, demo_dataset, responses):
    reason = {"id": "tabel SKM tidak ada.", "en": "the SKM table is absent."}
    nothing = evaluation.satisfaction.per_unit.iloc[:0]
    satisfaction = replace(evaluation.satisfaction, per_unit=nothing, overall=evaluation.satisfaction.overall.iloc[:0],
                           profile=evaluation.satisfaction.profile.iloc[:0])
    unknown = replace(evaluation, satisfaction=satisfaction,
                      unavailable={**evaluation.unavailable, "satisfaction": reason})
    pages = PublicPages(unknown, demo_dataset.units, responses.iloc[:0], POLICY)
    index = pages.page(None)
    assert value(index, "no-result") == say("publik.no_result_all", "id", quarter=evaluation.quarter.label_id,
                                            reason=reason["id"])
    assert "Kantor Lurah Mayura</a></td><td>–</td><td>tidak ada hasil" in index
    assert value(pages.page(IKM_PLANTED_UNIT), "no-result").endswith(reason["id"])


def test_a_page_in_english_says_everything_in_english(evaluation, demo_dataset, responses):
    page = PublicPages(evaluation, demo_dataset.units, responses, POLICY, language="en").page(IKM_PLANTED_UNIT)
    assert "Community Satisfaction Survey" in page and "What we have done" in page
    assert "PermenPANRB No. 14 of 2017" in page and "Less than good" in page


@NEEDS_CHROMIUM
def test_each_page_prints_on_at_most_two_a4_pages(public_run, tmp_path):
    result, _ = public_run
    pages = sorted(result.folder.glob("*.html"))
    browser = open_browser()
    try:
        for page in pages:
            pdf = tmp_path / f"{page.stem}.pdf"
            browser.print_pdf(page, pdf)
            assert 1 <= len(PDF_PAGE.findall(pdf.read_bytes())) <= 2, page.name
    finally:
        browser.close()


def test_a_public_run_chooses_no_notebook(tmp_path, capsys):
    params = tmp_path / "publik.yaml"
    params.write_text("privacy: publik\n", encoding="utf-8")
    with pytest.raises(DataError, match="runs no notebook"):
        runner.run(params, only=["kepuasan_masyarakat"], output=tmp_path / "out", progress=False)
    assert main(["run", str(params), "--only", "kepuasan_masyarakat", "--output", str(tmp_path / "out")]) != 0
    assert "runs no notebook" in capsys.readouterr().err


def test_a_leadership_run_writes_no_public_page(demo_run):
    result, _ = demo_run
    assert not list(result.folder.glob("unit-*.html"))
    assert not result.public_pages
    assert "publik" not in (result.folder / "manifest.json").read_text(encoding="utf-8")
