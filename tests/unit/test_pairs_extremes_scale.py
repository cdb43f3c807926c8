"""reportgen.analysis.pairs.extremes at 100,000 subjects: no Python call per subject, and the
(score, id) order of sorted() kept, ties included."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from reportgen.analysis.pairs import extremes


class _Counted(dict[str, float]):
    """Scores that count how often one is looked up by id."""

    lookups = 0

    def __getitem__(self, key: str) -> Any:
        type(self).lookups += 1
        return super().__getitem__(key)


def test_no_subject_is_looked_up_one_by_one() -> None:
    plain = {f"S{i}": float(i % 97) for i in range(10_000)}
    ranked = sorted(plain, key=lambda s: (plain[s], s))
    scores = _Counted(plain)
    _Counted.lookups = 0
    assert extremes(scores) == (ranked[0], ranked[-1]) == ("S0", "S9990")
    assert _Counted.lookups == 0


@pytest.mark.parametrize("seed", range(5))
def test_ties_at_both_ends_name_what_sorted_names(seed: int) -> None:
    rng = np.random.default_rng(seed)
    ids = [f"S{i}" for i in rng.permutation(2_000)]
    values = rng.integers(-5, 6, size=len(ids)).astype(float) * 0.125  # many ties, -0.0 among them
    values[rng.integers(len(ids))] = -0.0
    scores = dict(zip(ids, values.tolist(), strict=True))
    ranked = sorted(scores, key=lambda s: (scores[s], s))
    assert extremes(scores) == (ranked[0], ranked[-1])
