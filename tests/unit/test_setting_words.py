"""Words of another setting only where the data are in it (issue 21: "as doubling doses do" in a
months data set; "the first 10 animals" where there are 5)."""

from __future__ import annotations

from reportgen.narrative.setting_words import first_few, log_shape_prompt


def test_first_few_says_the_first_only_when_there_are_more() -> None:
    assert first_few(10, 18) == "the first"
    assert first_few(5, 5) == "the"


def test_the_log_prompt_says_whether_the_log_is_compared_here() -> None:
    compared = log_shape_prompt("dose", compared=True)
    assert "a log of dose, as dose here runs over a factor of ten or more" in compared
    not_compared = log_shape_prompt("month", compared=False)
    assert "which it does not here" in not_compared and "a log of month only when" in not_compared
    for words in (compared, not_compared):
        assert "doubling" not in words and "doses do" not in words
