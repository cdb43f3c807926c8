"""Benchmark the mixed-model engines and the whole report as the data grow (10 observations per group).

    python benchmarks/scale.py [--sizes 1000,10000,100000,1000000] [--max-rows 1000000]
        [--statsmodels-max-rows 100000] [--cap 300] [--json benchmarks/results/scale.json]

Every measurement runs in a fresh process (``--child``), so peak memory (the process's maximum
resident set size, from ``resource.getrusage``) belongs to that one measurement. Fit times exclude
imports and reading the CSV; they are the median of ``--repeats`` fits for the exact engine and one
fit for statsmodels (run up to ``--statsmodels-max-rows`` rows, each fit capped at ``--cap`` seconds).
The report step (``build_report``, HTML and PDF) runs up to ``--max-rows`` rows; a failure or a time
out is recorded, not raised. Each report also records its stages (read, prepare, clean, the analysis
steps, results, figures, HTML, PDF, writing): wall and CPU seconds of each and the peak resident set
during it (Linux: the peak is reset at the start of each stage through /proc/self/clear_refs), so a
busy machine (see the load averages) shows up as wall time well above CPU time. Also timed: the
issue's target cases, 50k rows in 5,000 groups (random slope fit <= 1.5 s, whole report <= 15 s) and
1M rows in 100,000 groups (whole report <= 15 s and <= 600 MB peak RSS, issue 14), and lme4 on the
50k case through Rscript when R is installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PER_GROUP = 10
SEED = 20240601
MODELS = {"random_intercept": False, "random_slope": True}
TARGET_ROWS, TARGET_GROUPS = 50_000, 5_000
TARGET_FIT_S, TARGET_REPORT_S = 1.5, 15.0
# Issue 14: the whole report of 1M rows in 100,000 groups.
SCALE_ROWS, SCALE_REPORT_S, SCALE_REPORT_MB = 1_000_000, 15.0, 600.0
# The stages a report's time is split into: (module, function), in the order they run. Analysis
# steps are listed under the analysis package (where analyze finds them).
STAGES = (
    ("reportgen.prepare", "read_data"),
    ("reportgen.prepare", "prepare"),
    ("reportgen.clean", "clean"),
    ("reportgen.analysis", "analyze"),
    ("reportgen.analysis", "fit_subject_lines"),
    ("reportgen.analysis", "fit_supported_model"),
    ("reportgen.analysis", "observation_design"),
    ("reportgen.analysis", "diagnose"),
    ("reportgen.analysis", "pooling"),
    ("reportgen.analysis", "subject_influence"),
    ("reportgen.analysis", "check_trend"),
    ("reportgen.analysis", "analyse_covariates"),
    ("reportgen.narrative", "interpret"),
    ("reportgen.results", "build_results"),
    ("reportgen.results", "to_json_ready"),
    ("reportgen.results", "results_json"),
    ("reportgen.figures", "build_figures"),
    ("reportgen.render", "render_html"),
    ("reportgen.export", "html_to_pdf"),
    ("reportgen.export", "replace_outputs"),
)

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(lme4))
d <- read.csv(args[[1]], colClasses = c(group = "character"))
d$group <- factor(d$group)
control <- lmerControl(optimizer = "bobyqa")
fit <- function(formula) lmer(formula, d, REML = TRUE, control = control)
ri <- system.time(m0 <- fit(response ~ time + (1 | group)))[["elapsed"]]
rs <- system.time(m1 <- fit(response ~ time + (time | group)))[["elapsed"]]
cat(sprintf("{\"lme4\": \"%s\", \"R\": \"%s\",", packageVersion("lme4"), R.version.string))
cat(sprintf("\"random_intercept\": {\"seconds\": %.4f, \"criterion\": %.10f},", ri, REMLcrit(m0)))
cat(sprintf("\"random_slope\": {\"seconds\": %.4f, \"criterion\": %.10f}}\n", rs, REMLcrit(m1)))
"""


# --- children: one measurement each, in a fresh process ------------------------------------------


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_fit(csv: str, engine: str, model: str, repeats: int) -> dict[str, Any]:
    """Time fit_mixed on the CSV's frame (imports and reading excluded)."""
    start = time.perf_counter()
    import pandas as pd
    import scipy.optimize  # noqa: F401  (fit_exact imports these lazily: keep them out of the timing)
    import scipy.stats  # noqa: F401

    from reportgen.analysis.mixed import fit_mixed

    if engine == "statsmodels":
        import statsmodels.formula.api  # noqa: F401
    imports = time.perf_counter() - start
    frame = pd.read_csv(csv, dtype={"group": str})
    before = _peak_rss_mb()
    times, fit = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        fit = fit_mixed(frame, random_slope=MODELS[model], reml=True, engine=engine)
        times.append(time.perf_counter() - t0)
    assert fit is not None
    peak = _peak_rss_mb()
    return {
        "status": "ok",
        "seconds": statistics.median(times),
        "all_seconds": times,
        "import_seconds": imports,
        "peak_rss_mb": peak,
        "fit_rss_increase_mb": peak - before,
        "criterion": fit.criterion,
        "converged": fit.converged,
        "singular": fit.singular,
    }


def _memory_status(key: str) -> float | None:
    """VmRSS or VmHWM of this process in MB (None off Linux)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


_PEAK_MB = [0.0]  # the largest VmHWM seen before any reset: the whole run's peak


def _reset_peak() -> None:
    _PEAK_MB[0] = max(_PEAK_MB[0], _memory_status("VmHWM") or 0.0)
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # resets VmHWM, the peak resident set
    except OSError:
        pass


def time_stages(stages: dict[str, dict[str, float | None]]) -> None:
    """Wrap each function of STAGES to add its wall and CPU seconds and its peak RSS to ``stages``.

    The wrapper replaces the module attribute, so callers that import the function at call time
    (the pipeline's lazy imports) and recursive calls find it; a recursive call is timed once.
    """
    import functools
    import importlib

    for module_name, name in STAGES:
        module = importlib.import_module(module_name)
        if not hasattr(module, name):
            continue
        function = getattr(module, name)
        label = f"{module_name.removeprefix('reportgen.')}.{name}"

        @functools.wraps(function)
        def timed(*args: Any, __f: Any = function, __label: str = label, **kwargs: Any) -> Any:
            entry = stages.setdefault(__label, {"seconds": 0.0, "cpu_seconds": 0.0, "calls": 0})
            if entry.get("running"):
                return __f(*args, **kwargs)
            entry["running"] = 1
            before = _memory_status("VmRSS")
            _reset_peak()
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return __f(*args, **kwargs)
            finally:
                entry["seconds"] = (entry["seconds"] or 0.0) + time.perf_counter() - wall
                entry["cpu_seconds"] = (entry["cpu_seconds"] or 0.0) + time.process_time() - cpu
                entry["calls"] = (entry["calls"] or 0) + 1
                entry["rss_before_mb"], entry["peak_rss_mb"] = before, _memory_status("VmHWM")
                entry["running"] = 0

        setattr(module, name, timed)


def child_report(csv: str, out_dir: str) -> dict[str, Any]:
    """Time build_report (HTML and PDF) on the CSV, cold: its lazy imports count; and its stages."""
    from reportgen.config import make_config
    from reportgen.pipeline import build_report

    stages: dict[str, dict[str, float | None]] = {}
    time_stages(stages)
    for entry in stages.values():
        entry.pop("running", None)
    config = make_config(data_path=csv, out_dir=out_dir, response="response", time="time", group="group")
    t0, cpu0 = time.perf_counter(), time.process_time()
    try:
        result = build_report(config)
    except Exception as exc:  # recorded, not raised: the benchmark documents what fails at scale
        return {
            "status": "failed",
            "seconds": time.perf_counter() - t0,
            "error": f"{type(exc).__name__}: {str(exc)[:500]}",
            "peak_rss_mb": _peak_rss_mb(),
        }
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    import resource

    # The forked figure process, reaped by now (the 1M target counts both processes' CPU).
    forked = resource.getrusage(resource.RUSAGE_CHILDREN)
    sizes = {Path(p).name: Path(p).stat().st_size for p in result.paths}
    for entry in stages.values():
        entry.pop("running", None)
    return {
        "status": "ok",
        "seconds": seconds,
        "cpu_seconds": cpu,  # this process only; the forked figure process is not counted
        "cpu_seconds_figure_process": forked.ru_utime + forked.ru_stime,
        # The stages reset the kernel's peak, which ru_maxrss reads too: keep the largest seen.
        "peak_rss_mb": max(_peak_rss_mb(), _PEAK_MB[0], _memory_status("VmHWM") or 0.0),
        "stages": stages,
        "files": sizes,
    }


# --- parent ---------------------------------------------------------------------------------------


def run_child(spec: dict[str, Any], cap: float) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; a time out or a crash is recorded."""
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    try:
        run = subprocess.run(
            [sys.executable, __file__, "--child", json.dumps(spec)],
            capture_output=True,
            text=True,
            timeout=cap,
            cwd=REPO,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": None, "cap_seconds": cap}
    wall = time.perf_counter() - start
    lines = run.stdout.strip().splitlines()
    if run.returncode != 0 or not lines:
        return {"status": "crashed", "returncode": run.returncode, "error": run.stderr.strip()[-800:]}
    result = dict(json.loads(lines[-1]))
    result["process_seconds"] = wall
    return result


def write_data(folder: Path, rows: int) -> Path:
    from tests.support.simulate import LIKE_SLEEPSTUDY, simulate

    path = folder / f"rows_{rows}.csv"
    simulate(SEED, rows // PER_GROUP, PER_GROUP, **LIKE_SLEEPSTUDY).to_csv(path, index=False)
    return path


def measure_size(rows: int, csv: Path, args: argparse.Namespace, out_root: Path) -> dict[str, Any]:
    fits: dict[str, dict[str, Any]] = {"exact": {}, "statsmodels": {}}
    for model in MODELS:
        spec = {"kind": "fit", "csv": str(csv), "engine": "exact", "model": model, "repeats": args.repeats}
        fits["exact"][model] = run_child(spec, args.cap)
        log(rows, "exact", model, fits["exact"][model])
        if rows > args.statsmodels_max_rows:
            fits["statsmodels"][model] = {
                "status": "skipped",
                "reason": f"> {args.statsmodels_max_rows} rows",
            }
        else:
            spec = {**spec, "engine": "statsmodels", "repeats": 1}
            fits["statsmodels"][model] = run_child(spec, args.cap)
        log(rows, "statsmodels", model, fits["statsmodels"][model])
    if rows > args.max_rows:
        report: dict[str, Any] = {"status": "skipped", "reason": f"> --max-rows {args.max_rows}"}
    else:
        spec = {"kind": "report", "csv": str(csv), "out_dir": str(out_root / f"report_{rows}")}
        report = run_child(spec, args.report_cap)
    log(rows, "exact", "report", report)
    return {"rows": rows, "groups": rows // PER_GROUP, "fits": fits, "report": report}


def time_lme4(csv: Path, cap: float) -> dict[str, Any]:
    rscript = shutil.which("Rscript")
    if rscript is None:
        return {"status": "skipped", "reason": "Rscript not on PATH"}
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "lme4.R"
        script.write_text(R_SCRIPT)
        try:
            run = subprocess.run(
                [rscript, "--vanilla", str(script), str(csv)], capture_output=True, text=True, timeout=cap
            )
        except subprocess.TimeoutExpired:
            return {"status": "timeout", "cap_seconds": cap}
    if run.returncode != 0:
        return {"status": "failed", "error": run.stderr.strip()[-800:]}
    return {"status": "ok", **json.loads(run.stdout.strip().splitlines()[-1])}


def log(rows: int, engine: str, what: str, result: dict[str, Any]) -> None:
    print(f"  {rows:>9,} rows  {engine:<11} {what:<16} {_cell(result)}", file=sys.stderr, flush=True)


def _cell(result: dict[str, Any], key: str = "seconds") -> str:
    if result.get("status") != "ok":
        return str(result.get("status"))
    return f"{result[key]:.2f}" if key == "seconds" else f"{result[key]:.0f}"


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "| rows | groups | engine | (1\\|g) fit s | (t\\|g) fit s | peak RSS MB (t\\|g) "
        "| report s | report RSS MB |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in results["sizes"]:
        for engine, fits in size["fits"].items():
            report = size["report"] if engine == "exact" else {"status": "-"}
            report_s = _cell(report) if report["status"] in ("ok", "-") else report["status"]
            report_mb = _cell(report, "peak_rss_mb") if report["status"] == "ok" else ""
            lines.append(
                f"| {size['rows']:,} | {size['groups']:,} | {engine} | {_cell(fits['random_intercept'])} | "
                f"{_cell(fits['random_slope'])} | {_cell(fits['random_slope'], 'peak_rss_mb')} | "
                f"{report_s} | {report_mb} |"
            )
    for size in results["sizes"]:
        lines += stage_lines(size)
    scale = results.get("target_1m")
    if scale is not None:
        lines += [
            "",
            f"1M rows / 100,000 groups (issue 14): whole report {scale['seconds']} s (target <= "
            f"{SCALE_REPORT_S} s), peak RSS {scale['peak_rss_mb']} MB (target <= {SCALE_REPORT_MB} MB): "
            f"{scale['target_met']}.",
        ]
    start, end = (
        " / ".join(f"{x:.1f}" for x in results["meta"][key])
        for key in ("load_average_at_start", "load_average_at_end")
    )
    load_line = f"Load average (1 / 5 / 15 min) at start {start}, at end {end} ({os.cpu_count()} CPUs)."
    target = results.get("target_50k")
    if target is None:
        return "\n".join([*lines, "", load_line])
    fit, report, lme4 = target["exact_random_slope"], target["report"], target["lme4"]
    lines += [
        "",
        f"50k rows / 5,000 groups: exact (t|g) fit {_cell(fit)} s (target <= {TARGET_FIT_S} s: "
        f"{target['fit_target_met']}); exact (1|g) fit {_cell(target['exact_random_intercept'])} s; "
        f"whole report {_cell(report)} s (target <= {TARGET_REPORT_S} s: {target['report_target_met']}).",
    ]
    if lme4.get("status") == "ok":
        lines.append(
            f"lme4 {lme4['lme4']} on the same data: (1|g) {lme4['random_intercept']['seconds']:.2f} s, "
            f"(t|g) {lme4['random_slope']['seconds']:.2f} s (system.time of lmer, bobyqa, REML); "
            f"REML criterion, exact minus lme4: (1|g) {target['criterion_gap']['random_intercept']:.2g}, "
            f"(t|g) {target['criterion_gap']['random_slope']:.2g}."
        )
    else:
        lines.append(f"lme4: {lme4.get('status')} {lme4.get('reason', '')}")
    lines.append(load_line)
    return "\n".join(lines)


def stage_lines(size: dict[str, Any]) -> list[str]:
    """The stages of one size's report: wall and CPU seconds, peak RSS during each."""
    stages = size["report"].get("stages")
    if not stages:
        return []
    lines = [
        "",
        f"Report stages at {size['rows']:,} rows / {size['groups']:,} groups "
        "(analysis steps are inside analyze; the figures' forked half is not in CPU):",
        "",
        "| stage | wall s | CPU s | peak RSS MB |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, entry in stages.items():
        peak = entry.get("peak_rss_mb")
        lines.append(
            f"| {name} | {entry['seconds']:.2f} | {entry['cpu_seconds']:.2f} | "
            f"{'' if peak is None else f'{peak:.0f}'} |"
        )
    return lines


def meta() -> dict[str, Any]:
    versions = {}
    for name in ("numpy", "scipy", "pandas", "statsmodels", "matplotlib", "weasyprint", "reportgen"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),  # other work on the machine inflates the timings
        "versions": versions,
        "per_group": PER_GROUP,
        "seed": SEED,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="1000,10000,100000,1000000", help="rows, comma separated")
    parser.add_argument("--max-rows", type=int, default=SCALE_ROWS, help="largest size for the report step")
    parser.add_argument("--statsmodels-max-rows", type=int, default=100_000)
    parser.add_argument("--cap", type=float, default=300.0, help="seconds allowed per fit measurement")
    parser.add_argument("--report-cap", type=float, default=900.0, help="seconds allowed per report")
    parser.add_argument("--repeats", type=int, default=3, help="exact-engine fits per measurement")
    parser.add_argument("--no-target", action="store_true", help="skip the 50k-row target case")
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results" / "scale.json")
    args = parser.parse_args(argv)

    if args.child:
        spec = json.loads(args.child)
        if spec["kind"] == "fit":
            result = child_fit(spec["csv"], spec["engine"], spec["model"], spec["repeats"])
        else:
            result = child_report(spec["csv"], spec["out_dir"])
        print(json.dumps(result))
        return

    sys.path.insert(0, str(REPO))
    results: dict[str, Any] = {"meta": meta(), "sizes": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in (int(s) for s in args.sizes.split(",")):
            csv = write_data(folder, rows)
            results["sizes"].append(measure_size(rows, csv, args, folder))
            csv.unlink()
            report = results["sizes"][-1]["report"]
            if rows == SCALE_ROWS and report.get("status") == "ok":
                results["target_1m"] = {
                    "seconds": round(report["seconds"], 2),
                    "peak_rss_mb": round(report["peak_rss_mb"]),
                    "target_seconds": SCALE_REPORT_S,
                    "target_peak_rss_mb": SCALE_REPORT_MB,
                    "target_met": report["seconds"] <= SCALE_REPORT_S
                    and report["peak_rss_mb"] <= SCALE_REPORT_MB,
                }
        if not args.no_target:
            csv = write_data(folder, TARGET_ROWS)
            target: dict[str, Any] = {"rows": TARGET_ROWS, "groups": TARGET_GROUPS}
            for model in MODELS:
                spec = {"kind": "fit", "csv": str(csv), "engine": "exact", "model": model}
                target[f"exact_{model}"] = run_child({**spec, "repeats": args.repeats}, args.cap)
                log(TARGET_ROWS, "exact", model, target[f"exact_{model}"])
            report_spec = {"kind": "report", "csv": str(csv), "out_dir": str(folder / "report_target")}
            target["report"] = run_child(report_spec, args.report_cap)
            log(TARGET_ROWS, "exact", "report", target["report"])
            target["lme4"] = lme4 = time_lme4(csv, args.cap)
            if lme4.get("status") == "ok":
                target["criterion_gap"] = {
                    model: target[f"exact_{model}"].get("criterion", float("nan")) - lme4[model]["criterion"]
                    for model in MODELS
                }
            fit, report = target["exact_random_slope"], target["report"]
            target["fit_target_seconds"], target["report_target_seconds"] = TARGET_FIT_S, TARGET_REPORT_S
            target["fit_target_met"] = fit.get("status") == "ok" and fit["seconds"] <= TARGET_FIT_S
            target["report_target_met"] = (
                report.get("status") == "ok" and report["seconds"] <= TARGET_REPORT_S
            )
            results["target_50k"] = target
    results["meta"]["load_average_at_end"] = os.getloadavg()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(markdown(results))


if __name__ == "__main__":
    main()
