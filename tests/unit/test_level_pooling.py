"""The rules of partial pooling at every level (reportgen.analysis.level_pooling and
reportgen.narrative.level_pooling): flip the input, the words flip."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reportgen.analysis.level_pooling import (
    MIN_CHECKED_GROUPS,
    EffectCheck,
    GroupPull,
    effect_check,
    own_estimate,
    pull_share,
)
from reportgen.narrative.level_pooling import effects_verdict, most_pulled, pull_reasons


def group(patients: int, pull: float, noise: float) -> GroupPull:
    return GroupPull(patients=patients, own=1.0, pooled=0.5, sd=0.1, pull=pull, noise=noise)


def test_own_estimate_is_the_mean_or_the_least_squares_slope() -> None:
    time = np.array([0.0, 1.0, 2.0, 3.0])
    departures = np.array([1.0, 3.0, 5.0, 7.0])
    assert own_estimate(departures, time, slope=False) == pytest.approx(4.0)
    assert own_estimate(departures, time, slope=True) == pytest.approx(2.0)
    assert math.isnan(own_estimate(departures, np.ones(4), slope=True))  # one time: no slope


def test_pull_is_conditional_variance_over_level_variance() -> None:
    assert pull_share(0.5, 1.0) == pytest.approx(0.25)
    assert pull_share(1.0, 0.5) == 1.0  # never beyond the average
    assert pull_share(0.3, 0.0) == 1.0  # no variance between groups: pulled onto the average


def test_most_pulled_is_the_largest_pull_and_none_when_all_alike() -> None:
    groups = {"A": group(8, 0.1, 1.0), "B": group(2, 0.4, 1.0), "C": group(8, 0.1, 1.0)}
    assert most_pulled(groups) == "B"
    flipped = {"A": group(8, 0.4, 1.0), "B": group(2, 0.1, 1.0), "C": group(8, 0.1, 1.0)}
    assert most_pulled(flipped) == "A"
    assert most_pulled({"A": group(8, 0.134, 1.0), "B": group(8, 0.1345, 1.0)}) is None


def test_pull_reasons_few_patients_or_noisy() -> None:
    groups = {"A": group(8, 0.1, 1.0), "B": group(2, 0.4, 1.0), "C": group(8, 0.1, 1.0)}
    assert pull_reasons("B", groups) == (True, False)
    noisy = {"A": group(8, 0.1, 1.0), "B": group(8, 0.4, 3.0), "C": group(8, 0.1, 1.0)}
    assert pull_reasons("B", noisy) == (False, True)
    both = {"A": group(8, 0.1, 1.0), "B": group(2, 0.4, 3.0), "C": group(8, 0.1, 1.0)}
    assert pull_reasons("B", both) == (True, True)
    assert pull_reasons("A", groups) == (False, False)


def test_no_normality_test_below_ten_groups() -> None:
    rng = np.random.default_rng(3)
    few = effect_check(rng.normal(size=MIN_CHECKED_GROUPS - 1), sd=1.0)
    assert few.normality_p is None
    assert effects_verdict(few) == "few"  # never "normal" from 9 values
    many = effect_check(rng.normal(size=200), sd=1.0)
    assert many.normality_p is not None
    assert effects_verdict(many) == "no_departure"
    skewed = effect_check(rng.exponential(size=200) ** 2, sd=1.0)
    assert effects_verdict(skewed) == "departs"


def test_zero_variance_effects_have_no_verdict() -> None:
    check = EffectCheck(groups=40, sd=0.0, excess_kurtosis=0.0, kurtosis_se=0.39, normality_p=None)
    assert effects_verdict(check) == "no_variance"
    assert effect_check(np.zeros(40), sd=0.0).normality_p is None


def words(groups: dict[str, GroupPull]) -> str:
    from reportgen.analysis.level_pooling import LevelPooling, SubjectPooling
    from reportgen.config import Labels
    from reportgen.narrative.level_pooling import level_pooling_words

    subjects = SubjectPooling(20, 0.0, 2.0, 1.5, 1.0, 0.8, {"(Intercept)": 0.5})
    check = EffectCheck(groups=len(groups), sd=1.0, excess_kurtosis=0.1, kurtosis_se=1.0, normality_p=None)
    result = LevelPooling("site", False, "slope", groups, {}, subjects, {"site": {"(Intercept)": check}})
    sentences = level_pooling_words(result, Labels("score", "", "month", "", "patient"))
    return " ".join(p for key in sentences for s in sentences[key] for p in s if isinstance(p, str))


def test_words_name_why_the_site_is_pulled_furthest() -> None:
    few = words({"A": group(8, 0.1, 1.0), "B": group(2, 0.4, 1.0), "C": group(8, 0.1, 1.0)})
    assert "Site B leans most on the average" in few and "fewer patients than most sites" in few
    assert "noisier" not in few
    noisy = words({"A": group(8, 0.1, 1.0), "B": group(8, 0.4, 3.0), "C": group(8, 0.1, 1.0)})
    assert "noisier than most" in noisy and "fewer patients" not in noisy
    alike = words({"A": group(8, 0.1, 1.0), "B": group(8, 0.1, 1.0)})
    assert "by the same share" in alike and "leans most" not in alike
    assert "little power" in alike and "normal distribution (" not in alike


def test_many_groups_are_tested_without_shapiros_inaccurate_p() -> None:
    import warnings

    from reportgen.analysis.level_pooling import DAGOSTINO, MAX_SHAPIRO, SHAPIRO

    rng = np.random.default_rng(5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # scipy warns of Shapiro-Wilk's p above 5,000 values
        many = effect_check(rng.normal(size=MAX_SHAPIRO + 1), sd=1.0)
    assert many.normality_test == DAGOSTINO and many.normality_p is not None
    assert effect_check(rng.normal(size=50), sd=1.0).normality_test == SHAPIRO


def test_nested_level_names_are_lme4s() -> None:
    from reportgen.analysis.level_effects import lme4_name

    assert lme4_name("S01/S01-p0") == "S01:S01-p0"
    assert lme4_name("S00/S00\\/P00") == "S00:S00/P00"  # an id of its own with "/" (clean's site/patient)
