"""Each section's words, figures and alt texts come from its own registry entry (issue 20, item 3).

``narrative.interpret``, ``figures.figure_jobs`` and ``narrative.figure_alt_texts`` only iterate
the registry, so what a section shows is what its hooks give: these tests call each section's
hooks on their own and hold them to what the section declares.
"""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.sections import SECTIONS, Section, covariate_figure_names, has_glmm, resolve

pytestmark = pytest.mark.slow

# Sleepstudy with a subject-level covariate, so the repeated (covariate) section has an instance.
COVARIATE = "arm"


@pytest.fixture(scope="module")
def built() -> dict[str, Any]:
    """Sleepstudy with an ``arm`` covariate: cleaned data, analysis and config (no figure drawn)."""
    from reportgen.analysis import analyze
    from reportgen.clean import clean
    from reportgen.config import make_config
    from reportgen.load import read_table
    from reportgen.prepare import prepare

    config = make_config(formats=("html",), covariates=(COVARIATE,))
    raw = read_table(config.data_path)
    subjects = sorted(raw[config.group].unique())
    raw[COVARIATE] = raw[config.group].map({s: "ab"[i % 2] for i, s in enumerate(subjects)})
    prepared = prepare(raw, config)
    data = clean(prepared.frame, prepared.config)
    return {"data": data, "config": prepared.config, "analysis": analyze(data, prepared.config)}


def _declared(names: tuple[str, ...]) -> list[str]:
    """A section's declared names in order, a repeated section's for the covariate column."""
    slug = covariate_figure_names([COVARIATE])[COVARIATE].removeprefix("covariate_")
    return [name.replace("{param}", COVARIATE).replace("{slug}", slug) for name in names]


def _name(job: Any) -> str:
    """A figure job's name, without drawing it (the first argument of its render call)."""
    name: str = job.draw.args[0]
    return name


def _analysis_sections() -> list[Section]:
    """The sections whose result lives in the analysis (the outcome check computes its own), but
    those of a GLMM report (sleepstudy has none; tests/crosscheck/test_glmm_report.py holds them)."""
    return [section for section in SECTIONS if not section.compute and section.applies is not has_glmm]


def test_every_section_that_shows_words_or_figures_brings_its_hooks() -> None:
    for section in SECTIONS:
        assert bool(section.words) == bool(section.sentences), section.key
        assert bool(section.draw) == bool(section.figures), section.key
        assert bool(section.alt) == bool(section.figures), section.key


@pytest.mark.parametrize("section", [s for s in _analysis_sections() if s.words], ids=lambda s: s.key)
def test_a_sections_words_are_the_sentences_it_declares(section: Section, built: dict[str, Any]) -> None:
    words = resolve(section.words)(built["analysis"], built["data"], built["config"])
    assert list(words) == _declared(section.sentences)
    assert all(isinstance(group, list) for group in words.values())


@pytest.mark.parametrize("section", [s for s in _analysis_sections() if s.figures], ids=lambda s: s.key)
def test_a_sections_figures_and_alt_texts_are_the_ones_it_declares(
    section: Section, built: dict[str, Any]
) -> None:
    analysis, config = built["analysis"], built["config"]
    figures = _declared(section.figures)
    jobs = resolve(section.draw)(built["data"].frame, analysis, config.labels, config.decimals)
    assert [_name(job) for job in jobs] == figures
    alt = resolve(section.alt)(analysis, config.labels, config.decimals)
    assert set(alt) == set(figures) and all(text.endswith(".") for text in alt.values())


def test_interpret_and_figures_follow_the_registry(built: dict[str, Any]) -> None:
    """The shared stages give exactly the registry's sentences and figures, in the registry's order."""
    from reportgen.figures import figure_jobs
    from reportgen.narrative import figure_alt_texts, interpret

    analysis, data, config = built["analysis"], built["data"], built["config"]
    sentences = [key for section in _analysis_sections() for key in _declared(section.sentences)]
    assert list(interpret(analysis, data, config)) == sentences
    names = [name for section in _analysis_sections() for name in _declared(section.figures)]
    jobs = figure_jobs(data.frame, analysis, config.labels, config.decimals)
    assert [_name(job) for job in jobs] == names
    assert set(figure_alt_texts(analysis, config)) == set(names)
