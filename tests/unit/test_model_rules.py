"""Rules of narrative.model_rules added for issue 20 (findings 2 and 5): flip the input, the words flip."""

from __future__ import annotations

from reportgen.narrative import model_rules as rules


def test_covariate_note_follows_the_chosen_model_and_its_reason() -> None:
    dropped = rules.covariate_structure_note(
        "random_intercept",
        "subjects",
        reason="uncorrelated_not_supported",
        counted_from="period counted from 1",
    )
    assert "like the model the report stands on" in dropped
    assert "the correlated random-slope fit is singular" in dropped
    assert "period counted from 1, finds no slope variance" in dropped
    assert "leave no room" not in dropped
    shared = rules.covariate_structure_note("random_intercept", "subjects", reason="slopes_not_supported")
    assert "no clear evidence that rates of change differ" in shared
    assert "singular" not in shared
    kept = rules.covariate_structure_note("uncorrelated_slope", "plants", reason="uncorrelated_supported")
    assert "keeps uncorrelated random slopes, like the model the report stands on" in kept


def test_choice_lead_and_untrusted_test_only_for_the_dropped_singular_slopes() -> None:
    assert (
        rules.choice_lead("uncorrelated_not_supported") == "The report stands on the random-intercept model"
    )
    assert rules.choice_lead("slopes_not_supported") == ""
    # epil: p = 0.003 from a singular fit would claim slopes; binary: p = 0.588 claims none.
    assert "cannot be trusted" in rules.untrusted_test_note("uncorrelated_not_supported", 0.003)
    agrees = rules.untrusted_test_note("uncorrelated_not_supported", 0.588)
    assert "no evidence for them either" in agrees and "cannot be trusted" not in agrees
    assert rules.untrusted_test_note("slope_variance_zero", 0.003) == ""
    assert "finds no slope variance" in rules.choice_reason("uncorrelated_not_supported", "subjects")


def test_starts_narrower_flips_with_the_measured_spread() -> None:
    # 50 subjects: the sampling range of SD ratios is about 0.80 to 1.20.
    assert rules.starts_narrower(17.44, 1.13, 50)  # ChickWeight's day 0
    assert not rules.starts_narrower(17.44, 17.0, 50)
    assert not rules.starts_narrower(17.44, 1.13, 5)  # too few subjects to judge
    assert not rules.starts_narrower(17.44, None, 50)


def test_lines_misplace_start_when_curved_narrower_or_verdicts_differ() -> None:
    assert not rules.lines_misplace_start(False, False, 0.01, 0.02)  # both say: a difference
    assert not rules.lines_misplace_start(False, False, 0.40, 0.30)  # both say: none
    assert rules.lines_misplace_start(False, False, 0.027, 0.35)  # ChickWeight: lines yes, data no
    assert rules.lines_misplace_start(False, False, 0.40, 0.01)  # and the reverse
    assert rules.lines_misplace_start(True, False, 0.01, 0.02)  # curved trend
    assert rules.lines_misplace_start(False, True, 0.01, 0.02)  # starts narrower than the lines
    assert not rules.lines_misplace_start(False, False, 0.01, None)  # nothing measured to compare


def test_lines_start_verdict_says_at_the_start_only_when_the_lines_are_there() -> None:
    assert rules.lines_start_verdict(0.027, False) == "some evidence of a difference at the start"
    misplaced = rules.lines_start_verdict(0.027, True)
    assert "at the start" not in misplaced
    assert "between the lines there, which is not the measured start" in misplaced


def test_measured_start_verdict_flips_with_the_data_and_the_lines() -> None:
    none = rules.measured_start_verdict(0.35, True, "Diet")
    assert none.startswith("no evidence that the measured values differ with Diet at the start")
    assert "a product of straight lines" in none
    agree = rules.measured_start_verdict(0.01, False, "Diet")
    assert agree.startswith("some evidence that the measured values differ with Diet")
    assert agree.endswith("as the lines say")
