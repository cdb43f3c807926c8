"""The study report explains the tests' technical names in its appendix, and a chapter caveat on
intervals appears only when the diagnostics call them wrong (statistician M, session 7, item 2; the
Soybean case, where they are wrong, is tests/unit/test_brief_caveat.py)."""

from __future__ import annotations

import re

import pytest

from tests.crosscheck.test_study_profile import built

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
