"""The references follow the methods a real report used (reportgen.citations): the binary study's
GLMM report cites the Laplace approximation and no splines; Orange, which stands on a natural
spline, cites the splines and no Laplace approximation."""

from __future__ import annotations

from tests.crosscheck.test_reviewed_reports import built

LAPLACE = "Tierney, L. and Kadane, J.B. (1986)"
SPLINES = "Hastie, T.J. (1992) “Generalized additive models”"
LME4 = "Bates, D. et al. (2015)"


def test_a_glmm_report_cites_the_laplace_approximation() -> None:
    results, text = built("binary")
    assert results["glmm"]
    assert LAPLACE in text and LME4 in text
    assert SPLINES not in text


def test_a_spline_report_cites_the_splines() -> None:
    results, text = built("Orange")
    assert "ns(" in results["models"][results["model_choice"]["stands_on"]]["formula"]
    assert SPLINES in text and LME4 in text
    assert LAPLACE not in text
