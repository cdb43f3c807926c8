"""Why a level's random slopes were left out, said of the model they were left out of
(reportgen.narrative.left_out_slopes; statistician P 4: the clinics' slopes were not supported
with arm in the model, and are without it). Flip the input, the words flip."""

from __future__ import annotations

from reportgen.i18n import speaking
from reportgen.narrative.left_out_slopes import left_out_slopes_words
from reportgen.narrative.multilevel import simplified_words


def test_a_test_with_covariates_names_them() -> None:
    said = left_out_slopes_words("clinics", "not supported", ("arm",))
    assert said.startswith("With arm in the model, the random slopes of the clinics were left out")
    alone = left_out_slopes_words("clinics", "not supported")
    assert alone.startswith("The random slopes of the clinics were left out: the likelihood-ratio test")


def test_a_singular_fit_is_no_test_whatever_the_covariates() -> None:
    said = left_out_slopes_words("sites", "singular", ("arm",))
    assert said.startswith("The random slopes of the sites were left out") and "singular fit" in said
    assert "arm" not in said


def test_the_section_passes_the_models_covariates() -> None:
    said = simplified_words({"clinic": "not supported"}, ("arm", "dose"))
    assert said.startswith("With arm and dose in the model, the random slopes of the clinics")


def test_the_words_speak_german() -> None:
    with speaking("de"):
        said = left_out_slopes_words("Kliniken", "not supported", ("Arm",))
    assert said.startswith("Mit Arm im Modell wurden die zufälligen Steigungen der Kliniken weggelassen")
