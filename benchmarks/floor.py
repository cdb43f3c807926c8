"""Measure the floor under issue 14's targets: what the libraries alone cost for today's report.

    python benchmarks/floor.py [--runs 3] [--json benchmarks/results/floor.json]

CPU-seconds (user + system), so that a busy machine inflates them less than wall time:

- cold imports, in fresh interpreters: what each library adds to the ones before it;
- in one warm process, the median of ``--runs``: matplotlib drawing every figure of the sleepstudy
  report, and WeasyPrint laying out and writing its PDF (the full report, and without the code
  listings, as ``reportgen cohorts`` writes it by default);
- the same for one cohort report (12 subjects by 10 days, no code): its figures and its PDF, and
  the same report cut to the seminar's six questions (a shorter report the product could choose).

Beside the floor, in the same run: the cold ``reportgen build`` of the same report (sleepstudy,
with code, every figure drawn: an empty figure cache, as build.py runs it), HTML + PDF and HTML
only, the median of ``--runs`` fresh processes (CPU-seconds of the build and its forked figure process, see
benchmarks/build.py). Issue 22's target: each at most 1.15 x its floor (imports + figures + PDF;
HTML only: imports without WeasyPrint + figures).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TARGET_RATIO = 1.15  # issue 22: a cold build costs at most 1.15 x its libraries' floor

# Each set in a fresh interpreter, with the sets before it: the differences are what each adds
# (numpy, which most of them load, is counted with pandas).
IMPORTS = {
    "python itself": "",
    "pandas": "import pandas",
    "scipy.optimize": "import scipy.optimize",
    "matplotlib (figure, Agg)": "import matplotlib.figure, matplotlib.backends.backend_agg",
    "jinja2 + pygments": "import jinja2, pygments.lexers.python, pygments.formatters",
    "weasyprint": "import weasyprint",
}


def import_cpu(statement: str, runs: int) -> float:
    """Median CPU-seconds of a fresh interpreter running ``statement``."""
    samples = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", statement], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        samples.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(samples)


def cpu_of(work: Any, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.process_time()
        work()
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def report_costs(
    raw: Any, source: dict[str, Any], runs: int, *, seminar_only: bool = False, **options: Any
) -> dict[str, Any]:
    """CPU-seconds of the figures and of the PDF of one report of ``raw`` (warm process)."""
    from dataclasses import replace

    from pypdf import PdfReader

    from reportgen import figures, render
    from reportgen.analysis import analyze
    from reportgen.clean import clean
    from reportgen.config import make_config
    from reportgen.context import for_print
    from reportgen.export import html_to_pdf
    from reportgen.pipeline import analyse_report
    from reportgen.prepare import prepare
    from reportgen.sections import SECTIONS

    config = make_config(**options)
    analysed = analyse_report(raw, config, source)
    data = clean(prepare(raw, config).frame, config)
    frame, analysis = data.frame, analyze(data, config)
    context = analysed.context
    jobs_of = figures.figure_jobs
    if seminar_only:  # the seminar's six questions (the first sections) and their figures
        seminar_figures = sum(len(s.figures) for s in SECTIONS if s.part == "seminar")
        figures.figure_jobs = lambda *args: jobs_of(*args)[:seminar_figures]
        context = replace(context, sections=tuple(s for s in context.sections if s.part == "seminar"))
    try:
        count = len(figures.figure_jobs(frame, analysis, config.labels, config.decimals))
        figure_cpu = cpu_of(
            lambda: figures.build_figures(frame, analysis, config.labels, config.decimals), runs
        )
        printed = render.render_html(for_print(context))
        pdf = html_to_pdf(printed, analysed.print_images)
        pdf_cpu = cpu_of(lambda: html_to_pdf(printed, analysed.print_images), runs)
    finally:
        figures.figure_jobs = jobs_of
    return {
        "figures": count,
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "figures_cpu_s": round(figure_cpu, 3),
        "pdf_cpu_s": round(pdf_cpu, 3),
    }


def cold_builds(imports: dict[str, float], full: dict[str, Any], runs: int) -> dict[str, dict[str, Any]]:
    """The cold build of the full report, HTML + PDF and HTML only, against its floor."""
    from build import run_end_to_end  # benchmarks/build.py, beside this file

    everything = sum(imports.values()) + full["figures_cpu_s"]
    floors = {
        "html + pdf": everything + full["pdf_cpu_s"],
        "html only": everything - imports["weasyprint"],
    }
    options = {"html + pdf": (), "html only": ("--format", "html")}
    builds = {}
    for name, floor in floors.items():
        cpu = statistics.median(run_end_to_end(*options[name])[1] for _ in range(runs))
        builds[name] = {
            "build_cpu_s": round(cpu, 3),
            "floor_cpu_s": round(floor, 3),
            "ratio": round(cpu / floor, 3),
            "met": cpu <= TARGET_RATIO * floor,
        }
    return builds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default: 3)")
    parser.add_argument(
        "--json",
        type=Path,
        default=Path(__file__).resolve().parent / "results" / "floor.json",
        help="where to write the results (default: benchmarks/results/floor.json)",
    )
    args = parser.parse_args()
    load_before = os.getloadavg()

    cumulative, statements = {}, ["pass"]
    for name, statement in IMPORTS.items():
        statements.append(statement or "pass")
        cumulative[name] = import_cpu("; ".join(statements), args.runs)
    names = list(cumulative)
    imports = {
        name: round(cumulative[name] - cumulative[before], 3)
        for before, name in zip(names, names[1:], strict=False)
    }

    from reportgen.config import make_config
    from reportgen.pipeline import read_source

    raw, source = read_source(make_config())
    subjects = sorted(raw["Subject"].unique())[:12]
    cohort = raw[raw["Subject"].isin(subjects)]
    reports = {
        "full report (sleepstudy, with code)": report_costs(raw, source, args.runs, code=True),
        "full report without code": report_costs(raw, source, args.runs, code=False),
        "cohort report (12 subjects, no code)": report_costs(cohort, source, args.runs, code=False),
        "cohort report, the six questions only": report_costs(
            cohort, source, args.runs, code=False, seminar_only=True
        ),
    }

    builds = cold_builds(imports, reports["full report (sleepstudy, with code)"], args.runs)

    print(f"{'cold import (CPU-s)':<45} {'':>8}")
    for name, seconds in imports.items():
        print(f"  {name:<43} {seconds:8.2f}")
    print(f"  {'total':<43} {sum(imports.values()):8.2f}")
    print(f"\n{'warm report (CPU-s)':<45} {'figures':>8} {'PDF':>8} {'pages':>6}")
    for name, costs in reports.items():
        print(f"  {name:<43} {costs['figures_cpu_s']:8.2f} {costs['pdf_cpu_s']:8.2f} {costs['pages']:6d}")
    print(f"\n{'cold build vs floor (CPU-s)':<45} {'build':>8} {'floor':>8} {'ratio':>6}")
    for name, build in builds.items():
        print(f"  {name:<43} {build['build_cpu_s']:8.2f} {build['floor_cpu_s']:8.2f} {build['ratio']:6.2f}")

    document = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "load_average": {"before": load_before, "after": os.getloadavg()},
        },
        "runs": args.runs,
        "cold_import_cpu_s": imports,
        "warm_reports": reports,
        "cold_build_vs_floor": builds,
        "target_ratio": TARGET_RATIO,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nwrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
