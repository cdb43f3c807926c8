"""The subjects' slopes when the one-grouping test and the model with every level disagree
(reportgen.analysis.subject_slope_choice, reportgen.narrative.subject_slope_choice): statistician
P 1, raters crossed with subjects (3.96, boundary p = 0.092 alone; 13.13, p < 0.001 with the rater
level, slope SD 0.24). Flip the input, the words flip."""

from __future__ import annotations

from types import SimpleNamespace

from reportgen.analysis.subject_slope_choice import headline_reason, one_grouping_keeps, stood_on_reason
from reportgen.i18n import speaking
from reportgen.narrative.sentence import num
from reportgen.narrative.subject_slope_choice import every_level_slopes, every_level_slopes_words

TEST = ("multilevel", "slope_tests", "subject")
SD = ("multilevel", "random", "subject", "week", "sd")


def _text(sentence: tuple) -> str:
    return "".join(part for part in sentence if isinstance(part, str))


def test_the_one_grouping_codes_that_leave_slopes_out() -> None:
    assert not one_grouping_keeps("slopes_not_supported")
    assert not one_grouping_keeps("slope_variance_zero")
    assert one_grouping_keeps("slopes_supported")
    assert one_grouping_keeps("uncorrelated_supported")


def test_the_reason_is_the_model_with_every_level_when_the_choices_differ() -> None:
    assert stood_on_reason("slopes_not_supported", kept=True, tested=True) == "slopes_supported"
    assert stood_on_reason("slopes_supported", kept=False, tested=True) == "slopes_not_supported"
    assert stood_on_reason("uncorrelated_supported", kept=False, tested=False) == "slope_variance_zero"


def test_the_one_grouping_reason_stays_when_the_choices_agree() -> None:
    assert stood_on_reason("uncorrelated_supported", kept=True, tested=True) == "uncorrelated_supported"
    assert stood_on_reason("slope_variance_zero", kept=False, tested=False) == "slope_variance_zero"


def _fit(slopes: bool, tested: bool = True) -> SimpleNamespace:
    """A stand-in of the rater model with every level: (1 | rater) + (week | subject) or (1 | subject)."""
    subject = {"(Intercept)": 1.0, **({"week": 0.24} if slopes else {})}
    return SimpleNamespace(
        levels=("rater", "subject"),
        crossed=True,
        time="week",
        random={"rater": {"(Intercept)": 1.0}, "subject": subject},
        slope_tests={"subject": object()} if tested else {},
    )


def test_headline_reason_agrees_with_its_slope_sd() -> None:
    """results.json said ``slopes_not_supported`` beside ``slope_sd`` 0.24."""
    assert headline_reason("slopes_not_supported", _fit(slopes=True)) == "slopes_supported"  # type: ignore[arg-type]
    assert headline_reason("slopes_supported", _fit(slopes=False)) == "slopes_not_supported"  # type: ignore[arg-type]


def test_kept_slopes_are_said_with_their_test_and_sd() -> None:
    said = every_level_slopes_words(True, TEST, SD, "rater", "subjects", "subject", "per unit of week")
    assert _text(said).startswith("That is the test without the rater level. With the rater level in")
    assert "subjects change at different rates" in _text(said)
    assert "so that model keeps their slopes" in _text(said)
    assert num(*TEST, "chisq") in said and num(*SD) in said


def test_slopes_left_out_by_the_test_flip_the_words() -> None:
    said = every_level_slopes_words(False, TEST, SD, "site", "patients", "site:patient", "per month")
    assert "no clear evidence that patients change at different rates" in _text(said)
    assert "so that model leaves their slopes out" in _text(said)
    assert num(*SD) not in said


def test_slopes_a_singular_fit_dropped_are_not_called_tested() -> None:
    said = every_level_slopes_words(False, None, SD, "site", "patients", "site:patient", "", singular=True)
    assert "(a singular fit)" in _text(said) and "chi-square" not in _text(said)


def _analysis(reason: str, slopes: bool) -> SimpleNamespace:
    fit = _fit(slopes)
    return SimpleNamespace(choice=SimpleNamespace(reason=reason), multilevel=fit, headline_multilevel=fit)


LABELS = SimpleNamespace(group="Subject", group_plural="", rate=lambda: "per unit of week")


def test_the_seminar_says_both_choices_only_when_they_differ() -> None:
    differ = every_level_slopes(_analysis("slopes_not_supported", slopes=True), LABELS)  # type: ignore[arg-type]
    assert len(differ) == 1 and num(*TEST, "chisq") in differ[0] and num(*SD) in differ[0]
    agree = every_level_slopes(_analysis("slopes_supported", slopes=True), LABELS)  # type: ignore[arg-type]
    assert agree == []
    one = SimpleNamespace(
        choice=SimpleNamespace(reason="slopes_not_supported"), multilevel=None, headline_multilevel=None
    )
    assert every_level_slopes(one, LABELS) == []  # type: ignore[arg-type]


def test_the_headline_model_without_covariates_names_its_own_sds() -> None:
    stood_on = _fit(slopes=True)
    a = SimpleNamespace(
        choice=SimpleNamespace(reason="slopes_not_supported"),
        multilevel=stood_on,
        headline_multilevel=_fit(True),
    )
    said = every_level_slopes(a, LABELS)[0]  # type: ignore[arg-type]
    assert num("models", "multilevel_no_covariates", "random", "subject", "week", "sd") in said
    assert "chi-square" not in _text(said)


def test_the_sentence_speaks_german() -> None:
    with speaking("de"):
        said = every_level_slopes_words(True, TEST, SD, "Rater", "Probanden", "subject", "pro Woche")
    assert _text(said).startswith("Das ist der Test ohne die Ebene Rater.")
