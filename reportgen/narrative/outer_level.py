"""What a section on one grouping says when the subjects are nested in an outer level (sites).

With ``--group site/patient`` the report stands on the model with every level (section g-levels,
``models.multilevel``): the headline and the covariate sections' F tests, differences and
intervals read it. The seminar's own steps (questions 5 and 6) and the going-further sections on
the subjects' random effects group by ``site:patient`` only; each of them says plainly which model
it describes and where the site-level numbers are (issue 24, review H), and a covariate section
says which of its tests are the one-grouping model's: it says less, never something false.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportgen.narrative.level_names import joined, levels_named
from reportgen.words import noun, plural

# The sections whose models group the subjects within the outer level but have no level of their
# own for it (the data, the per-subject lines and the model at every level are not among them).
ONE_GROUPING_SECTIONS = frozenset(
    {"q5", "q6", "g-family", "g1", "g2", "g-trend", "g3", "g4", "g5", "diagnostics"}
)
ONE_GROUPING_PREFIXES = ("g-glmm-covariate-",)
# Of those, the sections whose own first sentence says which model they read and that it leaves the
# outer level out (slopes_model_line, the shares' "Without the site level", pooling_model_line,
# checks_model_line): the note under the heading would say it a second time.
SAY_THEIR_MODEL = frozenset({"g1", "g3", "g4", "g5", "diagnostics"})
# The sections whose tests, differences and intervals read the model with every level, while their
# likelihood-ratio tests and random-effects part compare models on one grouping.
EVERY_LEVEL_PREFIXES = ("g-covariate-",)


def reads_one_grouping(key: str) -> bool:
    """Whether the section ``key`` stands on a model with one grouping (no outer level)."""
    return key in ONE_GROUPING_SECTIONS or key.startswith(ONE_GROUPING_PREFIXES)


def takes_outer_note(key: str) -> bool:
    """Whether the section ``key`` carries a note under its heading when the subjects are nested:
    one per section, so not where its own sentences already name the model (:data:`SAY_THEIR_MODEL`)."""
    return (reads_one_grouping(key) and key not in SAY_THEIR_MODEL) or reads_every_level(key)


# The section whose last sentence gives the headline slope of the model with every level (Going
# further 2, when ``headline.stands_on`` is one): a note that its models have no outer level would
# sit above a sentence that has one (statistician P 4, session 7).
HEADLINE_SECTION = "g2"


def noted_sections(sections: Iterable[tuple[str, str]], every_level_headline: bool) -> tuple[str, ...]:
    """The sections, given as (key, part) in the report's order, that carry the note under their
    heading: each covariate section (its note says which of its tests read which model), and of the
    sections on one grouping only the first in each part (questions, going further) that takes a
    note, skipping the headline's section when its slope reads the model with every level (once per
    part, not four times, and never above a sentence with the outer level: statistician P 4)."""
    noted: list[str] = []
    parts: set[str] = set()
    for key, part in sections:
        if reads_every_level(key):
            noted.append(key)
        elif takes_outer_note(key) and part not in parts:
            if every_level_headline and key == HEADLINE_SECTION:
                continue
            parts.add(part)
            noted.append(key)
    return tuple(noted)


def reads_every_level(key: str) -> bool:
    """Whether the section ``key`` makes its tests from the model with every level (a covariate's)."""
    return key.startswith(EVERY_LEVEL_PREFIXES)


def every_level_note(outer: str, group: str, levels_section: str) -> str:
    """The note under a covariate section when the subjects are nested: "" without an outer level.

    Args: as :func:`outer_level_note`.
    """
    if not outer:
        return ""
    site = noun(outer.split("/")[-1])
    named = levels_named(outer.split("/"))
    term = ":".join((*outer.split("/"), group))
    model = f"the model of {levels_section}" if levels_section else "the model with every level"
    return (
        f"This section's F tests, differences and intervals come from {model}, with the {named} "
        f"and the {plural(group)} within their {site} ({term}), and so does its test of random slopes; "
        f"its likelihood-ratio test of the interaction with the trend and the {plural(group)}' random "
        f"effects compare models without the {named}."
    )


def outer_level_note(outer: str, group: str, levels_section: str) -> str:
    """The note under such a section's heading: "" without an outer level.

    Args:
        outer: the outer grouping columns joined by "/" ("site"), "" when there is none.
        group: the subjects' label ("patient").
        levels_section: the name of the section with every level ("Going further 7"), "" when the
            report has none.
    """
    if not outer:
        return ""
    sites = joined([plural(level) for level in outer.split("/")])
    site = noun(outer.split("/")[-1])
    named = levels_named(outer.split("/"))
    term = ":".join((*outer.split("/"), group))
    where = (
        f" {levels_section} fits the {named}: read the fixed effects, tests and intervals there."
        if levels_section
        else ""
    )
    return (
        f"This section's models group the {plural(group)} within their {site} ({term}) but have no "
        f"{named}: their standard errors leave out how the {sites} differ.{where}"
    )


def every_level_slope_lead(
    top: str,
    shape: str,
    covariates: tuple[str, ...] = (),
    over: bool = False,
    formula: str = "",
    source: str = "line",
) -> str:
    """How the headline slope is introduced when the subjects are nested: its numbers are the
    straight line's with the random terms of every level (``analysis.stood_on_line``), or on a curve
    (``source`` "curve", ``analysis.headline``) the curve's average rate with those random terms,
    not the one-grouping model's the section describes (``top``: the outermost level's label).

    With covariates that line (or curve) is not the model stood on: the lead names it (``formula``)
    and the covariates it leaves out; ``over`` (the stood-on model has time x covariate, so its
    slopes differ by level): the slope is said to be pooled across them.
    """
    line = (
        "the average slope"
        if shape == "linear"
        else "the curve's average rate over the observed times (its change from the first to the last, "
        "over the range)"
        if source == "curve"
        else "a straight line's average slope"
    )
    if not covariates:
        return f"With the {noun(top)} level added (the model at every level), {line} is "
    names = " and ".join(covariates)
    pooled = f", pooled across {names}," if over else ""
    model = f" ({formula})" if formula else ""
    return f"Leaving {names} out of the model at every level{model}, {line}{pooled} is "


def line_formula(formula: str, time: str) -> str:
    """The straight line with the random terms of the model with every level (its ``formula``);
    ``time`` may be a curve's term (``splines::ns(month, 3)``): that curve with those random terms."""
    response, rest = formula.split(" ~ ", 1)
    _, _, random = rest.partition(" + (")
    return f"{response} ~ {time}" + (f" + ({random}" if random else "")


def pooling_model_line(model: str, levels: tuple[str, ...], group: str) -> str:
    """Which model the partial pooling reads when the subjects are nested (``levels``: the grouping
    columns, outermost first; ``model``: its name): one without the outer levels, so each subject
    is pulled toward the population line, not toward its own group's."""
    top, without = noun(levels[0]), levels_named(levels[:-1])
    return (
        f"The pooling below reads the {model} on {':'.join(levels)} alone, without the {without} "
        f"of the model the report stands on: each {noun(group)} is pulled toward the population "
        f"line, not toward its {top}'s (the section on partial pooling at every level pulls it "
        f"toward its {top}'s)."
    )


def slopes_model_line(model: str, levels: tuple[str, ...], group: str) -> str:
    """Which model the section on random slopes fits when the subjects are nested: the seminar's
    step on one grouping, not the model the report stands on (whose own slopes and levels are in the
    section on every level); every number of the section is this model's."""
    without, tops = levels_named(levels[:-1]), joined([plural(level) for level in levels[:-1]])
    return (
        f"This section fits the {model} on {':'.join(levels)} alone, without the {without} of the "
        f"model the report stands on, to show what each {noun(group)}'s own slope adds: every number "
        f"below is that model's, or the random-intercept model's on the same grouping where the two "
        f"are compared, and both count the {tops}' differences as the {plural(group)}'."
    )


def checks_model_line(model: str, levels: tuple[str, ...], group: str) -> str:
    """Which model the residual checks and the influence refits read when the subjects are nested:
    one without the outer levels, which counts the outer groups' differences as the subjects'."""
    without, tops = levels_named(levels[:-1]), joined([plural(level) for level in levels[:-1]])
    return (
        f"The checks below (residuals, random effects and each {noun(group)} left out) read the "
        f"{model} on {':'.join(levels)} alone, without the {without} of the model the report "
        f"stands on: there the {tops}' differences count as the {plural(group)}'."
    )


def study_estimates_note(
    levels: tuple[str, ...], group: str, time: str, crossed: bool, covariates: bool
) -> str:
    """The one note of the study report's estimates on the numbers there that stand on one grouping
    (statistician P 2, session 7): the test of the squared time and the shapes' AICs fit the subjects
    alone, and so, with nested subjects, does a covariate's likelihood-ratio test of its interaction
    with the trend; the rest reads the model with every level. ``levels``: the grouping columns,
    outermost first; ``group``: the subjects' label; ``time``: the time's label."""
    from reportgen.i18n import gettext as _

    values = {
        "top": levels_named(levels[:-1]),
        "time": noun(time),
        "groups": plural(group),
        "term": ":".join(levels),
    }
    if crossed or not covariates:
        return _(
            "The test of %(time)s squared and the comparison of shapes by AIC fit the %(groups)s alone "
            "(%(term)s), without the %(top)s; the other tests, estimates and intervals in this "
            "chapter read the model with every level."
        ) % (values | {"term": levels[-1]} if crossed else values)
    return (
        _(
            "The test of %(time)s squared, the comparison of shapes by AIC and the likelihood-ratio tests "
            "of the interactions with the trend fit the %(groups)s alone (%(term)s), without the %(top)s; "
            "the other tests, estimates and intervals in this chapter read the model with every level."
        )
        % values
    )
