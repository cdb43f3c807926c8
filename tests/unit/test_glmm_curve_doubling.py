"""A log(time) GLMM curve multiplies per doubling of time (analysis.glmm_shape.per_doubling and
narrative.glmm_curve's link_shape_name / doubling_sentence): on a log or logit link a log(time)
trend does not add the same change per doubling, it multiplies the expected count or the odds."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from reportgen.analysis.glmm_fit import GlmmFit, wald_term
from reportgen.analysis.glmm_shape import per_doubling
from reportgen.analysis.time_basis import make_shape
from reportgen.i18n import speaking
from reportgen.narrative.glmm_curve import doubling_sentence, link_shape_name
from reportgen.narrative.shape import shape_name

DOSES = np.array([1.0, 2, 4, 8, 16, 32])


def _fit(fixed: dict) -> GlmmFit:
    names = [f.name for f in dataclasses.fields(GlmmFit)]
    values = dict.fromkeys(names)
    values |= {"fixed": fixed, "re_sd": {}, "df": 3, "loglik": -1.0, "n_obs": 1, "n_groups": 1}
    values |= {"subject_effects": {}, "vcov": np.eye(len(fixed)), "aic": 1.0}
    return GlmmFit(**values)


def test_the_log_curve_s_ratio_per_doubling_is_two_to_the_power_of_its_coefficient() -> None:
    """exp(log(2) b) = 2^b, its interval 2^(b -+ 1.96 se); the sign of b flips above/below 1."""
    shape = make_shape("log", DOSES, "dose")
    for b in (0.45, -0.45):
        fit = _fit({"(Intercept)": wald_term(0.3, 0.1), "log(dose)": wald_term(b, 0.05)})
        ratio = per_doubling(fit, shape)
        assert ratio is not None
        assert ratio.ratio == pytest.approx(2**b, rel=1e-12)
        assert ratio.ci_low == pytest.approx(2 ** (b - 1.959963984540054 * 0.05), rel=1e-6)
        assert ratio.ci_high == pytest.approx(2 ** (b + 1.959963984540054 * 0.05), rel=1e-6)
        assert (ratio.ratio > 1) == (b > 0)


def test_other_shapes_have_no_one_ratio_per_doubling() -> None:
    fit = _fit({"(Intercept)": wald_term(0.3, 0.1), "dose": wald_term(0.1, 0.01)})
    assert per_doubling(fit, make_shape("linear", DOSES, "dose")) is None


def test_a_log_curve_on_a_link_multiplies_and_names_the_family_s_scale() -> None:
    counts, odds = link_shape_name("log", "dose", "poisson"), link_shape_name("log", "dose", "binomial")
    assert "multiplies the expected count" in counts and "adds" not in counts
    assert "multiplies the odds" in odds and "adds" not in odds
    assert "adds the same change" in shape_name("log", "dose")  # a Gaussian log(time) line adds
    assert link_shape_name("quadratic", "dose", "poisson") == shape_name("quadratic", "dose")


def test_the_doubling_sentence_reads_the_ratio_and_is_absent_without_one() -> None:
    assert doubling_sentence("poisson", "dose", None) == []
    ratio = per_doubling(
        _fit({"(Intercept)": wald_term(0.3, 0.1), "log(dose)": wald_term(0.45, 0.05)}),
        make_shape("log", DOSES, "dose"),
    )
    (sentence,) = doubling_sentence("poisson", "dose", ratio)
    text = "".join(p if isinstance(p, str) else "<" + ".".join(p.path) + ">" for p in sentence)
    assert "multiplies the expected count by <glmm.curve.per_doubling.ratio>" in text
    (binary,) = doubling_sentence("binomial", "dose", ratio)
    assert "multiplies the odds" in "".join(p for p in binary if isinstance(p, str))


def test_in_german() -> None:
    with speaking("de"):
        assert "multipliziert die erwartete Anzahl" in link_shape_name("log", "Dosis", "poisson")
        assert "multipliziert die Odds" in link_shape_name("log", "Dosis", "binomial")
        (sentence,) = doubling_sentence("poisson", "Dosis", object())  # type: ignore[arg-type]
        assert "Jede Verdopplung von Dosis" in "".join(p for p in sentence if isinstance(p, str))
