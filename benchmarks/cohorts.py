"""Benchmark `reportgen cohorts`: wall time and peak memory for --jobs 1 and 2, HTML and HTML+PDF,
and the incremental re-runs (nothing changed; one cohort changed).

    python benchmarks/cohorts.py [--cohorts 200] [--pdf-cohorts 200] [--json benchmarks/results/cohorts.json]

Each run is the real command in a fresh process, into an empty folder (the incremental runs reuse the
folder of the --jobs 2 HTML run). Peak memory is the kernel's high-water mark (VmHWM, Linux): of
the main process, from ``os.wait4``, which also covers every worker it reaped, and of each worker
process, sampled from /proc while the run lasts. The runs' results.json files must be identical
for --jobs 1 and --jobs 2.

Targets (2-core machine): --jobs 2 at least 1.7x faster than --jobs 1; an unchanged re-run of 200
cohorts under 5 s; the peak memory of a worker under 600 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEED = 20240601
GROUPS, PER_GROUP = 6, 8  # per cohort: 6 subjects x 8 time points
TARGET_SPEEDUP = 1.7
TARGET_RERUN_S = 5.0
TARGET_WORKER_MB = 600.0


def write_data(path: Path, cohorts: int) -> Path:
    """``cohorts`` cohorts of simulated sleepstudy-like data in column ``cohort``."""
    import pandas as pd

    sys.path.insert(0, str(REPO))
    from tests.support.simulate import LIKE_SLEEPSTUDY, simulate

    parts = []
    for number in range(cohorts):
        frame = simulate(SEED + number, GROUPS, PER_GROUP, **LIKE_SLEEPSTUDY).round(3)
        frame["group"] = [f"c{number}-s{g}" for g in frame["group"]]
        frame.insert(0, "cohort", f"cohort {number:03d}")
        parts.append(frame)
    pd.concat(parts, ignore_index=True).to_csv(path, index=False)
    return path


def change_one_cohort(path: Path) -> None:
    """Add 1 to the first response of the last cohort."""
    lines = path.read_text().splitlines(keepends=True)
    cohort, response, rest = lines[-1].split(",", 2)
    lines[-1] = f"{cohort},{float(response) + 1:.3f},{rest}"
    path.write_text("".join(lines))


def reportgen_command() -> list[str]:
    script = Path(sys.executable).with_name("reportgen")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from reportgen.cli import main; main()"]


def _cmdline(entry: Path) -> bytes:
    try:
        return (entry / "cmdline").read_bytes()
    except OSError:
        return b""


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _workers(pid: int) -> list[int]:
    """The worker processes (multiprocessing's spawn_main) whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"spawn_main" in _cmdline(entry):
                found.append(int(entry.name))
    return found


def run(args: list[str], label: str) -> dict[str, Any]:
    """Run ``reportgen cohorts ARGS``; wall time, exit code, and peak memory of main and workers."""
    print(f"-- {label}: reportgen cohorts {' '.join(args)}", file=sys.stderr, flush=True)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    process = subprocess.Popen([*reportgen_command(), "cohorts", *args], stderr=subprocess.PIPE, text=True)
    workers: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            for child in _workers(process.pid):
                workers[child] = max(workers.get(child, 0), _hwm_kib(child))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    stderr = process.stderr.read() if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    result = {
        "label": label,
        "wall_s": round(wall, 2),
        "exit_code": process.returncode,
        "peak_rss_mb_any_process": round(usage.ru_maxrss / 1024, 1),
        "peak_rss_mb_worker": round(max(workers.values(), default=0) / 1024, 1) or None,
        "last_line": stderr.strip().splitlines()[-1] if stderr.strip() else "",
        # Other work on the machine skews the comparison: the 1-minute load before and after.
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(f"   {json.dumps(result)}", file=sys.stderr, flush=True)
    return result


def results_digest(out: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(out.glob("*/results.json")):
        digest.update(path.parent.name.encode() + path.read_bytes())
    return digest.hexdigest()


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "reportgen": version("reportgen"),
        "load_average_at_start": os.getloadavg(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--cohorts", type=int, default=200, help="cohorts for the HTML runs (default: 200)")
    parser.add_argument(
        "--pdf-cohorts", type=int, default=200, help="cohorts for the HTML+PDF runs (default: 200; 0 skips)"
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=REPO / "benchmarks" / "results" / "cohorts.json",
        help="where to write the results (default: benchmarks/results/cohorts.json)",
    )
    args = parser.parse_args()
    document: dict[str, Any] = {
        "machine": machine(),
        "data": {"cohorts": args.cohorts, "pdf_cohorts": args.pdf_cohorts, "per_cohort": [GROUPS, PER_GROUP]},
        "runs": {},
    }
    runs = document["runs"]
    columns = ["--response", "response", "--time", "time", "--group", "group", "--by", "cohort"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        variants = [("html", args.cohorts, ["--format", "html"])]
        if args.pdf_cohorts:
            variants.append(("html+pdf", args.pdf_cohorts, ["--format", "html", "--format", "pdf"]))
        for variant, count, formats in variants:
            csv = write_data(folder / f"{variant}.csv", count)
            for jobs in (1, 2):
                out = folder / f"{variant}-jobs{jobs}"
                command = [*columns, "--data", str(csv), *formats, "--jobs", str(jobs), "--out", str(out)]
                label = f"{variant}, {count} cohorts, --jobs {jobs}"
                runs[f"{variant} jobs {jobs}"] = {"cohorts": count, **run(command, label)}
            same = results_digest(folder / f"{variant}-jobs1") == results_digest(folder / f"{variant}-jobs2")
            runs[f"{variant} jobs 2"]["results_identical_to_jobs_1"] = same
            if variant == "html":
                out = folder / "html-jobs2"
                again = [*columns, "--data", str(csv), *formats, "--jobs", "2", "--out", str(out)]
                runs["html unchanged re-run"] = {"cohorts": count, **run(again, "unchanged re-run")}
                change_one_cohort(csv)
                runs["html one cohort changed"] = {"cohorts": count, **run(again, "one cohort changed")}

    html1, html2 = runs["html jobs 1"]["wall_s"], runs["html jobs 2"]["wall_s"]
    workers = [r["peak_rss_mb_worker"] or r["peak_rss_mb_any_process"] for r in runs.values()]
    targets = {
        "html speedup, jobs 2 vs 1": (html1 / html2, TARGET_SPEEDUP, ">="),
        "unchanged re-run (s)": (runs["html unchanged re-run"]["wall_s"], TARGET_RERUN_S, "<"),
        "peak worker memory (MB)": (max(workers), TARGET_WORKER_MB, "<"),
    }
    if args.pdf_cohorts:
        pdf1, pdf2 = runs["html+pdf jobs 1"]["wall_s"], runs["html+pdf jobs 2"]["wall_s"]
        targets["html+pdf speedup, jobs 2 vs 1"] = (pdf1 / pdf2, TARGET_SPEEDUP, ">=")
    document["targets"] = {
        name: {
            "value": round(value, 2),
            "target": f"{op} {limit:g}",
            "met": value >= limit if op == ">=" else value < limit,
        }
        for name, (value, limit, op) in targets.items()
    }
    print(file=sys.stderr)
    for name, target in document["targets"].items():
        verdict = "OK  " if target["met"] else "MISS"
        print(f"{verdict} {name}: {target['value']} (target {target['target']})", file=sys.stderr)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
