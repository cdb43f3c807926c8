"""The frozen template context: everything a template may use, built once per report."""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from reportgen.citations import References, references_for
from reportgen.theme import Theme, theme_of

if TYPE_CHECKING:
    from reportgen.config import BuildConfig, Labels
    from reportgen.figures import FigureImage
    from reportgen.narrative import Sentence
    from reportgen.profiles import ChapterView
    from reportgen.sections import Section


@dataclass(frozen=True)
class FigureView:
    """A figure as templates see it: number, title, alt text and an embeddable source."""

    name: str
    number: int
    title: str
    alt: str
    src: str
    width: int
    height: int
    print_src: str = ""  # for the PDF (a print_image_url), see for_print; empty: the same as src
    narrow_src: str = ""  # the version for phones (HTML only); empty: none
    narrow_width: int = 0
    narrow_height: int = 0


@dataclass(frozen=True)
class Meta:
    """Document metadata (title page, PDF properties)."""

    title: str
    author: str
    date: str
    data_file: str
    version: str


# Where the PDF's HTML points for a figure; reportgen.export.html_to_pdf serves these from memory.
PRINT_IMAGE_SCHEME = "reportgen-figure"


def print_image_url(name: str) -> str:
    return f"{PRINT_IMAGE_SCHEME}:{name}.jpg"


def print_images(figures: list[FigureImage]) -> dict[str, bytes]:
    """The print JPEG of each figure by its :func:`print_image_url`."""
    return {print_image_url(fig.name): fig.jpeg for fig in figures if fig.jpeg}


def data_uri(media_type: str, content: bytes) -> str:
    return f"data:{media_type};base64," + base64.b64encode(content).decode("ascii")


def for_print(context: ReportContext) -> ReportContext:
    """``context`` with each figure's print source (the JPEG the PDF embeds, by URL) as its source."""
    views = context.figures
    return replace(
        context,
        figures={
            name: replace(view, src=view.print_src or view.src, narrow_src="") for name, view in views.items()
        },
    )


def without_narrow(context: ReportContext) -> ReportContext:
    """``context`` without the figures' versions for phones: what a notebook shows (a notebook is not
    a phone, and a saved one must stay small)."""
    views = context.figures
    return replace(context, figures={name: replace(view, narrow_src="") for name, view in views.items()})


def for_profile(context: ReportContext, profile: str) -> ReportContext:
    """The context of a profile (:mod:`reportgen.profiles`): the seminar's as it is; the study
    report's with its chapters, and only the figures they show, numbered in their order."""
    from reportgen.profiles import STUDY, STUDY_CHAPTERS, chapter_views, study_sentences

    if profile != STUDY:
        return context
    chapters = chapter_views(context.sections, STUDY_CHAPTERS)
    names = [name for chapter in chapters for name in chapter.figures if name in context.figures]
    figures = {
        name: replace(context.figures[name], number=number) for number, name in enumerate(names, start=1)
    }
    sentences = study_sentences(context.sentences, context.labels)
    return replace(context, figures=figures, chapters=chapters, sentences=sentences, profile=STUDY)


@dataclass(frozen=True)
class ReportContext(Mapping[str, Any]):
    """Everything a report template may use (documented in docs/reference/templates.md).

    Numbers reach templates only through ``results`` (the ``results.json`` document); the other
    fields are words, names and settings. A template sees each field as a variable of its own.
    """

    meta: Meta
    labels: Labels
    results: Mapping[str, Any]
    decimals: int
    sentences: Mapping[str, list[Sentence]]
    figures: Mapping[str, FigureView]  # in the order the report shows them, numbered
    figure_names: Mapping[str, str]  # a covariate section's figure, by column
    sections: tuple[Section, ...]  # the sections of this report, in order, numbered
    # The data's column names: response, time, group, outer (the sites' columns joined by "/", or
    # ""), and term: the grouping the fits used, lme4's site:patient under --group site/patient.
    columns: Mapping[str, str]
    settings: BuildConfig
    pair: Mapping[str, Any]  # results.subject_pair: the subjects of question 4
    mixed_pair: Mapping[str, Any]  # results.mixed_pair: the subjects of question 6
    zero_checked: bool
    data_file: str
    paper: str
    show_code: bool
    variant: str = "solutions"  # or "handout"
    # The profile (reportgen.profiles): the study report's chapters, empty in the seminar's.
    chapters: tuple[ChapterView, ...] = ()
    profile: str = "seminar"
    # Branding from [theme] (reportgen.theme): its CSS over report.css, and its logo.
    theme: Theme = Theme()
    # The references section (reportgen.citations): data source, methods' works, software.
    references: References = References()
    # With an outer level (--group site/patient): the note under a section, by its key, saying which
    # of its models have the outer level (none for a section on the model with every level).
    outer_notes: Mapping[str, str] = field(default_factory=dict)
    # The documents' language (reportgen.i18n): the catalogue of the templates' words, the numbers' symbols.
    lang: str = "en"

    def __getitem__(self, name: str) -> Any:
        if name not in _FIELDS:
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(_FIELDS)

    def __len__(self) -> int:
        return len(_FIELDS)


_FIELDS = tuple(f.name for f in fields(ReportContext))


def build_context(
    *,
    config: BuildConfig,
    results: dict[str, Any],
    sentences: dict[str, list[Sentence]],
    figures: list[FigureImage],
    alt_texts: dict[str, str],
    meta: Meta,
) -> ReportContext:
    """The template context; figures are embedded as ``data:`` PNGs, numbered in the report's order."""
    from reportgen.config import is_bundled_data
    from reportgen.narrative.axis import on_axis
    from reportgen.sections import covariate_figure_names, figure_order, sections_for

    sections = sections_for(results)
    place = figure_order(sections)
    ordered = sorted(figures, key=lambda fig: place.get(fig.name, len(place)))
    views = {
        fig.name: FigureView(
            name=fig.name,
            number=number,
            title=on_axis(fig.title, config.labels.time, config.labels.time_unit),  # "at each value of dose"
            alt=alt_texts[fig.name],
            src=data_uri("image/png", fig.png),
            width=fig.width,
            height=fig.height,
            print_src=print_image_url(fig.name) if fig.jpeg else "",
            narrow_src=data_uri("image/png", fig.narrow_png) if fig.narrow_png else "",
            narrow_width=fig.narrow_width,
            narrow_height=fig.narrow_height,
        )
        for number, fig in enumerate(ordered, start=1)
    }
    return ReportContext(
        meta=meta,
        labels=config.labels,
        results=results,
        decimals=config.decimals,
        sentences=sentences,
        figures=views,
        figure_names=covariate_figure_names(list(results.get("covariates") or {})),
        sections=sections,
        columns=grouping_columns(config),
        settings=config,
        pair=results["subject_pair"],
        mixed_pair=results["mixed_pair"],
        zero_checked=config.zero_is_missing,
        data_file=meta.data_file,
        paper=config.paper,
        show_code=config.code is not False,
        theme=theme_of(config),
        references=references_for(
            results, config.references, config.source, is_bundled_data(config.data_path)
        ),
        **outer_level_notes(config, sections, results),
        lang=config.lang,
    )


def grouping_columns(config: BuildConfig) -> dict[str, str]:
    """The column names the formulas and code print: with subjects nested in sites, the random
    effects' grouping is lme4's ``site:patient`` (a patient id repeats across sites)."""
    outer = config.outer_groups
    term = ":".join((*outer, config.group))
    return {
        "response": config.response,
        "time": config.time,
        "group": config.group,
        "outer": "/".join(outer),
        "term": term,
    }


def outer_level_notes(
    config: BuildConfig, sections: tuple[Section, ...], results: Mapping[str, Any]
) -> dict[str, Any]:
    """The notes the sections carry when the subjects are nested in sites (or crossed with them): on
    one grouping, or with some tests from the model with every level."""
    from reportgen.narrative.crossed import crossed_notes
    from reportgen.narrative.outer_level import (
        every_level_note,
        noted_sections,
        outer_level_note,
        reads_one_grouping,
        study_estimates_note,
    )

    if not (config.outer_groups or config.crossed):
        return {}
    levels = next((s.title.partition(":")[0] for s in sections if s.key == "g-levels"), "")
    outer = "/".join(config.outer_groups)
    one, every = (
        crossed_notes(config.crossed, config.labels.group, levels)
        if config.crossed
        else tuple(note(outer, config.labels.group, levels) for note in (outer_level_note, every_level_note))
    )
    every_level_headline = str((results.get("headline") or {}).get("stands_on") or "").startswith(
        "multilevel"
    )
    noted = noted_sections(((s.key, s.part) for s in sections), every_level_headline)
    notes = {key: one if reads_one_grouping(key) else every for key in noted}
    fit = results.get("multilevel") or {}
    if fit and results.get("trend"):  # the study report's estimates chapter: one note, "estimates"
        labels = config.labels
        crossed = bool(fit.get("crossed"))
        notes["estimates"] = study_estimates_note(
            tuple(fit["levels"]), labels.group, labels.time, crossed, bool(results.get("covariates"))
        )
    return {"outer_notes": notes}
