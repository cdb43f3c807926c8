"""Which models the residual checks read with an outer or crossed grouping (narrative.level_checks)."""

from __future__ import annotations

from reportgen.narrative.level_checks import every_level_checks_line, residuals_named

FORMULA = "score ~ visit + (1 | site) + (visit | patient)"


def _text(nested: bool) -> str:
    levels = ("site", "patient")
    sentence = every_level_checks_line(FORMULA, "random-slope model", levels, "patient", crossed=not nested)
    return "".join(p for p in sentence if isinstance(p, str))


def test_the_first_sentence_names_the_fit_with_every_level() -> None:
    for nested in (True, False):
        text = _text(nested)
        assert text.startswith(
            f"The residual checks below read the model the report stands on, with every level ({FORMULA})"
        )
        assert "read the random-slope model on" in text


def test_nested_and_crossed_name_their_grouping() -> None:
    assert "on site:patient alone, without the site level" in _text(nested=True)
    crossed = _text(nested=False)
    assert "on patient alone, without the crossed site level" in crossed
    assert "site:patient" not in crossed


def test_the_residuals_named_flip_with_the_model_read() -> None:
    assert residuals_named(True, "random-slope model") == "model with every level"
    assert residuals_named(False, "random-slope model") == "random-slope model (the model the tests support)"


def test_crossed_pooling_says_why_it_keeps_one_grouping() -> None:
    from reportgen.narrative.crossed_pooling import crossed_pooling_why

    assert crossed_pooling_why((), "patient") == []  # nested or one grouping: nothing to explain
    (sentence,) = crossed_pooling_why(("site",), "patient")
    text = "".join(p for p in sentence if isinstance(p, str))
    assert text.startswith("The patients are crossed with the sites, not nested in them")
    assert "belongs to no single site whose line it could be pulled toward" in text
