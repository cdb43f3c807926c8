"""The direction of an outer group's move in the model with every level
(reportgen.narrative.level_pooling.moves_toward_average): with more than one level the model may
move a group away from the average (statistician R 3, session 8: crossed site S12, own mean 40.42,
in the model 38.55, the average about 46.6), and the words must not claim a pull toward it."""

from __future__ import annotations

import math

from reportgen.analysis.level_pooling import GroupPull
from reportgen.narrative.level_pooling import moves_toward_average
from tests.unit.test_level_pooling import words


def test_toward_when_the_model_estimate_lies_between_own_and_average() -> None:
    assert moves_toward_average(own=40.42, pooled=42.0, average=46.6)
    assert moves_toward_average(own=52.27, pooled=48.29, average=46.6)  # from above
    assert not moves_toward_average(own=40.42, pooled=38.55, average=46.6)  # S12: further below
    assert not moves_toward_average(own=40.0, pooled=50.0, average=46.6)  # past it, further on
    assert moves_toward_average(own=40.0, pooled=math.nan, average=46.6)  # nothing shows a move away


def pull(own: float, pooled: float, pull: float = 0.1, patients: int = 8) -> GroupPull:
    return GroupPull(patients, own, pooled, sd=0.1, pull=pull, noise=1.0, average=46.6)


def test_the_words_follow_the_direction_of_the_move() -> None:
    others = {"A": pull(45.0, 45.5), "C": pull(48.0, 47.5)}
    toward = words({**others, "B": pull(40.42, 42.0, pull=0.4, patients=2)})
    assert "Site B leans most on the average" in toward and "does not pull it" not in toward
    away = words({**others, "B": pull(40.42, 38.55, pull=0.4, patients=2)})
    assert "leans most on the average" not in away
    assert "Site B's own rows leave its slope the least certain (" in away
    assert "yet the model does not pull it toward the average" in away
