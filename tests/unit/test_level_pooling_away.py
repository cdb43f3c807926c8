"""The subjects whose own effects in the model with every level clearly depart from zero
(reportgen.analysis.level_pooling.away_from_zero) and the sentence that counts them: the study
profile counts from the model it stands on, not the one-grouping one (statistician R 5, session 8)."""

from __future__ import annotations

import numpy as np

from reportgen.analysis.level_effects import TermEffects
from reportgen.analysis.level_pooling import GroupPull, away_from_zero


def effects(modes: list[list[float]], sds: list[list[float]]) -> TermEffects:
    return TermEffects(("a", "b", "c"), ("(Intercept)", "month"), np.array(modes), np.array(sds))


def test_counted_where_the_interval_excludes_zero() -> None:
    e = effects([[3.0, 0.1], [-3.0, 0.1], [1.0, 0.1]], [[1.0, 0.1], [1.0, 0.1], [1.0, 0.1]])
    assert away_from_zero(e, "(Intercept)") == 2  # |3| > 1.96, |1| is not
    assert away_from_zero(e, "month") == 0
    wider = effects([[3.0, 0.1], [-3.0, 0.1], [1.0, 0.1]], [[2.0, 0.01], [2.0, 0.01], [2.0, 0.01]])
    assert away_from_zero(wider, "(Intercept)") == 0 and away_from_zero(wider, "month") == 3
    assert away_from_zero(e, "week") is None  # no such term
    unknown = effects([[3.0, 0.1]] * 3, [[float("nan"), 0.1]] * 3)
    assert away_from_zero(unknown, "(Intercept)") is None  # no conditional SDs: no count


def sentences(intercepts: int | None, slopes: int | None) -> str:
    from reportgen.analysis.level_pooling import EffectCheck, LevelPooling, SubjectPooling
    from reportgen.config import Labels
    from reportgen.narrative.level_pooling import level_pooling_words

    groups = {name: GroupPull(8, 1.0, 0.5, sd=0.1, pull=0.1, noise=1.0) for name in "ABC"}
    subjects = SubjectPooling(20, 0.0, 2.0, 1.5, 1.0, 0.8, {}, 1.6, 0.9, intercepts, slopes)
    check = EffectCheck(groups=3, sd=1.0, excess_kurtosis=0.1, kurtosis_se=1.0, normality_p=None)
    result = LevelPooling("site", False, "level", groups, {}, subjects, {"site": {"(Intercept)": check}})
    words = level_pooling_words(result, Labels("score", "", "month", "", "patient"))["g_level_pooling"]
    return " ".join(p for s in words for p in s if isinstance(p, str))


def test_the_sentence_counts_from_this_model_and_only_with_a_count() -> None:
    assert "random intercept of their own" not in sentences(None, None)  # no count: no sentence
    both = sentences(66, 6)
    assert "patients have a random intercept of their own whose 95% prediction interval" in both
    assert "a random slope whose interval does" in both and "beyond any site's effect" in both
    assert "random slope" not in sentences(66, None)  # no subjects' slopes: the clause goes
