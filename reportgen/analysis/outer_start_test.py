"""The values at the first time by a covariate constant within an outer group (arm assigned by
school), tested as lmerTest tests them: ``anova(lmer(score ~ arm + (1 | school)))`` on that time's
rows, a Satterthwaite F test with a random intercept for each outer group.

The pupils of one school are not independent replicates of its arm (eighth read, nested study: 120
pupils gave F = 21.81 on 1 and 118 df; lmerTest F = 7.94 on 1 and 6 df). A one-way ANOVA of the
schools' means gives lmerTest's test only when the schools are the same size; with schools of
different sizes and pupils who left (tests/support/nested_unbalanced.py) it gave F = 9.60 on 1 and
6 df where lmerTest gives 7.91 on 1 and 6.53 (tests/crosscheck/test_lmer_f_tests.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.analysis.multilevel import grouping_terms, type3_tests
from reportgen.analysis.satterthwaite import FTest
from reportgen.errors import ModelError

if TYPE_CHECKING:
    import pandas as pd


def outer_level_test(
    rows: pd.DataFrame, column: str, kind: str, outer: tuple[str, ...], crossed: bool = False
) -> FTest | None:
    """The F test of ``column`` on ``rows`` (one time's values, with their ``outer`` groups, outermost
    first) with a random intercept for each group of each outer level; ``None`` when it cannot be
    fitted (fewer than two values of the covariate, or a fit that fails). ``crossed``: the groupings
    are crossed with the subjects (and each other), each a term of its own: patients who move
    between sites, ``anova(lmer(score ~ trt + (1 | site)))`` on the first time's rows."""
    import pandas as pd

    if rows[column].nunique() < 2:
        return None
    categorical = kind == "categorical"
    data = pd.DataFrame(
        {
            "y": rows["response"].to_numpy(float),
            "x": rows[column].astype(str) if categorical else rows[column].astype(float),
        },
        index=rows.index,
    )
    internal = tuple(f"l{k}" for k in range(len(outer)))
    for name, level in zip(internal, outer, strict=True):
        data[name] = rows[level].astype(str)
    formula = "y ~ x + " + " + ".join(f"(1 | {term})" for term in grouping_terms(internal, crossed=crossed))
    try:
        tests = type3_tests(formula, data, ("x",) if categorical else (), {})
    except ModelError:
        return None
    return next(iter(tests.values()), None)
