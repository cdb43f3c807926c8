"""Benchmark the notebook route people use today against `reportgen cohorts` (issue 14), same cohorts.

    python benchmarks/peer.py --setup      # once: benchmarks/.peer-venv from PyPI, with its Jupyter kernel
    python benchmarks/peer.py [--runs 3] [--jobs 1 2] [--json benchmarks/results/peer.json] [--keep DIR]

Run it with reportgen's Python (the one whose ``reportgen`` it times). Too slow for CI (about 15
minutes on an idle 2-core machine, 40 on a busy one); ``tests/unit/test_peer_benchmark.py`` checks its
data, arguments and notebook.

Data: ten cohorts of 12 subjects x 10 days in the sleepstudy shape (columns cohort, Reaction,
Days, Subject), simulated with a fixed seed, in one CSV.

Notebook route, per cohort: ``papermill benchmarks/peer/seminar.ipynb`` with ``-p data_path CSV
-p cohort NAME`` (the seminar's six questions with pandas, statsmodels' OLS and mixedlm, and
matplotlib: 7 figures), then ``jupyter nbconvert --to html --no-input``, then ``weasyprint`` to
PDF: the command-line tools, one process each, as a shell loop over cohorts runs them. They come
from the benchmark's own virtual environment, benchmarks/.peer-venv (git-ignored, never a reportgen
dependency); ``--setup`` creates it and registers its ipykernel there as kernel "peer-venv". With
``--jobs 2`` two cohorts run at a time (a pool of two workers, each running one cohort's three
commands in turn).

reportgen route: ``reportgen cohorts --by cohort --data CSV --out DIR --jobs N``, HTML and PDF,
into an empty folder each time.

Each route runs with each --jobs value, the routes interleaved within a round so that load on the
machine slows all alike; the median of --runs rounds is reported. Wall time is measured around the
whole route; CPU time is user + system time of every process it started, from ``os.wait4`` (which
counts the children each process reaped in turn: the Jupyter kernel, reportgen's workers). The
1-minute load average before and after each run is recorded, as the machine is shared.

Target (issue 14): reportgen at least 10x faster than the notebook route, same --jobs, wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
HERE = REPO / "benchmarks"
VENV = HERE / ".peer-venv"
NOTEBOOK = HERE / "peer" / "seminar.ipynb"
KERNEL = "peer-venv"
PEER_PACKAGES = ("papermill", "nbconvert", "ipykernel", "pandas", "statsmodels", "matplotlib", "weasyprint")
SEED = 20261127
COHORTS, SUBJECTS, DAYS = 10, 12, 10
ROUTES = ("notebook", "reportgen")
TARGET_RATIO = 10.0


def cohort_names(cohorts: int) -> list[str]:
    return [f"cohort {number:02d}" for number in range(cohorts)]


def write_data(path: Path, cohorts: int = COHORTS, subjects: int = SUBJECTS, days: int = DAYS) -> Path:
    """``cohorts`` cohorts of simulated sleepstudy-like data in one CSV: cohort, Reaction, Days, Subject.

    Subjects are numbered like sleepstudy's (cohort 00 has 101, 102, ...; cohort 01 has 201, ...), so
    they differ between cohorts. The same arguments write the same file.
    """
    import pandas as pd

    sys.path.insert(0, str(REPO))
    from tests.support.simulate import LIKE_SLEEPSTUDY, simulate

    if subjects > 99:
        raise ValueError("at most 99 subjects per cohort (they are numbered 101 to 199 in cohort 00)")
    parts = []
    for number, name in enumerate(cohort_names(cohorts)):
        frame = simulate(SEED + number, subjects, days, **LIKE_SLEEPSTUDY).round(3)
        parts.append(
            pd.DataFrame(
                {
                    "cohort": name,
                    "Reaction": frame["response"],
                    "Days": frame["time"].astype(int),
                    "Subject": 100 * (number + 1) + frame["group"],
                }
            )
        )
    pd.concat(parts, ignore_index=True).to_csv(path, index=False)
    return path


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--setup",
        action="store_true",
        help=f"create {VENV.relative_to(REPO)} from PyPI and register its kernel",
    )
    parser.add_argument("--runs", type=int, default=3, help="rounds; the median is reported (default: 3)")
    parser.add_argument(
        "--jobs", type=int, nargs="+", default=[1, 2], help="parallel workers of each route (default: 1 2)"
    )
    parser.add_argument(
        "--routes", nargs="+", choices=ROUTES, default=list(ROUTES), help="routes to run (default: both)"
    )
    parser.add_argument("--cohorts", type=int, default=COHORTS, help=f"cohorts (default: {COHORTS})")
    parser.add_argument(
        "--json",
        type=Path,
        default=HERE / "results" / "peer.json",
        help="where to write the results (default: benchmarks/results/peer.json)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the CSV and every run's outputs in DIR (default: a temp dir)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.cohorts < 1 or min(args.jobs) < 1:
        parser.error("--runs, --cohorts and --jobs must be at least 1")
    return args


# --- the benchmark's own environment ---------------------------------------------------------


def venv_bin(name: str) -> Path:
    return VENV / "bin" / name


def venv_env() -> dict[str, str]:
    """The environment of the notebook route's processes: the peer venv first on PATH."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = f"{venv_bin('')}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PLATFORM_DIRS"] = "1"  # silences jupyter_core's deprecation warning on every start
    return env


def setup() -> None:
    """Create the peer venv (if missing), install the notebook route's packages, register the kernel."""
    if not venv_bin("python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    python = str(venv_bin("python"))
    subprocess.run([python, "-m", "pip", "install", *PEER_PACKAGES], check=True)
    install_kernel = [python, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL]
    subprocess.run([*install_kernel, "--display-name", "Python (peer benchmark)"], check=True)
    print(f"ready: {VENV} with kernel {KERNEL!r}", file=sys.stderr)


def peer_versions() -> dict[str, str]:
    code = "import json, sys, importlib.metadata as m\n"
    code += "print(json.dumps({p: m.version(p) for p in sys.argv[1:]}))"
    done = subprocess.run(
        [str(venv_bin("python")), "-c", code, *PEER_PACKAGES], capture_output=True, text=True
    )
    return json.loads(done.stdout) if done.returncode == 0 else {}


def check_setup() -> str | None:
    """Why the notebook route cannot run, or None."""
    if not all(venv_bin(tool).exists() for tool in ("papermill", "jupyter-nbconvert", "weasyprint")):
        return f"{VENV} is missing or incomplete: run `python benchmarks/peer.py --setup` first"
    kernel = VENV / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json"
    if not kernel.exists():
        return f"kernel {KERNEL!r} is not registered in {VENV}: run `python benchmarks/peer.py --setup`"
    return None


# --- measuring --------------------------------------------------------------------------------


def timed(command: list[str], log: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``command`` with its output in ``log``; its wall and CPU seconds (its own and its children's)."""
    with log.open("w") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-30:])
        raise RuntimeError(f"exit code {process.returncode}: {' '.join(command)}\n{tail}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime}


def notebook_cohort(csv: Path, cohort: str, out: Path) -> dict[str, dict[str, float]]:
    """One cohort's notebook, HTML and PDF, each by its command-line tool; seconds of each step."""
    folder = out / cohort.replace(" ", "-")
    folder.mkdir(parents=True)
    executed, html, pdf = folder / "seminar.ipynb", folder / "seminar.html", folder / "seminar.pdf"
    env = venv_env()
    papermill = [str(venv_bin("papermill")), str(NOTEBOOK), str(executed), "-k", KERNEL, "--no-progress-bar"]
    nbconvert = [str(venv_bin("jupyter-nbconvert")), "--to", "html", "--no-input", str(executed)]
    return {
        "papermill": timed(
            [*papermill, "-p", "data_path", str(csv), "-p", "cohort", cohort], folder / "1.log", env
        ),
        "nbconvert": timed([*nbconvert, "--output", html.stem], folder / "2.log", env),
        "weasyprint": timed([str(venv_bin("weasyprint")), str(html), str(pdf)], folder / "3.log", env),
    }


def notebook_route(csv: Path, cohorts: list[str], out: Path, jobs: int) -> dict[str, Any]:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        steps = list(pool.map(lambda cohort: notebook_cohort(csv, cohort, out), cohorts))
    wall = time.perf_counter() - start
    per_step = {
        name: {key: round(sum(s[name][key] for s in steps), 2) for key in ("wall_s", "cpu_s")}
        for name in steps[0]
    }
    cpu = sum(step["cpu_s"] for cohort in steps for step in cohort.values())
    htmls = sorted(out.glob("*/seminar.html"))
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "steps_summed_over_cohorts": per_step,
        "html": len(htmls),
        "pdf": len(list(out.glob("*/seminar.pdf"))),
        "figures_per_report": figure_count(htmls[0]) if htmls else 0,
    }


def reportgen_command() -> list[str]:
    script = Path(sys.executable).with_name("reportgen")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from reportgen.cli import main; main()"]


def reportgen_route(csv: Path, out: Path, jobs: int) -> dict[str, Any]:
    out.mkdir(parents=True)
    revision = reportgen_revision()
    command = [*reportgen_command(), "cohorts", "--by", "cohort", "--data", str(csv), "--out", str(out)]
    result = timed([*command, "--jobs", str(jobs)], out.parent / f"{out.name}.log")
    manifest = json.loads((out / "manifest.json").read_text())
    durations = [entry["duration_s"] for entry in manifest["cohorts"] if entry.get("duration_s") is not None]
    htmls = sorted(out.glob("*/report.html"))
    after = reportgen_revision()
    return {
        "wall_s": round(result["wall_s"], 2),
        "cpu_s": round(result["cpu_s"], 2),
        "cohort_duration_s_median": round(statistics.median(durations), 2) if durations else None,
        "statuses": sorted({entry["status"] for entry in manifest["cohorts"]}),
        # The timed checkout may be another engineer's, changing while the benchmark runs.
        "reportgen_revision": revision if revision == after else f"{revision} -> {after}",
        "html": len(htmls),
        "pdf": len(list(out.glob("*/report.pdf"))),
        "figures_per_report": figure_count(htmls[0]) if htmls else 0,
    }


def figure_count(html: Path) -> int:
    return len(re.findall(r"<img\b", html.read_text(errors="replace")))


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(path).pages)


@functools.cache
def reportgen_checkout() -> Path:
    """The folder of the reportgen that ``reportgen_command`` runs (an editable install's checkout)."""
    code = "import pathlib, reportgen; print(pathlib.Path(reportgen.__file__).resolve().parent.parent)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/", check=True)
    return Path(done.stdout.strip())


def reportgen_revision() -> str | None:
    """The timed checkout's commit, with "-dirty" when its files differ from it; None outside git."""
    command = ["git", "-C", str(reportgen_checkout()), "describe", "--always", "--dirty", "--abbrev=12"]
    done = subprocess.run(command, capture_output=True, text=True)
    return done.stdout.strip() or None


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "reportgen": version("reportgen"),
        "reportgen_at": str(reportgen_checkout()),
        "reportgen_revision": reportgen_revision(),
        "benchmark_commit": head.stdout.strip() or None,
        "peer_venv": peer_versions(),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
    }


def run_once(route: str, jobs: int, csv: Path, cohorts: list[str], out: Path) -> dict[str, Any]:
    print(f"-- {route}, --jobs {jobs}", file=sys.stderr, flush=True)
    load_before = os.getloadavg()[0]
    if route == "notebook":
        out.mkdir(parents=True)
        result = notebook_route(csv, cohorts, out, jobs)
    else:
        result = reportgen_route(csv, out, jobs)
    result["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    missing = len(cohorts) - min(result["html"], result["pdf"])
    if missing:
        raise RuntimeError(f"{route} --jobs {jobs}: {missing} cohorts without HTML or PDF in {out}")
    print(f"   {json.dumps(result)}", file=sys.stderr, flush=True)
    return result


def summarize(samples: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "wall_s_median": round(statistics.median(s["wall_s"] for s in samples), 2),
        "cpu_s_median": round(statistics.median(s["cpu_s"] for s in samples), 2),
        "wall_s_min": round(min(s["wall_s"] for s in samples), 2),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.setup:
        setup()
        return 0
    if "notebook" in args.routes and (problem := check_setup()):
        print(f"Error: {problem}", file=sys.stderr)
        return 1
    document: dict[str, Any] = {
        "machine": machine(),
        "data": {"cohorts": args.cohorts, "subjects": SUBJECTS, "days": DAYS, "seed": SEED},
        "runs": args.runs,
        "samples": {},
    }
    samples: dict[str, list[dict[str, Any]]] = document["samples"]
    keep = args.keep.resolve() if args.keep else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        csv = write_data(folder / "cohorts.csv", args.cohorts)
        cohorts = cohort_names(args.cohorts)
        for round_number in range(args.runs):
            print(f"round {round_number + 1}/{args.runs}", file=sys.stderr, flush=True)
            for route in args.routes:
                for jobs in args.jobs:
                    out = folder / f"{route}-jobs{jobs}"
                    shutil.rmtree(out, ignore_errors=True)
                    samples.setdefault(f"{route} jobs {jobs}", []).append(
                        run_once(route, jobs, csv, cohorts, out)
                    )
        pages = {
            route: pdf_pages(next(iter(sorted((folder / f"{route}-jobs{args.jobs[-1]}").glob(pattern)))))
            for route, pattern in (("notebook", "*/seminar.pdf"), ("reportgen", "*/report.pdf"))
            if route in args.routes
        }
    document["pdf_pages_per_report"] = pages
    summary = document["summary"] = {name: summarize(runs) for name, runs in samples.items()}

    print(f"\n{'route':<22} {'wall (s)':>9} {'CPU (s)':>9} {'per cohort (s)':>15}")
    for name, stats in summary.items():
        per_cohort = stats["wall_s_median"] / args.cohorts
        print(f"{name:<22} {stats['wall_s_median']:9.1f} {stats['cpu_s_median']:9.1f} {per_cohort:15.2f}")
    revisions = sorted(
        {str(s.get("reportgen_revision")) for runs in samples.values() for s in runs} - {"None"}
    )
    if len(revisions) > 1 or any("-dirty" in r or "->" in r for r in revisions):
        print(f"\nNOTE reportgen's checkout changed or was dirty during the runs: {', '.join(revisions)}")
    if set(args.routes) == set(ROUTES):
        document["ratios"] = {}
        for jobs in args.jobs:
            notebook, ours = summary[f"notebook jobs {jobs}"], summary[f"reportgen jobs {jobs}"]
            ratio = notebook["wall_s_median"] / ours["wall_s_median"]
            document["ratios"][f"jobs {jobs}"] = {
                "wall": round(ratio, 2),
                "cpu": round(notebook["cpu_s_median"] / ours["cpu_s_median"], 2),
                "target": f">= {TARGET_RATIO:g}",
                "met": ratio >= TARGET_RATIO,
            }
        print()
        for name, ratio in document["ratios"].items():
            verdict = "OK  " if ratio["met"] else "MISS"
            print(
                f"{verdict} {name}: reportgen {ratio['wall']}x faster (wall), {ratio['cpu']}x less CPU "
                f"(target {ratio['target']}x, wall)"
            )
    document["machine"]["load_average_at_end"] = [round(load, 2) for load in os.getloadavg()]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
