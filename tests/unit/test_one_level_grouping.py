"""An outer or crossed grouping with a single value is refused in one line before any fit (break
round 10: mixedlm's "Grouping factor 'v2' has only 1 level(s)" reached the user as a traceback)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reportgen.config import make_config
from reportgen.errors import DataValueError


def _prepared(tmp_path: Path, sites: list[str], **settings: Any) -> object:
    import pandas as pd

    from reportgen.clean import clean
    from reportgen.prepare import prepare

    data = tmp_path / "d.csv"
    data.write_text("x\n")
    config = make_config(data_path=data, response="score", time="visit", **settings)
    noise = [0.0, 0.3, 0.6, 0.9, 1.2]
    rows = [
        (p, sites[p % len(sites)], t, 10.0 + p + t + noise[(7 * p + 3 * t) % 5])
        for p in range(6)
        for t in range(3)
    ]
    raw = pd.DataFrame(rows, columns=["patient", "site", "visit", "score"]).astype(str)
    prepared = prepare(raw, config)
    return clean(prepared.frame, prepared.config)


@pytest.mark.parametrize(
    ("settings", "remedy"),
    [
        ({"group": "patient", "crossed": ("site",)}, "leave out --crossed site"),
        ({"group": "site/patient"}, "give --group patient without it"),
    ],
)
def test_a_grouping_with_one_value_is_refused_naming_the_remedy(
    tmp_path: Path, settings: dict[str, Any], remedy: str
) -> None:
    with pytest.raises(DataValueError) as refused:
        _prepared(tmp_path, ["A"], **settings)
    assert str(refused.value) == (
        f"grouping column 'site' has 1 value after cleaning; a grouping needs at least 2: {remedy}"
    )
    _prepared(tmp_path, ["A", "B"], **settings)  # the flip: two sites pass the check
