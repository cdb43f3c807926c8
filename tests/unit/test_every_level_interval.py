"""Question 5's pointer with an outer level (reportgen.narrative.every_level_interval): statistician
P 5, the nested seminar pointed at the one-grouping random-slope model's interval (-1.72 to -1.38,
"not the report's model") while the summaries read the model with every level's (-1.76 to -1.05)."""

from __future__ import annotations

from reportgen.i18n import speaking
from reportgen.narrative.every_level_interval import every_level_interval_note
from reportgen.narrative.sentence import num


def _text(sentence: tuple) -> str:
    return "".join(part for part in sentence if isinstance(part, str))


def test_the_interval_pointed_at_is_the_headlines() -> None:
    said = every_level_interval_note("Patient", "Clinic", "d3")
    assert num("headline", "slope_ci_low", style="d3") in said
    assert num("headline", "slope_ci_high", style="d3") in said
    assert num("random_intercept", "slope_ci_low", style="d3") in said
    assert not any(getattr(part, "path", ("",))[0] == "random_slope" for part in said)


def test_the_model_is_named_by_its_levels_from_the_labels() -> None:
    said = _text(every_level_interval_note("pupil", "School"))
    assert "gives every pupil the same rate of change" in said
    assert (
        "the model with every level (the school level included), whose slope the report's summaries" in said
    )


def test_the_note_speaks_german() -> None:
    with speaking("de"):
        said = _text(every_level_interval_note("Patient", "Klinik"))
    assert said.startswith("Die Tests in") and "Ebene Klinik" in said
