"""Benchmark reading each data format, and writing the Word document.

    python benchmarks/inputs.py [--rows 54000] [--runs 3] [--json benchmarks/results/inputs.json]

The sleepstudy data are repeated (with new subject ids) up to ``--rows`` rows and saved as CSV,
European CSV (semicolons, decimal commas), Excel, Parquet, SPSS and Stata; each is read with
``reportgen.load.read_input`` (sniffing and conversion to text included) and the median of
``--runs`` reads reported. ``html_to_docx`` is timed on the bundled report's HTML.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Targets for 54,000 rows (300 times sleepstudy): text formats well under a second; Excel, whose
# XML is parsed cell by cell, within a few seconds.
TARGETS = {"csv": 0.5, "european csv": 0.5, "parquet": 0.5, "spss": 1.0, "stata": 1.0, "excel": 5.0}
TARGET_DOCX = 3.0  # seconds for the whole report


def median_seconds(action: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=54_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    import pandas as pd
    import pyreadstat

    from reportgen.config import make_config
    from reportgen.load import read_input
    from reportgen.pipeline import render_report
    from reportgen.word_export import html_to_docx

    base = pd.read_csv(REPO / "data" / "sleepstudy.csv")
    copies = max(1, args.rows // len(base))
    data = pd.concat(
        [base.assign(Subject=base["Subject"] + 1000 * i) for i in range(copies)], ignore_index=True
    )
    measured: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = {
            "csv": root / "d.csv",
            "european csv": root / "eu.csv",
            "excel": root / "d.xlsx",
            "parquet": root / "d.parquet",
            "spss": root / "d.sav",
            "stata": root / "d.dta",
        }
        data.to_csv(files["csv"], index=False)
        data.to_csv(files["european csv"], sep=";", decimal=",", index=False)
        data.to_excel(files["excel"], index=False)
        data.to_parquet(files["parquet"], index=False)
        pyreadstat.write_sav(data, str(files["spss"]))
        pyreadstat.write_dta(data, str(files["stata"]))
        for name, path in files.items():
            measured[name] = median_seconds(lambda path=path: read_input(path), args.runs)
        report = render_report(
            base.astype(str), make_config(formats=["html"]), {"file": "sleepstudy.csv", "sha256": ""}
        )
        html = report.files["report.html"].decode()
        measured["docx"] = median_seconds(lambda: html_to_docx(html), args.runs)

    failed = False
    print(f"{len(data):,} rows, median of {args.runs} runs")
    for name, seconds in measured.items():
        target = TARGET_DOCX if name == "docx" else TARGETS[name]
        ok = seconds <= target
        failed |= not ok
        print(f"  {name:<13} {seconds:6.3f} s  (target <= {target} s){'' if ok else '  MISSED'}")
    if args.json:
        args.json.write_text(
            json.dumps({"rows": len(data), "seconds": measured, "targets": TARGETS}, indent=2) + "\n"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
