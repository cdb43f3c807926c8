"""Compare two checkouts of reportgen: cold `reportgen build` runs, interleaved, in one sitting.

    git worktree add --detach ../before <commit>
    python benchmarks/ab.py --before ../before [--after .] [--runs 4] [--json benchmarks/results/ab.json]

Each round builds the sleepstudy report (HTML + PDF, then HTML only) with each checkout, in
alternating order, each in a fresh process (``PYTHONPATH`` selects the checkout; the interpreter
and libraries are this one's). Interleaving makes load slow both alike, so the comparison holds on
a busy machine where absolute times do not. CPU-seconds include every child process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = {"html+pdf": [], "html": ["--format", "html"]}


def cold_build(checkout: Path, options: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one `reportgen build` of ``checkout`` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "MPLBACKEND": "Agg"}
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-c", "from reportgen.cli import main; main()", "build"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        # Run from the empty folder: the current one would come first on sys.path.
        subprocess.run(
            [*command, "--out", "out", *options], check=True, cwd=tmp, env=env, capture_output=True
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def revision(checkout: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="the earlier checkout (a folder)")
    parser.add_argument("--after", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--runs", type=int, default=4, help="rounds (default: 4)")
    parser.add_argument(
        "--json",
        type=Path,
        default=Path(__file__).resolve().parent / "results" / "ab.json",
        help="where to write",
    )
    args = parser.parse_args()
    checkouts = {"before": args.before.resolve(), "after": args.after.resolve()}
    samples: dict[str, list[float]] = {}
    load = [os.getloadavg()]
    for round_number in range(args.runs):
        order = list(checkouts.items())
        if round_number % 2:
            order.reverse()
        for fmt, options in FORMATS.items():
            for name, checkout in order:
                wall, cpu = cold_build(checkout, options)
                samples.setdefault(f"{name} {fmt} wall", []).append(wall)
                samples.setdefault(f"{name} {fmt} cpu", []).append(cpu)
        print(f"round {round_number + 1}/{args.runs}", file=sys.stderr)
    load.append(os.getloadavg())
    summary = {
        key: {"median": round(statistics.median(v), 2), "min": round(min(v), 2)} for key, v in samples.items()
    }
    for key, stats in summary.items():
        print(f"{key:<26} median {stats['median']:6.2f}  min {stats['min']:6.2f}")
    document = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "revisions": {name: revision(checkout) for name, checkout in checkouts.items()},
        "load_average": {"before": load[0], "after": load[1]},
        "runs": args.runs,
        "summary": summary,
        "samples": samples,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
