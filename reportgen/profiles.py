"""Report profiles: which of the registry's sections a kind of report shows, and in what layout.

The seminar's report (``--profile seminar``, what ``reportgen build`` writes by default) shows every
section of :data:`reportgen.sections.SECTIONS` with its partial: questions, solutions, code. The
study report (``--profile study``, the default of ``reportgen cohorts``) is for readers outside
the class: it answers the study's question in a few chapters, each made of registry sections, and
shows of them only their interpretation sentences, a few figures and the tables of its chapter
partial. Its words and numbers are the seminar's (the same sentence rules, the same
``results.json`` keys), so the two reports never disagree; nothing here computes a number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from reportgen.sections import SECTIONS, SHOWN
from reportgen.settings import DEFAULT_AUTHOR

if TYPE_CHECKING:
    from reportgen.config import BuildConfig, Labels
    from reportgen.narrative import Sentence
    from reportgen.sections import Section

SEMINAR, STUDY = "seminar", "study"
# The template of each profile's whole document.
LAYOUTS = {SEMINAR: "report.html.j2", STUDY: "study.html.j2"}


@dataclass(frozen=True)
class Chapter:
    """A chapter of the study report: registry sections and which of their sentences and figures it
    shows. Names are registry names; a repeated section's hold ``{slug}`` or ``{param}``."""

    key: str  # the HTML anchor
    title: str  # may hold {groups}
    sections: tuple[str, ...]  # registry keys, e.g. "g2", "g-covariate-{slug}"
    sentences: tuple[str, ...] = ()  # sentence keys, e.g. "g_choice", "covariate:{param}"
    figures: tuple[str, ...] = ()  # figure names, e.g. "trend", "covariate_{slug}"
    template: str = "study/chapter.html.j2"
    # Registry keys: the chapter shows no figure when the report has any of these sections (their
    # figure shows the same thing, and the report keeps to three or four figures).
    unless: tuple[str, ...] = ()
    # Prints intervals and tests: opens with the caveat when the checks call them wrong.
    caveat: bool = False
    # Sentence keys (shown, replaced): when the chapter shows the first, it leaves out the second.
    # With an outer level the model at every level's own test and spread of the subjects' slopes
    # stand where the one-grouping model's would (statistician N 3: 71.90 and SD 0.68 under the
    # formula of a model whose test gives 33.18 and SD 0.54).
    instead: tuple[tuple[str, str], ...] = ()


# The study report: data and design, the model and why, the estimates, the variation between
# subjects, the diagnostics' verdict, and the appendix. A chapter none of whose sections this
# report has (a GLMM's report has no linear-model diagnostics) is left out. Its figures, three or
# four for a reader outside the class: the data (left out when a covariate's figure draws every
# subject's trajectory), the average trajectory with the chosen model's line or curve (a GLMM's
# predicted response), each covariate's effect, the subjects' own lines against the model's, and
# one diagnostic (residuals against fitted values and their QQ plot).
STUDY_CHAPTERS: tuple[Chapter, ...] = (
    Chapter(
        "design",
        "Data and design",
        ("q1", "q2"),
        ("q1", "response_coding"),
        ("scatter",),
        "study/design.html.j2",
        unless=("g-covariate-{slug}",),
    ),
    Chapter(
        "model",
        "The model and why",
        ("g-outcome", "g-family", "g2", "g-levels"),
        ("g_outcome", "g_family", "g_compare", "g_levels_test"),
        ("family_curve",),
        template="study/model.html.j2",
        caveat=True,
        instead=(("g_levels_test", "g_compare"),),
    ),
    Chapter(
        "estimates",
        "Estimates",
        ("g2", "g-trend", "g-covariate-{slug}", "g-glmm-covariate-{slug}"),
        ("g_choice", "g_trend", "covariate:{param}", "glmm_covariate:{param}"),
        ("trend", "covariate_{slug}"),
        "study/estimates.html.j2",
        caveat=True,
    ),
    Chapter(
        "variation",
        "Variation between {groups}",
        ("g1", "g3", "g4", "g-levels", "g-level-pooling"),
        ("g_slopes", "g_levels_subjects", "g_between", "g_level_pooling", "g_pooling", "g_caterpillar"),
        ("small_multiples",),
        caveat=True,
        # the level pooling's count from the model stood on, not the one-grouping one (statistician R 5)
        instead=(
            ("g_levels_subjects", "g_slopes"),
            ("g_level_pooling", "g_pooling"),
            ("g_level_pooling", "g_caterpillar"),
        ),
    ),
    Chapter(
        "diagnostics",
        "Diagnostics and caveats",
        ("g5",),
        ("g_diagnostics", "g_influence"),
        ("residuals",),
    ),
    Chapter("appendix", "Appendix: reproducibility", ("appendix",), template="study/appendix.html.j2"),
)


@dataclass(frozen=True)
class ChapterView:
    """A chapter as this report has it: its registry sections shown, sentences and figures."""

    key: str
    title: str
    template: str
    sections: tuple[Section, ...]
    sentences: tuple[str, ...]
    figures: tuple[str, ...]
    caveat: bool = False


def _pattern(name: str) -> str:
    """A registry name with a repeated section's ``{slug}``/``{param}`` as a wildcard."""
    return name.replace("{slug}", "*").replace("{param}", "*")


def _matches(name: str, names: tuple[str, ...]) -> bool:
    return any(fnmatchcase(name, _pattern(n)) for n in names)


def chapter_views(sections: tuple[Section, ...], chapters: tuple[Chapter, ...]) -> tuple[ChapterView, ...]:
    """The chapters of this report from its registry sections (those it shows, in order); a chapter
    that has none of its sections is left out, and each sentence or figure is shown once."""
    views, seen = [], set()
    keys = tuple(s.key for s in sections)
    for chapter in chapters:
        shown = tuple(s for s in sections if _matches(s.key, chapter.sections))
        if not shown:
            continue
        sentences = [k for s in shown for k in s.sentences if _matches(k, chapter.sentences)]
        figures = [f for s in shown for f in s.figures if _matches(f, _figures(chapter, keys))]
        replaced = {gone for shown_key, gone in chapter.instead if shown_key in sentences}
        sentences = [k for k in dict.fromkeys(sentences) if k not in seen and k not in replaced]
        seen |= set(sentences)
        views.append(
            ChapterView(
                chapter.key,
                chapter.title,
                chapter.template,
                shown,
                tuple(sentences),
                tuple(figures),
                chapter.caveat,
            )
        )
    return tuple(views)


def _figures(chapter: Chapter, keys: Sequence[str]) -> tuple[str, ...]:
    """The figure names ``chapter`` shows in a report of the sections ``keys`` (see ``unless``)."""
    return () if any(_matches(key, chapter.unless) for key in keys) else chapter.figures


# In the mapping :func:`drawn` gives a study report: the names of the figures its chapters show (a
# repeated section's with ``{slug}``); :func:`reportgen.figures.figure_jobs` draws only those.
FIGURES = "__figures_shown__"


def drawn(shown: Mapping[str, Any], profile: str) -> dict[str, Any]:
    """``shown`` (:func:`reportgen.sections.shown_results`) with, for the study report, only the
    sections a chapter takes a figure of left to draw, and under :data:`FIGURES` the figures it
    shows (the seminar's report draws every one)."""
    if profile != STUDY:
        return dict(shown)
    figures = {section.key: section.figures for section in SECTIONS}
    keys = shown[SHOWN]
    chosen = tuple(
        name
        for chapter in STUDY_CHAPTERS
        if any(_matches(key, chapter.sections) for key in keys)
        for name in _figures(chapter, keys)
    )
    sections = tuple(key for key in keys if any(_matches(f, chosen) for f in figures[key]))
    return {**shown, SHOWN: sections, FIGURES: chosen}


def shows_figure(name: str, sections: Mapping[str, Any]) -> bool:
    """Whether a report with ``sections`` (:func:`drawn`) shows the figure ``name``."""
    return FIGURES not in sections or _matches(name, sections[FIGURES])


# How the seminar's sentences name its own parts ("the seminar's questions", "Question 6", "Going
# further"), which a study report does not have.
SEMINAR_PARTS = re.compile(r"\bseminar\b|\bQuestions? \d|\bGoing further\b", re.IGNORECASE)


def speaks_of_the_seminar(parts: Sequence[object]) -> bool:
    """Whether a sentence refers to the seminar's parts (its text, not its numbers)."""
    return any(isinstance(part, str) and SEMINAR_PARTS.search(part) for part in parts)


# Where the seminar's sentences point to its own layout ("(next section)", "the test below", "the
# table"), which the study report orders differently or does not show: each pointer, and what the
# study report says instead (the pointer dropped, or the place the reader finds the thing).
STUDY_POINTERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # "which the tests support (next section)", "the fit is singular (see below)"
        (r" \((?:next section|see (?:below|above)|listed below|the test above)\)", ""),
        (r"; see below\)", ")"),
        # "the likelihood-ratio test below", "the shape comparison below", "the random-slope fit above"
        (r"\b(tests?|comparison|models?|differences|fit|ratios and predictions) (?:below|above)\b", r"\1"),
        (r"\bthe slopes and levels above\b", "these slopes and levels"),
        (r"\bevery model and number below\b", "every model and number in this report"),
        (r" by the rule below\b", ""),
        # the seminar lists a fit's warnings in its section or its appendix; the study report in neither
        (
            r"(the warnings(?: listed)?) (?:above|in the appendix \(Model warnings\))",
            r"\1 in results.json (fits.warnings)",
        ),
        # "the type-III main effect in the table": the study report shows no tests table
        (r" in the table\b", ""),
        (r"\bthe curve the trend section describes\b", "the chosen curve"),
        (r"\bthe trend section's test\b", "the test"),
        # "this is the slope the report's summaries use": the study report has no such summaries
        (r"; this is the slope the report's summaries use as the average rate\b", "; it is the average rate"),
        (r"; this is the slope the report's summaries use\b", ""),
        (
            r"\bthis is the (rate(?: of change)?) the report's summaries use\b",
            r"this is the report's average \1",
        ),
    )
)


def without_pointers(parts: Sentence) -> Sentence:
    """A sentence with the seminar's pointers to its own layout rewritten (:data:`STUDY_POINTERS`)."""
    return tuple(_rewritten(part) if isinstance(part, str) else part for part in parts)


def _rewritten(text: str) -> str:
    for pattern, replacement in STUDY_POINTERS:
        text = pattern.sub(replacement, text)
    return text


def models_compared(labels: Labels) -> Sentence:
    """The two models the comparison names, introduced before it is read: the seminar introduces
    them in its questions (Question 5, Going further 1), which the study report does not have."""
    from reportgen.words import noun

    group, time = noun(labels.group), noun(labels.time)
    return (
        f"Its random part is chosen between the random-intercept model (each {group} a level of its "
        f"own, one shared trend) and the random-slope model (each {group} also a slope in {time} of "
        "its own).",
    )


def random_intercept_lead(labels: Labels) -> str:
    """The lead that introduces the random-intercept model inside the comparison's first sentence
    (the study report's six pages have no room for a paragraph of its own)."""
    from reportgen.words import noun

    group = noun(labels.group)
    return f"Against the random-intercept model (each {group} a level of its own, one shared trend), "


def _led(parts: Sentence, lead: str) -> Sentence:
    """A sentence with ``lead`` before it, its first word no longer the sentence's first."""
    first = parts[0]
    assert isinstance(first, str)
    return (lead + first[:1].lower() + first[1:], *parts[1:])


def _introduced(group: list[Sentence], labels: Labels, key: str) -> list[Sentence]:
    """``group`` with the models it compares introduced: the linear comparison led by
    :func:`random_intercept_lead`; a GLMM's family section with :func:`models_compared` in front
    of its random-effects choice."""
    for i, parts in enumerate(group):
        if not (parts and isinstance(parts[0], str)):
            continue
        if key == "g_compare":
            return [*group[:i], _led(parts, random_intercept_lead(labels)), *group[i + 1 :]]
        if parts[0].startswith("Random effects:"):
            return [*group[:i], (*models_compared(labels), " ", *parts), *group[i + 1 :]]
    return group


# The sentences a study report introduces the models in (the seminar does so in its questions).
STUDY_INTRODUCTIONS = ("g_compare", "g_family")


def about_a_model_not_shown(group: Sequence[Sentence]) -> bool:
    """Whether a group of sentences describes the straight-line random-slope model the report does not
    stand on (its slope 0.0037 and SD 0.00085 on Sitka, where the report stands on a spline): the
    seminar fits it to show what slopes add; the study report shows only the model it stands on."""
    from reportgen.narrative.further import SLOPES_NOT_STOOD_ON

    first = group[0] if group else ()
    return bool(first) and isinstance(first[0], str) and first[0].startswith(SLOPES_NOT_STOOD_ON)


def study_sentences(
    sentences: Mapping[str, list[Sentence]], labels: Labels | None = None
) -> dict[str, list[Sentence]]:
    """The sentences a study report shows: the seminar's, but those about the seminar's own parts,
    with pointers to the seminar's layout rewritten, and (given ``labels``) the introductions of
    :data:`STUDY_INTRODUCTIONS` before the sentences they introduce and the summary that opens the
    report (``in_brief``, :func:`reportgen.narrative.brief.in_brief`)."""
    from reportgen.narrative.brief import in_brief, intervals_caveat

    shown = {
        key: [without_pointers(s) for s in group if not speaks_of_the_seminar(s)]
        for key, group in sentences.items()
        if not about_a_model_not_shown(group)
    }
    if labels is None:
        return shown
    brief = in_brief(shown)  # the answer first, in the report's own sentences
    if brief:
        shown["in_brief"] = brief
    caveat = intervals_caveat(shown)  # where the intervals the summary leaves out appear
    if caveat:
        shown["intervals_caveat"] = caveat
    for key in STUDY_INTRODUCTIONS:
        if shown.get(key):
            shown[key] = _introduced(shown[key], labels, key)
    return shown


def resolved_profile(config: BuildConfig, default: str = SEMINAR) -> str:
    """The profile a build uses: the config's, else the command's ``default``."""
    return config.profile or default


def cohort_profile(config: BuildConfig) -> str:
    """A cohort's report is read by a site, not a class: the study report, unless the config asks
    for the seminar's, or for what only the seminar's has (its handout, its solution code)."""
    return config.profile or (SEMINAR if config.variant != "solutions" or config.code else STUDY)


def author_warning(config: BuildConfig, profile: str) -> str | None:
    """What a study report says when it would name reportgen as its author; None otherwise."""
    if profile != STUDY or config.author.strip() not in ("", DEFAULT_AUTHOR):
        return None
    return (
        f"the study report names '{config.author or DEFAULT_AUTHOR}' as its author; give the real "
        'one with --author NAME, or author = "NAME" under [report] in reportgen.toml'
    )


def study_title(config: BuildConfig, profile: str) -> str | None:
    """A study report's title when it was given none: from the data's labels ("size over Time by
    treat: a study report"), not the seminar's ("Introduction to Linear Mixed Models: the sleep
    study", "Linear mixed models: size over Time"). None for a given title or another profile."""
    from reportgen.config import SLEEPSTUDY, default_title

    if profile != STUDY or config.title not in (SLEEPSTUDY.title, default_title(config.labels)):
        return None
    return labels_title(config.labels.response, config.labels.time, config.covariates)


def labels_title(response: str, time: str, covariates: Sequence[str] = ()) -> str:
    """The title a study report makes from the data's labels ("size over Time by treat: a study report")."""
    by = f" by {', '.join(covariates)}" if covariates else ""
    return f"{response} over {time}{by}: a study report"


def made_up(settings: Mapping[str, Any]) -> frozenset[str]:
    """The settings of ``provenance.config`` that reportgen made up rather than the user gave: a
    title made from the labels (with a cohort's name added, "... (site = A)") and the placeholder
    author. A study report's appendix leaves them out: a rebuild without them makes them again."""
    labels = settings.get("labels") or {}
    made = labels_title(labels.get("response", ""), labels.get("time", ""), settings.get("covariates") or ())
    title = str(settings.get("title") or "")
    title_made = title == made or (title.startswith(f"{made} (") and title.endswith(")"))
    author_made = str(settings.get("author") or "").strip() in ("", DEFAULT_AUTHOR)
    return frozenset(name for name, is_made in (("title", title_made), ("author", author_made)) if is_made)


def title_warning(config: BuildConfig, profile: str) -> str | None:
    """What a study report given no title says (as :func:`author_warning`); None otherwise."""
    title = study_title(config, profile)
    if title is None:
        return None
    return (
        f"the study report's title is made from the data's labels ('{title}'); give the real one with "
        '--title TEXT, or title = "TEXT" under [report] in reportgen.toml'
    )
