"""Pages per second of the individual feedback pages on the demo, against a one-unit baseline.

The pages are computed once and rendered many times: one call of
``write_feedback_pages`` computes every measure of every ASN (SKP, e-Kinerja,
trend, training clusters) and then fills one template per ASN. The baseline
is the same call for one unit: its time is almost all the fixed computation,
so "one call per ASN" would cost about that time for every ASN (and one
notebook kernel per ASN more still). Target: all demo pages in 60 s or less.

Run: .venv/bin/python benchmarks/bench_feedback.py [--unit KEL-MYR] [--language id|en] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from kinerja.feedback.build import write_feedback_pages
from kinerja.quarter.selection import choose_quarter, open_dataset

TARGET_SECONDS = 60.0


def peak_rss_mb() -> float:
    """Largest resident set of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", default="KEL-MYR", help="the unit of the baseline (default KEL-MYR)")
    parser.add_argument("--language", choices=("id", "en"), default="id")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()

    started = time.perf_counter()
    dataset = open_dataset()  # load (and snapshot) the demo once, outside the timings
    load_seconds = time.perf_counter() - started
    quarter = choose_quarter(dataset)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        # The full set first, so that any warm-up is counted against it, not against the baseline.
        for label, units in (("all units (the demo)", None), (f"baseline: one unit ({args.unit})", [args.unit])):
            result = write_feedback_pages(dataset, quarter, Path(scratch) / label.split(":")[0].replace(" ", "_"),
                                          language=args.language, units=units)
            rows.append({"label": label, "pages": result.pages, "compute_s": result.compute_seconds,
                         "render_s": result.render_seconds, "seconds": result.seconds,
                         "pages_per_s": result.pages_per_second, "peak_rss_mb": peak_rss_mb()})
    full, baseline = rows
    per_call = baseline["seconds"] * full["pages"]
    meets = full["seconds"] <= TARGET_SECONDS
    if args.json:
        print(json.dumps({"quarter": str(quarter), "load_s": round(load_seconds, 2),
                          "rows": [{k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}
                                   for row in rows],
                          "one_call_per_asn_estimate_s": round(per_call, 1), "target_s": TARGET_SECONDS,
                          "meets_target": meets}))
    else:
        print(f"Demo data loaded in {load_seconds:.1f} s (not timed below); quarter {quarter}.\n")
        print(f"{'what':<30} {'pages':>6} {'compute s':>10} {'render s':>9} {'total s':>8} {'pages/s':>8} "
              f"{'peak RSS MB':>12}")
        for row in rows:
            print(f"{row['label']:<30} {row['pages']:>6} {row['compute_s']:>10.2f} {row['render_s']:>9.2f} "
                  f"{row['seconds']:>8.2f} {row['pages_per_s']:>8.1f} {row['peak_rss_mb']:>12.0f}")
        print(f"{'one call per ASN (estimate)':<30} {full['pages']:>6} {'':>10} {'':>9} {per_call:>8.0f} "
              f"{full['pages'] / per_call:>8.1f}")
        print(f"\nAll {full['pages']} pages in {full['seconds']:.1f} s: {'meets' if meets else 'misses'} the target of "
              f"{TARGET_SECONDS:.0f} s; compute once is {per_call / full['seconds']:.0f}x faster than one call per "
              f"ASN.")
    return 0 if meets else 1


if __name__ == "__main__":
    sys.exit(main())
