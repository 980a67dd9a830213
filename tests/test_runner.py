"""kinerja run: parameters, parallel notebooks, offline pages, manifest, failures, atomic replacement.

The runs read a 60-ASN demo folder: what these tests check does not depend on the number of ASN, and the
evaluation and the feedback pages of the full demo would cost each run about ten seconds more.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path

import ibis
import nbformat
import psutil
import pytest

from kinerja.core.errors import DataError
from kinerja.core.periods import Quarter
from kinerja.data.loading import load_dataset
from kinerja.quarter.evaluation import QuarterResults
from kinerja.run import runner
from kinerja.run.cli import main

NOTEBOOKS = Path(__file__).parent / "data" / "notebooks"


@pytest.fixture(scope="module")
def small(demo_60) -> Path:
    """The 60-ASN demo folder."""
    return demo_60


def parameters(folder: Path, small: Path, text: str = "") -> Path:
    """A parameters file in ``folder`` that reads the small demo folder, then ``text``."""
    path = folder / "run.yaml"
    path.write_text(f"data: {small}\n{text}", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory, small):
    output = tmp_path_factory.mktemp("reports")
    params = parameters(output, small, "name: uji\npertama:\n  level: 7\n")
    result = runner.run(params, output=output, jobs=2, notebooks_folder=NOTEBOOKS, progress=False)
    return result, output


def test_a_failing_notebook_fails_the_run_but_the_others_finish(finished_run):
    result, _ = finished_run
    assert result.status == "failed"
    assert {r.name: r.status for r in result.notebooks} == {"gagal": "failed", "pertama": "ok"}


def test_notebook_sections_reach_their_notebook(finished_run):
    result, _ = finished_run
    page = (result.folder / "pertama.html").read_text(encoding="utf-8")
    assert "Triwulan 2026-Q3, tingkat 7" in page


def test_pages_hide_code_and_run_nothing_from_data(finished_run):
    result, _ = finished_run
    page = (result.folder / "pertama.html").read_text(encoding="utf-8")
    assert "from IPython.display" not in page
    assert "<script>alert(1)</script>" not in page


def test_the_failed_notebook_page_shows_the_failing_cell_and_the_error(finished_run):
    result, _ = finished_run
    page = (result.folder / "gagal.html").read_text(encoding="utf-8")
    assert "raise ValueError(&quot;sengaja gagal untuk uji&quot;)" in page
    assert "ValueError: sengaja gagal untuk uji" in page


def test_no_page_loads_anything_from_the_network(finished_run):
    result, output = finished_run
    for page in [*result.folder.glob("*.html"), output / "index.html"]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text), page.name
        assert "<link" not in text, page.name


def test_manifest_records_parameters_inputs_versions_and_timing(finished_run, small):
    result, _ = finished_run
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed"
    assert manifest["quarter"] == "2026-Q3"
    assert manifest["parameters"]["sections"] == {"pertama": {"level": 7}}
    assert set(manifest["inputs"]) == {p.name for p in small.iterdir() if p.is_file()}
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in manifest["inputs"].values())
    assert manifest["packages"]["pandas"] and manifest["python"]
    assert [n["name"] for n in manifest["notebooks"]] == ["gagal", "pertama"]
    assert manifest["started"] <= manifest["finished"]
    assert list(manifest["seconds"]) == ["open", "evaluate", "notebooks", "summary", "publish"]
    assert all(seconds >= 0 for seconds in manifest["seconds"].values())


def test_the_annex_and_restricted_rejects_are_written(finished_run):
    result, _ = finished_run
    assert "Lampiran mutu data" in (result.folder / "data_quality.html").read_text(encoding="utf-8")
    shown = (result.folder / "rejects.csv").read_text(encoding="utf-8")
    full = (result.folder / "restricted" / "rejects_full.csv").read_text(encoding="utf-8")
    nips = set(re.findall(r"\b\d{18}\b", full))  # the planted bad rows name ASN by NIP
    assert nips and not any(nip in shown for nip in nips)


def test_a_complete_run_writes_every_asns_feedback_page_to_the_restricted_folder(finished_run, small):
    small_dataset = load_dataset(small)
    result, _ = finished_run
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["feedback"]["status"] == "ok"
    assert manifest["feedback"]["pages"] == len(small_dataset.employees)
    pages_written = list((result.folder / "restricted" / "umpan_balik").glob("*/asn-*.html"))
    assert len(pages_written) == len(small_dataset.employees)
    assert "umpan_balik" in result.summary_table()


def test_the_quarter_is_evaluated_once_and_stored_in_the_restricted_folder(finished_run, small):
    small_dataset = load_dataset(small)
    result, _ = finished_run
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    evaluation = manifest["evaluation"]
    assert evaluation["status"] == "ok" and evaluation["times"] == 1 and evaluation["seconds"] > 0
    assert evaluation["quarter"] == "2026-Q3" and evaluation["previous_quarter"] == "2026-Q2"
    assert evaluation["trend"] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    folder = result.folder / evaluation["stored"]
    assert sorted(evaluation["files"]) == sorted(path.name for path in folder.iterdir())
    stored = QuarterResults.load(folder)
    assert stored.quarter == Quarter(2026, 3)
    assert set(stored.of_quarter("predikat", stored.quarter).index) == set(small_dataset.employees["nip"])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_restricted_folder_is_readable_only_by_its_owner(finished_run):
    result, _ = finished_run
    assert (result.folder / "restricted").stat().st_mode & 0o777 == 0o700


def test_the_index_of_runs_lists_the_run_with_its_status(finished_run):
    _, output = finished_run
    index = (output / "index.html").read_text(encoding="utf-8")
    assert 'href="uji/index.html"' in index and "gagal" in index


def test_a_run_that_breaks_off_leaves_the_earlier_run_intact(tmp_path, small, monkeypatch):
    params = parameters(tmp_path, small)
    good = runner.run(params, only=["pertama"], output=tmp_path, notebooks_folder=NOTEBOOKS, progress=False)
    before = (good.folder / "manifest.json").read_text(encoding="utf-8")

    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "_publish", broken)
    with pytest.raises(KeyboardInterrupt) as interrupted:
        runner.run(params, only=["pertama"], output=tmp_path, notebooks_folder=NOTEBOOKS, progress=False)
    assert interrupted.value.kept == good.folder / "index.html"  # the command line prints it
    assert (good.folder / "manifest.json").read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [runner.INTERRUPTED]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "terhenti" in index and "dihentikan oleh pengguna (Ctrl-C)" in index
    assert 'href="2026-Q3-pertama/index.html"' in index


def test_unknown_notebook_names_are_refused_before_anything_runs(tmp_path, demo):
    with pytest.raises(DataError, match="no notebook called 'ketiga'; the notebooks are gagal, pertama"):
        runner.run(None, only=["ketiga"], output=tmp_path, notebooks_folder=NOTEBOOKS, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_the_command_exits_1_with_one_sentence_on_a_bad_parameters_file(tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text("quarter: 2026-Q9\n", encoding="utf-8")
    assert main(["run", str(params), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kinerja run: p.yaml: key 'quarter': '2026-Q9' is not a quarter")
    assert not (tmp_path / "out").exists()


def test_the_project_kernel_is_this_interpreter():
    import sys

    with runner._project_kernel() as name:
        from jupyter_client.kernelspec import KernelSpecManager

        spec = KernelSpecManager().get_kernel_spec(name)
        assert spec.argv[0] == sys.executable


def test_declared_parameters_are_the_names_the_parameters_cell_assigns():
    assert runner.declared_parameters(NOTEBOOKS / "pertama.ipynb") == {
        "data", "quarter", "language", "privacy", "output", "level"}


def test_a_partial_run_gets_its_own_folder_beside_the_complete_run(tmp_path, small):
    partial = runner.run(parameters(tmp_path, small), only=["pertama"], output=tmp_path, notebooks_folder=NOTEBOOKS,
                         progress=False)
    assert partial.folder.name == "2026-Q3-pertama"
    assert [r.name for r in partial.notebooks] == ["pertama"]
    assert partial.feedback is None and not (partial.folder / "restricted" / "umpan_balik").exists()


def _notebook(path: Path, *code: str, parameters: str = "") -> None:
    """Write a test notebook: a title, the runner's parameters cell, then ``code`` cells."""
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "kinerja", "language": "python",
                                                                 "display_name": "Python (kinerja)"}})
    cell = nbformat.v4.new_code_cell('data = "demo"\nquarter = None\nlanguage = "id"\nprivacy = "leadership"\n'
                                     f"output = None\n{parameters}")
    cell.metadata["tags"] = ["parameters"]
    notebook.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}"), cell,
                      *(nbformat.v4.new_code_cell(source) for source in code)]
    nbformat.write(notebook, path)


def test_a_notebook_that_does_not_read_the_evaluation_runs_beside_it_and_the_readers_after_it(tmp_path, small,
                                                                                            monkeypatch):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    started = tmp_path / "bebas.started"
    _notebook(folder / "bebas.ipynb", "from pathlib import Path\nPath(marker).touch()", parameters="marker = None")
    _notebook(folder / "pembaca.ipynb", "from pathlib import Path\nfound = Path(evaluation).is_dir()\n"
                                        "Path(marker).write_text(str(found))",
              parameters="evaluation = None\nmarker = None")
    evaluate, seen = runner._evaluate, []

    def evaluate_when_bebas_has_started(*args):
        # The evaluation waits (two minutes at most) for the notebook that does not read it.
        deadline = time.monotonic() + 120
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        seen.append(started.exists())
        return evaluate(*args)

    monkeypatch.setattr(runner, "_evaluate", evaluate_when_bebas_has_started)
    params = parameters(tmp_path, small, f"bebas:\n  marker: {started}\npembaca:\n  marker: {tmp_path / 'found'}\n")
    result = runner.run(params, output=tmp_path / "out", jobs=2, notebooks_folder=folder, progress=False)
    assert result.status == "ok"
    assert seen == [True]  # bebas ran while the quarter was evaluated
    assert (tmp_path / "found").read_text() == "True"  # pembaca started once the evaluation was stored
    assert [r.name for r in result.notebooks] == ["bebas", "pembaca"]


def test_the_feedback_pages_are_written_in_a_lane_a_reader_left_while_another_still_runs(tmp_path, small):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder / "pendek.ipynb", "pass", parameters="evaluation = None")
    # The long reader waits (a minute at most) for the feedback pages, and says whether they came.
    _notebook(folder / "panjang.ipynb", "import time\nfrom pathlib import Path\n"
                                        "pages = Path(output) / 'restricted' / 'umpan_balik' / 'index.html'\n"
                                        "deadline = time.monotonic() + 60\n"
                                        "while not pages.exists() and time.monotonic() < deadline:\n"
                                        "    time.sleep(0.1)\n"
                                        "Path(marker).write_text(str(pages.exists()))",
              parameters="evaluation = None\noutput = None\nmarker = None")
    params = parameters(tmp_path, small, f"panjang:\n  marker: {tmp_path / 'came'}\n")
    result = runner.run(params, output=tmp_path / "out", jobs=2, notebooks_folder=folder, progress=False)
    assert result.status == "ok"
    assert (tmp_path / "came").read_text() == "True"
    assert result.feedback["status"] == "ok"


@pytest.fixture
def ctrl_c_raises():
    """SIGINT raises KeyboardInterrupt in this test, as in a terminal (a background job starts with it ignored)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the swallowed interrupt, printed
def test_a_ctrl_c_that_python_swallows_in_a_callback_still_ends_the_block(ctrl_c_raises):
    # A busy evaluation runs many weak-reference callbacks; KeyboardInterrupt raised in one is only printed.
    thing = type("Thing", (), {})()

    def callback(_: object) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pass  # the signal's handler runs here, inside the callback

    reference = weakref.ref(thing, callback)
    with pytest.raises(KeyboardInterrupt), runner._ctrl_c_kept(), runner._ctrl_c_kept():  # blocks nest
        del thing  # runs the callback, which swallows the KeyboardInterrupt
    assert reference() is None


def test_ctrl_c_during_a_duckdb_query_ends_the_block_with_keyboard_interrupt(ctrl_c_raises):
    # DuckDB answers Ctrl-C during a query with an error of its own (RuntimeError: Query interrupted).
    query = ibis.duckdb.connect().con.sql("select sum(a.range * b.range % 7) from range(100000) a, range(6000) b")
    ctrl_c = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))  # the query takes about 3 s here
    try:
        with pytest.raises(KeyboardInterrupt) as interrupted, runner._ctrl_c_kept():
            ctrl_c.start()
            query.to_arrow_table()  # as ibis runs every query
    finally:
        ctrl_c.cancel()
    assert isinstance(interrupted.value.__cause__, RuntimeError)  # DuckDB's answer, not Python's own


def test_a_failed_run_is_kept_beside_the_good_run_it_would_replace(tmp_path, small):
    params = parameters(tmp_path, small, "name: tetap\n")
    good = runner.run(params, only=["pertama"], output=tmp_path, notebooks_folder=NOTEBOOKS, progress=False)
    before = (good.folder / "manifest.json").read_text(encoding="utf-8")
    failed = runner.run(params, output=tmp_path, notebooks_folder=NOTEBOOKS, progress=False)
    assert failed.status == "failed" and failed.folder.name == "tetap-gagal"
    assert (good.folder / "manifest.json").read_text(encoding="utf-8") == before
    assert json.loads((failed.folder / "manifest.json").read_text(encoding="utf-8"))["kept"] == "tetap"
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="tetap/index.html"' in index and 'href="tetap-gagal/index.html"' in index
    assert "laporan yang gagal: gagal; proses tetap yang berhasil sebelumnya tetap dipakai" in index


def test_a_killed_kernel_fails_its_notebook_and_the_others_finish(tmp_path, small):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder / "mati.ipynb", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    _notebook(folder / "hidup.ipynb", "print('selesai')")
    result = runner.run(parameters(tmp_path, small), output=tmp_path / "out", jobs=2, notebooks_folder=folder,
                        progress=False)
    assert {r.name: r.status for r in result.notebooks} == {"hidup": "ok", "mati": "failed"}
    page = (result.folder / "mati.html").read_text(encoding="utf-8")
    assert "DeadKernelError" in page


def test_ctrl_c_stops_the_kernels_and_leaves_the_earlier_run_intact(tmp_path, small):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    marker = tmp_path / "kernel.pid"
    _notebook(folder / "cepat.ipynb", "print('selesai')")
    _notebook(folder / "lambat.ipynb", "import os, time\nfrom pathlib import Path\n"
                                       "Path(marker).write_text(str(os.getpid()))\ntime.sleep(300)",
              parameters="marker = None")
    output = tmp_path / "out"
    good = runner.run(parameters(tmp_path, small), only=["cepat"], output=output, notebooks_folder=folder,
                      progress=False)
    before = (good.folder / "manifest.json").read_text(encoding="utf-8")
    params = parameters(tmp_path, small, f"name: {good.folder.name}\nlambat:\n  marker: {marker}\n")
    # Ctrl-C raises KeyboardInterrupt in the runner, as in a terminal, also when the tests run in a
    # background job, whose processes start with SIGINT ignored (and Python then keeps ignoring it).
    script = ("import signal, sys\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"
              "from pathlib import Path\nfrom kinerja.run import runner\ntry:\n"
              f"    runner.run({str(params)!r}, output={str(output)!r}, notebooks_folder=Path({str(folder)!r}),"
              " progress=False)\nexcept KeyboardInterrupt:\n    sys.exit(130)\n")
    process = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 120
    while not marker.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    assert marker.exists(), "the slow notebook never started"
    process.send_signal(signal.SIGINT)
    started = time.monotonic()
    assert process.wait(timeout=60) == 130
    assert time.monotonic() - started < 30  # the kernel was stopped, not waited for (it sleeps 300 s)
    kernel = int(marker.read_text())
    assert not psutil.pid_exists(kernel) or psutil.Process(kernel).status() == psutil.STATUS_ZOMBIE
    assert (good.folder / "manifest.json").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in output.iterdir()) == [runner.INTERRUPTED, good.folder.name, "index.html"]
    index = (output / "index.html").read_text(encoding="utf-8")
    assert "dihentikan oleh pengguna (Ctrl-C)" in index


def test_a_run_keeps_only_the_prose_cells_of_its_language(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Halo", metadata={"tags": ["lang-id"]}),
        nbformat.v4.new_markdown_cell("Hello", metadata={"tags": ["lang-en"]}),
        nbformat.v4.new_markdown_cell("Both"),
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
    ])
    path = tmp_path / "two_languages.ipynb"
    nbformat.write(notebook, path)
    assert [cell.source for cell in runner.in_language(path, "id").cells] == ["Halo", "Both", "x = 1"]
    assert [cell.source for cell in runner.in_language(path, "en").cells] == ["Hello", "Both", "x = 1"]


def test_a_report_without_its_tables_is_skipped_and_the_run_still_succeeds(tmp_path, small):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("unit_kerja.csv", "pegawai.xlsx", "skm.xlsx"):
        shutil.copy(small / name, data / name)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(NOTEBOOKS / "pertama.ipynb", notebooks / "pertama.ipynb")
    needy = nbformat.read(NOTEBOOKS / "pertama.ipynb", as_version=4)
    needy.cells[0].source = "# Laporan Aktivitas"
    needy.cells[2].metadata["tags"] = ["needs-activities"]
    nbformat.write(needy, notebooks / "aktivitas.ipynb")
    (tmp_path / "run.yaml").write_text("data: data\nquarter: 2026-Q3\n", encoding="utf-8")
    result = runner.run(tmp_path / "run.yaml", output=tmp_path / "out", notebooks_folder=notebooks, progress=False)
    assert result.status == "ok"
    statuses = {r.name: (r.status, r.missing) for r in result.notebooks}
    assert statuses == {"aktivitas": ("skipped", ["activities"]), "pertama": ("ok", [])}
    page = (result.folder / "aktivitas.html").read_text(encoding="utf-8")
    assert "Laporan ini dilewati. Data aktivitas tidak tersedia dalam folder data." in page
    assert "aktivitas    skipped      0.0  no usable data: activities" in result.summary_table()
