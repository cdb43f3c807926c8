"""The first time's test with subjects crossed with sites (reportgen.narrative.crossed): a random
intercept for each site whatever the covariate does within sites, never "constant within"."""

from __future__ import annotations

from reportgen.narrative.crossed import crossed_start_words


def test_crossed_start_test_says_why_the_site_term_is_there() -> None:
    words = crossed_start_words("site", "trt")
    assert words == (
        ", tested with a random intercept for each site (the values measured at one site share its "
        "level, whatever their trt),"
    )
    assert "constant within" not in words
    assert "rater" in crossed_start_words("rater", "arm")
