"""Words of crossed groupings (reportgen.narrative.crossed, statistician O items 5 and 7): the first
time's test has a random intercept for each site whatever the covariate does within sites (never
"constant within"); no preposition the data do not give ("at a rater"), nested sites keep "at"."""

from __future__ import annotations

from reportgen.narrative.crossed import crossed_start_words, new_group_preposition, whichever_grouping


def test_crossed_start_test_says_why_the_site_term_is_there() -> None:
    words = crossed_start_words("site", "trt")
    assert words == (
        ", tested with a random intercept for each site (the values measured at one site share its "
        "level, whatever their trt),"
    )
    assert "constant within" not in words
    assert "rater" in crossed_start_words("rater", "arm")


def test_crossed_groupings_need_no_preposition_of_their_own() -> None:
    assert whichever_grouping("rater") == "whichever rater their measurements came from"
    assert " at" not in whichever_grouping("site")
    assert new_group_preposition(crossed=True) == "for"  # "for a new rater", "for a new site"
    assert new_group_preposition(crossed=False) == "at"  # nested: "at a new site"
