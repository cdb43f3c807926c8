"""Benchmark the random-slope REML fit against other engines, in one sitting.

    python benchmarks/engines.py [--rows 50000 --groups 5000] [--repeats 7] [--rounds 3]
        [--bench-python /work/bench-venv/bin/python] [--json benchmarks/results/engines.json]
    python benchmarks/engines.py --nested [--rows 1000000 --groups 100000 --sites 1000]
        [--repeats 1] [--rounds 1] [--json benchmarks/results/engines-nested.json]

``--nested``: patients within sites, ``y ~ time + (time | site) + (time | site:subject)`` (random
intercepts and slopes at both levels, the cohorts' multilevel model), mixedlm (this Python) against
lme4 in the same run; each engine's wall time per fit and its process's peak memory (max RSS).

Engines: reportgen's exact engine (``fit_mixed``, run by this Python with this checkout on the
path), mixedlm-rs and mixedlm (Rust back ends; installed in a separate environment, ``--bench-python``,
never a reportgen dependency: ``python -m venv /work/bench-venv && /work/bench-venv/bin/pip install
mixedlm-rs mixedlm statsmodels``), statsmodels ``mixedlm`` and lme4 through Rscript.

Each engine runs in a fresh process per round; the rounds interleave the engines, so a busy machine
slows them alike. A process reads the CSV, fits once untimed (imports, caches), then times
``--repeats`` fits (statsmodels: one, it takes seconds). The summary is the median over all timed
fits of all rounds, and each engine's REML criterion (lme4's -2 log L for X = [1, time]) against the
best: an engine counts as at the same optimum within 1e-6 relative.
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
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEED = 20240601
SAME_OPTIMUM = 1e-6  # relative difference of REML criteria
ENGINES = ("reportgen", "mixedlm-rs", "mixedlm", "lme4", "statsmodels")
NESTED_ENGINES = ("mixedlm-nested", "lme4-nested")
NESTED_FORMULA = "response ~ time + (time | site) + (time | site:group)"

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(lme4))
d <- read.csv(args[[1]], colClasses = c(group = "character"))
d$group <- factor(d$group)
repeats <- as.integer(args[[2]])
f <- if (length(args) > 2) as.formula(args[[3]]) else response ~ time + (time | group)
if ("site" %in% names(d)) d$site <- factor(d$site)
m <- lmer(f, d, REML = TRUE)
seconds <- numeric(repeats)
for (i in seq_len(repeats)) {
  seconds[i] <- system.time(m <- lmer(f, d, REML = TRUE))[["elapsed"]]
}
cat(sprintf("{\"version\": \"lme4 %s\", \"optimizer\": \"%s\", \"seconds\": [%s], \"criterion\": %.10f}\n",
            packageVersion("lme4"), m@optinfo$optimizer, paste(sprintf("%.5f", seconds), collapse = ", "),
            REMLcrit(m)))
"""


def _timed(fit: Any, repeats: int) -> tuple[list[float], Any]:
    result = fit()  # untimed: imports and caches
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fit()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def child(engine: str, csv: str, repeats: int) -> dict[str, Any]:
    """One engine's timed fits (run in its own process)."""
    import warnings

    import pandas as pd

    warnings.simplefilter("ignore")
    frame = pd.read_csv(csv, dtype={"group": str, "site": str})
    if engine == "mixedlm-nested":
        import mixedlm

        seconds, fit = _timed(lambda: mixedlm.lmer(NESTED_FORMULA, frame, REML=True), repeats)
        return {"version": _version("mixedlm"), "seconds": seconds, "criterion": float(fit.REMLcrit())}
    if engine == "reportgen":
        from reportgen.analysis.mixed import fit_mixed

        seconds, fit = _timed(lambda: fit_mixed(frame, random_slope=True, reml=True), repeats)
        return {"version": "reportgen (this checkout)", "seconds": seconds, "criterion": fit.criterion}
    if engine in ("mixedlm-rs", "statsmodels"):
        if engine == "mixedlm-rs":
            import mixedlm_rs as api
        else:
            import statsmodels.formula.api as api

        def fit_formula() -> Any:
            model = api.mixedlm("response ~ time", frame, groups=frame["group"], re_formula="~time")
            return model.fit(reml=True)

        seconds, fit = _timed(fit_formula, repeats)
        module = "mixedlm_rs" if engine == "mixedlm-rs" else "statsmodels"
        return {"version": _version(module), "seconds": seconds, "criterion": -2.0 * float(fit.llf)}
    if engine == "mixedlm":
        import mixedlm

        seconds, fit = _timed(
            lambda: mixedlm.lmer("response ~ time + (time | group)", frame, REML=True), repeats
        )
        return {"version": _version("mixedlm"), "seconds": seconds, "criterion": float(fit.REMLcrit())}
    raise ValueError(f"unknown engine {engine}")


def _version(module: str) -> str:
    from importlib import metadata

    name = {"mixedlm_rs": "mixedlm-rs"}.get(module, module)
    return f"{name} {metadata.version(name)}"


def run_child(engine: str, csv: Path, repeats: int, bench_python: str) -> dict[str, Any]:
    """Run one engine in a fresh process; a failure is recorded, not raised."""
    if engine in ("lme4", "lme4-nested"):
        rscript = shutil.which("Rscript")
        if rscript is None:
            return {"status": "skipped", "error": "Rscript not on PATH"}
        script = csv.parent / "lme4.R"
        script.write_text(R_SCRIPT)
        command = [rscript, "--vanilla", str(script), str(csv), str(repeats)]
        if engine == "lme4-nested":
            command.append(NESTED_FORMULA)
    else:
        python = sys.executable if engine in ("reportgen", "mixedlm-nested") else bench_python
        command = [
            python,
            str(Path(__file__).resolve()),
            "--child",
            engine,
            str(csv),
            "--repeats",
            str(repeats),
        ]
    env = {**os.environ, "PYTHONPATH": str(REPO)} if engine == "reportgen" else dict(os.environ)
    returncode, stdout, stderr, peak = _run_measured(command, env)
    if returncode != 0:
        return {"status": "failed", "error": stderr.strip().splitlines()[-1:] or ["?"]}
    return {"status": "ok", "peak_rss_mb": peak, **json.loads(stdout.strip().splitlines()[-1])}


def _run_measured(command: list[str], env: dict[str, str]) -> tuple[int, str, str, float]:
    """Run a child to its end: exit status, stdout, stderr and its peak memory (max RSS, MB, from
    ``wait4``: this child alone, not the earlier ones)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child_process = subprocess.Popen(command, stdout=out, stderr=err, env=env, text=True)
        _, status, usage = os.wait4(child_process.pid, 0)
        child_process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return child_process.returncode, out.read(), err.read(), usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--groups", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--bench-python", default="/work/bench-venv/bin/python")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--json", type=Path, help="default: benchmarks/results/engines[-nested].json")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "CSV"))
    parser.add_argument("--nested", action="store_true", help="patients within --sites sites")
    parser.add_argument("--sites", type=int, default=1_000)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.repeats)))
        return

    sys.path.insert(0, str(REPO))
    from tests.support.nested import simulate_nested
    from tests.support.simulate import LIKE_SLEEPSTUDY, simulate

    if args.nested and args.engines == ",".join(ENGINES):
        args.engines = ",".join(NESTED_ENGINES)
    engines = [e for e in args.engines.split(",") if e]
    runs: dict[str, list[dict[str, Any]]] = {e: [] for e in engines}
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "data.csv"
        if args.nested:
            frame = simulate_nested(
                SEED, args.sites, args.groups // args.sites, args.rows // args.groups
            ).rename(columns={"patient": "group", "month": "time", "score": "response"})
        else:
            frame = simulate(SEED, args.groups, args.rows // args.groups, **LIKE_SLEEPSTUDY)
        frame.to_csv(csv, index=False, float_format="%.17g")
        for round_ in range(args.rounds):
            for engine in engines:
                if engine == "statsmodels" and round_ > 0:
                    continue  # seconds per fit: one round is enough
                repeats = 1 if engine == "statsmodels" else args.repeats
                result = run_child(engine, csv, repeats, args.bench_python)
                runs[engine].append(result)
                shown = (
                    f"{statistics.median(result['seconds']):.3f} s" if result["status"] == "ok" else result
                )
                print(f"round {round_ + 1} {engine}: {shown}", flush=True)

    criteria = [r["criterion"] for rs in runs.values() for r in rs if r["status"] == "ok"]
    best = min(criteria) if criteria else float("nan")
    summary = {}
    for engine, results in runs.items():
        ok = [r for r in results if r["status"] == "ok"]
        if not ok:
            summary[engine] = {"status": results[0]["status"] if results else "not run", "detail": results}
            continue
        seconds = [s for r in ok for s in r["seconds"]]
        criterion = ok[-1]["criterion"]
        summary[engine] = {
            "status": "ok",
            "version": ok[-1]["version"],
            "median_seconds": statistics.median(seconds),
            "min_seconds": min(seconds),
            "fits_timed": len(seconds),
            "criterion": criterion,
            "criterion_gap": (criterion - best) / abs(best),
            "same_optimum": abs(criterion - best) <= SAME_OPTIMUM * abs(best),
            **({"optimizer": ok[-1]["optimizer"]} if "optimizer" in ok[-1] else {}),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in ok),
        }
    record = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "case": {"rows": args.rows, "groups": args.groups, "model": "response ~ time + (time | group), REML"}
        if not args.nested
        else {
            "rows": args.rows,
            "groups": args.groups,
            "sites": args.sites,
            "model": f"{NESTED_FORMULA}, REML",
        },
        "rounds": args.rounds,
        "repeats": args.repeats,
        "engines": summary,
    }
    if args.json is None:
        args.json = (
            REPO / "benchmarks" / "results" / ("engines-nested.json" if args.nested else "engines.json")
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(record, indent=2) + "\n")
    print(f"{'engine':<15} {'median s':>9} {'min s':>8} {'peak MB':>8}  same optimum")
    for engine, s in summary.items():
        if s["status"] == "ok":
            print(
                f"{engine:<15} {s['median_seconds']:>9.3f} {s['min_seconds']:>8.3f} "
                f"{s['peak_rss_mb']:>8.0f}  {s['same_optimum']}"
            )
        else:
            print(f"{engine:<12} {s['status']}")


if __name__ == "__main__":
    main()
