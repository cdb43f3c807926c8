"""reportgen.analysis.pairs.extremes: Q5 names a tie as Q6's automatic pick does."""

from __future__ import annotations

from reportgen.analysis.pairs import AUTOMATIC, choose_pair, extremes


def test_a_tie_is_broken_by_id_as_the_automatic_pick_breaks_it() -> None:
    # The binary study: S06 and S51 share the highest random intercept, 0.324.
    effects = {"S51": 0.324, "S02": -0.5, "S06": 0.324, "S09": -0.5, "S10": 0.0}
    lowest, highest = extremes(effects)
    pair = choose_pair(None, False, effects, option="--mixed-pair", all_subjects=list(effects))
    assert pair.reason == AUTOMATIC
    assert (highest, lowest) == (pair.first, pair.second) == ("S51", "S02")
    # Whatever the dict order, the same names (max() and min() would follow the order).
    assert extremes(dict(reversed(list(effects.items())))) == (lowest, highest)


def test_extremes_without_sorting_name_what_sorting_named() -> None:
    # One pass for min and max (100,000 subjects); the (score, id) order of sorted() is kept.
    effects = {f"S{i:03d}": float((i * 37) % 11) for i in range(60)}
    ranked = sorted(effects, key=lambda s: (effects[s], s))
    assert extremes(effects) == (ranked[0], ranked[-1])
    with_nan = {"S999": float("nan"), **effects}  # NaN does not order: sorted()'s answer all the same
    ranked = sorted(with_nan, key=lambda s: (with_nan[s], s))
    assert extremes(with_nan) == (ranked[0], ranked[-1])
