"""fit_lmm_likelihood and fit_model_likelihood: a model's ML log-likelihood without its estimates,
held to lme4's logLik on sleepstudy, and the shape comparison's quadratic reused by the trend test
only when it is the fit that test would make."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.lmm import Likelihood, fit_lmm_likelihood
from reportgen.analysis.mixed import fit_model_likelihood
from reportgen.analysis.model_matrix import build_model_matrix
from reportgen.analysis.shape import INTERCEPT_ONLY, MAXIMAL, compared_fit
from reportgen.analysis.time_basis import ShapeComparison, ShapeFit
from tests.support.contract import SLEEPSTUDY

# lme4 1.1 (R): logLik(lmer(Reaction ~ Days + <fixed> + (<random> | Subject), sleepstudy, REML = FALSE)).
LME4_ML = {
    ("linear", 1, "unstructured"): (-897.0393, 4),  # sleepstudy_reference.json ml_comparison
    ("linear", 2, "unstructured"): (-875.9697, 6),
    ("quadratic", 2, "unstructured"): (-875.1407973, 7),  # + I(Days^2) + (Days | Subject)
    ("linear", 2, "diagonal"): (-876.0016276, 5),  # (Days || Subject)
}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    data = pd.read_csv(SLEEPSTUDY)
    return pd.DataFrame(
        {
            "response": data["Reaction"],
            "time": data["Days"].astype(float),
            "group": data["Subject"].astype(str),
        }
    )


@pytest.mark.parametrize(("shape", "random", "covariance"), list(LME4_ML))
def test_the_likelihood_is_lme4s(frame: pd.DataFrame, shape: str, random: int, covariance: str) -> None:
    design = build_model_matrix(frame, quadratic=shape == "quadratic")
    fit = fit_model_likelihood(frame, design, (random, covariance, 0.0), engine="exact")
    loglik, df = LME4_ML[(shape, random, covariance)]
    assert fit.loglik == pytest.approx(loglik, abs=2e-3)
    assert fit.n_params == df
    assert fit.aic == pytest.approx(-2 * loglik + 2 * df, abs=4e-3)


def test_statsmodels_gives_the_same_likelihood(frame: pd.DataFrame) -> None:
    design = build_model_matrix(frame)
    fit = fit_model_likelihood(frame, design, MAXIMAL, engine="statsmodels")
    assert fit.loglik == pytest.approx(LME4_ML[("linear", 2, "unstructured")][0], abs=2e-3)


def test_a_bad_design_is_refused_as_fit_lmm_refuses_it() -> None:
    y = np.arange(6.0)
    with pytest.raises(ValueError, match="covariance"):
        fit_lmm_likelihood(y, np.ones((6, 1)), np.ones((6, 1)), list("aabbcc"), covariance="banded")
    with pytest.raises(ValueError, match="1 to 3"):
        fit_lmm_likelihood(y, np.ones((6, 1)), np.ones((6, 4)), list("aabbcc"))


def _shapes(linear: float, random: str = "random_slope") -> ShapeComparison:
    fits = {"linear": ShapeFit(linear, -2 * linear + 12, 6), "quadratic": ShapeFit(-875.14, 1764.28, 7)}
    return ShapeComparison("linear", fits, random=random)


class _Line:
    """The trend's straight line by ML: all compared_fit reads of it is its log-likelihood."""

    def __init__(self, loglik: float) -> None:
        self.loglik = loglik


def test_the_quadratic_is_reused_only_when_it_is_the_fit_the_trend_test_would_make() -> None:
    line = _Line(-875.9697)
    reused = compared_fit(_shapes(-875.9697), "quadratic", MAXIMAL, line)  # type: ignore[arg-type]
    assert reused == ShapeFit(-875.14, 1764.28, 7)
    # other random effects than the candidates had (the trend's model is the random intercept)
    assert compared_fit(_shapes(-875.9697), "quadratic", INTERCEPT_ONLY, line) is None  # type: ignore[arg-type]
    # candidates fitted with the random intercept, the trend's model has random slopes
    fallback = _shapes(-875.9697, random="random_intercept")
    assert compared_fit(fallback, "quadratic", MAXIMAL, line) is None  # type: ignore[arg-type]
    assert compared_fit(fallback, "quadratic", INTERCEPT_ONLY, line) is not None  # type: ignore[arg-type]
    # another straight line (other data, another family): no reuse
    assert compared_fit(_shapes(-875.9), "quadratic", MAXIMAL, line) is None  # type: ignore[arg-type]
    assert compared_fit(None, "quadratic", MAXIMAL, line) is None  # type: ignore[arg-type]
    assert compared_fit(_shapes(-875.9697), "spline3", MAXIMAL, line) is None  # type: ignore[arg-type]


def test_a_likelihood_counts_its_aic_as_a_mixed_fit_does() -> None:
    assert Likelihood(-875.9697, 6).aic == pytest.approx(1763.9394)


def test_the_trend_test_reads_the_compared_quadratic(
    frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportgen.analysis.mixed as mixed
    from reportgen.analysis.shape import fit_supported_model
    from reportgen.analysis.trend import check_trend

    supported = fit_supported_model(frame, engine="exact")
    fitted: list[bool] = []
    real = mixed.fit_lmm

    def counted(*args: object, **options: object) -> object:
        fitted.append(bool(options["reml"]))
        return real(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(mixed, "fit_lmm", counted)
    trend = check_trend(frame, supported.choice, engine="exact")
    assert trend is not None
    # lme4: anova of the two ML fits above, chisq 2 x (-875.1408 + 875.9697) = 1.6578
    assert trend.quadratic_lrt.chisq == pytest.approx(2 * (-875.1407973 + 875.9697), abs=4e-3)
    assert fitted == [True]  # only the quadratic's REML fit is made: its ML fit was the comparison's
