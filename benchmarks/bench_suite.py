"""Wall time of `kinerja run` on the demo against a floor measured in the same script.

The floor is the same notebooks made trivial (each keeps its name and its
parameters cell, then one cell that does nothing) through the same runner,
so it holds everything the runner itself costs: kernels, papermill, HTML, manifest, annex. The ratio
says what the notebooks' own work adds. Target: at most 1.5.

Each timed run starts with a new kernel server that has done the imports of
the quarter's notebooks, as in a `kinerja run` process, which has its
server import them while it imports the runner; ``--cold-server`` starts the
server with the clock instead, as in a process that calls the runner itself.

Two cores are noisy (the same run varies by a few seconds), so ``--repeat N``
runs floor and run alternately N times and compares their medians.

Run: .venv/bin/python benchmarks/bench_suite.py [--jobs N] [--repeat N] [--cold-server] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from kinerja.quarter.selection import open_dataset
from kinerja.run import runner, warm_kernels

TARGET_RATIO = 1.5


def trivial_notebooks(folder: Path, notebooks: dict[str, Path]) -> Path:
    """Write one do-nothing notebook per notebook of ``notebooks``, with the same name and parameters cell.

    The same parameters make the runner schedule them as it does the real ones: a notebook that declares
    ``evaluation`` waits for the quarter's evaluation, the others start beside it.
    """
    for name, path in notebooks.items():
        real = nbformat.read(path, as_version=4)
        parameters = next(cell for cell in real.cells if "parameters" in cell.metadata.get("tags", []))
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), parameters, nbformat.v4.new_code_cell("pass")]
        nbformat.write(notebook, folder / f"{name}.ipynb")
    return folder


def peak_rss_mb() -> float:
    """Largest resident set of this process or any finished child (a kernel), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def timed(label: str, notebooks: Path, output: Path, jobs: int, cold_server: bool) -> dict:
    """Run the notebooks of ``notebooks`` through the runner; return the seconds, the phases and the peak memory.

    Every run gets a new kernel server. By default it starts as in a `kinerja run` process, whose server
    imports what the quarter's notebooks import while the command imports the runner: this script imported
    the runner before, so it waits for the server before the clock starts. With ``cold_server`` the server
    starts with the clock, as in a process that calls the runner itself.
    """
    warm_kernels.stop_shared_server()
    if not cold_server:
        modules = warm_kernels.notebook_imports(sorted(runner.NOTEBOOKS.glob("*.ipynb")))
        warm_kernels.shared_server(modules).wait_ready()
    started = time.perf_counter()
    result = runner.run(None, output=output, jobs=jobs, notebooks_folder=notebooks, progress=False)
    seconds = time.perf_counter() - started
    phases = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))["seconds"]
    return {"label": label, "notebooks": len(result.notebooks), "status": result.status, "seconds": seconds,
            "peak_rss_mb": peak_rss_mb(), "phases": phases}


def median_of(entries: list[dict]) -> dict:
    """One entry whose seconds (and each phase's) are the medians of ``entries``; failed if any failed."""
    phases = {phase: statistics.median(entry["phases"][phase] for entry in entries) for phase in entries[0]["phases"]}
    status = "ok" if all(entry["status"] == "ok" for entry in entries) else "failed"
    return entries[0] | {"seconds": statistics.median(entry["seconds"] for entry in entries), "phases": phases,
                         "status": status, "peak_rss_mb": max(entry["peak_rss_mb"] for entry in entries),
                         "all_seconds": [round(entry["seconds"], 2) for entry in entries]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the medians are compared")
    parser.add_argument("--cold-server", action="store_true",
                        help="start each run's kernel server with the clock, not as `kinerja run` does")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()

    dataset = open_dataset()  # load (and snapshot) the demo once, outside both timings
    rows = sum(count.rows for count in dataset.counts.values())
    notebooks = runner.discover_notebooks()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        floor_folder = trivial_notebooks(Path(tempfile.mkdtemp(dir=scratch)), notebooks)
        floors, reals = [], []
        for attempt in range(args.repeat):
            floors.append(timed("floor (trivial notebooks)", floor_folder, scratch / f"floor{attempt}", args.jobs,
                                args.cold_server))
            reals.append(timed("kinerja run (demo)", runner.NOTEBOOKS, scratch / f"real{attempt}", args.jobs,
                               args.cold_server))
    floor, real = median_of(floors), median_of(reals)
    ratio = real["seconds"] / floor["seconds"]
    if args.json:
        print(json.dumps({"rows": rows, "notebooks": len(notebooks), "jobs": args.jobs, "floor_s": round(floor["seconds"], 2),
                          "run_s": round(real["seconds"], 2), "ratio": round(ratio, 2), "repeat": args.repeat,
                          "cold_server": args.cold_server,
                          "floor_runs_s": floor["all_seconds"], "run_runs_s": real["all_seconds"],
                          "peak_rss_mb": round(real["peak_rss_mb"], 1), "status": real["status"],
                          "floor_phases": floor["phases"], "run_phases": real["phases"]}))
    else:
        print(f"{'what':<28} {'notebooks':>9} {'status':>7} {'input rows':>11} {'seconds':>8} {'rows/s':>10} "
              f"{'peak RSS MB':>12}")
        for entry in (floor, real):
            print(f"{entry['label']:<28} {entry['notebooks']:>9} {entry['status']:>7} {rows:>11,} "
                  f"{entry['seconds']:>8.1f} {rows / entry['seconds']:>10,.0f} {entry['peak_rss_mb']:>12.0f}")
        print(f"\n{'seconds by phase (manifest)':<28} " + " ".join(f"{phase:>9}" for phase in real["phases"]))
        for entry in (floor, real):
            print(f"{entry['label']:<28} " + " ".join(f"{entry['phases'][phase]:>9.1f}" for phase in real["phases"]))
        if args.repeat > 1:
            print(f"\nmedians of {args.repeat} runs each; floor {floor['all_seconds']} s, run {real['all_seconds']} s")
        verdict = "meets" if ratio <= TARGET_RATIO else "misses"
        print(f"\nratio run/floor: {ratio:.2f} ({verdict} the target of at most {TARGET_RATIO}); jobs={args.jobs}")
    return 0 if real["status"] == floor["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
