"""The R² sentence after the intraclass correlation's says "without the site level" only once: the
ICC sentence says it, the next points back (statistician P 9, session 7: "Without the clinic level
..." twice in a row)."""

from __future__ import annotations

from reportgen.narrative.level_shares import next_share_lead, without_outer_level


def test_with_an_outer_level_the_second_sentence_points_back() -> None:
    lead = next_share_lead("clinic")
    assert lead == "On the same grouping, in the random-intercept model"
    assert "clinic" not in lead and not lead.startswith(without_outer_level("clinic", "patient").strip())


def test_without_an_outer_level_there_is_nothing_to_point_back_to() -> None:
    assert next_share_lead(None) == "In the random-intercept model"
