"""Benchmark one cohort's study report in a warm `cohorts` worker: CPU-seconds per cohort, and where
they go.

    python benchmarks/worker.py [--cohorts 8] [--json benchmarks/results/worker.json]

A warm worker is a process that has built a cohort already (imports done, templates compiled,
WeasyPrint and matplotlib loaded): what each of ``reportgen cohorts --jobs N``'s forked workers is
after its first cohort, and what a Dask worker is after its first task. Each cohort is different
data (12 subjects x 10 times, simulated with its own seed, sleepstudy's columns), built by the
workers' own function (:func:`reportgen.cohorts.task.run_cohort`) with a cohort's config (study
report, HTML and PDF, no code, the figure cache in a fresh folder: every figure is drawn, as on a
first run). CPU-seconds of this process (``time.process_time``), not wall time: the machine is
shared. The median over ``--cohorts`` cohorts is the number; as many more cohorts then run with the
stages of STAGES timed (CPU-seconds per cohort, their mean), which says where the time goes.

Target (issue 22): at most 1.2 CPU-s per cohort; its PDF at most 6 pages.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEED = 20261207
SUBJECTS, TIMES = 12, 10
TARGET_CPU_S, TARGET_PAGES = 1.2, 6

# The stages a cohort's CPU time is split into: (module, attribute) wrapped with a CPU timer; what
# none of them covers is "the rest" (preparing and cleaning, results, the context, the worker's own).
STAGES = {
    "analysis": (("reportgen.analysis", "analyze"), ("reportgen.sections", "compute_sections")),
    "words": (("reportgen.narrative", "interpret"), ("reportgen.narrative", "figure_alt_texts")),
    "figure cache (hash, read, write, trim)": (
        ("reportgen.figure_cache", "FigureCache.keys"),
        ("reportgen.figure_cache", "FigureCache.get"),
        ("reportgen.figure_cache", "FigureCache.put"),
        ("reportgen.figure_cache", "FigureCache.trim"),
    ),
    "figures (drawing)": (("reportgen.figures", "_draw"),),
    "html (templates)": (("reportgen.render", "render_html"),),
    "pdf (weasyprint)": (("reportgen.export", "html_to_pdf"),),
}


def cohort_frame(number: int) -> Any:
    """Cohort ``number``: 12 subjects x 10 times in sleepstudy's columns."""
    sys.path.insert(0, str(REPO))
    from tests.support.simulate import LIKE_SLEEPSTUDY, simulate

    frame = simulate(SEED + number, SUBJECTS, TIMES, **LIKE_SLEEPSTUDY).round(3)
    return frame.rename(columns={"group": "Subject", "time": "Days", "response": "Reaction"}).assign(
        Subject=lambda f: f"c{number}-" + f["Subject"].astype(str)
    )


def cohort_task(number: int) -> Any:
    """The task a `cohorts` run hands a worker for cohort ``number`` (its config as run.py makes it)."""
    from reportgen.cohorts.task import CohortTask
    from reportgen.config import make_config

    config = make_config(
        title=f"Study (cohort {number})",
        author="benchmark",
        profile="study",
        code=False,
        formats=("html", "pdf"),
    )
    return CohortTask(
        f"cohort {number}", f"cohort-{number}", cohort_frame(number), config, {"file": "x.csv", "sha256": ""}
    )


def cpu_of_cohort(number: int) -> tuple[float, Any]:
    from reportgen.cohorts.task import run_cohort

    task = cohort_task(number)
    start = time.process_time()
    result = run_cohort(task)
    cpu = time.process_time() - start
    if result.error is not None:
        raise SystemExit(f"cohort {number} failed: {result.error}")
    return cpu, result


def time_stages(totals: dict[str, float]) -> None:
    """Wrap every function of STAGES so that its CPU-seconds add to ``totals[stage]``."""
    import functools
    import importlib

    for stage, functions in STAGES.items():
        for module_name, attribute in functions:
            owner: Any = importlib.import_module(module_name)
            *classes, name = attribute.split(".")
            for class_name in classes:
                owner = getattr(owner, class_name)
            function = getattr(owner, name)

            @functools.wraps(function)
            def timed(*args: Any, __f: Any = function, __stage: str = stage, **kwargs: Any) -> Any:
                start = time.process_time()
                try:
                    return __f(*args, **kwargs)
                finally:
                    totals[__stage] += time.process_time() - start

            setattr(owner, name, timed)


def time_figures(totals: dict[str, float]) -> None:
    """Wrap the one function every figure is drawn by, adding its CPU-seconds to ``totals[name]``."""
    from reportgen.figures import base

    draw = base.render_panels

    def timed(name: str, *args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return draw(name, *args, **kwargs)
        finally:
            totals[name] = totals.get(name, 0.0) + time.process_time() - start

    base.render_panels = timed  # type: ignore[assignment]


def write_document(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {path}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohorts", type=int, default=8, help="cohorts timed after the warm-up (default 8)")
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results" / "worker.json")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from build import machine_info  # benchmarks/build.py, beside this file

    os.environ["REPORTGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="reportgen-worker-bench-")
    import pypdf

    load_before = os.getloadavg()
    warm_up, _ = cpu_of_cohort(0)
    samples, pages = [], []
    for number in range(1, args.cohorts + 1):
        cpu, result = cpu_of_cohort(number)
        samples.append(round(cpu, 3))
        pages.append(len(pypdf.PdfReader(io.BytesIO(result.files["report.pdf"])).pages))
        print(f"cohort {number}: {cpu:.2f} CPU-s, {pages[-1]} pages", file=sys.stderr)
    totals = dict.fromkeys(STAGES, 0.0)
    time_stages(totals)
    figures: dict[str, float] = {}
    time_figures(figures)
    timed = [cpu_of_cohort(number)[0] for number in range(args.cohorts + 1, 2 * args.cohorts + 1)]
    stages = {stage: round(seconds / len(timed), 3) for stage, seconds in totals.items()}
    stages["the rest"] = round(statistics.mean(timed) - sum(stages.values()), 3)
    per_figure = {name: round(seconds / len(timed), 3) for name, seconds in figures.items()}
    median = statistics.median(samples)
    import resource

    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    document = {
        "machine": {**machine_info(), "load_average": {"before": load_before, "after": os.getloadavg()}},
        "cohort": {"subjects": SUBJECTS, "times": TIMES, "profile": "study", "formats": ["html", "pdf"]},
        "first_cohort_cpu_s": round(warm_up, 3),
        "warm_cpu_s": samples,
        "warm_cpu_s_median": round(median, 3),
        "pdf_pages": max(pages),
        "cpu_s_by_stage_mean": stages,
        "cpu_s_by_figure_mean": per_figure,
        # The worker draws in its own process: child processes' CPU (none expected) would add to it.
        "cpu_s_child_processes": round(children.ru_utime + children.ru_stime, 3),
        "peak_rss_mb": round(own.ru_maxrss / 1024, 1),
        "target_cpu_s": TARGET_CPU_S,
        "target_pages": TARGET_PAGES,
        "met": {"cpu": median <= TARGET_CPU_S, "pages": max(pages) <= TARGET_PAGES},
    }
    shown = ("warm_cpu_s_median", "pdf_pages", "cpu_s_child_processes", "peak_rss_mb", "met")
    print(json.dumps({k: document[k] for k in shown}), file=sys.stderr)
    for stage, seconds in stages.items():
        print(f"  {stage:<34} {seconds:6.2f}", file=sys.stderr)
    write_document(args.json, document)
    return 0


if __name__ == "__main__":
    sys.exit(main())
