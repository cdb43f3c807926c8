"""Benchmark `reportgen cohorts --scheduler` on a Dask LocalCluster: 2 workers against 1.

    python benchmarks/dask_workers.py [--cohorts 10] [--json benchmarks/results/dask.json]

The cluster is the real thing, started as the tests start it (``distributed.LocalCluster`` on
127.0.0.1 over TCP, one thread per worker), but with worker processes (``processes=True``): a
worker that is a thread of this process would share its interpreter with the other. Each run is
:func:`reportgen.cohorts.build_cohorts` of the same cohorts (12 subjects x 10 times each, from
benchmarks/worker.py; study reports, HTML and PDF) into an empty folder, on a fresh cluster of 1,
then of 2 workers, each worker having built one cohort first (warm, as a long-lived cluster's
workers are). Wall time is what the target speaks of; the machine is shared, so the CPU-seconds of
the workers (``resource.getrusage`` of this process's reaped children, after the cluster closes)
and the load average are recorded beside it.

Target (issue 22): 2 workers at least 1.7x faster than 1 (wall time).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET_SPEEDUP = 1.7


def write_cohorts(path: Path, cohorts: int) -> Path:
    import pandas as pd
    from worker import cohort_frame  # benchmarks/worker.py, beside this file

    frames = [cohort_frame(number).assign(cohort=f"cohort {number:03d}") for number in range(cohorts)]
    pd.concat(frames, ignore_index=True).to_csv(path, index=False)
    return path


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(csv: Path, workers: int, out: Path) -> dict[str, Any]:
    """Build every cohort of ``csv`` on a fresh LocalCluster of ``workers`` processes."""
    from distributed import Client, LocalCluster
    from worker import cohort_task

    from reportgen.cohorts import build_cohorts
    from reportgen.cohorts.task import run_cohort
    from reportgen.config import make_config

    config = make_config(data_path=csv, out_dir=out, author="benchmark", formats=("html", "pdf"))
    cpu0 = children_cpu()
    with LocalCluster(
        host="127.0.0.1",
        protocol="tcp://",
        processes=True,
        n_workers=workers,
        threads_per_worker=1,
        dashboard_address=None,
    ) as cluster:
        with Client(cluster) as client:  # warm every worker: one cohort each, not timed
            warm = [
                client.submit(run_cohort, cohort_task(90 + i), workers=[w], pure=False)
                for i, w in enumerate(client.scheduler_info()["workers"])
            ]
            client.gather(warm)
        load = os.getloadavg()
        start = time.perf_counter()
        result = build_cohorts(config, by="cohort", scheduler=cluster.scheduler_address)
        wall = time.perf_counter() - start
    statuses = sorted({outcome.status for outcome in result.cohorts})
    return {
        "workers": workers,
        "wall_s": round(wall, 2),
        "workers_cpu_s_with_startup_and_warm_up": round(children_cpu() - cpu0, 2),
        "statuses": statuses,
        "load_average": [round(load[0], 2), round(os.getloadavg()[0], 2)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohorts", type=int, default=10)
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results" / "dask.json")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from build import machine_info
    from worker import write_document

    os.environ["REPORTGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="reportgen-dask-bench-")
    with tempfile.TemporaryDirectory() as tmp:
        csv = write_cohorts(Path(tmp) / "cohorts.csv", args.cohorts)
        runs = [run(csv, workers, Path(tmp) / f"out-{workers}") for workers in (1, 2)]
    for entry in runs:
        print(json.dumps(entry), file=sys.stderr)
    speedup = runs[0]["wall_s"] / runs[1]["wall_s"]
    document = {
        "machine": machine_info(),
        "cohorts": args.cohorts,
        "runs": runs,
        "speedup_2_vs_1": round(speedup, 2),
        "target_speedup": TARGET_SPEEDUP,
        "met": speedup >= TARGET_SPEEDUP,
    }
    print(f"speedup {speedup:.2f}", file=sys.stderr)
    write_document(args.json, document)
    return 0


if __name__ == "__main__":
    sys.exit(main())
