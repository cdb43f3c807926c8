"""A numeric covariate that may be a code is read at values subjects have, not at quartiles
(statistician N, session 7: BodyWeight's Diet 1 to 3 gave rates at "Diet = 1.5" and "Diet = 2.25")."""

from __future__ import annotations

import numpy as np

from reportgen.analysis.coded_covariate import reading_values


def test_bodyweights_diet_is_read_at_1_2_and_3() -> None:
    diet = np.repeat([1.0, 2.0, 3.0], [88, 44, 44])  # BodyWeight's rows per diet
    assert float(np.median(diet)) == 1.5 and np.quantile(diet, 0.75) == 2.25
    assert reading_values([1.0, 2.0, 3.0], float(np.median(diet))) == [1.0, 2.0, 3.0]


def test_a_skewed_code_keeps_its_ends_once() -> None:
    assert reading_values([1.0, 2.0, 3.0, 4.0], 1.0) == [1.0, 4.0]
    assert reading_values([0.0, 5.0, 10.0, 20.0], 9.0) == [0.0, 10.0, 20.0]
