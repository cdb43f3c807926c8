"""A covariate's test of random slopes, said of the model the report stands on when the subjects
are nested in (or crossed with) another grouping (statistician P 2, session 7).

The covariate model's own test (``covariates.<c>.random_slope_lrt``) compares fits on the subjects
alone: on the nested study χ² = 35.24 (R: 35.2441) where the model with arm and the clinic level,
the one stood on, gives 33.18 (``multilevel.slope_tests``, the test the model chapter prints). With an
outer level the sentence and the covariate table read that test; without one, nothing changes. One
whole message (docs/development.md "Languages"), its German entry in
reportgen/locale/de/LC_MESSAGES/reportgen.po.
"""

from __future__ import annotations

from reportgen.i18n import gettext as _
from reportgen.narrative.sentence import Sentence, filled, num


def every_level_slope_test(covariates: str, top: str, groups: str, term: str, verdict: str) -> Sentence:
    """The random slopes of ``groups`` (grouping ``term``) tested in the model with ``covariates``
    and the ``top`` level (results key ``multilevel.slope_tests.<term>``), then ``verdict`` (what
    the test says once the covariates are in: :func:`reportgen.narrative.model_rules.explained_away`)."""
    test = ("multilevel", "slope_tests", term)
    return filled(
        _(
            "In the model the report stands on, with %(covariates)s and the %(top)s level, the random "
            "slopes of %(groups)s (%(term)s) give χ² = %(chisq)s on %(df)s df (boundary-corrected "
            "p %(p)s): %(verdict)s."
        ),
        covariates=covariates,
        top=top,
        groups=groups,
        term=term,
        chisq=num(*test, "chisq"),
        df=num(*test, "df", style="int"),
        p=num(*test, "p", style="p_eq"),
        verdict=verdict,
    )
