"""One definition of a condition that varies within subjects at the same times (issue 24): the
multilevel model's subject x condition term and ``covariates.<c>.within_subject`` agree."""

from __future__ import annotations

import pandas as pd
import pytest

from reportgen.analysis.covariates import within_subject
from reportgen.analysis.multilevel import varies_at_same_times, within_subject_factors


def _frame(paired_cells: int) -> pd.DataFrame:
    """Four subjects at four times; ``paired_cells`` of each subject's times hold both sides, the
    other times one side (alternating, so the side changes over time within every subject)."""
    rows = []
    for g in range(4):
        for t in range(4):
            sides = ("L", "R") if t < paired_cells else ("L" if t % 2 else "R",)
            rows += [{"group": f"s{g}", "time": float(t), "side": side} for side in sides]
    return pd.DataFrame(rows)


@pytest.mark.parametrize(("paired_cells", "expected"), [(4, "same_times"), (2, "same_times"), (1, "varies")])
def test_both_readings_use_one_rule(paired_cells: int, expected: str) -> None:
    frame = _frame(paired_cells)
    assert within_subject(frame, "side") == expected
    found = within_subject_factors(frame, ("group",), "time", ("side",))
    assert (found == ("side",)) is (expected == "same_times")
    assert varies_at_same_times(frame, ("group",), "time", "side") is (expected == "same_times")
