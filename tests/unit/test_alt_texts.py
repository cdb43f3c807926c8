"""Alt texts that count or name what a figure shows (issue 21, eighth read): the small multiples say
how many of the groups they show ("24 of 48", as the caption says, not "one per plot" of 24), and the
GLMM figure names a response that is no word as "the response y", not "the y"."""

from __future__ import annotations

from types import SimpleNamespace

from reportgen.config import Labels
from reportgen.narrative.family import family_alt
from reportgen.narrative.further import panels_shown


def test_every_group_shown_has_one_panel_each() -> None:
    assert panels_shown(18, 18, "Subject") == "18 small panels, one per subject"


def test_some_groups_shown_says_how_many_of_them() -> None:
    words = panels_shown(24, 48, "Plot")
    assert words == "24 small panels, for 24 of the 48 plots"
    assert "one per" not in words


def test_the_glmm_figure_names_a_bare_column_as_the_response() -> None:
    glmm = SimpleNamespace(family="poisson")
    text = family_alt(glmm, Labels("y", "", "period", "", "subject"))["family_curve"]  # type: ignore[arg-type]
    assert "mean count of the response y at each period" in text and "the y " not in text
    words = family_alt(glmm, Labels("seizures", "", "period", "", "subject"))["family_curve"]  # type: ignore[arg-type]
    assert "mean count of the seizures at each period" in words
