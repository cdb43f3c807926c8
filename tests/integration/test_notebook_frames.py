"""A DataFrame given to ``reportgen.report`` is held to the file readers' rules on column names."""

from __future__ import annotations

import pandas as pd
import pytest

import reportgen
from reportgen.errors import ReportError


@pytest.mark.parametrize(
    ("second", "says"), [("Reaction", "the same name ("), (" Reaction", "once spaces are stripped")]
)
def test_two_columns_of_one_name_are_refused_not_one_silently_analysed(second: str, says: str) -> None:
    frame = pd.DataFrame({"Reaction": [1.0, 2.0], "Days": [0, 1], "Subject": ["a", "a"], "x": [5.0, 6.0]})
    frame.columns = ["Reaction", "Days", "Subject", second]
    with pytest.raises(ReportError, match="the DataFrame has two columns with") as caught:
        reportgen.report(frame)
    assert says in str(caught.value)


def test_distinct_names_pass_the_check() -> None:
    from reportgen.notebook import _check_frame_text

    _check_frame_text(pd.DataFrame({"Reaction": [1.0], "Reaction2": [2.0]}))
