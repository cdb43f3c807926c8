"""``cohorts --by site`` when patient ids repeat across sites (``p1`` in every site).

The ids are nested in the sites, as ``--group site/patient`` reads them: the comparison fits the
same model as with ids unique across sites (random sites, and fixed ones below five), says that it
told the patients apart by site, and skips nothing. Cohorts named in the settings (no column) that
share an id are still skipped: there the same id may be the same subject.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reportgen.cohorts.comparison import compare_cohorts, reused_ids_words
from reportgen.config import make_config
from reportgen.results import to_json_ready
from reportgen.schemas import check_document
from tests.support.nested import simulate_nested


def _frames(sites: int, reuse: bool) -> dict[str, pd.DataFrame]:
    frame = simulate_nested(2024, sites, 8, 5)
    if reuse:  # "S01-p3" -> "p3": the same ids in every site
        frame = frame.assign(patient=frame["patient"].str.split("-").str[1])
    return {site: rows.drop(columns="site") for site, rows in frame.groupby("site")}


def _compare(sites: int, reuse: bool, tmp_path: Path, by: str | None = "site") -> dict[str, Any]:
    config = make_config(
        data_path=tmp_path / "nested.csv", response="score", time="month", group="patient", out_dir=tmp_path
    )
    document = to_json_ready(compare_cohorts(_frames(sites, reuse), config, by))
    check_document(document, "comparison")
    return document


@pytest.mark.parametrize(("sites", "structure"), [(6, "random"), (3, "fixed")])
def test_reused_ids_are_nested_in_their_site(tmp_path: Path, sites: int, structure: str) -> None:
    unique, reused = _compare(sites, False, tmp_path), _compare(sites, True, tmp_path)
    assert "skipped" not in reused
    assert reused["structure"] == unique["structure"] == structure
    assert reused["structure_reason"] == unique["structure_reason"] + "; " + reused_ids_words(
        8, "patient", "site"
    )
    for site, slope in unique["slope_by_cohort"].items():
        assert reused["slope_by_cohort"][site]["estimate"] == pytest.approx(slope["estimate"], rel=1e-6)
        assert reused["slope_by_cohort"][site]["ci_low"] == pytest.approx(slope["ci_low"], rel=1e-6)
    if structure == "random":
        assert reused["formula"] == unique["formula"]
        assert reused["log_likelihood"] == pytest.approx(unique["log_likelihood"], abs=1e-6)
    else:
        assert reused["interaction_test"]["F"] == pytest.approx(unique["interaction_test"]["F"], rel=1e-6)


def test_cohorts_from_the_settings_that_share_ids_are_still_skipped(tmp_path: Path) -> None:
    document = _compare(3, True, tmp_path, by=None)
    assert document["skipped"].startswith("8 patients belong to more than one cohort")


def test_reused_ids_words_name_the_nesting() -> None:
    assert reused_ids_words(3, "Patient", "Clinic") == (
        "3 patient ids appear in more than one clinic, so each patient is told apart by its clinic "
        "(Clinic:Patient)"
    )
    assert reused_ids_words(1, "Patient", "Clinic").startswith("1 patient id appears in more than one clinic")
