"""Where subjects start (Q3c, Q4, Going further 1) on chick weights and CO2 uptake: the words agree
with the values measured at the first observed time (the statistician's re-check, N2 and N3),
read from R's data sets.

Chick weights: every chick weighs about 41 g at day 0 (SD 1.13), the straight lines spread from
5.8 to 52 there. CO2: plants Qn2 and Mc2 were measured at 13.6 and 7.7 at conc 95, their lines sit
16.17 apart there.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow


def _study(package: str, item: str, response: str, time: str, group: str) -> dict[str, Any]:
    from tests.support.analysed import analyse_study
    from tests.support.r_datasets import r_dataset

    raw = r_dataset(item, package)
    frame = raw[[response, time, group]].rename(columns={response: "response", time: "time", group: "group"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reportgen.analysis.influence.EXACT_LIMIT", 20)
        return analyse_study(frame.assign(group=frame["group"].astype(str)))


@pytest.fixture(scope="module")
def chick() -> dict[str, Any]:
    return _study("datasets", "ChickWeight", "weight", "Time", "Chick")


@pytest.fixture(scope="module")
def co2() -> dict[str, Any]:
    return _study("datasets", "CO2", "uptake", "conc", "Plant")


def test_chick_starts_are_the_lines_not_the_chicks(chick: dict[str, Any]) -> None:
    s = chick["sentences"]
    q3 = " ".join(s["q3_subjects"])
    assert "differ both in where they start" not in q3 and "mainly in where they start" not in q3
    assert "the levels above are the lines' levels" in q3 and "curved trend" in q3
    q4 = " ".join(s["q4"])
    assert "starts higher" not in q4 and "line sits higher" in q4
    assert "from different starting levels" not in q4
    g1 = " ".join(" ".join(v) for k, v in s.items() if k.startswith("g1") or k == "model_choice")
    assert "that start higher tend" not in g1


def test_co2_pair_gives_the_measured_start(co2: dict[str, Any]) -> None:
    pair = co2["results"]["subject_pair"]
    q4 = " ".join(co2["sentences"]["q4"])
    assert "starts higher" not in q4 and "line also sits higher at time 95" in q4
    assert pair["higher_first_value"] == pytest.approx(13.6) and pair["lower_first_value"] == pytest.approx(
        7.7
    )
    assert "was measured at 13.60" in q4 and "at 7.70" in q4
