"""The template context of a built report: frozen, declared fields only, and the registry's sections."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from reportgen.sections import FIGURE_NAMES, SECTIONS, sections_for

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analysed() -> Any:
    from reportgen.config import make_config
    from reportgen.load import read_table
    from reportgen.pipeline import analyse_report

    config = make_config(formats=["html"])
    return analyse_report(read_table(config.data_path), config, {"file": "sleepstudy.csv", "sha256": ""})


def test_context_is_frozen_and_carries_no_analysis(analysed: Any) -> None:
    context = analysed.context
    assert "analysis" not in context and "analysis" not in dict(context)
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.variant = "handout"
    assert dataclasses.replace(context, variant="handout")["variant"] == "handout"
    # What question 4 and 6 name comes from results.json, not from the analysis.
    assert context["pair"]["first"] == analysed.results["subject_pair"]["first"]
    assert context["mixed_pair"]["second"] == analysed.results["mixed_pair"]["second"]


def test_sentences_and_figures_are_declared_by_sections(analysed: Any) -> None:
    declared = {key for section in SECTIONS for key in section.sentences}
    assert set(analysed.results["narrative"]) <= declared
    drawn = list(analysed.context["figures"])
    assert all(re.fullmatch(FIGURE_NAMES, name) for name in drawn)
    numbers = [view.number for view in analysed.context["figures"].values()]
    assert numbers == list(range(1, len(drawn) + 1))
    shown = [name for section in analysed.context["sections"] for name in section.figures]
    assert drawn == [name for name in shown if name in drawn]  # numbered in the sections' order


def test_intro_names_every_going_further_section(analysed: Any) -> None:
    from reportgen.config import make_config
    from reportgen.pipeline import render_documents

    html = render_documents(analysed, make_config(formats=["html"]))["report.html"].decode()
    assert (
        "statistician would: random slopes, a formal model comparison, whether the trend is straight, "
        "how much variance lies between subjects, partial pooling made visible and model diagnostics, "
        "with the influence of single subjects." in " ".join(html.split())
    )


def test_files_written_are_report_paths(analysed: Any) -> None:
    from reportgen.export import is_report_path

    assert all(is_report_path(name) for name in analysed.files), list(analysed.files)
    assert Path("figures/outcome_fitted.png").as_posix() not in analysed.files


def test_every_results_key_is_owned_by_one_section(analysed: Any) -> None:
    owned = [key for section in SECTIONS for key in section.results]
    assert len(owned) == len(set(owned))  # one owner each
    written = set(analysed.results) - {"schema_version", "narrative"}
    assert written <= set(owned)
    # A key not written belongs to a section this report does not show (e.g. the model at every
    # level, for data with one grouping).
    shown = {key for section in sections_for(analysed.results) for key in section.results}
    assert set(owned) - written <= set(owned) - shown
    assert set(owned) - written, "the check above would pass vacuously; sleepstudy hides a section"
