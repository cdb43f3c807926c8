"""The outer groups' own random slopes in the model the headline's slope is read from, said right
after that slope (statistician P 4, session 7: the nested study's headline model
``score ~ month + (month | clinic) + (month | clinic:patient)`` keeps the clinics' slopes, chi-square
15.5, SD 0.42, correlation 0.80, and the report never said so, while the model with arm left them
out). Its keys: ``multilevel`` when the headline reads the model stood on, else
``models.multilevel_no_covariates`` (``slope_tests`` and ``correlations`` there since 1.7). One
whole message each (docs/development.md "Languages"), German entries in
reportgen/locale/de/LC_MESSAGES/reportgen.po.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.i18n import gettext as _
from reportgen.narrative.sentence import Num, Sentence, filled, num

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.config import Labels


def top_slopes_words(
    model: tuple[str, ...], tops: str, term: str, column: str, time: str, rate: str, correlated: bool
) -> Sentence:
    """The random slopes of the outer groups (``tops``, grouping ``term``) kept in the headline's
    model (results keys under ``model``; ``column``: the time column, the slope's key): their test,
    their SD and, when ``correlated``, their correlation with the groups' levels where ``time`` is 0."""
    test = (*model, "slope_tests", term)
    values: dict[str, str | Num] = {
        "tops": tops,
        "term": term,
        "chisq": num(*test, "chisq"),
        "df": num(*test, "df", style="int"),
        "p": num(*test, "p", style="p_eq"),
        "sd": num(*model, "random", term, column, "sd"),
        "rate": rate,
    }
    if not correlated:
        return filled(
            _(
                "In that model the %(tops)s keep random slopes of their own (%(term)s: chi-square = "
                "%(chisq)s on %(df)s df, p %(p)s, boundary-corrected): they spread around the average "
                "slope with a standard deviation of %(sd)s %(rate)s."
            ),
            **values,
        )
    return filled(
        _(
            "In that model the %(tops)s keep random slopes of their own (%(term)s: chi-square = "
            "%(chisq)s on %(df)s df, p %(p)s, boundary-corrected): they spread around the average "
            "slope with a standard deviation of %(sd)s %(rate)s, correlated %(corr)s with their levels "
            "at %(time)s 0."
        ),
        corr=num(*model, "correlations", term),
        time=time,
        **values,
    )


def headline_top_slopes(a: Analysis, labels: Labels) -> list[Sentence]:
    """The sentence above for the headline's model with every level when its outer groups keep
    random slopes its rule tested; [] with one grouping, or when they have none."""
    from reportgen.analysis.headline_levels import NO_COVARIATES, headline_entry
    from reportgen.words import noun, plural

    fit, stood = a.headline_multilevel, a.multilevel
    if fit is None or stood is None:
        return []
    term = fit.levels[0]  # the outermost grouping: its own term, nested or crossed
    if term not in fit.slope_tests or fit.time not in fit.random.get(term, {}):
        return []
    model = ("multilevel",) if headline_entry(stood, fit) == "multilevel" else ("models", NO_COVARIATES)
    correlated = fit.correlations.get(term) is not None
    return [
        top_slopes_words(model, plural(term), term, fit.time, noun(labels.time), labels.rate(), correlated)
    ]
