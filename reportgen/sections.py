"""The registry of the report's sections: each declared once, in the order the report shows them.

A section is one unit of the report: its anchor, title, part (seminar, further, appendix), when it
applies, the ``results.json`` keys it owns, the interpretation sentences and figures it shows, how
the going-further introduction names it, and the partial that renders it. Everything that lists
sections follows from :data:`SECTIONS`: the numbering ("Question 3", "Going further 2"), the
contents, the introduction's list of going-further sections, the order of the figures, and the
figure names a build may write (:data:`FIGURE_NAMES`).

Every section brings its stages as hooks, ``"module:function"`` names resolved when a build runs
(so this module imports no stage, and every stage may read it). A section's words, figures and alt
texts are found only through its entry: :func:`reportgen.narrative.interpret`,
:func:`reportgen.figures.figure_jobs` and :func:`reportgen.narrative.figure_alt_texts` iterate the
registry. A section that computes its own result (``compute``) hands that result to its hooks; the
seminar's questions and the older going-further sections, whose results live in
:class:`reportgen.analysis.Analysis`, hand them the analysis:

- ``compute(data, analysis, config)`` -> a frozen result, put into ``results.json`` under
  ``results[0]``;
- ``words(result, labels, decimals)``, or ``words(analysis, data, config)`` ->
  ``{sentence key: [Sentence, ...]}``;
- ``draw(frame, result, labels)``, or ``draw(frame, analysis, labels, decimals)`` ->
  ``[FigureJob, ...]``;
- ``alt(result, labels, decimals)``, or ``alt(analysis, labels, decimals)`` ->
  ``{figure name: alt text}``.

A repeated section's hooks answer for every instance (``covariate:{column}`` sentences, one figure
per column).

Adding a section then means its computation, its words, its figure, its partial and one line here.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig, Labels

# The parts of a report, in order, and how a section of each is numbered ("" : not numbered).
PARTS = {"seminar": "Question", "further": "Going further", "appendix": ""}
# In a figure name or title, what a repeated section's parameter stands for.
SLUG = "{slug}"


def always(results: Mapping[str, Any]) -> bool:
    """Every report has this section."""
    return True


def has_trend(results: Mapping[str, Any]) -> bool:
    """The trend test needs at least 3 distinct times (results' ``trend`` is null otherwise)."""
    return bool(results.get("trend"))


def unusual_outcome(results: Mapping[str, Any]) -> bool:
    """The outcome check speaks only when the response is not continuous (binary or a count)."""
    outcome = results.get("outcome") or {}
    return outcome.get("kind") in ("binary", "count")


def has_glmm(results: Mapping[str, Any]) -> bool:
    """A binomial or Poisson response brings its GLMMs (results' ``glmm`` is null otherwise)."""
    return bool(results.get("glmm"))


def gaussian(results: Mapping[str, Any]) -> bool:
    """The section describes a linear mixed model's residuals or R², which a GLMM has not."""
    return not has_glmm(results)


def has_linear_trend(results: Mapping[str, Any]) -> bool:
    """The trend test of a linear mixed model (:func:`has_trend`, and not a GLMM's report)."""
    return has_trend(results) and gaussian(results)


def has_levels(results: Mapping[str, Any]) -> bool:
    """Subjects nested in groups (``--group site/patient``) bring the model at every level."""
    return bool(results.get("multilevel"))


def has_level_pooling(results: Mapping[str, Any]) -> bool:
    """An outer or crossed grouping brings partial pooling at every level."""
    return bool(results.get("level_pooling"))


def covariate_columns(results: Mapping[str, Any]) -> tuple[str, ...]:
    """One covariate section per covariate column the report was given."""
    return tuple(results.get("covariates") or {})


def glmm_covariate_columns(results: Mapping[str, Any]) -> tuple[str, ...]:
    """One GLMM covariate section per covariate column of a binomial or Poisson report."""
    return tuple(((results.get("glmm") or {}).get("covariates") or {}).get("effects") or {})


@dataclass(frozen=True)
class Section:
    """One unit of the report, declared once (see the module docstring).

    ``title``, ``intro`` and ``figures`` may hold ``{groups}`` (the plural group noun, filled in by
    the template) and, in a repeated section, ``{param}`` (its covariate column) and ``{slug}``.
    """

    key: str  # the HTML anchor
    title: str
    template: str  # the partial, under templates/
    part: str = "seminar"
    results: tuple[str, ...] = ()  # the results.json keys it owns
    sentences: tuple[str, ...] = ()  # the keys of its interpretation sentences
    figures: tuple[str, ...] = ()  # the names of its figures, in the order it shows them
    intro: str = ""  # how the going-further introduction names it
    applies: Callable[[Mapping[str, Any]], bool] = always
    repeat: Callable[[Mapping[str, Any]], tuple[str, ...]] | None = None  # one section per value
    compute: str = ""  # hooks: "module:function", see the module docstring
    words: str = ""
    draw: str = ""
    alt: str = ""
    param: str = ""  # what a repeated section is about (a covariate column), visible to its partial


def _further(key: str, title: str, template: str, **fields: Any) -> Section:
    return Section(key, title, f"further/{template}", "further", **fields)


# The report's units in order. Adding a section: write its partial and its stages, and list it here.
SECTIONS: tuple[Section, ...] = (
    Section(
        "q1",
        "data overview",
        "questions/q1_overview.html.j2",
        results=("data", "describe"),
        sentences=("q1",),
        figures=("histogram",),
        words="reportgen.narrative.seminar:q1_words",
        draw="reportgen.figures.seminar:q1_figures",
        alt="reportgen.narrative.seminar:q1_alt",
    ),
    Section(
        "q2",
        "exploring the relationship",
        "questions/q2_relationship.html.j2",
        sentences=("q2", "response_coding"),
        figures=("scatter",),
        words="reportgen.narrative.seminar:q2_words",
        draw="reportgen.figures.seminar:q2_figures",
        alt="reportgen.narrative.seminar:q2_alt",
    ),
    Section(
        "q3",
        "one regression line for everyone",
        "questions/q3_regression.html.j2",
        results=("ols", "first_subjects"),
        sentences=("q3", "q3_reflection", "q3_subjects"),
        figures=("ols_fit", "subject_lines"),
        words="reportgen.narrative.seminar:q3_words",
        draw="reportgen.figures.seminar:q3_figures",
        alt="reportgen.narrative.seminar:q3_alt",
    ),
    Section(
        "q4",
        "two {groups}, two lines",
        "questions/q4_subjects.html.j2",
        results=("subject_fits", "subject_pair"),
        sentences=("q4",),
        figures=("pair_first", "pair_second"),
        words="reportgen.narrative.seminar:q4_words",
        draw="reportgen.figures.seminar:q4_figures",
        alt="reportgen.narrative.seminar:q4_alt",
    ),
    Section(
        "q5",
        "a random-intercept mixed model",
        "questions/q5_mixed.html.j2",
        results=("random_intercept", "headline"),
        sentences=("q5", "q5_effects", "q5_note"),
        words="reportgen.narrative.seminar:q5_words",
    ),
    Section(
        "q6",
        "{groups} compared in the mixed model",
        "questions/q6_compare.html.j2",
        results=("mixed_pair",),
        sentences=("q6",),
        figures=("mixed_pair",),
        words="reportgen.narrative.seminar:q6_words",
        draw="reportgen.figures.seminar:q6_figures",
        alt="reportgen.narrative.seminar:q6_alt",
    ),
    _further(
        "g-outcome",
        "what kind of response is this?",
        "outcome.html.j2",
        results=("outcome",),
        sentences=("g_outcome",),
        figures=("outcome_fitted",),
        intro="whether the response suits a linear model",
        applies=unusual_outcome,
        compute="reportgen.analysis.outcome:check_outcome",
        words="reportgen.narrative.outcome:outcome_sentences",
        draw="reportgen.figures.outcome:outcome_figures",
        alt="reportgen.narrative.outcome:outcome_alt_texts",
    ),
    _further(
        "g-family",
        "a model for this kind of response",
        "family.html.j2",
        results=("glmm", "family"),
        sentences=("g_family",),
        figures=("family_curve",),
        intro="a generalized linear mixed model that suits the response",
        applies=has_glmm,
        compute="reportgen.analysis.glmm:glmm_section",
        words="reportgen.narrative.family:family_words",
        draw="reportgen.figures.family:family_figures",
        alt="reportgen.narrative.family:family_alt",
    ),
    _further(
        "g1",
        "random slopes",
        "g1_random_slopes.html.j2",
        results=("random_slope",),
        sentences=("g_slopes_prompt", "g_slopes", "g_start"),
        intro="random slopes",
        words="reportgen.narrative.further:slopes_words",
        applies=gaussian,
    ),
    _further(
        "g2",
        "which model do the data support?",
        "g2_comparison.html.j2",
        results=("comparison", "model_choice"),
        sentences=("g_compare", "g_choice"),
        intro="a formal model comparison",
        words="reportgen.narrative.further:comparison_words",
        applies=gaussian,
    ),
    _further(
        "g-trend",
        "is the trend straight?",
        "trend.html.j2",
        results=("trend",),
        sentences=("g_trend", "g_trend_verdict", "g_trend_shapes_prompt"),
        figures=("trend",),
        intro="whether the trend is straight",
        applies=has_linear_trend,
        words="reportgen.narrative.model:trend_words",
        draw="reportgen.figures.trend:trend_figures",
        alt="reportgen.narrative.model:trend_alt",
    ),
    _further(
        "g-covariate-{slug}",
        "does {param} change the trajectory?",
        "covariate.html.j2",
        results=("covariates",),
        sentences=("covariate:{param}",),
        figures=("covariate_{slug}",),
        intro="whether {param} changes the trajectory",
        repeat=covariate_columns,
        words="reportgen.narrative.model:covariate_words",
        draw="reportgen.figures.covariates:covariate_figures",
        alt="reportgen.narrative.model:covariate_alt",
        applies=gaussian,
    ),
    _further(
        "g-glmm-covariate-{slug}",
        "how does {param} change the response?",
        "family_covariate.html.j2",  # its numbers are glmm.covariates (the family section's)
        sentences=("glmm_covariate:{param}",),
        intro="how {param} changes the response in the GLMM",
        repeat=glmm_covariate_columns,
        words="reportgen.narrative.family_covariates:glmm_covariate_words",
        applies=has_glmm,
    ),
    _further(
        "g3",
        "how much is between {groups}?",
        "g3_between.html.j2",
        sentences=("g_between",),
        intro="how much variance lies between {groups}",
        words="reportgen.narrative.further:between_words",
        applies=gaussian,
    ),
    _further(
        "g4",
        "partial pooling, seen",
        "g4_pooling.html.j2",
        results=("pooling",),
        sentences=("g_pooling", "g_caterpillar"),
        figures=("shrinkage", "small_multiples", "caterpillar"),
        intro="partial pooling made visible",
        words="reportgen.narrative.further:pooling_sentences",
        draw="reportgen.figures.further:pooling_figures",
        alt="reportgen.narrative.further:pooling_alt",
        applies=gaussian,
    ),
    _further(
        "g-levels",
        "the model at every level",
        "levels.html.j2",
        results=("multilevel",),
        sentences=("g_levels", "g_levels_test", "g_levels_subjects"),
        figures=("level_caterpillar",),
        intro="the variation at each level, nested or crossed, and what to expect for a new group",
        applies=has_levels,
        compute="reportgen.analysis.multilevel:multilevel_section",
        words="reportgen.narrative.multilevel:multilevel_words",
        draw="reportgen.figures.multilevel:multilevel_figures",
        alt="reportgen.narrative.multilevel:multilevel_alt",
    ),
    _further(
        "g-level-pooling",
        "partial pooling at every level",
        "level_pooling.html.j2",
        results=("level_pooling",),
        sentences=("g_level_pooling_prompt", "g_level_pooling", "g_level_checks"),
        figures=("level_pooling", "level_subject_effects", "level_effects_qq"),
        intro="partial pooling with every level, and each level's random effects checked",
        applies=has_level_pooling,
        compute="reportgen.analysis.level_pooling:level_pooling_section",
        words="reportgen.narrative.level_pooling:level_pooling_words",
        draw="reportgen.figures.level_pooling:level_pooling_figures",
        alt="reportgen.narrative.level_pooling:level_pooling_alt",
    ),
    _further(
        "g5",
        "diagnostics",
        "g5_diagnostics.html.j2",
        results=("diagnostics", "influence", "waves", "residual_waves"),
        sentences=("g_diagnostics", "g_influence"),
        figures=("residuals", "residual_checks", "spread", "effects_qq"),
        intro="model diagnostics, with the influence of single {groups}",
        words="reportgen.narrative.further:diagnostics_words",
        draw="reportgen.figures.further:diagnostics_figures",
        alt="reportgen.narrative.further:diagnostics_alt",
        applies=gaussian,
    ),
    Section(
        "appendix",
        "Appendix: reproducibility",
        "appendix/reproducibility.html.j2",
        "appendix",
        results=("report", "fits", "models", "provenance"),
        sentences=("method", "fit_method"),
        words="reportgen.narrative.model:method_words",
    ),
    Section("references", "References", "appendix/references.html.j2", "appendix"),
)


def _slug(text: str, separator: str) -> str:
    from slugify import slugify

    return slugify(text, separator=separator) or "column"


def covariate_figure_names(columns: Iterable[str]) -> dict[str, str]:
    """File stem of each covariate's figure: slugs of the names (they come from data), made unique
    ("x y" and "x-y" both slug to x_y: the second becomes x_y_2)."""
    names: dict[str, str] = {}
    for column in columns:
        base = name = "covariate_" + _slug(column, "_")
        number = 2
        while name in names.values():
            name, number = f"{base}_{number}", number + 1
        names[column] = name
    return names


def _instances(section: Section, results: Mapping[str, Any]) -> Iterator[Section]:
    """The section as this report has it: none, one, or one per value of a repeated section."""
    if not section.applies(results):
        return
    if section.repeat is None:
        yield section
        return
    columns = section.repeat(results)
    figure_names = covariate_figure_names(columns)
    for column in columns:
        slug = figure_names[column].removeprefix("covariate_")
        yield replace(
            section,
            key=section.key.replace(SLUG, slug.replace("_", "-")),  # unique, as the figure names
            title=section.title.replace("{param}", column),
            intro=section.intro.replace("{param}", column),
            sentences=tuple(s.replace("{param}", column) for s in section.sentences),
            figures=tuple(f.replace(SLUG, slug) for f in section.figures),
            param=column,
        )


def sections_for(results: Mapping[str, Any]) -> tuple[Section, ...]:
    """The sections of this report, in order, numbered within their part."""
    numbered = []
    counts = dict.fromkeys(PARTS, 0)
    for section in SECTIONS:
        for shown in _instances(section, results):
            counts[shown.part] += 1
            prefix = PARTS[shown.part]
            title = f"{prefix} {counts[shown.part]}: {shown.title}" if prefix else shown.title
            numbered.append(replace(shown, title=title))
    return tuple(numbered)


def figure_order(sections: tuple[Section, ...]) -> dict[str, int]:
    """Each figure's place in the report: the order of the sections that show them."""
    names = [name for section in sections for name in section.figures]
    return {name: place for place, name in enumerate(names)}


def resolve(hook: str) -> Callable[..., Any]:
    """The function a hook names (``"module:function"``)."""
    module, _, name = hook.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


def compute_sections(data: CleanData, analysis: Analysis, config: BuildConfig) -> dict[str, Any]:
    """The results of the sections that compute their own, by their first ``results`` key (a
    section whose computation gives None has nothing to show in this report)."""
    computed = {
        section.results[0]: resolve(section.compute)(data, analysis, config)
        for section in SECTIONS
        if section.compute
    }
    return {key: value for key, value in computed.items() if value is not None}


def result_fields(result: Any) -> dict[str, Any]:
    """A section's result as results.json holds it: its fields, but those marked ``results: False``
    (also in the results it holds)."""
    return {
        f.name: _plain(getattr(result, f.name)) for f in fields(result) if f.metadata.get("results", True)
    }


def _plain(value: Any) -> Any:
    """A value of a result with the results it holds (dataclasses, alone or in a dict) as dicts."""
    if is_dataclass(value) and not isinstance(value, type):
        return result_fields(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _hooked(hook: str, computed: Mapping[str, Any]) -> Iterator[tuple[Callable[..., Any], Section, Any]]:
    """Each section's ``hook`` function, in order, with the section and its own result.

    A section that computes its own result is hooked only when this report shows it (``computed``
    holds only shown ones); a section whose result lives in the analysis when this report shows it
    (the keys under :data:`SHOWN`), or always when they are not known (its hooks decide what an
    absent part, such as the trend test of two times, says), its result ``None``. A section its
    ``applies`` hides computes nothing.
    """
    keys = computed.get(SHOWN)  # None: every section's (a caller that does not know the results)
    for section in SECTIONS:
        function = getattr(section, hook)
        if not function or (keys is not None and section.key not in keys):
            continue
        if not section.compute:
            yield resolve(function), section, None
        elif section.results[0] in computed:
            yield resolve(function), section, computed[section.results[0]]


def section_sentences(
    analysis: Analysis, data: CleanData, config: BuildConfig, computed: Mapping[str, Any]
) -> dict[str, Any]:
    """The interpretation sentences of every section, in the registry's order."""
    labels, decimals = config.labels, config.decimals
    sentences: dict[str, Any] = {}
    for words, section, result in _hooked("words", computed):
        sentences |= words(result, labels, decimals) if section.compute else words(analysis, data, config)
    return sentences


def section_alt_texts(
    analysis: Analysis, labels: Labels, decimals: int, computed: Mapping[str, Any]
) -> dict[str, str]:
    """The alt texts of every section's figures."""
    texts: dict[str, str] = {}
    for alt, section, result in _hooked("alt", computed):
        texts |= alt(result if section.compute else analysis, labels, decimals)
    return texts


def section_figures(
    frame: Any, analysis: Analysis, labels: Labels, decimals: int, computed: Mapping[str, Any]
) -> list[Any]:
    """The figure jobs of every section, in the registry's order."""
    return [
        job
        for draw, section, result in _hooked("draw", computed)
        for job in (
            draw(frame, result, labels) if section.compute else draw(frame, analysis, labels, decimals)
        )
    ]


# In the mapping shown_results gives: the registry keys of the sections this report shows.
SHOWN = "__shown_sections__"


def shown_results(computed: Mapping[str, Any], results: Mapping[str, Any]) -> dict[str, Any]:
    """Of the sections' own results, those of the sections this report shows (their predicates),
    and under :data:`SHOWN` the registry keys of every section shown (figures are drawn for those)."""
    shown = {key for section in sections_for(results) for key in section.results}
    keys = tuple(section.key for section in SECTIONS if any(True for _ in _instances(section, results)))
    return {key: value for key, value in computed.items() if key in shown} | {SHOWN: keys}


def _figure_pattern(name: str) -> str:
    return re.escape(name).replace(re.escape(SLUG), "[A-Za-z0-9_]+")


# The names of every figure a report may draw (a repeated section's by pattern): a rebuild replaces
# figures/ as a whole, so a file there of another name is someone else's.
FIGURE_NAMES = "|".join(_figure_pattern(name) for section in SECTIONS for name in section.figures)
