"""A covariate table leaves out the change row that is zero by construction (issue 21, sixth read:
Sitka89's Table 18 tested "change, last - first | 0.00 | 0.00 | n/a | 1.000" on parallel curves,
the model having no treat x time term). Flip: with the term kept, the row is there."""

from __future__ import annotations

import pytest

from tests.support.r_datasets import r_dataset
from tests.support.report_text import built_words

pytestmark = pytest.mark.slow


def test_parallel_curves_have_no_change_row() -> None:
    frame = r_dataset("Sitka89", "MASS")
    frame["tree"] = frame["tree"].astype(str)
    results, text = built_words(
        frame, "Sitka89", response="size", time="Time", group="tree", covariates=["treat"]
    )
    treat = results["covariates"]["treat"]
    change = treat["differences"]["change"]["ozone"]
    if treat["time_interaction"]:
        assert "change, last − first" in text
    else:  # Sitka89: parallel curves, the change 0 with SE 0
        assert change["estimate"] == pytest.approx(0.0, abs=1e-9)
        assert "change, last − first" not in text and "change, highest − lowest" not in text
        # Seventh read: "the model crosses the curve's time terms with treat; their interaction is
        # left out" said both; parallel curves add treat without crossing it with the curve.
        assert "crosses the curve's" not in text
        assert "adds treat to the curve without crossing" in text
