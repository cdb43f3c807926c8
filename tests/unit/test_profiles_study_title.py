"""The study report's own title and the sentences of a model it does not show (reportgen.profiles)."""

from __future__ import annotations

from reportgen.config import make_config
from reportgen.narrative.further import SLOPES_NOT_STOOD_ON
from reportgen.narrative.sentence import num
from reportgen.profiles import study_sentences, study_title, title_warning


def _config(**given: object):  # type: ignore[no-untyped-def]
    return make_config(response="size", time="Time", group="tree", **given)


def test_a_study_report_given_no_title_is_titled_from_the_labels() -> None:
    config = _config(covariates=["treat"], profile="study")
    assert study_title(config, "study") == "size over Time by treat: a study report"
    assert "--title TEXT" in (title_warning(config, "study") or "")
    assert study_title(_config(profile="study"), "study") == "size over Time: a study report"


def test_the_seminar_and_a_given_title_keep_theirs() -> None:
    assert study_title(_config(), "seminar") is None
    given = _config(title="Spruce growth under ozone", profile="study")
    assert study_title(given, "study") is None and title_warning(given, "study") is None
    sleep = make_config(profile="study")  # the sleepstudy preset's seminar title is no study title
    assert study_title(sleep, "study") == "Reaction time over Days of sleep deprivation: a study report"


def test_sentences_of_the_straight_line_random_slope_model_are_left_out_of_the_study_report() -> None:
    slopes = [
        (f"{SLOPES_NOT_STOOD_ON}; the report stands on the spline model.",),
        ("The average slope is ", num("random_slope", "slope"), "."),
    ]
    stood_on = [("The average slope is ", num("random_slope", "slope"), ".")]
    assert "g_slopes" not in study_sentences({"g_slopes": slopes})
    assert study_sentences({"g_slopes": stood_on})["g_slopes"] == stood_on
