"""The random terms the refits with every level use (reportgen.analysis.outer_levels): the
multilevel model's own, on internal names, with its slopes where it keeps them."""

from __future__ import annotations

import dataclasses

from reportgen.analysis.multilevel import GroupEstimate, LevelShare, MultilevelFit, RandomSD
from reportgen.analysis.outer_levels import random_terms


def fit(random: dict[str, dict[str, RandomSD]], within: tuple[str, ...] = ()) -> MultilevelFit:
    return MultilevelFit(
        formula="",
        response="score",
        time="month",
        levels=("site", "patient"),
        within=within,
        loglik=0.0,
        fixed={},
        f_tests={},
        random=random,
        correlations={},
        n_groups={},
        residual_sd=1.0,
        singular=False,
        simplified={},
        shares={"Residual": LevelShare(1.0, 1.0)},
        t_mean=0.0,
        top_term="level",
        top_groups={"S1": GroupEstimate(0.0, -1.0, 1.0)},
        new_group_level=(-1.0, 1.0),
        new_group_slope=None,
    )


SD = RandomSD(1.0)


def test_slopes_where_the_multilevel_model_keeps_them() -> None:
    both = fit({"site": {"(Intercept)": SD, "month": SD}, "site:patient": {"(Intercept)": SD, "month": SD}})
    assert random_terms(both) == (("l0", "l0:l1"), frozenset({"l0", "l0:l1"}))
    inner = dataclasses.replace(both, random={**both.random, "site": {"(Intercept)": SD}})
    assert random_terms(inner) == (("l0", "l0:l1"), frozenset({"l0:l1"}))


def test_a_subject_condition_term_comes_along() -> None:
    with_side = fit(
        {
            "site": {"(Intercept)": SD},
            "site:patient": {"(Intercept)": SD},
            "site:patient:Side": {"(Intercept)": SD},
        },
        within=("Side",),
    )
    assert random_terms(with_side) == (("l0", "l0:l1", "l0:l1:c0"), frozenset())
