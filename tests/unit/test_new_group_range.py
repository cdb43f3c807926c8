"""A new site's slope (reportgen.analysis.new_group_range and its sentence in
reportgen.narrative.multilevel): one prediction interval, the mean slope's SE included, said for
the covariates' level it is read at (statistician R 7, session 8)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from reportgen.analysis.new_group_range import slope_prediction_interval
from reportgen.narrative.sentence import Num


def test_the_interval_widens_with_the_mean_slopes_se_and_few_groups() -> None:
    low, high = slope_prediction_interval(-1.8, 0.0, 0.43, 1_000_000)
    assert (low, high) == pytest.approx((-1.8 - 1.96 * 0.43, -1.8 + 1.96 * 0.43), abs=1e-4)
    with_se = slope_prediction_interval(-1.8, 0.14, 0.43, 1_000_000)
    assert with_se[1] - with_se[0] > high - low
    few = slope_prediction_interval(-1.8, 0.14, 0.43, 12)  # t on 10 df
    assert few[1] - few[0] == pytest.approx(2 * 2.2281 * (0.14**2 + 0.43**2) ** 0.5, rel=1e-4)


def slope_sentence(interval: tuple[float, float], held: dict[str, str]) -> tuple[str, set[tuple[str, ...]]]:
    from reportgen.config import Labels
    from reportgen.narrative.multilevel import multilevel_words

    fit = SimpleNamespace(
        levels=("site", "patient"),
        shares={"site": SimpleNamespace(icc=0.2)},
        n_groups={"site": 12, "site:patient": 145},
        new_group_slope=(-2.81, -1.14),
        new_group_slope_interval=interval,
        within=(),
        simplified={},
        report_shape="linear",
        shape="linear",
        held_at=held,
        crossed=False,
        time="visit",
        random={"site": {}, "site:patient": {}},
        slope_tests={},
        singular=False,
    )
    sentences = multilevel_words(cast(Any, fit), Labels("score", "", "visit", "", "patient"))["g_levels"]
    (sentence,) = (s for s in sentences if "slopes spread" in "".join(p for p in s if isinstance(p, str)))
    text = "".join(p for p in sentence if isinstance(p, str))
    return text, {p.path for p in sentence if isinstance(p, Num)}


def test_the_sentence_gives_the_prediction_interval_for_the_held_level() -> None:
    text, keys = slope_sentence((-2.84, -0.80), {"trt": "drug"})
    assert "(its slope for trt drug between " in text and "95% prediction interval" in text
    assert ("multilevel", "new_group_slope_interval", "0") in keys
    assert ("multilevel", "new_group_slope", "0") not in keys


def test_the_model_is_named_when_it_has_covariates() -> None:
    with_trt, _ = slope_sentence((-2.84, -0.80), {"trt": "drug"})
    assert with_trt.startswith("In the model with trt, the sites' slopes spread with SD ")
    plain, _ = slope_sentence((-2.84, -0.80), {})
    assert plain.startswith("The sites' slopes spread with SD ") and "for trt" not in plain
