"""The training-need clusterer on one million ASN against 100,000, with planted clusters to recover.

:class:`kinerja.training.clustering.TrainingNeedClusterer` with its defaults (k chosen
by the silhouette among 2-8, 20 bootstrap refits for the stability check;
mini-batch k-means above 100,000 rows) is fitted on synthetic training-need
features with four planted groups: most ASN, late reporters (low on-time
rate), those with low reporting rates, and those with low SKP attainment, in
the shares of the demo data. The baseline is the same fit on 100,000 rows,
the largest table still clustered with plain k-means. For each size the
script prints the seconds, rows per second, the k chosen, and the adjusted
Rand index of the clusters against the planted groups (1 = recovered
exactly). Target on a two-core machine: one million rows in at most 60 s.

Run: .venv/bin/python benchmarks/bench_cluster.py [--rows N] [--baseline-rows N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from kinerja.training.clustering import TrainingNeedClusterer

TARGET_ROWS, TARGET_SECONDS = 1_000_000, 60.0
FEATURES = ("reporting_rate", "on_time_rate", "skp_attainment", "behaviour_below_share")
GROUPS = {  # share, centre of each feature
    "none": (0.58, (0.90, 0.88, 1.00, 0.10)),
    "manajemen_waktu": (0.15, (0.88, 0.20, 0.99, 0.12)),
    "literasi_digital": (0.12, (0.52, 0.85, 0.98, 0.10)),
    "kompetensi_teknis": (0.15, (0.89, 0.87, 0.75, 0.15)),
}
SPREAD = (0.05, 0.06, 0.06, 0.08)
"""Standard deviation of each feature inside a group."""


def planted(rows: int, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Training-need features of ``rows`` ASN drawn around the planted group centres, and each one's group."""
    rng = np.random.default_rng(seed)
    shares = np.array([share for share, _ in GROUPS.values()])
    centres = np.array([centre for _, centre in GROUPS.values()])
    group = rng.choice(len(GROUPS), size=rows, p=shares / shares.sum())
    values = centres[group] + rng.normal(0, 1, (rows, len(FEATURES))) * np.array(SPREAD)
    return pd.DataFrame(values, columns=list(FEATURES)), group


def timed_fit(rows: int) -> dict:
    features, group = planted(rows)
    started = time.perf_counter()
    clusterer = TrainingNeedClusterer().fit(features)
    seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": seconds, "k": clusterer.n_clusters_, "minibatch": clusterer.minibatch_,
            "ari": adjusted_rand_score(group, clusterer.labels_), "stability": clusterer.stability_}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=TARGET_ROWS, help="ASN clustered (default 1,000,000)")
    parser.add_argument("--baseline-rows", type=int, default=100_000, help="ASN of the baseline (default 100,000)")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args(argv)
    baseline, full = timed_fit(args.baseline_rows), timed_fit(args.rows)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    if args.json:
        print(json.dumps({"rows": full["rows"], "seconds": round(full["seconds"], 1), "k": full["k"],
                          "ari": round(full["ari"], 4), "baseline_rows": baseline["rows"],
                          "baseline_seconds": round(baseline["seconds"], 1), "baseline_ari": round(baseline["ari"], 4),
                          "load_average": load}))
        return 0
    print(f"{'fit':<34} {'rows':>10} {'seconds':>8} {'rows/s':>10} {'k':>3} {'ARI':>7} {'stability':>9}")
    for role, entry in (("baseline", baseline), ("measured", full)):
        label = f"{role} ({'mini-batch k-means' if entry['minibatch'] else 'k-means'})"
        print(f"{label:<34} {entry['rows']:>10,} {entry['seconds']:>8.1f} {entry['rows'] / entry['seconds']:>10,.0f} "
              f"{entry['k']:>3} {entry['ari']:>7.4f} {entry['stability']:>9.3f}")
    print(f"\n{full['rows'] / baseline['rows']:.0f} x the rows in {full['seconds'] / baseline['seconds']:.1f} x the time; "
          f"planted groups: {len(GROUPS)}")
    if full["rows"] >= TARGET_ROWS:
        print(f"target at {TARGET_ROWS:,} rows: at most {TARGET_SECONDS:.0f} s: "
              f"{'met' if full['seconds'] <= TARGET_SECONDS else 'missed'}")
    print(f"load average: {load} (2 cores; other work slows the fit)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
