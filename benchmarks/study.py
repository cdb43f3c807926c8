"""Benchmark the study report (--profile study): PDF pages and build CPU time, against the
seminar's report of the same data.

    python benchmarks/study.py [--json benchmarks/results/study.json]

Two data sets: the bundled sleepstudy (18 subjects x 10 days) and a cohort of it (its first 12
subjects x 10 days, the size of issue 22's target). Each report is built in memory in one warm
process (imports and a first build done before timing): HTML and PDF, CPU-seconds of this process
(figures are drawn in this process too). Target (issue 22): a cohort's study report at most 6 PDF
pages.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET_PAGES = 6


def build(frame: Any, profile: str) -> dict[str, Any]:
    """One report of ``frame`` as ``profile``: its PDF pages, figures and CPU-seconds."""
    import pypdf

    from reportgen.config import make_config
    from reportgen.pipeline import render_report

    config = make_config(profile=profile, author="benchmark", formats=("html", "pdf"))
    start = time.process_time()
    report = render_report(frame, config, {"file": "sleepstudy.csv", "sha256": ""})
    cpu = time.process_time() - start
    pages = len(pypdf.PdfReader(io.BytesIO(report.files["report.pdf"])).pages)
    figures = sum(name.startswith("figures/") for name in report.files)
    return {"profile": profile, "pdf_pages": pages, "figures": figures, "cpu_s": round(cpu, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results" / "study.json")
    args = parser.parse_args()
    import pandas as pd

    sleep = pd.read_csv(REPO / "data" / "sleepstudy.csv", dtype={"Subject": str})
    subjects = sorted(sleep["Subject"].unique())
    data = {"sleepstudy (18 x 10)": sleep, "cohort (12 x 10)": sleep[sleep["Subject"].isin(subjects[:12])]}
    build(data["cohort (12 x 10)"], "study")  # warm: imports, fonts, templates
    runs = [
        {"data": name, **build(frame, profile)}
        for name, frame in data.items()
        for profile in ("study", "seminar")
    ]
    for run in runs:
        print(json.dumps(run), file=sys.stderr)
    cohort = next(r for r in runs if r["data"] == "cohort (12 x 10)" and r["profile"] == "study")
    document = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "runs": runs,
        "target_pdf_pages": TARGET_PAGES,
        "met": cohort["pdf_pages"] <= TARGET_PAGES,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {args.json}", file=sys.stderr)
    return 0 if document["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
