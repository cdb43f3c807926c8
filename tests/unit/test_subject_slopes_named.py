"""The subjects' slope SD of the model stood on names that model's covariates, so In brief does not
read it as the headline's model without them (issue 24, item 3: 0.54 with arm beside -1.41 without)."""

from __future__ import annotations

from reportgen.i18n import speaking
from reportgen.narrative.subject_slopes import slopes_spread_words, stood_on_terms


def _text(sentence: tuple[object, ...]) -> str:
    return "".join(part for part in sentence if isinstance(part, str))


def test_the_spread_names_the_covariates_of_the_model_stood_on() -> None:
    words = slopes_spread_words(
        True, True, "patients", "clinic:patient", "per unit of month", "month", ("arm",)
    )
    assert _text(words).startswith("In the model the report stands on, with arm and every level, the slopes")
    # Flip: without covariates the model stood on is the headline's, said with every level alone.
    plain = slopes_spread_words(True, False, "patients", "clinic:patient", "per unit of month", "month")
    assert _text(plain).startswith("In the model the report stands on, with every level, the slopes")


def test_several_covariates_are_listed() -> None:
    assert stood_on_terms(("arm", "sex", "site size")) == "with arm, sex, site size and every level"


def test_the_model_is_named_in_german() -> None:
    with speaking("de"):
        assert stood_on_terms(("arm",)) == "mit arm und allen Ebenen"
        assert stood_on_terms(()) == "mit allen Ebenen"
