"""The study report's "In brief" for a factor of more than two levels gives the overall test at the
average time and every level against the reference (final read, ChickWeight by Diet: the brief gave
only Diet 2's unclear 16.10, while the overall F = 4.74, p = 0.006, and Diets 3 and 4 are clearly
higher, R: +27.8 and +32.7)."""

from __future__ import annotations

from reportgen.narrative.brief import MAX_COMPARISONS, covariate_brief, in_brief
from reportgen.narrative.sentence import Sentence, num

OVERALL = (
    "At time 10.7 the curves differ by F = ",
    num("covariates", "Diet", "difference_at_mean_time", "F"),
    ".",
)
OTHER = (
    "The difference for Diet 2 is ",
    num("covariates", "Diet", "differences", "at", "2", "first", "estimate"),
    ".",
)


def _level(level: str) -> Sentence:
    return (
        f"With Diet {level}, weight is ",
        num("covariates", "Diet", "differences", "at", level, "mean", "estimate"),
        ".",
    )


def test_a_factor_of_several_levels_gets_its_overall_test_and_every_level() -> None:
    group = [OVERALL, _level("2"), OTHER, _level("3"), _level("4")]
    assert covariate_brief(group, "Diet") == [OVERALL, _level("2"), _level("3"), _level("4")]
    assert in_brief({"covariate:Diet": group}) == [OVERALL, _level("2"), _level("3"), _level("4")]


def test_two_levels_keep_their_one_difference() -> None:
    # flip: one comparison (no overall F sentence beyond it) -> its sentence alone, as before
    assert covariate_brief([_level("P"), OTHER], "Diet") == [_level("P")]
    assert covariate_brief([OVERALL, _level("P")], "Diet") == [_level("P")]


def test_many_levels_give_the_overall_test_alone() -> None:
    levels = [_level(str(k)) for k in range(2, MAX_COMPARISONS + 3)]
    assert covariate_brief([OVERALL, *levels], "Diet") == [OVERALL]
