"""A ``[[references]]`` article's journal, volume, pages and DOI reach the report's reference list
and results.json (validated against the results schema by the suite's conftest)."""

from __future__ import annotations

import json

import pandas as pd

from reportgen.citations import Reference
from reportgen.config import bundled_data_path, make_config
from reportgen.pipeline import render_report


def test_an_article_reference_reaches_the_report_and_the_results() -> None:
    article = Reference(
        "Patterns of performance degradation",
        ("Belenky, Gregory",),
        2003,
        journal="Journal of Sleep Research",
        volume="12",
        pages="1-12",
        doi="10.1046/j.1365-2869.2003.00337.x",
    )
    config = make_config(author="t", formats=("html",), references=(article,))
    frame = pd.read_csv(bundled_data_path(), dtype={"Subject": str})
    report = render_report(frame, config, {"file": "sleepstudy.csv", "sha256": ""})
    html = report.files["report.html"].decode("utf-8")
    assert "<i>Journal of Sleep Research</i>, 12, pp. 1–12" in html
    assert "https://doi.org/10.1046/j.1365-2869.2003.00337.x" in html
    text = json.dumps(json.loads(report.files["results.json"]))
    assert '"journal": "Journal of Sleep Research"' in text and '"doi": "10.1046/' in text
