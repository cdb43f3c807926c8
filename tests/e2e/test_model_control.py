"""Every linear mixed model in results.json carries the optimizer control its refit needs
(issue 21, sixth read: Sitka's formula refits only with the appendix's control, plain lmer reaching
244.37 against 452.57), and the appendix prints that same control: one source, two readers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.analysis.models import LMER_CONTROL


def test_every_linear_mixed_model_records_its_control(results: dict[str, Any]) -> None:
    gaussian = {name: m for name, m in results["models"].items() if m["family"] == "gaussian"}
    assert gaussian
    assert {m["control"] for m in gaussian.values()} == {LMER_CONTROL}
    assert "bobyqa" in LMER_CONTROL and "rhoend = 1e-10" in LMER_CONTROL


def test_the_appendix_prints_the_recorded_control(results: dict[str, Any], built_report: Path) -> None:
    html = (built_report / "report.html").read_text(encoding="utf-8")
    chosen = results["models"][results["model_choice"]["stands_on"]]
    assert f"control = {chosen['control']})" in html.replace("&#34;", '"')
