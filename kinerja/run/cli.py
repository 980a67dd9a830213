"""The ``kinerja`` command line.

Every error a user can cause ends in one sentence on stderr and exit code 1,
never a traceback. ``kinerja validate --strict`` exits 2 when a table's
rejected share passes the warning threshold. Anything else is a bug in
kinerja: one line on stderr, the traceback in a file it names, exit code 3.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kinerja.core.errors import KinerjaError
from kinerja.core.formatting import number
from kinerja.core.text import say
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import TABLES
from kinerja.data.quality import reject_warnings

if TYPE_CHECKING:
    from kinerja.core.periods import Quarter
    from kinerja.run.parameters import RunParameters

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_STRICT = 2
"""``kinerja validate --strict``: a table's rejected share passes the warning threshold."""
EXIT_BUG = 3
"""An error that is kinerja's fault, not the data's."""
READING_NOTICE_SECONDS = 3.0
"""A load that takes longer than this says which file it is reading and what each file held."""
CLI_LANGUAGE = "en"
"""The language of what the command prints (its words are in the text catalogue, ``cli.*``)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.handler(args))
    except KinerjaError as error:
        print(say("cli.failed", CLI_LANGUAGE, command=args.command, error=error), file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:
        # A folder that cannot be created or a file that cannot be written: name it, no traceback.
        where = f" {error.filename}" if error.filename else ""
        print(say("cli.cannot_use", CLI_LANGUAGE, command=args.command, where=where, reason=error.strerror or error),
              file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt as error:
        print(say("cli.interrupted", CLI_LANGUAGE, command=args.command), file=sys.stderr)
        kept = getattr(error, "kept", None)
        if kept is not None:
            print(say("cli.kept", CLI_LANGUAGE, index=kept), file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the last resort: one line, the traceback in a file
        print(say("cli.bug", CLI_LANGUAGE, command=args.command, error=_short(f"{type(error).__name__}: {error}"),
                  file=_write_traceback(args.command)), file=sys.stderr)
        return EXIT_BUG


def _short(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _write_traceback(command: str) -> Path:
    """Write the current exception's traceback to a file in the temporary folder; return its path."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    path = Path(tempfile.gettempdir()) / f"kinerja-{command}-{stamp}.txt"
    path.write_text(traceback.format_exc(), encoding="utf-8")
    return path


@contextmanager
def _reading_notice() -> Iterator[None]:
    """Once a load has taken more than a few seconds, say on stderr which file it reads and, per file read,
    its rows and seconds (also of the files read before then)."""
    from kinerja.data.loading import FileStep, reading_progress

    started = time.monotonic()
    lock = threading.Lock()
    reading: list[str] = []
    waiting: list[str] = []

    def speak(lines: list[str]) -> None:
        if lines:
            print("\n".join(lines), file=sys.stderr, flush=True)

    def note(step: FileStep) -> None:
        with lock:
            if step.rows is None:
                reading[:] = [step.file]
                line = say("cli.reading", CLI_LANGUAGE, file=step.file)
            else:
                reading.clear()
                line = say("cli.read", CLI_LANGUAGE, file=step.file, rows=number(step.rows, language=CLI_LANGUAGE),
                           seconds=number(step.seconds, 1, CLI_LANGUAGE))
            if time.monotonic() - started > READING_NOTICE_SECONDS:
                speak([*waiting, line])
                waiting.clear()
            elif step.rows is not None:
                waiting.append(line)

    def at_threshold() -> None:
        with lock:
            speak([*waiting, *(say("cli.reading", CLI_LANGUAGE, file=file) for file in reading)])
            waiting.clear()

    timer = threading.Timer(READING_NOTICE_SECONDS, at_threshold)
    timer.daemon = True
    timer.start()
    try:
        with reading_progress(note):
            yield
    finally:
        timer.cancel()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kinerja",
        description="Workbench for evaluating ASN performance in Kecamatan Cakranegara.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo-data", help="write the built-in synthetic demo data set to a folder")
    demo.add_argument("--out", required=True, type=Path, help="folder to write (created if missing)")
    demo.add_argument("--employees", type=_positive_int, default=1000, help="number of ASN (default 1000)")
    demo.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    demo.add_argument("--quarters", default="2024-Q4:2026-Q3", help="FIRST:LAST quarter (default 2024-Q4:2026-Q3)")
    demo.add_argument("--format", default="csv", metavar="{csv,parquet}",
                      help="csv (default): every table as offices export it (CSV and XLSX); parquet: units, "
                           "employees and the activities partitioned by quarter, written in chunks (any size)")
    demo.set_defaults(handler=_demo_data)

    check = commands.add_parser("validate", help="read and validate a data folder; list rejected rows")
    check.add_argument("folder", type=Path, help="folder with one file per table")
    check.add_argument("--json", action="store_true", help="print a JSON summary for machines")
    check.add_argument("--rejects", type=Path, metavar="FILE.csv", help="write every reject to this CSV file")
    check.add_argument("--limit", type=_positive_int, default=20, help="rejects listed in the text output")
    check.add_argument("--strict", action="store_true",
                       help="exit 2 when any table's rejected share passes the warning threshold")
    check.set_defaults(handler=_validate)

    run = commands.add_parser("run", help="run the quarter's notebooks and publish the HTML reports")
    run.add_argument("parameters", nargs="?", type=Path, metavar="PARAMS.yaml",
                     help="parameters file (default: the built-in demo data)")
    run.add_argument("--only", nargs="+", metavar="NAME", help="run only these notebooks")
    run.add_argument("--jobs", type=_positive_int, help="notebooks run at once (default: the number of cores)")
    run.add_argument("--output", type=Path, default=Path("reports"), help="folder for the runs (default reports/)")
    run.set_defaults(handler=_run)

    feedback = commands.add_parser("feedback", help="write the individual feedback pages (umpan balik) of a quarter")
    feedback.add_argument("parameters", nargs="?", type=Path, metavar="PARAMS.yaml",
                          help="parameters file (default: the built-in demo data)")
    feedback.add_argument("--unit", nargs="+", metavar="UNIT", help="only these unit codes (default: every unit)")
    feedback.add_argument("--output", type=Path, metavar="DIR",
                          help="folder for the pages (default reports/<quarter>/restricted/umpan_balik, "
                               "or umpan_balik-<UNIT>... with --unit)")
    feedback.set_defaults(handler=_feedback)

    follow_up = commands.add_parser("tindak-lanjut", help="the follow-up register (tindak lanjut) of a quarter")
    follow_up_commands = follow_up.add_subparsers(dest="action", metavar="ACTION", required=True)
    draft = follow_up_commands.add_parser(
        "draft", help="write proposed follow-up actions from the quarter's findings, for the units to complete")
    draft.add_argument("parameters", nargs="?", type=Path, metavar="PARAMS.yaml",
                       help="parameters file (default: the built-in demo data)")
    draft.add_argument("--output", type=Path, metavar="FILE.xlsx",
                       help="the workbook to write (default reports/<quarter>/tindak_lanjut_usulan.xlsx)")
    draft.set_defaults(handler=_follow_up_draft)

    dictionary = commands.add_parser("dictionary", help="print the data dictionary as Markdown")
    dictionary.set_defaults(handler=_dictionary)

    survey = commands.add_parser("ikm", help="compute the community satisfaction index (IKM) of a survey export")
    survey.add_argument("file", type=Path, help="survey export (.csv or .xlsx) with unsur U1..U9 or their names")
    survey.add_argument("--weight", choices=("exact", "0.11", "0.111"), default="exact",
                        help="weight per unsur: exact 1/9 (default), or 0.11 / 0.111 to match legacy reports")
    survey.add_argument("--by", metavar="COLUMN",
                        help="one result per value of this column (any header of the file, quarter or semester)")
    survey.add_argument("--population", type=_positive_int, metavar="N",
                        help="people served, to check the sample against the Krejcie-Morgan minimum")
    survey.add_argument("--json", action="store_true", help="print a JSON summary for machines")
    survey.set_defaults(handler=_ikm)
    return parser


def _refuse_inside(path: Path, folder: Path, option: str) -> None:
    """Refuse to write ``path`` (given as ``option``) inside a data folder: inputs are never written to."""
    from kinerja.core.errors import DataError

    folder = folder.resolve()
    if folder in path.resolve().parents:
        raise DataError(f"{option} {path} is inside the input folder {folder}, which is never written to; choose a "
                        f"file elsewhere.")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _demo_data(args: argparse.Namespace) -> int:
    from kinerja.core.errors import DataError
    from kinerja.demo import generate_demo, generate_demo_parquet

    writers = {"csv": generate_demo, "parquet": generate_demo_parquet}
    if args.format not in writers:
        raise DataError(f"--format must be csv or parquet, not {args.format!r}.")
    try:
        folder = writers[args.format](args.out, employees=args.employees, seed=args.seed, quarters=args.quarters)
    except ValueError as error:  # arguments the generator cannot honour (too few ASN or quarters)
        raise DataError(str(error)) from None
    files = sorted(path.name for path in folder.iterdir() if path.is_file())
    files += [say("cli.demo_partitions", CLI_LANGUAGE)] if args.format == "parquet" else []
    print(say("cli.demo_written", CLI_LANGUAGE, folder=folder, files=", ".join(files)))
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from kinerja.data.dataset import reject_summary
    from kinerja.data.loading import load_dataset

    folder = args.folder.resolve()
    if args.rejects is not None:
        _refuse_inside(args.rejects, folder, "--rejects")
    with _reading_notice():
        dataset = load_dataset(folder)
    rejects = dataset.rejects.sort_values(["table", "row"], kind="stable").reset_index(drop=True)
    if args.rejects is not None:
        args.rejects.parent.mkdir(parents=True, exist_ok=True)
        rejects.to_csv(args.rejects, index=False)
    if args.json:
        from kinerja.data.coverage import dataset_coverage

        summary = {
            "tables": {name: {"file": c.file, "rows": c.rows, "valid": c.valid, "rejected": c.rejected}
                       for name, c in dataset.counts.items()},
            "coverage": {name: {"first": str(span.first) if span.first else None,
                                "last": str(span.last) if span.last else None, "rows": span.rows}
                         for name, span in dataset_coverage(dataset).items()},
            "absent": [table for table in TABLES if table not in dataset.counts],
            "ignored": dataset.ignored,
            "warnings": reject_warnings(dataset, language=CLI_LANGUAGE),
            "rejects": [{key: (int(value) if key == "row" else value) for key, value in record.items()}
                        for record in rejects.to_dict(orient="records")],
        }
        print(json.dumps(summary, ensure_ascii=False))
        return EXIT_STRICT if args.strict and summary["warnings"] else EXIT_OK
    width = max([len(c.file) for c in dataset.counts.values()] + [4])
    table, file, rows, valid, rejected = say("cli.counts_header", CLI_LANGUAGE)
    print(say("cli.data_folder", CLI_LANGUAGE, folder=folder))
    print(f"{table:<15} {file:<{width}} {rows:>9} {valid:>9} {rejected:>9}")
    for name, count in dataset.counts.items():
        print(f"{name:<15} {count.file:<{width}} {count.rows:>9} {count.valid:>9} {count.rejected:>9}")
    _print_folder_findings(dataset)
    if rejects.empty:
        print(say("cli.no_rejects", CLI_LANGUAGE))
    else:
        shown = min(args.limit, len(rejects))
        print("\n" + say("cli.rejects_shown", CLI_LANGUAGE, shown=shown, total=len(rejects)))
        for line in reject_summary(rejects, args.limit):
            print(f"  {line}")
        if args.rejects is None and shown < len(rejects):
            print(say("cli.write_all", CLI_LANGUAGE))
    return EXIT_STRICT if args.strict and reject_warnings(dataset, language=CLI_LANGUAGE) else EXIT_OK


def _print_folder_findings(dataset: Dataset) -> None:
    """Coverage per table, files ignored, tables absent (and the report sections that need them), reject warnings."""
    from kinerja.data.coverage import dataset_coverage
    from kinerja.run.runner import discover_notebooks, in_language
    from kinerja.run.sections import sections_needing

    spans = dataset_coverage(dataset)
    if spans:
        print("\n" + say("cli.coverage", CLI_LANGUAGE))
        for span in spans.values():
            print(f"  {span.describe(CLI_LANGUAGE)}")
    if dataset.ignored:
        print("\n" + say("cli.ignored", CLI_LANGUAGE, files=", ".join(dataset.ignored)))
    needing = {name: sections_needing(in_language(path, CLI_LANGUAGE)) for name, path in discover_notebooks().items()}
    absent = [table for table in TABLES if not dataset.has(table) and table not in dataset.withheld]
    if absent:
        print("\n" + say("cli.absent", CLI_LANGUAGE))
        for table in absent:
            users = [f"{report} ({', '.join(headings)})" for report, found in needing.items()
                     if (headings := found.get(table))]
            print(f"  {table}: " + ("; ".join(users) if users else say("cli.needed_by_none", CLI_LANGUAGE)))
    for sentence in reject_warnings(dataset, language=CLI_LANGUAGE):
        print("\n" + say("cli.warning", CLI_LANGUAGE, sentence=sentence))


def _run(args: argparse.Namespace) -> int:
    from kinerja.run import NOTEBOOKS, warm_kernels

    # The kernel server imports what the notebooks import while this process imports the runner: several
    # seconds each, on two cores at once. The run asks the same server for what else it needs.
    warm_kernels.shared_server(warm_kernels.notebook_imports(sorted(NOTEBOOKS.glob("*.ipynb"))))
    from kinerja.run.runner import run

    with _reading_notice():
        result = run(args.parameters, only=args.only, jobs=args.jobs, output=args.output)
    print()
    print(result.summary_table())
    for sentence in result.warnings:
        print(say("cli.warning", CLI_LANGUAGE, sentence=sentence))
    print("\n" + say("cli.run_done", CLI_LANGUAGE, status=result.status, index=result.folder / "index.html"))
    print(say("cli.all_runs", CLI_LANGUAGE, index=result.folder.parent / "index.html"))
    return EXIT_OK if result.status == "ok" else EXIT_ERROR


def _parameters(path: Path | None) -> RunParameters:
    """The parameters file of a command, checked against the notebooks' parameters as ``kinerja run`` checks it."""
    from kinerja.run.parameters import read_parameters
    from kinerja.run.runner import declared_parameters, discover_notebooks

    return read_parameters(path, {name: declared_parameters(p) for name, p in discover_notebooks().items()})


def _data_and_quarter(params: RunParameters) -> tuple[Dataset, Quarter]:
    """The data the parameters name, and the quarter they ask for (default: the latest complete one in the data)."""
    from kinerja.quarter.selection import choose_quarter, open_dataset

    dataset = open_dataset(params.data)
    return dataset, choose_quarter(dataset, params.quarter)


def _feedback(args: argparse.Namespace) -> int:
    from kinerja.core.errors import DataError
    from kinerja.feedback.build import FeedbackOptions, write_feedback_pages

    params = _parameters(args.parameters)
    if not params.policy.names_individuals:
        raise DataError(f"privacy level {params.privacy} ({args.parameters}) allows no named pages; feedback pages name "
                        f"the ASN, so use privacy leadership or internal.")
    dataset, quarter = _data_and_quarter(params)
    folder = args.output
    if folder is None:
        # A subset gets its own folder, so it never replaces the pages of every unit.
        suffix = "".join(f"-{re.sub(r'[^A-Za-z0-9_-]', '_', unit)}" for unit in args.unit or ())
        folder = Path("reports") / (params.name or str(quarter)) / "restricted" / f"umpan_balik{suffix}"
    result = write_feedback_pages(dataset, quarter, folder, language=params.language, units=args.unit,
                                  options=FeedbackOptions(evaluation=params.quarter_options()))
    print(say("cli.feedback_written", CLI_LANGUAGE, pages=result.pages, quarter=quarter, units=result.unit_pages,
              without=result.without_data, seconds=f"{result.seconds:.1f}"))
    print(say("cli.feedback_index", CLI_LANGUAGE, index=result.folder.resolve() / "index.html"))
    return EXIT_OK


def _follow_up_draft(args: argparse.Namespace) -> int:
    from kinerja.quarter.action_draft import DRAFT_FILE, SOURCE_KINDS, propose_actions, write_action_draft
    from kinerja.quarter.evaluation import evaluate_quarter

    params = _parameters(args.parameters)
    with _reading_notice():
        dataset, quarter = _data_and_quarter(params)
    output = args.output or Path("reports") / (params.name or str(quarter)) / DRAFT_FILE
    if dataset.folder is not None:
        _refuse_inside(output, dataset.folder, "--output")
    results = evaluate_quarter(dataset, quarter, params.quarter_options())
    names = dataset.employees["name"].dropna() if dataset.has("employees") else ()
    proposals = propose_actions(results, dataset.units, params.language, employee_names=names)
    path = write_action_draft(proposals, output, dataset.units, params.language)
    print(say("cli.draft.written", CLI_LANGUAGE, proposals=len(proposals), quarter=quarter))
    counts = proposals["source_kind"].value_counts()
    for kind in SOURCE_KINDS:
        print("  " + say(f"cli.draft.count.{kind}", CLI_LANGUAGE, count=int(counts.get(kind, 0))))
    print(say("cli.draft.file", CLI_LANGUAGE, path=path.resolve()))
    return EXIT_OK


def _dictionary(args: argparse.Namespace) -> int:
    from kinerja.data.dictionary import render_markdown

    print(render_markdown())
    return EXIT_OK


def _ikm(args: argparse.Namespace) -> int:
    from kinerja.metrics.ikm_survey import survey_report

    report = survey_report(args.file, weight=args.weight, by=args.by, population=args.population)
    print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else report.to_text())
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
