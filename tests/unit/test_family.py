"""The family decision (reportgen.analysis.family) and the GLMM's word rules (reportgen.narrative.family)."""

from __future__ import annotations

import numpy as np
import pytest

from reportgen.analysis.family import choose_family, coded_response
from reportgen.analysis.glmm import Overdispersion, boundary_lrt
from reportgen.analysis.glmm_fit import formula_of, lme4_name
from reportgen.errors import DataValueError
from reportgen.narrative.family import (
    DOWN,
    UNCLEAR,
    UP,
    measure_words,
    overdispersion_words,
    ratio_change_words,
    ratio_direction,
    reason_words,
)

BINARY = np.array([0, 1, 1, 0, 1, 0, 0, 1], float)
COUNTS = np.array([0, 1, 0, 2, 5, 0, 1, 14, 3, 0], float)
CONTINUOUS = np.array([251.3, 262.1, 270.4, 281.9, 290.2, 301.7])


@pytest.mark.parametrize(
    ("values", "family", "reason"),
    [
        (BINARY, "binomial", "auto_binary"),
        (COUNTS, "poisson", "auto_count"),
        (CONTINUOUS, "gaussian", "auto_continuous"),
    ],
)
def test_auto_reads_the_family_off_the_values(values: np.ndarray, family: str, reason: str) -> None:
    choice = choose_family(values, "auto")
    assert (choice.family, choice.reason) == (family, reason)
    assert choice.glmm == (family != "gaussian")


def test_the_user_wins_when_the_data_can_take_it() -> None:
    assert choose_family(COUNTS, "gaussian").reason == "user_gaussian"
    assert choose_family(BINARY, "poisson").family == "poisson"  # 0/1 are counts too
    assert choose_family(CONTINUOUS, "gaussian").family == "gaussian"


def test_binary_not_coded_01_is_mapped_with_the_higher_value_as_1() -> None:
    values = np.array([2, 5, 5, 2, 2], float)
    choice = choose_family(values, "auto")
    assert choice.coded_from == (2.0, 5.0)
    assert coded_response(values, choice.family).tolist() == [0, 1, 1, 0, 0]
    assert choose_family(BINARY, "auto").coded_from is None
    from reportgen.narrative.family import coding_sentence
    from reportgen.narrative.sentence import Num
    from reportgen.results import lookup

    parts = [
        lookup({"glmm": {"coded_from": [2.0, 5.0]}}, p.path) for p in coding_sentence() if isinstance(p, Num)
    ]
    assert parts == [2.0, 5.0]


@pytest.mark.parametrize(
    ("values", "family", "words"),
    [
        (np.array([0, 1, 2, 1, 0], float), "binomial", "needs a response with two values; 'y' has 3"),
        (np.array([0, -1, 2, 3], float), "poisson", "needs whole numbers from 0 (counts)"),
        (np.array([0.5, 1, 2, 3], float), "poisson", "needs whole numbers from 0 (counts)"),
    ],
)
def test_a_forced_family_the_data_cannot_take_is_one_clear_error(
    values: np.ndarray, family: str, words: str
) -> None:
    with pytest.raises(DataValueError) as error:
        choose_family(values, family, column="y")
    message = str(error.value)
    assert words in message and "use --family auto or gaussian" in message and "\n" not in message


@pytest.mark.parametrize(
    ("ratio", "low", "high", "direction"),
    [(1.5, 1.2, 1.8, UP), (0.7, 0.5, 0.9, DOWN), (1.1, 0.9, 1.3, UNCLEAR), (0.95, 0.8, 1.02, UNCLEAR)],
)
def test_ratio_direction_follows_the_interval(ratio: float, low: float, high: float, direction: str) -> None:
    assert ratio_direction(ratio, low, high) == direction


def test_ratio_words_flip_with_the_direction_and_agree_with_the_measure() -> None:
    assert ratio_change_words(UP, "odds", "visit") == "the odds rise with each visit"
    assert ratio_change_words(DOWN, "odds", "visit") == "the odds fall with each visit"
    assert ratio_change_words(UP, "expected count", "period") == "the expected count rises with each period"
    assert "no clear change" in ratio_change_words(UNCLEAR, "odds", "visit")
    assert measure_words("binomial") == ("odds", "odds ratio")
    assert measure_words("poisson") == ("expected count", "rate ratio")


def test_reason_words_say_who_decided() -> None:
    assert reason_words("user_poisson") == "because --family poisson was given"
    assert "two values only" in reason_words("auto_binary")
    assert "count" in reason_words("auto_count")


def test_overdispersion_words_follow_the_check_and_its_remedy() -> None:
    fine = Overdispersion(230.0, 231, 0.99, 0.5, False, None)
    refit = Overdispersion(283.0, 231, 1.22, 0.01, True, "observation_level")
    failed = Overdispersion(283.0, 231, 1.22, 0.01, True, "negative_binomial")
    assert "about as much as a Poisson model expects" in overdispersion_words(fine)
    assert "singular" in overdispersion_words(refit, singular_refit=True)
    assert "observation-level random effect" in overdispersion_words(refit)
    assert "negative binomial model is needed" in overdispersion_words(failed)


def test_structure_test_words_name_the_fits_the_deciding_test_compared() -> None:
    from types import SimpleNamespace

    from reportgen.narrative.family import structure_test_words

    plain = SimpleNamespace(model="random_slope", chosen="random_slope")
    redone = SimpleNamespace(model="random_intercept", chosen="random_intercept_observation_level")
    assert structure_test_words(plain) == ""  # type: ignore[arg-type]
    assert "observation-level random effect (1 | obs) in both" in structure_test_words(redone)  # type: ignore[arg-type]


def test_lme4_formulas_on_the_input_columns() -> None:
    assert formula_of("random_intercept", "y", "visit", "id", 1.0) == "y ~ visit + (1 | id)"
    assert formula_of("random_slope", "y", "visit", "id", 1.0) == "y ~ visit + (visit | id)"
    assert formula_of("uncorrelated_slope", "y", "visit", "id", 1.0) == (
        "y ~ visit + (1 | id) + (0 + I(visit - 1) | id)"
    )
    assert formula_of("random_slope_observation_level", "y", "t", "g", 0.0) == "y ~ t + (t | g) + (1 | obs)"
    assert lme4_name("seizure count") == "`seizure count`"


def test_boundary_lrt_halves_the_chi_square_mixture() -> None:
    from scipy.stats import chi2

    class Fit:
        def __init__(self, loglik: float) -> None:
            self.loglik = loglik

    stat, p = boundary_lrt(Fit(-100.0), Fit(-98.0), 2)  # type: ignore[arg-type]
    assert stat == pytest.approx(4.0)
    assert p == pytest.approx(0.5 * chi2.sf(4, 1) + 0.5 * chi2.sf(4, 2))


def test_variance_to_mean_flips_with_the_spread() -> None:
    from reportgen.narrative.family_questions import ABOUT, LESS, MORE, dispersion_words, variance_to_mean

    assert variance_to_mean(152.0, 8.0) == MORE
    assert variance_to_mean(8.2, 8.0) == ABOUT
    assert variance_to_mean(3.0, 8.0) == LESS
    assert "larger than the mean" in dispersion_words(MORE) and "smaller" in dispersion_words(LESS)


def test_result_fields_turn_nested_results_into_dicts_without_their_hidden_fields() -> None:
    from reportgen.analysis.glmm_fit import GlmmFit, GlmmTerm
    from reportgen.sections import result_fields

    term = GlmmTerm(0.4, 0.08, 5.0, 1e-7, 0.24, 0.56)
    fit = GlmmFit(
        "random_intercept", "y ~ visit + (1 | id)", "binomial", "Laplace", -213.8, 3,
        {"visit": term}, {"(Intercept)": 1.5}, None, False, True, 360, 60, 243.0, 357,
        vcov=np.eye(2), aic=433.6,
    )  # fmt: skip
    fields = result_fields(fit)
    assert "vcov" not in fields and fields["fixed"]["visit"]["se"] == 0.08


def _fit(name: str, loglik: float, df: int) -> object:
    from reportgen.analysis.glmm_fit import GlmmFit

    return GlmmFit(
        name, "", "poisson", "Laplace", loglik, df, {}, {}, None, False, True, 240, 40, 0.0, 240,
        aic=-2 * loglik + 2 * df,
    )  # fmt: skip


def test_glmm_slope_test_is_graded_by_p_aic_and_bic_as_the_docs_say() -> None:
    from types import SimpleNamespace

    from reportgen.narrative.family import boundary_p_words, slope_reason_words, slope_test_strength

    # Simulated counts (review-statD/mk.R), as R's glmer with (1 | obs): chi-square 6.09, mixture
    # p = 0.031; AIC 1274.45 against 1272.36 prefers slopes, BIC 1288.37 against 1293.24 does not.
    fits = {
        "random_intercept_observation_level": _fit("ri", -633.2232, 4),
        "random_slope_observation_level": _fit("rs", -630.1783, 6),
    }
    g = SimpleNamespace(
        fits=fits, model="random_slope", chosen="random_slope_observation_level", lrt_p_boundary=0.0306
    )
    assert slope_test_strength(g) == "some"  # type: ignore[arg-type]
    some = slope_reason_words("slopes_supported", "subjects", "some")
    assert some.startswith(
        "the likelihood-ratio test, taken with AIC and BIC, gives some evidence that subjects"
    )
    assert "shows" not in some
    # Flipped: a clear gain every criterion prefers is "strong", and the test "shows" it.
    clear = SimpleNamespace(**{**vars(g), "lrt_p_boundary": 0.0001})
    clear.fits = {**fits, "random_slope_observation_level": _fit("rs", -600.0, 6)}
    assert slope_test_strength(clear) == "strong"  # type: ignore[arg-type]
    assert slope_reason_words("slopes_supported", "subjects", "strong").startswith(
        "the likelihood-ratio test shows that subjects change at different rates"
    )
    # The rest of a reason is kept after the graded words.
    assert slope_reason_words("singular_slopes_supported", "IDs", "some").endswith(
        "and the singular fit is kept"
    )
    assert boundary_p_words(2) == "boundary-corrected p (50:50 mixture of χ²(1) and χ²(2)) "
