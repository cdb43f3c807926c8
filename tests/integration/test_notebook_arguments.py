"""`reportgen.report` given what it cannot take: one ReportError saying what it takes."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import reportgen
from reportgen.errors import ReportError


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (None, "not NoneType"),
        ({"a": 1}, "not dict"),
        ([1, 2], "not list"),
        (pd.DataFrame(), "empty (0 rows, 0 columns)"),
        (pd.DataFrame({"Reaction": [], "Days": [], "Subject": []}), "empty (0 rows, 3 columns)"),
    ],
)
def test_what_report_cannot_take_is_one_report_error(value: Any, says: str) -> None:
    with pytest.raises(ReportError) as caught:
        reportgen.report(value)
    message = str(caught.value)
    assert message.startswith("report() takes a pandas DataFrame in long form") and says in message
    assert "\n" not in message
