"""Going further 1's prompt agrees with Question 3's verdict on its own lines (issue 21, sixth read:
Dialyzer's Q3c said the ten own slopes "are similar, from 9.29 to 15.30", then GF1 said "the own
lines of questions 3 and 4 differ in slope too"). Flip Q3's verdict, the prompt flips."""

from __future__ import annotations

from reportgen.narrative.rules import slopes_prompt


def test_q3_similar_lines_are_not_said_to_differ() -> None:
    said = slopes_prompt(True, "subject", "subjects", q3_vary=False)
    assert "question 3 are similar in slope" in said and "the two of question 4 differ in slope" in said
    assert "questions 3 and 4 differ" not in said


def test_q3_varying_lines_keep_the_joint_words() -> None:
    assert "questions 3 and 4 differ in slope too" in slopes_prompt(True, "subject", "subjects", q3_vary=True)
    assert "differ little in slope" in slopes_prompt(False, "subject", "subjects", q3_vary=False)
