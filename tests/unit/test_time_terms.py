"""A term in time is named by what it is (reportgen.narrative.time_terms): CO2's 4-df curve x Type x
Treatment term was called "the slope" (seventh read); a 1-df term still is the slope."""

from __future__ import annotations

from reportgen.analysis.covariate_effects import Interaction
from reportgen.analysis.satterthwaite import FTest
from reportgen.narrative.covariate_effects import interaction_choice, interaction_sentences
from reportgen.narrative.time_terms import time_term_words


def test_a_one_df_term_is_a_slope_and_a_four_df_term_the_curves_shape() -> None:
    assert time_term_words(1.0, "conc") == "in the slope"
    four = time_term_words(4.0, "conc")
    assert four == "in the curve's shape over conc" and "slope" not in four


def test_the_interaction_sentence_names_a_curve_term_by_its_shape() -> None:
    def words(num_df: float) -> str:
        test = FTest(F=5.15, num_df=num_df, den_df=38.5, p=0.002)
        joint = FTest(F=4.8, num_df=num_df + 1, den_df=25.8, p=0.003)
        inter = Interaction(("Type", "Treatment"), test, test, joint, kept=True)

        class Effect:  # the two fields interaction_sentences reads
            column = "Type"
            interactions = (inter,)

        (sentence,) = interaction_sentences(Effect(), ("covariates", "Type"), "conc")  # type: ignore[arg-type]
        return "".join(p for p in sentence if isinstance(p, str))

    curve = words(4.0)
    assert ") and in the curve's shape over conc (F = " in curve
    assert "in the slope" not in curve
    assert ") and in the slope (F = " in words(1.0)
    assert "(in the level and in the slope)" in interaction_choice(0.01, "Type", "Treatment")
