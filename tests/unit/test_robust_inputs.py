"""Hostile inputs (review-break3): separated data, a time counted in calendar years, a response in
the millions, and API arguments of the wrong type. Each rule here failed before its fix."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.family import choose_family, not_counts_words
from reportgen.analysis.glmm_fit import GlmmTerm, fit_formula, ratio_of, safe_exp, shift_back, wald_term
from reportgen.config import make_config
from reportgen.errors import ConfigError, DataValueError, ModelError
from reportgen.narrative.family import (
    SEPARATED,
    UNCLEAR,
    ratio_change_words,
    ratio_direction,
    separated_covariate_words,
    separation_words,
)
from reportgen.settings import bundled_data_path


def test_shift_back_moves_each_times_coefficient_into_the_term_without_time() -> None:
    a = shift_back(["(Intercept)", "time", "x0", "time:x0"], 2019.0)
    shifted = np.array([0.2, 0.1, 0.5, -0.3])
    raw = a @ shifted
    # eta = b0' + b1 (t - 2019) + b2 x + b3 x (t - 2019): the same eta on the raw time.
    for t, x in [(2019.0, 0.0), (2024.0, 1.0), (2021.5, 1.0)]:
        assert raw @ [1, t, x, t * x] == pytest.approx(shifted @ [1, t - 2019, x, (t - 2019) * x])
    assert np.array_equal(shift_back(["(Intercept)", "time"], 0.0), np.eye(2))


def test_a_ratio_past_the_float_range_is_inf_not_an_overflow() -> None:
    ratio = ratio_of(wald_term(40.0, 400.0))  # a separated fit: a huge estimate, a huger SE
    assert ratio.ci_high == math.inf and ratio.ci_low < 1e-300  # exp(-744): subnormal
    assert ratio_of(wald_term(800.0, 1.0)).ratio == math.inf
    assert safe_exp(1.0) == pytest.approx(math.e)
    assert ratio_direction(ratio.ratio, ratio.ci_low, ratio.ci_high) == SEPARATED
    ordinary = ratio_of(GlmmTerm(0.08, 0.12, 0.7, 0.47, -0.15, 0.32))
    assert ratio_direction(ordinary.ratio, ordinary.ci_low, ordinary.ci_high) == UNCLEAR


def test_separated_ratios_say_so_in_words_by_family() -> None:
    odds = ratio_change_words(SEPARATED, "odds", "visit")
    assert "the data separate" in odds and "every response is 0, or every one is 1" in odds
    assert "every count is 0" in separation_words("expected count")
    assert "separate" not in ratio_change_words(UNCLEAR, "odds", "visit")
    assert separated_covariate_words("odds ratio", "odds", "sex", "sexM", "F") == (
        "The odds ratio of sex = M against sex = F is not estimable: " + separation_words("odds") + "."
    )
    assert separated_covariate_words("rate ratio", "expected count", "age", "age", None).startswith(
        "The rate ratio per unit of age is not estimable"
    )


def test_a_failed_glmm_optimisation_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import mixedlm

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Generalized optimization did not produce a valid fit")

    monkeypatch.setattr(mixedlm, "glmer", fail)
    frame = pd.DataFrame({"response": [0.0, 1e6], "time": [0.0, 1.0], "group": ["a", "b"]})
    with pytest.raises(ModelError, match="the Poisson mixed model could not be fitted"):
        fit_formula(frame, "response ~ time + (1 | group)", None, "random_intercept", "poisson")  # type: ignore[arg-type]


def test_the_values_that_are_no_counts_are_named() -> None:
    assert not_counts_words(np.array([0, 1, 2.0000001, 21.0])) == "a value below 0 or not whole (2.0000001)"
    words = not_counts_words(np.array([-1.0, -2.0, -3.0, -4.0, 0.0]))
    assert words == "4 values below 0 or not whole (-1.0, -2.0, -3.0 and 1 more)"
    with pytest.raises(DataValueError, match=r"has a value below 0 or not whole \(2\.0000001\)"):
        choose_family(np.array([0, 1, 2.0000001, 21.0]), "poisson", column="cnt")


@pytest.mark.parametrize("value", ["no", "false", "yes", 0, 1])
def test_log_response_takes_a_bool_only(value: object) -> None:
    with pytest.raises(ConfigError, match=f"log_response must be true or false, not {value!r}"):
        make_config(data_path="x.csv", log_response=value)
    assert make_config(data_path="x.csv", log_response=False).log_response is False


def test_a_single_covariate_string_is_one_column() -> None:
    assert make_config(data_path="x.csv", covariates="sex").covariates == ("sex",)
    assert make_config(data_path="x.csv", covariates=["sex", "age"]).covariates == ("sex", "age")
    assert make_config(data_path="x.csv", formats="html").formats == ("html",)


@pytest.mark.parametrize("family", ["binomial", "poisson"])
def test_log_response_with_a_glmm_family_is_refused(family: str) -> None:
    with pytest.raises(
        ConfigError, match=f"--log-response applies to a gaussian response, not to --family {family}"
    ):
        make_config(data_path="x.csv", log_response=True, family=family)
    assert make_config(data_path="x.csv", log_response=True, family="gaussian").log_response


@pytest.mark.parametrize("scale", [1e6, 1e-6])
@pytest.mark.parametrize("random_slope", [False, True])
def test_satterthwaite_df_do_not_depend_on_the_responses_unit(scale: float, random_slope: bool) -> None:
    """lmerTest on sleepstudy: Days has df 161 (random intercept), 17 (random slopes); y x 1e6 gave
    5.8e30 before the Hessian's tolerance was applied on sigma's own scale."""
    from reportgen.analysis.lmm import fit_exact

    d = pd.read_csv(bundled_data_path())
    y, t = d["Reaction"].to_numpy(float), d["Days"].to_numpy(float)
    base = fit_exact(y, t, d["Subject"], random_slope=random_slope)
    scaled = fit_exact(y * scale, t, d["Subject"], random_slope=random_slope)
    assert scaled.slope.df == pytest.approx(base.slope.df, rel=1e-6)
    assert scaled.intercept.df == pytest.approx(base.intercept.df, rel=1e-6)
    assert base.slope.df == pytest.approx(17.0 if random_slope else 161.0, rel=1e-4)


@pytest.mark.parametrize(
    ("cells", "coding"),
    [
        (["yes", "no", "Yes", None], ("no", "yes")),
        (["True", "false", "TRUE"], ("false", "true")),
        ([True, False, True], ("false", "true")),
        (["yes", "maybe", "no"], None),
        ([0.0, 1.0, 1.0], None),
        (["yes", "yes"], None),  # one word only: nothing to code
    ],
)
def test_truth_words_are_read_as_0_and_1(cells: list[object], coding: tuple[str, str] | None) -> None:
    from reportgen.clean import truth_coding

    assert truth_coding(pd.Series(cells, dtype=object)) == coding


def test_a_yes_no_response_is_cleaned_to_0_1_and_the_coding_said() -> None:
    from reportgen.clean import clean
    from reportgen.narrative.seminar import response_coding_words

    rows = [(f"s{i}", t, "yes" if (i + t) % 3 else "No") for i in range(4) for t in range(3)]
    raw = pd.DataFrame(rows, columns=["id", "time", "bin"]).astype(str)
    data = clean(raw, make_config(data_path="x.csv", response="bin", time="time", group="id"))
    assert data.response_coding == ("no", "yes")
    assert data.frame["response"].tolist() == [
        0.0 if (i + t) % 3 == 0 else 1.0 for i in range(4) for t in range(3)
    ]
    (sentence,) = response_coding_words(data.response_coding, "bin")
    assert sentence == ("The bin is written as words: 'yes' is read as 1 and 'no' as 0, so every model and "
                        "number below describes 'yes'.",)  # fmt: skip
    assert response_coding_words(None, "bin") == []


@pytest.mark.parametrize(
    ("cells", "coding"),
    [
        (["y", "n", "Y", None], ("n", "y")),  # MASS::bacteria
        (["Present", "absent"], ("absent", "present")),
        (["n", "yes"], None),  # two pairs mixed: not one coding
    ],
)
def test_the_well_known_word_pairs_are_read_as_0_and_1(
    cells: list[object], coding: tuple[str, str] | None
) -> None:
    from reportgen.clean import truth_coding

    assert truth_coding(pd.Series(cells, dtype=object)) == coding


def test_a_response_of_two_other_words_stops_with_how_to_recode() -> None:
    from reportgen.clean import clean
    from reportgen.errors import DataValueError

    rows = [(f"s{i}", t, "high" if (i + t) % 3 else "low") for i in range(4) for t in range(3)]
    raw = pd.DataFrame(rows, columns=["id", "time", "bin"]).astype(str)
    with pytest.raises(DataValueError) as error:
        clean(raw, make_config(data_path="x.csv", response="bin", time="time", group="id"))
    assert str(error.value) == (
        "column 'bin' has two words, 'high' and 'low', not numbers; recode them to 0 and 1 (1 for the value "
        "the models should describe), or write them as one of false/true, no/yes, n/y, absent/present"
    )


def test_a_binary_response_separated_by_subject_is_said_in_binomial_words() -> None:
    """review-break4 binsep.csv: each id all 0s or all 1s (a covariate separates them) was told
    'the residual variance is zero ... no noise at all', the linear model's words."""
    from reportgen.clean import clean

    config = make_config(data_path="x.csv", response="y", time="t", group="id")
    separated = [(f"s{i}", t, str(i % 2)) for i in range(6) for t in range(4)]
    raw = pd.DataFrame(separated, columns=["id", "t", "y"]).astype(str)
    with pytest.raises(
        DataValueError, match=r"^column 'y' takes two values and all of each id's rows"
    ) as err:
        clean(raw, config)
    assert "completely separated" in str(err.value) and "residual variance" not in str(err.value)
    # the same exact fit on a continuous response keeps the linear words
    exact = [(f"s{i}", t, str(i + 0.5 * t)) for i in range(6) for t in range(4)]
    with pytest.raises(DataValueError, match="no noise at all"):
        clean(pd.DataFrame(exact, columns=["id", "t", "y"]).astype(str), config)
