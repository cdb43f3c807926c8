"""reportgen.profiles: the study report introduces the models it compares and points only at what
it has (issue 21, fifth read: ``--profile study`` on sleepstudy)."""

from __future__ import annotations

from reportgen.config import Labels
from reportgen.profiles import models_compared, random_intercept_lead, study_sentences, without_pointers


def _labels(group: str, time: str) -> Labels:
    return Labels(response="Reaction", response_unit="", time=time, time_unit="", group=group)


def test_the_random_intercept_model_is_introduced_before_the_comparison() -> None:
    comparison = ("Refitted by maximum likelihood, random slopes raise the log-likelihood ...",)
    shown = study_sentences(
        {"g_compare": [comparison], "g_choice": [("The data support ...",)]}, _labels("Subject", "Days")
    )
    lead = random_intercept_lead(_labels("Subject", "Days"))
    assert lead == "Against the random-intercept model (each subject a level of its own, one shared trend), "
    assert shown["g_compare"] == [
        (lead + "refitted by maximum likelihood, random slopes raise the log-likelihood ...",)
    ]
    assert shown["g_choice"] == [("The data support ...",)]  # only the comparison is introduced
    intro = models_compared(_labels("Plot", "Time"))[0]
    assert "the random-intercept model (each plot a level of its own, one shared trend)" in intro
    assert "the random-slope model (each plot also a slope in time of its own)" in intro


def test_no_comparison_no_introduction() -> None:
    assert study_sentences({"g_compare": []}, _labels("Subject", "Days")) == {"g_compare": []}
    assert "g_compare" not in study_sentences({"g_family": [("x",)]}, _labels("id", "visit"))


def test_the_summaries_the_study_report_lacks_are_not_pointed_at() -> None:
    line = (
        "In that model the average slope is ",
        "(num)",
        "); this is the slope the report's summaries use.",
    )
    assert without_pointers(line)[-1] == ")."
    curve = (
        "); this is the slope the report's summaries use as the average rate over the observed times, "
        "while the model the report stands on follows the curve the trend section describes.",
    )
    assert without_pointers(curve) == (
        "); it is the average rate over the observed times, while the model the report stands on follows "
        "the chosen curve.",
    )


def test_a_glmm_report_introduces_the_models_before_its_random_effects() -> None:
    family = [("The response y is binary ...",), ("Random effects: the data support ...",)]
    shown = study_sentences({"g_family": family}, _labels("id", "visit"))["g_family"]
    assert shown == [family[0], (*models_compared(_labels("id", "visit")), " ", *family[1])]
    # A family section without the random-effects choice is left as it is.
    assert study_sentences({"g_family": family[:1]}, _labels("id", "visit"))["g_family"] == family[:1]
