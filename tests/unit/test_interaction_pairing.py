"""What of a curve's interaction verdict ignores the pairing (statistician M, session 7, Rabbit: the
F test of dose curve x Treatment, F = 16.76 on 2 and 43.6 df, stands on the model with
+ (1 | Animal:Treatment) in lme4, yet the report said "but the test ignores the pairing")."""

from __future__ import annotations

from reportgen.narrative.multilevel import interaction_pairing

VERDICT = "there is strong evidence that the curve's shape differs with Treatment"


def test_a_curves_f_test_on_the_paired_model_is_not_said_to_ignore_the_pairing() -> None:
    said = interaction_pairing(VERDICT, "same_times", f_paired=True, curve=True)
    assert "but the test ignores the pairing" not in said and not said.startswith("taken at face value")
    assert "the likelihood-ratio test, which ignores the pairing" in said
    assert "the F test comes from the model with the series term" in said


def test_the_other_cases_keep_their_words() -> None:
    assert interaction_pairing(VERDICT, "same_times", f_paired=True, curve=False) == VERDICT
    unpaired = interaction_pairing(VERDICT, "same_times", f_paired=False, curve=True)
    assert unpaired.startswith("taken at face value") and unpaired.endswith("ignores the pairing (see above)")
    assert interaction_pairing(VERDICT, "constant", f_paired=True, curve=True) == VERDICT
