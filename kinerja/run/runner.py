"""Run the quarter: execute the notebooks with papermill and publish offline HTML.

A run is built in a hidden temporary folder next to its destination and
renamed into place only when it is complete, so an earlier good run of the
same quarter stays intact until then. The leadership summary
(``ringkasan_pimpinan``) runs after the others and reads what they saved.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import papermill
import psutil
from papermill.exceptions import PapermillExecutionError

from kinerja.core.errors import DataError, KinerjaError
from kinerja.core.formatting import LANGUAGES, number
from kinerja.core.periods import Quarter
from kinerja.core.pseudonyms import load_key
from kinerja.core.text import say
from kinerja.data.coverage import require_quarter_covered
from kinerja.data.dataset import Dataset
from kinerja.data.engines import engine_environment
from kinerja.data.quality import reject_warnings
from kinerja.feedback.build import write_feedback_pages
from kinerja.feedback.records import FeedbackOptions
from kinerja.present import pages
from kinerja.present.public import write_public_pages
from kinerja.present.report import (
    REPORT_STATES,
    coverage_annex,
    hide_personal_values,
    implausible_annex,
    notes_annex,
    quality_annex,
    table_label,
    unit_coverage_annex,
)
from kinerja.quarter.evaluation import QuarterResults, evaluate_quarter
from kinerja.quarter.selection import (
    DEMO,
    REJECT_LIMIT_VARIABLE,
    choose_quarter,
    open_dataset,
)
from kinerja.run import NOTEBOOKS, PROJECT_ROOT, warm_kernels
from kinerja.run.parameters import RunParameters, read_parameters
from kinerja.run.sections import plan_notebook

SUMMARY = "ringkasan_pimpinan"
"""The leadership summary: runs last and heads the run's index page."""
EVALUATION_PARAMETER = "evaluation"
"""The parameter a notebook declares to read the run's evaluation of the quarter; one that does not starts beside it."""
KEY_PACKAGES = ("kinerja", "pandas", "numpy", "ibis-framework", "duckdb", "pyspark", "pandera", "papermill",
                "nbconvert", "scikit-learn", "scipy", "statsmodels", "seaborn", "matplotlib")
INTERRUPTED = ".interrupted"
"""Folder of the output where runs that broke off are noted."""
FEEDBACK_FOLDER = "umpan_balik"
"""Subfolder of ``restricted/`` with every ASN's feedback page."""
EVALUATION_FOLDER = "evaluasi"
"""Subfolder of ``restricted/`` with the quarter's evaluation (Parquet tables and ``evaluasi.json``)."""
IMPLAUSIBLE_DAYS_FILE = "hari_lebih_16_jam.csv"
"""File of ``restricted/`` listing who reported more than 16 hours of activities on which day."""
FAILED_SUFFIX = "-gagal"
"""Added to the folder name of a failed run that would otherwise replace a good run."""
PUBLIC_SUFFIX = "-publik"
"""Added to the quarter in the folder name of a run at privacy ``publik``, so it never replaces the quarter's report."""


@dataclass
class NotebookResult:
    """What happened to one notebook in a run.

    ``status`` is ``ok``, ``skipped`` (none of its tables is usable: not
    executed, not a failure) or ``failed``; ``reason`` says in one sentence
    why a notebook was skipped or failed, and ``skipped_sections`` names the
    sections left out for want of data. ``body`` is what its page shows
    (:func:`kinerja.present.pages.notebook_body`), rendered as soon as it ends.
    """

    name: str
    status: str
    seconds: float
    failure: pages.Failure | None = None
    reason: str | None = None
    skipped_sections: list[str] = field(default_factory=list)
    title: str = ""
    missing: list[str] = field(default_factory=list)
    body: str = ""


@dataclass
class RunResult:
    """The outcome of a run: where it is, how each notebook went, and the pages for citizens of a ``publik`` run."""

    folder: Path
    status: str
    notebooks: list[NotebookResult]
    feedback: dict | None = None
    warnings: list[str] = field(default_factory=list)
    public_pages: list[str] = field(default_factory=list)

    def summary_table(self) -> str:
        """Return a plain-text table: notebook (and the feedback pages), status, seconds, and why one did not run."""
        rows = [(r.name, r.status, f"{r.seconds:.1f}", f"no usable data: {', '.join(r.missing)}" if r.missing else r.reason or "")
                for r in self.notebooks]
        if self.feedback is not None:
            rows.append((FEEDBACK_FOLDER, self.feedback["status"],
                         f"{self.feedback['seconds']:.1f}" if "seconds" in self.feedback else "",
                         self.feedback.get("reason", "") if self.feedback["status"] != "ok" else ""))
        if self.public_pages:
            rows.append(("publik", self.status, "", f"{len(self.public_pages)} pages for citizens, no notebook"))
        width = max([len(name) for name, *_ in rows] + [8])
        lines = [f"{'notebook':<{width}}  {'status':<7}  {'seconds':>7}"]
        lines += [f"{name:<{width}}  {status:<7}  {seconds:>7}" + (f"  {_one_line(why)}" if why else "")
                  for name, status, seconds, why in rows]
        return "\n".join(lines)


def _one_line(text: str, limit: int = 160) -> str:
    """The first line of ``text``, cut to ``limit`` characters."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def discover_notebooks(folder: Path = NOTEBOOKS) -> dict[str, Path]:
    """Return the report notebooks of ``folder`` by name (file stem), the summary last."""
    found = {path.stem: path for path in sorted(folder.glob("*.ipynb")) if not path.name.startswith(".")}
    if SUMMARY in found:
        found[SUMMARY] = found.pop(SUMMARY)
    return found


LANGUAGE_TAG = "lang-{language}"
"""The tag of a cell written in one language (``lang-id``, ``lang-en``); a run keeps only its language's."""


def in_language(path: Path, language: str) -> nbformat.NotebookNode:
    """The notebook at ``path`` without the cells tagged for another language than ``language``.

    Prose that does not depend on numbers is written once per language in
    Markdown cells tagged ``lang-id`` / ``lang-en``, so a researcher reads
    both in JupyterLab; a run's page shows one.
    """
    notebook = nbformat.read(path, as_version=4)
    others = {LANGUAGE_TAG.format(language=other) for other in LANGUAGES if other != language}
    notebook.cells = [cell for cell in notebook.cells if not others & set(cell.get("metadata", {}).get("tags", []))]
    return notebook


def declared_parameters(path: Path) -> set[str]:
    """Return the names a notebook's ``parameters`` cell assigns at its top level.

    Raises
    ------
    DataError
        When the notebook cannot be read or its parameters cell is not valid Python.
    """
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as error:
        raise DataError(f"the notebook {path.name} cannot be read: {error}.") from None
    for cell in notebook.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError as error:
                raise DataError(f"the parameters cell of {path.name} is not valid Python (line {error.lineno}).") from None
            return {target.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                    for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                    if isinstance(target, ast.Name)}
    return set()


def run(parameters_file: str | Path | None = None, *, only: Sequence[str] | None = None, jobs: int | None = None,
        output: str | Path = "reports", notebooks_folder: Path = NOTEBOOKS, progress: bool = True) -> RunResult:
    """Run the quarter's notebooks and publish the reports.

    Parameters
    ----------
    parameters_file
        YAML parameters (see :mod:`kinerja.run.parameters`); None for the demo.
    only
        Names of the notebooks to run; None for all. A partial run is saved
        as ``<quarter>-<names>`` unless the parameters name it.
    jobs
        Notebooks executed at once; default the number of cores.
    output
        Folder holding the runs; the run goes to ``output/<run>/``.
    notebooks_folder
        Where the notebooks are.
    progress
        Show a progress bar per notebook.

    Raises
    ------
    DataError
        Before any kernel starts, when the parameters or the data are unusable.

    Notes
    -----
    At privacy ``publik`` no notebook runs: the run holds only the pages for
    citizens (:func:`_run_public`).
    """
    stopwatch = _Stopwatch()
    notebooks = discover_notebooks(notebooks_folder)
    if not notebooks:
        raise DataError(f"no notebooks found in {notebooks_folder}.")
    params = read_parameters(parameters_file, {name: declared_parameters(path) for name, path in notebooks.items()})
    if params.policy.public:
        if only:
            raise DataError(f"privacy {params.privacy} runs no notebook, so there is none to choose with --only.")
        return _run_public(params, output, stopwatch)
    selected = _select(notebooks, only)
    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise DataError(f"--jobs must be at least 1, not {jobs}.")
    if params.policy.pseudonymous:
        load_key()  # refuse before any kernel starts; the kernels read the key from the same environment
    # The kernel server imports what the notebooks import while the data are opened and the quarter evaluated.
    preload = warm_kernels.notebook_imports(notebooks[name] for name in selected)
    if params.data == DEMO:
        preload.append("kinerja.demo")  # every kernel opens the demo through its generator's modules
    with _project_kernel(preload) as kernel:
        dataset, quarter = _open(params)  # a missing Java stops here, before any kernel
        stopwatch.lap("open")
        # A partial run gets its own folder, so it never replaces the quarter's complete run.
        name = params.name or (str(quarter) if not only else f"{quarter}-{'-'.join(selected)}")
        output = _output_folder(output)
        options = FeedbackOptions(evaluation=params.quarter_options(), demo=params.data == DEMO)
        with _building(output, name, quarter, params) as (staging, started), engine_environment(params.engine), \
                _variable(REJECT_LIMIT_VARIABLE, str(params.reject_limit)):
            common = {"data": params.data, "quarter": str(quarter), "language": params.language,
                      "privacy": params.privacy, "output": str(staging)}
            run = _Run(notebooks, params, common, staging, kernel, dataset, quarter, progress)

            def evaluate() -> tuple[QuarterResults | str, dict]:
                # The quarter is evaluated once; every page that shows a shared figure reads this one result. The
                # notebooks that read it start after this has returned, so they all find its folder in `common`.
                evaluation, evaluated = _evaluate(dataset, quarter, staging, params)
                common[EVALUATION_PARAMETER] = str(staging / evaluated["stored"]) if evaluated.get("stored") else None
                stopwatch.lap("evaluate")
                return evaluation, evaluated

            others = [n for n in selected if n != SUMMARY]
            # A notebook that does not read the evaluation starts at once, beside it.
            readers = [n for n in others if EVALUATION_PARAMETER in declared_parameters(notebooks[n])]
            # The personal feedback pages belong to the quarter's complete run, not to a partial one; they are
            # written in the first lane left free once the readers have all started.
            write = None if only else lambda evaluate_gave: _write_feedback(dataset, evaluate_gave[0], staging, params, options)
            done, (evaluation, evaluated), feedback = _execute_all(
                [n for n in others if n not in readers], run, jobs, meanwhile=evaluate, then=readers, last=write)
            results = sorted(done, key=lambda result: others.index(result.name))
            stopwatch.lap("notebooks")
            if SUMMARY in selected:
                _write_report_states(staging, results, reject_warnings(dataset, params.reject_warning,
                                                                       params.reject_limit, params.language))
            summary, _, _ = _execute_all([SUMMARY] if SUMMARY in selected else [], run, jobs)
            results += summary
            stopwatch.lap("summary")
            feedback_failed = feedback is not None and feedback["status"] == "failed"
            status = "ok" if all(r.status != "failed" for r in results) and not feedback_failed else "failed"
            # A failed run never replaces a good run of the same name: it is kept beside it.
            kept = name if status == "failed" and _status_of(output / name) == "ok" else None
            folder_name = f"{name}{FAILED_SUFFIX}" if kept else name
            _publish(staging, dataset, params, folder_name, quarter, results, status, started, kept,
                     {"evaluation": evaluated, "feedback": feedback}, evaluation, stopwatch)
            folder = pages.replace_folder(staging, output / folder_name)
        return RunResult(folder, status, results, feedback, reject_warnings(dataset, params.reject_warning, params.reject_limit, "en"))


def _run_public(params: RunParameters, output: str | Path, stopwatch: _Stopwatch) -> RunResult:
    """Run at privacy ``publik``: open the data, evaluate the quarter once and write the pages for citizens.

    No notebook runs and nothing that names a person is written: no feedback
    page, data-quality annex, rejects or ``restricted/`` folder, and the
    evaluation is not stored. The run holds the page of all units (its
    ``index.html``), a page per service unit (:mod:`kinerja.present.public`)
    and ``manifest.json``. Unless the parameters name it, it is called
    ``<quarter>-publik``, so it never replaces the quarter's report for leadership.

    Raises
    ------
    DataError
        When the data are unusable, or the quarter cannot be evaluated (then no page is written).
    """
    dataset, quarter = _open(params)
    stopwatch.lap("open")
    name = params.name or f"{quarter}{PUBLIC_SUFFIX}"
    output = _output_folder(output)
    with _building(output, name, quarter, params) as (staging, started):
        evaluation, evaluated = _evaluate(dataset, quarter, staging, params)
        if isinstance(evaluation, str):
            raise DataError(f"the quarter {quarter} cannot be evaluated, so no public page was written: {evaluation}")
        stopwatch.lap("evaluate")
        written = write_public_pages(dataset, evaluation, staging, params.language, params.policy,
                                     populations=params.sections.get("kepuasan_masyarakat", {}).get("populations"),
                                     timezone=params.timezone, demo=params.data == DEMO)
        stopwatch.lap("publish")
        _write_manifest(staging, dataset, params, name, quarter, "ok", started, [], None,
                        {"evaluation": evaluated, "public_pages": [path.name for path in written]}, stopwatch)
        folder = pages.replace_folder(staging, output / name)
    return RunResult(folder, "ok", [], warnings=reject_warnings(dataset, params.reject_warning, params.reject_limit,
                                                                 "en"), public_pages=[path.name for path in written])


def _open(params: RunParameters) -> tuple[Dataset, Quarter]:
    """The data the parameters name and the quarter to evaluate; a quarter the data say nothing about stops here."""
    with _ctrl_c_kept():
        dataset = open_dataset(params.data, engine=params.engine, reject_limit=params.reject_limit)
        quarter = choose_quarter(dataset, params.quarter)
        require_quarter_covered(dataset, quarter)
    return dataset, quarter


def _output_folder(output: str | Path) -> Path:
    """The folder holding the runs, made when absent."""
    output = Path(output).resolve()
    output.mkdir(parents=True, exist_ok=True)
    return output


@contextmanager
def _building(output: Path, name: str, quarter: Quarter, params: RunParameters) -> Iterator[tuple[Path, datetime]]:
    """Yield a hidden folder to build the run ``name`` in, and when it started; list the runs after it.

    Whatever breaks the block (an error, Ctrl-C) removes the folder, notes
    the run as interrupted and says, on the error, which earlier report of
    the same name is kept; the block itself puts the folder in place.
    """
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.building-", dir=output))
    started = datetime.now().astimezone()
    try:
        with _ctrl_c_kept():
            yield staging, started
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        _record_interruption(output, name, quarter, started, error)
        _write_runs_index(output, params.language, params.timezone)
        if (output / name / "index.html").is_file():
            error.kept = output / name / "index.html"  # type: ignore[attr-defined]  # the command line names it
        raise
    _write_runs_index(output, params.language, params.timezone)


def _select(notebooks: dict[str, Path], only: Sequence[str] | None) -> list[str]:
    if not only:
        return list(notebooks)
    unknown = [name for name in only if name not in notebooks]
    if unknown:
        raise DataError(f"no notebook called {unknown[0]!r}; the notebooks are {', '.join(notebooks)}.")
    return [name for name in notebooks if name in only]


@contextmanager
def _project_kernel(preload: Sequence[str] = ()) -> Iterator[str]:
    """Yield the name of a kernelspec whose kernels run this very interpreter, whatever kernels the user has.

    Its kernels are forks of the process's kernel server
    (:func:`kinerja.run.warm_kernels.shared_server`), asked to import
    ``preload`` while the run goes on. The kernels still running when the
    block ends are stopped; the server stays for the process's next run.
    """
    server = warm_kernels.shared_server(preload)
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(server.folder), previous]))
    try:
        yield warm_kernels.KERNEL_NAME
    finally:
        if previous is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = previous
        server.stop_kernels()


@dataclass
class _Stopwatch:
    """Seconds each phase of a run took, for the manifest: docs/scale.md says where a run's time goes.

    The phases are ``open``, ``evaluate``, ``notebooks`` (all but the summary, with the feedback pages written
    in a lane the notebooks leave; their own seconds are in the manifest's ``feedback``), ``summary`` and
    ``publish``; a run at privacy ``publik`` has ``open``, ``evaluate`` and ``publish``.
    """

    laps: dict[str, float] = field(default_factory=dict)
    last: float = field(default_factory=time.perf_counter)

    def lap(self, phase: str) -> None:
        """Close ``phase``: the time since the previous lap."""
        now = time.perf_counter()
        self.laps[phase] = round(now - self.last, 2)
        self.last = now


@dataclass(frozen=True)
class _Run:
    """What every notebook of one run shares."""

    notebooks: dict[str, Path]
    params: RunParameters
    common: dict
    staging: Path
    kernel: str
    dataset: Dataset
    quarter: Quarter
    progress: bool


@contextmanager
def _variable(name: str, value: str) -> Iterator[None]:
    """Set an environment variable for the kernels started inside the block; restore it after."""
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


def _execute_all(names: list[str], run: _Run, jobs: int, meanwhile: Callable[[], Any] | None = None,
                 then: Sequence[str] = (), last: Callable[[Any], Any] | None = None,
                 ) -> tuple[list[NotebookResult], Any, Any]:
    """Execute the notebooks ``names``, ``jobs`` at once, while this thread calls ``meanwhile`` (if any).

    ``meanwhile`` takes one of the ``jobs`` lanes while it runs, so on two cores one notebook runs beside it. The
    notebooks ``then`` start once it has returned; then ``last`` is called with what it returned, in the first
    lane left free. Returns the results (those of ``names`` first), what ``meanwhile`` and ``last`` returned.
    """
    (run.staging / "notebooks").mkdir(exist_ok=True)
    params = run.params

    lanes, stopping = threading.Semaphore(jobs), threading.Event()
    started = threading.Semaphore(0)  # released once by each notebook as it takes its lane

    def one(position: int, name: str) -> NotebookResult:
        with lanes:
            started.release()
            if stopping.is_set():  # the run breaks off: a notebook still waiting for a lane does not start
                raise CancelledError
            result = execute(position, name)
        # Its page is rendered here, while the next notebook's kernel starts in the lane it left and other
        # notebooks still run; publishing then only frames the pages.
        path = run.staging / "notebooks" / f"{name}.ipynb"
        result.body = pages.notebook_body(nbformat.read(path, as_version=4) if path.exists()
                                          else nbformat.v4.new_notebook())
        return result

    def execute(position: int, name: str) -> NotebookResult:
        started = time.perf_counter()
        target = run.staging / "notebooks" / f"{name}.ipynb"
        plan = plan_notebook(in_language(run.notebooks[name], params.language), run.dataset, run.quarter,
                             params.language, params.reject_warning)
        title = pages.notebook_title(plan.notebook, name)
        if plan.skipped:
            reason = plan.reason(plan.unusable, params.language)
            nbformat.write(_skipped_notebook(title, say("coverage.notebook_skipped", params.language, reasons=reason)),
                           target)
            return NotebookResult(name, "skipped", 0.0, reason=reason, title=title, missing=plan.unusable)
        bar = {"desc": name, "position": position, "leave": True} if run.progress else False
        declared = declared_parameters(run.notebooks[name])
        # The evaluation's options reach every notebook that declares them, so that each reads the one result.
        given = {key: value for key, value in run.common.items() if key in declared} | params.shared_for(declared)
        skipped = plan.skipped_sections
        try:
            papermill.execute_notebook(
                plan.notebook, str(target), parameters={**given, **params.sections.get(name, {})},
                kernel_name=run.kernel, language="python", progress_bar=bar, cwd=str(run.notebooks[name].parent),
                log_output=False,
                # Written once at its end (or at the failing cell), not twice per cell: a run's pages are built
                # from the finished notebooks, and a broken-off run's folder is removed.
                request_save_on_cell_execute=False,
            )
        except PapermillExecutionError as error:
            failure = pages.Failure(error.source, f"{error.ename}: {error.evalue}\n\n"
                                                  + _strip_ansi("\n".join(error.traceback)))
            return NotebookResult(name, "failed", time.perf_counter() - started, failure,
                                  f"{error.ename}: {_strip_ansi(error.evalue)}", skipped, title)
        except Exception as error:  # noqa: BLE001 - a kernel that dies or cannot start fails this notebook only
            failure = pages.Failure("", f"{type(error).__name__}: {error}")
            return NotebookResult(name, "failed", time.perf_counter() - started, failure,
                                  f"{type(error).__name__}: {error}", skipped, title)
        return NotebookResult(name, "ok", time.perf_counter() - started, skipped_sections=skipped, title=title)

    def after_the_notebooks(job: Callable[[Any], Any], given: Any) -> Any:
        waiting = len(names) + len(then)
        while waiting and not stopping.is_set():  # until every notebook has taken its lane
            waiting -= started.acquire(timeout=0.5)
        with lanes:
            if stopping.is_set():
                raise CancelledError
            return job(given)

    # A thread per task: a lane's next notebook starts while the thread that left it renders its page.
    pool = ThreadPoolExecutor(max_workers=max(1, len(names) + len(then) + (last is not None)))
    futures: list[Future] = []
    done = None
    try:
        with lanes if meanwhile is not None else nullcontext():  # this thread's lane, taken before any notebook's
            futures += [pool.submit(one, position, name) for position, name in enumerate(names)]
            try:
                with _ctrl_c_kept():
                    done = meanwhile() if meanwhile is not None else None
            except BaseException:
                stopping.set()  # before this thread's lane is free, so that no notebook waiting for it starts
                raise
        futures += [pool.submit(one, position, name) for position, name in enumerate(then, len(names))]
        finishing = pool.submit(after_the_notebooks, last, done) if last is not None else None
        return [future.result() for future in futures], done, finishing and finishing.result()
    except BaseException:
        # Ctrl-C reaches only this process (kernels run in sessions of their own): stop them, or the
        # notebooks would run to their end before the run can break off.
        stopping.set()
        pool.shutdown(wait=False, cancel_futures=True)
        while not all(future.done() for future in futures):
            _stop_kernels()
            wait(futures, timeout=1)
        raise
    finally:
        pool.shutdown(wait=True)


@contextmanager
def _ctrl_c_kept() -> Iterator[None]:
    """End the block with KeyboardInterrupt whenever Ctrl-C is pressed inside it.

    Python only prints an exception raised while a finaliser or weak-reference callback runs, and a busy
    evaluation runs many; DuckDB turns Ctrl-C during a query into an error of its own (``RuntimeError: Query
    interrupted``, or a failed scan "...: KeyboardInterrupt"). Inside the block, Ctrl-C is noted as well as raised:
    any error that follows it becomes KeyboardInterrupt, and a block that ends normally after it raises one. Blocks
    nest. Outside the main thread, or where SIGINT has another handler (a background job ignores it), nothing
    changes.
    """
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or \
            not (previous is signal.default_int_handler or getattr(previous, "keeps_ctrl_c", False)):
        yield
        return
    pressed = threading.Event()

    def note(signum: int, frame: object) -> None:
        pressed.set()
        if previous is signal.default_int_handler:
            raise KeyboardInterrupt
        previous(signum, frame)  # an enclosing block notes it too, and raises

    note.keeps_ctrl_c = True  # type: ignore[attr-defined]
    signal.signal(signal.SIGINT, note)
    try:
        yield
    except BaseException as error:
        if pressed.is_set() and not isinstance(error, KeyboardInterrupt):
            raise KeyboardInterrupt from error
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed.is_set():
        raise KeyboardInterrupt


def _skipped_notebook(title: str, reason: str) -> nbformat.NotebookNode:
    """The page of a notebook that was not executed: its title and why."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(f"# {title}"), nbformat.v4.new_markdown_cell(f"> ⚠ {reason}")]
    return notebook


def _write_report_states(staging: Path, results: list[NotebookResult], warnings: list[str]) -> None:
    """Tell the summary which reports ran, were skipped (and why) or failed, which sections were left out, and
    which tables had too many rows rejected."""
    states = {"reports": [{"name": r.name, "title": r.title, "status": r.status, "reason": r.reason,
                           "skipped_sections": r.skipped_sections} for r in results],
              "warnings": warnings}
    (staging / REPORT_STATES).write_text(json.dumps(states, ensure_ascii=False, indent=2), encoding="utf-8")


def _stop_kernels() -> None:
    """Kill the kernels this process started (the kernel server's forks and their clients), and what they started."""
    for child in psutil.Process().children():
        try:
            command = " ".join(child.cmdline())
            if "kinerja.run.warm_kernels" in command:
                doomed = child.children(recursive=True)  # the kernels; the server itself stops with the run
            elif warm_kernels.CLIENT.name in command or "ipykernel_launcher" in command:
                doomed = [*child.children(recursive=True), child]
            else:
                continue
            for process in doomed:
                process.kill()
        except psutil.Error:
            pass  # it ended by itself meanwhile


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _evaluate(dataset: Dataset, quarter: Quarter, staging: Path,
              params: RunParameters) -> tuple[QuarterResults | str, dict]:
    """Evaluate the quarter once and store it in ``restricted/evaluasi``; return it (or why not) and the manifest entry.

    The stored tables hold NIPs, so at privacy ``research`` (no NIP in any
    written file) they are computed but not stored.
    """
    try:
        results = evaluate_quarter(dataset, quarter, params.quarter_options())
    except KinerjaError as error:
        return str(error), {"status": "failed", "reason": str(error), "times": 1}
    entry = {"status": "ok", "times": 1, "seconds": round(results.seconds, 2), "quarter": str(results.quarter),
             "previous_quarter": str(results.previous), "trend": [str(q) for q in results.trend]}
    if not params.policy.names_individuals:
        return results, entry | {"stored": None, "reason": f"privacy {params.privacy}: per-person tables are not stored"}
    files = results.save(staging / "restricted" / EVALUATION_FOLDER)
    return results, entry | {"stored": f"restricted/{EVALUATION_FOLDER}", "files": files}


def _write_feedback(dataset: Dataset, evaluation: QuarterResults | str, staging: Path, params: RunParameters,
                    options: FeedbackOptions) -> dict:
    """Write every ASN's feedback page to ``restricted/umpan_balik``; return what happened, for the manifest."""
    if not params.policy.names_individuals:
        return {"status": "skipped", "reason": f"privacy {params.privacy}: no named pages"}
    if isinstance(evaluation, str):
        return {"status": "failed", "reason": evaluation}
    try:
        result = write_feedback_pages(dataset, evaluation, staging / "restricted" / FEEDBACK_FOLDER,
                                      language=params.language, options=options)
    except KinerjaError as error:
        return {"status": "failed", "reason": str(error)}
    return {"status": "ok", "folder": f"restricted/{FEEDBACK_FOLDER}", "pages": result.pages,
            "unit_pages": result.unit_pages, "without_data": result.without_data, "seconds": round(result.seconds, 1)}


def _status_of(folder: Path) -> str | None:
    """Return the status in a run folder's manifest, or None when there is no readable one."""
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("status")
    except (OSError, json.JSONDecodeError, AttributeError):
        return None


def _publish(staging: Path, dataset: Dataset, params: RunParameters, name: str, quarter: Quarter,
             results: list[NotebookResult], status: str, started: datetime, kept: str | None,
             entries: dict[str, dict | None], evaluation: QuarterResults | str, stopwatch: _Stopwatch) -> None:
    language = params.language
    summary = next((r for r in results if r.name == SUMMARY and r.status == "ok"), None)
    # Every page lists the run's reports, so the titles are known before any page is written.
    titles = [(result.title or result.name, f"{result.name}.html", result.status, result.seconds)
              for result in results if result is not summary]
    frame = pages.run_frame(titles, language=language, demo=params.data == DEMO)
    for result in results:
        if result is not summary:  # the summary that ran is the run's index, not a second page
            page = pages.notebook_page(result.title or result.name, result.body, result.name, result.failure,
                                       back="index.html", language=language, frame=frame)
            pages.write(staging / f"{result.name}.html", page)
    _write_annex(staging, dataset, params, quarter, evaluation, frame)
    stopwatch.lap("publish")
    _write_manifest(staging, dataset, params, name, quarter, status, started, results, kept, entries, stopwatch)
    title = f"Evaluasi {quarter.label_id}" if params.language == "id" else f"Evaluation {quarter.label_en}"
    if params.name:
        title += f" ({name})"
    pages.write(staging / "index.html", pages.run_index(title, summary.body if summary else "", titles,
                                                        language=language, back="../index.html", frame=frame))


def _write_manifest(staging: Path, dataset: Dataset, params: RunParameters, name: str, quarter: Quarter, status: str,
                    started: datetime, results: list[NotebookResult], kept: str | None, entries: dict[str, Any],
                    stopwatch: _Stopwatch) -> None:
    """Write ``manifest.json``: what the run read, with which parameters and software, and how each part went.

    A public run's manifest is published with its pages, so it names the data
    folder and the parameters file without the folders above them, which may
    hold the name of whoever ran the quarter.
    """
    parameters, source = params.as_dict(), None if params.source is None else str(params.source)
    if params.policy.public:
        parameters["data"] = params.data if params.data == DEMO else Path(params.data).name
        source = None if params.source is None else params.source.name
    manifest = {
        "name": name, "quarter": str(quarter), "status": status,
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now().astimezone().isoformat(timespec="seconds"),
        "parameters": parameters, "parameters_file": source,
        "inputs": _input_hashes(dataset), "python": platform.python_version(),
        "packages": {package: _version(package) for package in KEY_PACKAGES}, "git_commit": _git_commit(),
        "notebooks": [{"name": r.name, "status": r.status, "seconds": round(r.seconds, 1), "reason": r.reason,
                       "skipped_sections": r.skipped_sections} for r in results],
        "kept": kept, "seconds": stopwatch.laps, **entries,
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def _write_annex(staging: Path, dataset: Dataset, params: RunParameters, quarter: Quarter,
                 evaluation: QuarterResults | str, frame: pages.RunFrame) -> None:
    counts = pd.DataFrame([{"table": table_label(table, params.language), "file": c.file, "rows": number(c.rows, 0, params.language),
                            "valid": number(c.valid, 0, params.language),
                            "rejected": number(c.rejected, 0, params.language)} for table, c in dataset.counts.items()])
    long_days = evaluation.work.implausible_days if isinstance(evaluation, QuarterResults) else pd.DataFrame()
    shown = quality_annex(dataset, list(dataset.counts), language=params.language)
    findings = pages.AnnexFindings(
        coverage=coverage_annex(dataset, quarter, params.language),
        unit_coverage=unit_coverage_annex(dataset, quarter, dataset.units if dataset.has("units") else None,
                                          params.language),
        notes=notes_annex(dataset, list(dataset.counts), params.language), ignored=list(dataset.ignored),
        warnings=reject_warnings(dataset, params.reject_warning, params.reject_limit, params.language),
        implausible=implausible_annex(long_days, dataset.employees, dataset.units, params.language))
    shown.to_csv(staging / "rejects.csv", index=False)
    restricted = staging / "restricted"
    restricted.mkdir(exist_ok=True)
    # At the research level even the restricted copy is pseudonymous.
    full = hide_personal_values(dataset.rejects, load_key()) if params.policy.pseudonymous else dataset.rejects
    full.to_csv(restricted / "rejects_full.csv", index=False)
    if len(long_days):  # who reported over 16 hours on which day: for the evaluator to ask, not for the pages
        long_days.to_csv(restricted / IMPLAUSIBLE_DAYS_FILE, index=False)
    restricted.chmod(0o700)  # names and NIPs: readable only by whoever ran the quarter
    pages.write(staging / "data_quality.html", pages.annex_page(counts, shown, findings, language=params.language,
                                                                back="index.html", frame=frame))


def _input_hashes(dataset: Dataset) -> dict[str, str]:
    folder = dataset.folder
    if folder is None:
        return {}
    hashes = {}
    for path in sorted(Path(folder).iterdir()):
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            hashes[path.name] = digest.hexdigest()
    return hashes


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _git_commit() -> str | None:
    if not (PROJECT_ROOT / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def _record_interruption(output: Path, name: str, quarter: Quarter, started: datetime,
                         error: BaseException) -> None:
    """Note a run that broke off (Ctrl-C, a crash) so the list of runs says what happened."""
    folder = output / INTERRUPTED
    folder.mkdir(exist_ok=True)
    record = {"name": name, "quarter": str(quarter), "status": "interrupted", "link": False,
              "started": started.isoformat(timespec="seconds"),
              "finished": datetime.now().astimezone().isoformat(timespec="seconds"),
              "cause": "ctrl-c" if isinstance(error, KeyboardInterrupt) else f"{type(error).__name__}: {str(error)[:200]}"}
    stamp = started.strftime("%Y%m%dT%H%M%S")
    (folder / f"{name}-{stamp}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")


def _write_runs_index(output: Path, language: str, timezone: str) -> None:
    runs = []
    for manifest in [*output.glob("*/manifest.json"), *output.glob(f"{INTERRUPTED}/*.json")]:
        if manifest.parent.name.startswith(".") and manifest.parent.name != INTERRUPTED:
            continue
        try:
            runs.append(json.loads(manifest.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError):
            continue
    pages.write(output / "index.html", pages.runs_index(runs, language, timezone))
