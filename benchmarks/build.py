"""Benchmark `reportgen build`: end to end, and per stage, each run in a fresh (cold-import) process.

    python benchmarks/build.py --runs 5 [--json benchmarks/results/build.json]

Every build starts with an empty figure cache (``REPORTGEN_CACHE_DIR`` in a fresh folder), so the
cold numbers stay cold; "rebuild, title changed" times a second build into the same folder with
only ``--title`` changed, its figures cached by the first (issue 22: it draws none).

Stages are timed by wrapping the functions ``reportgen.pipeline.build_report`` calls (it imports
them at call time, so the wrappers are picked up) and then running ``build_report`` itself:
no copy of the pipeline to drift out of date. Whatever ``build_report`` does outside the wrapped
functions (hashing the CSV, JSON encoding, logging) is reported as "other".
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

# Issue 14's targets (median of cold processes on a 2-core machine).
TARGET_END_TO_END = 2.5  # seconds of wall time, HTML + PDF
TARGET_CPU = 3.5  # CPU-seconds of the build and its figure process, HTML + PDF
TARGET_HTML_ONLY = 1.5  # seconds of wall time, --format html

LIBRARIES = (
    "numpy",
    "pandas",
    "scipy.special",
    "scipy.optimize",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "jinja2",
    "weasyprint",
)
REPORTGEN_MODULES = (
    "cli",
    "pipeline",
    "load",
    "readers",
    "prepare",
    "clean",
    "analysis",
    "results",
    "figures",
    "narrative",
)
REPORTGEN_MODULES += ("sections", "provenance", "context", "render", "export")

# (module, function) -> stage; everything build_report calls, grouped as the report describes them.
STAGES = {
    ("reportgen.prepare", "read_data"): "load",
    ("reportgen.prepare", "prepare"): "load",
    ("reportgen.clean", "clean"): "clean",
    ("reportgen.analysis", "analyze"): "analysis",
    ("reportgen.sections", "compute_sections"): "analysis",
    ("reportgen.results", "build_results"): "results",
    ("reportgen.results", "to_json_ready"): "results",
    ("reportgen.figures", "build_figures"): "figures",
    ("reportgen.narrative", "interpret"): "render",
    ("reportgen.narrative", "figure_alt_texts"): "render",
    ("reportgen.context", "build_context"): "render",
    ("reportgen.render", "render_html"): "render",
    ("reportgen.export", "html_to_pdf"): "pdf",
    ("reportgen.export", "prepare_out_dir"): "write",
    ("reportgen.export", "write_outputs"): "write",
}
STAGE_ORDER = ("load", "clean", "analysis", "results", "figures", "render", "pdf", "write", "other")


def child(out_dir: str) -> None:
    """One cold build with timed imports and stages; prints a JSON dict of seconds."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    for name in LIBRARIES:
        t0 = time.perf_counter()
        importlib.import_module(name)
        times[f"import {name}"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for name in REPORTGEN_MODULES:
        importlib.import_module(f"reportgen.{name}")
    times["import reportgen"] = time.perf_counter() - t0
    times["import"] = time.perf_counter() - start

    stage_times = dict.fromkeys(STAGE_ORDER, 0.0)
    depth = 0  # only the outermost wrapped call counts (to_json_ready recurses, for example)

    def timed(stage: str, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            nonlocal depth
            depth += 1
            t0 = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                depth -= 1
                if depth == 0:
                    stage_times[stage] += time.perf_counter() - t0

        return wrapper

    for (module_name, func_name), stage in STAGES.items():
        module = sys.modules[module_name]
        setattr(module, func_name, timed(stage, getattr(module, func_name)))

    from reportgen.config import make_config
    from reportgen.pipeline import build_report

    t0 = time.perf_counter()
    build_report(make_config(out_dir=out_dir))
    work = time.perf_counter() - t0
    stage_times["other"] = work - sum(stage_times.values())
    print(json.dumps({**times, **stage_times, "work after imports": work}))


def reportgen_command() -> list[str]:
    script = Path(sys.executable).with_name("reportgen")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from reportgen.cli import main; main()"]


def run(cmd: list[str], cache: str | None = None) -> str:
    """Run ``cmd`` (with the figure cache in ``cache``), return its stdout; on failure show its
    stderr and raise."""
    env = {**os.environ, "REPORTGEN_CACHE_DIR": cache} if cache else None
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise subprocess.CalledProcessError(done.returncode, cmd)
    return done.stdout


def children_cpu() -> float:
    """CPU-seconds (user + system) of every finished child process and its own children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_end_to_end(*options: str) -> tuple[float, float]:
    """Wall seconds and CPU-seconds of one cold `reportgen build` (its forked figure process too)."""
    with tempfile.TemporaryDirectory() as tmp:
        cpu0, t0 = children_cpu(), time.perf_counter()
        run([*reportgen_command(), "build", "--out", f"{tmp}/out", *options], cache=f"{tmp}/cache")
        return time.perf_counter() - t0, children_cpu() - cpu0


def run_rebuild(*options: str) -> tuple[float, float]:
    """Wall seconds and CPU-seconds of a second `reportgen build` with only its title changed."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [*reportgen_command(), "build", "--out", f"{tmp}/out", *options]
        run([*command, "--title", "A first title"], cache=f"{tmp}/cache")
        cpu0, t0 = children_cpu(), time.perf_counter()
        run([*command, "--title", "Another title"], cache=f"{tmp}/cache")
        return time.perf_counter() - t0, children_cpu() - cpu0


def run_stages() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        output = run([sys.executable, __file__, "--child", f"{tmp}/out"], cache=f"{tmp}/cache")
        return json.loads(output.splitlines()[-1])


def machine_info() -> dict[str, object]:
    try:
        version = metadata.version("reportgen")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "reportgen": version,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default: 5)")
    parser.add_argument(
        "--json",
        type=Path,
        default=Path(__file__).resolve().parent / "results" / "build.json",
        help="where to write the results (default: benchmarks/results/build.json)",
    )
    parser.add_argument("--child", metavar="OUT_DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0

    samples: dict[str, list[float]] = {"end to end": [], "end to end CPU": [], "html only": []}
    samples |= {
        "rebuild, title changed": [],
        "rebuild CPU, title changed": [],
        "rebuild html only, title changed": [],
    }
    load_before = os.getloadavg()
    for i in range(args.runs):
        print(f"run {i + 1}/{args.runs}", file=sys.stderr)
        wall, cpu = run_end_to_end()
        samples["end to end"].append(wall)
        samples["end to end CPU"].append(cpu)
        samples["html only"].append(run_end_to_end("--format", "html")[0])
        wall, cpu = run_rebuild()
        samples["rebuild, title changed"].append(wall)
        samples["rebuild CPU, title changed"].append(cpu)
        wall, cpu = run_rebuild("--format", "html")
        samples["rebuild html only, title changed"].append(wall)
        samples.setdefault("rebuild html only CPU, title changed", []).append(cpu)
        for name, seconds in run_stages().items():
            samples.setdefault(name, []).append(seconds)

    summary = {
        name: {"min": min(values), "median": statistics.median(values)} for name, values in samples.items()
    }
    print(f"\n{'measurement (s)':<40} {'min':>8} {'median':>8}")
    for name, stats in summary.items():
        print(f"{name:<40} {stats['min']:8.3f} {stats['median']:8.3f}")

    targets = {
        "end to end": (summary["end to end"]["median"], TARGET_END_TO_END),
        "end to end CPU": (summary["end to end CPU"]["median"], TARGET_CPU),
        "html only": (summary["html only"]["median"], TARGET_HTML_ONLY),
    }
    print()
    for name, (median, limit) in targets.items():
        verdict = "OK  " if median <= limit else "MISS"
        print(f"{verdict} median {name}: {median:.2f} s (target <= {limit:g} s)")

    args.json.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "machine": {**machine_info(), "load_average": {"before": load_before, "after": os.getloadavg()}},
        "runs": args.runs,
        "targets": {name: {"median": m, "limit": lim, "met": m <= lim} for name, (m, lim) in targets.items()},
        "summary": summary,
        "samples": samples,
    }
    args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nwrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
