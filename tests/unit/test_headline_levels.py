"""The nested headline's model (reportgen.analysis.headline_levels), each outer group's fixed part at
its own covariate values (multilevel.trend_at) and where Question 5's note reads its interval."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np

from reportgen.analysis.headline_levels import NO_COVARIATES, headline_entry, without_covariates
from reportgen.analysis.multilevel import trend_at
from reportgen.narrative.model import q5_interval_key


def test_the_headline_names_the_model_it_is_read_from() -> None:
    stood: Any = SimpleNamespace(formula="y ~ t * a + (1 | s) + (t | s:p)")
    bare: Any = SimpleNamespace(formula="y ~ t + (t | s) + (t | s:p)")
    assert headline_entry(stood, stood) == "multilevel"
    assert headline_entry(stood, bare) == NO_COVARIATES


def test_without_covariates_the_headline_reads_the_model_stood_on() -> None:
    stood: Any = SimpleNamespace(report_shape="linear")
    config: Any = SimpleNamespace(covariates=())
    assert without_covariates(None, config, stood) is stood  # type: ignore[arg-type]
    assert without_covariates(None, config, None) is None  # type: ignore[arg-type]


def test_trend_at_sets_time_and_its_interactions_at_each_rows_covariate() -> None:
    names = ["(Intercept)", "t", "a", "t:a"]
    x = np.array([[1.0, 0.0, 0.0, 0.0], [1.0, 5.0, 1.0, 5.0]])  # a control row, a treat row
    at = trend_at(x, names, ("t",), np.array([2.0]))
    assert at.tolist() == [[1.0, 2.0, 0.0, 0.0], [1.0, 2.0, 1.0, 2.0]]
    beta = np.array([40.0, -1.0, -2.0, -1.0])
    control, treat = at @ beta
    assert control == 38.0 and treat == 34.0  # the treat row reads its own arm's line


def test_question_5_reads_the_random_slope_sections_interval_with_an_outer_level() -> None:
    assert q5_interval_key(False, "random_slope") == "headline"
    assert q5_interval_key(True, "random_slope") == "random_slope"
    assert q5_interval_key(True, "uncorrelated_slope") == ""
