"""The study report explains the tests' technical names in its appendix, and a chapter caveat on
intervals appears only when the diagnostics call them wrong (statistician M, session 7, item 2; the
Soybean case, where they are wrong, is tests/unit/test_brief_caveat.py)."""

from __future__ import annotations

import html
import re

import pytest

from tests.crosscheck.test_study_profile import _text, built

pytestmark = pytest.mark.slow


def test_the_study_appendix_says_the_terms_in_plain_words() -> None:
    _, page = built()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    terms = text[text.index("Terms: ") : text.index("References", text.index("Terms: "))]
    for term in ("type-III F test", "Satterthwaite degrees of freedom", "boundary-corrected p", "REML"):
        assert term in terms
    assert "50:50 mixture of χ² distributions" in terms
    # the chapters' caveat goes with the diagnostics' verdict that the intervals are wrong
    assert ("printed for reference" in text) is ("wrong, not just uncertain" in text)


def test_the_study_appendix_names_the_models_in_plain_words() -> None:
    """Statistician Q (session 8): AIC/BIC, the natural cubic spline, a singular fit and uncorrelated
    random slopes are in the terms, and a curve's straight line is captioned in plain words (was
    "straight-line version of the natural-spline (5 df) model with uncorrelated random slopes line")."""
    results, page = built()
    assert results["trend"]["shape"] != "linear"  # Sitka stands on a curve: its straight line is drawn
    text = html.unescape(_text(page))
    models = text[text.index("Models: ") : text.index("References", text.index("Models: "))]
    for term in ("AIC and BIC", "natural cubic spline", "singular fit", "uncorrelated random slopes"):
        assert term in models
    assert (
        "the mixed model's straight line (the straight-line version of the model) is a straight line"
        in models
    )
    # Statistician T (session 8, 1): pooling's counts are the curve model's, not its straight line's.
    assert "the pooling reads each subject's predicted random level and slope from the curve model" in models
    assert "Data, own line and the mixed model's straight line of" in text
    assert "straight-line version of the" not in text.split("Data, own line and", 1)[1][:60]
