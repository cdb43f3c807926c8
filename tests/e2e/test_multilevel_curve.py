"""``--group site/patient`` on a curved nested study: the model with every level fits the curve the
report stands on (its basis columns as fixed effects), and the levels section says so."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.nested import simulate_nested


def test_the_levels_section_fits_the_reports_curve(tmp_path: Path) -> None:
    from reportgen import build_report, make_config

    frame = simulate_nested(5, 6, 8, 7)
    frame["score"] -= 0.8 * (frame["month"] - 3.0) ** 2  # a clearly bent trend
    data = tmp_path / "curved.csv"
    frame.to_csv(data, index=False)
    config = make_config(
        data_path=data, out_dir=tmp_path / "out", response="score", time="month", group="site/patient",
        formats=("html",),
    )  # fmt: skip
    build_report(config)
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert results["trend"]["shape"] != "linear"
    assert results["multilevel"]["report_shape"] == results["trend"]["shape"]
    assert results["multilevel"]["shape"] == results["trend"]["shape"]
    assert results["models"]["multilevel"]["formula"].startswith("score ~ month + I(month^2)") or (
        "splines::ns(month" in results["models"]["multilevel"]["formula"]
    )
    html = (tmp_path / "out" / "report.html").read_text()
    assert "This model fits the report&#39;s curved trend in month at every level" in html
    assert "this model is a straight line" not in html
