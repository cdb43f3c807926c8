"""The seminar's model choice when the one-grouping test and the model with every level disagree
on the subjects' random slopes (statistician P 1, session 7).

The seminar teaches the test on the subjects alone ("The data support the random-intercept model
..."); the headline's slope is then read from the model with every level, whose own test may keep
the slopes the one-grouping test left out (raters crossed with subjects: 3.96, p = 0.092 alone;
13.13, p < 0.001 with the rater level) or the reverse. Then the next sentence says what that model
did, with its test and the slopes' SD. Each sentence is one whole message (docs/development.md
"Languages"), with its German entry in reportgen/locale/de/LC_MESSAGES/reportgen.po.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun, label_plural
from reportgen.narrative.sentence import Sentence, filled, num

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.config import Labels


def one_grouping_named(levels: tuple[str, ...], crossed: bool, group: str) -> str:
    """The lead that names the seminar's one-grouping test when the subjects sit in other levels
    (``levels``: the grouping columns, the subjects' last; ``crossed``: the others cross them), so
    its verdict is not read as the model the report stands on (statistician P, session 8: the
    study report's "The data support the random-slope model" was the test without the clinic
    level); "" with one grouping."""
    if len(levels) < 2:
        return ""
    from reportgen.narrative.level_names import levels_named

    term = levels[-1] if crossed else ":".join(levels)
    return f"on the {label_plural(group)} alone ({term}, without the {levels_named(levels[:-1])}), "


def every_level_slopes_words(
    kept: bool,
    test: tuple[str, ...] | None,
    sd: tuple[str, ...],
    top: str,
    groups: str,
    term: str,
    rate: str,
    singular: bool = False,
) -> Sentence:
    """What the model with every level (``top``: its outer level) did with the slopes of the
    subjects (``groups``, grouping ``term``) that the one-grouping test decided otherwise: ``kept``
    them, with their SD (results key ``sd``) and, when the key of its test is given (``test``), the
    likelihood-ratio test; or left out: by its test (without its key: a model whose tests
    results.json does not record), or untested by a singular fit (``singular``)."""
    values = {"top": top, "groups": groups, "term": term}
    if kept and test is None:
        return filled(
            _(
                "That is the test without the %(top)s level. The model with every level, whose "
                "slope the report's summaries read, keeps random slopes for %(groups)s (%(term)s): "
                "their standard deviation is %(sd)s %(rate)s."
            ),
            sd=num(*sd),
            rate=rate,
            **values,
        )
    if test is None and not singular:
        return filled(
            _(
                "That is the test without the %(top)s level. The model with every level, whose "
                "slope the report's summaries read, leaves out random slopes for %(groups)s "
                "(%(term)s): its likelihood-ratio test does not support them."
            ),
            **values,
        )
    if test is None:
        return filled(
            _(
                "That is the test without the %(top)s level. In the model with every level, whose "
                "slope the report's summaries read, random slopes for %(groups)s (%(term)s) were left "
                "out: the fit asked for more than the data hold (a singular fit)."
            ),
            **values,
        )
    tested = {
        "chisq": num(*test, "chisq"),
        "df": num(*test, "df", style="int"),
        "p": num(*test, "p", style="p_eq"),
    }
    if kept:
        return filled(
            _(
                "That is the test without the %(top)s level. With the %(top)s level in the model, "
                "whose slope the report's summaries read, %(groups)s change at different rates "
                "(random slopes for %(term)s: chi-square = %(chisq)s on %(df)s df, p %(p)s, "
                "boundary-corrected), so that model keeps their slopes, with a standard deviation of "
                "%(sd)s %(rate)s."
            ),
            sd=num(*sd),
            rate=rate,
            **tested,
            **values,
        )
    return filled(
        _(
            "That is the test without the %(top)s level. With the %(top)s level in the model, whose "
            "slope the report's summaries read, there is no clear evidence that %(groups)s change at "
            "different rates (random slopes for %(term)s: chi-square = %(chisq)s on %(df)s df, "
            "p %(p)s, boundary-corrected), so that model leaves their slopes out."
        ),
        **tested,
        **values,
    )


def every_level_slopes(a: Analysis, labels: Labels) -> list[Sentence]:
    """The sentence above for the headline's model with every level when its choice on the
    subjects' slopes differs from the one-grouping choice (``a.choice.reason``); [] when they agree
    or there is no outer level. The test is ``multilevel.slope_tests`` when the headline's model is
    the one the report stands on (no covariates); the model fitted without the covariates
    (``models.multilevel_no_covariates``) records its SDs, not its tests."""
    from reportgen.analysis.headline_levels import headline_entry
    from reportgen.analysis.subject_slope_choice import (
        one_grouping_keeps,
        subject_slopes_kept,
        subject_slopes_tested,
    )
    from reportgen.multilevel_results import subject_term

    fit = a.headline_multilevel
    if a.multilevel is None or fit is None:
        return []
    kept = subject_slopes_kept(fit)
    if kept == one_grouping_keeps(a.choice.reason):
        return []
    entry = headline_entry(a.multilevel, fit)
    term = subject_term(fit)
    stood_on = entry == "multilevel"
    test = ("multilevel", "slope_tests", term) if stood_on and subject_slopes_tested(fit) else None
    sd = (("multilevel",) if stood_on else ("models", entry)) + ("random", term, fit.time, "sd")
    groups = label_plural(labels.group, labels.group_plural)
    return [
        every_level_slopes_words(
            kept,
            test,
            sd,
            label_noun(fit.levels[0]),
            groups,
            term,
            labels.rate(),
            singular=not subject_slopes_tested(fit),
        )
    ]
