"""The section registry: one declaration per section, and everything that lists sections follows it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.export import is_report_path
from reportgen.sections import (
    FIGURE_NAMES,
    SECTIONS,
    Section,
    covariate_figure_names,
    figure_order,
    has_trend,
    resolve,
    result_fields,
    sections_for,
    shown_results,
    unusual_outcome,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SLEEPSTUDY_LIKE = {"trend": {"supported": "linear"}, "covariates": {}, "outcome": {"kind": "continuous"}}


def titles(results: dict) -> list[str]:
    return [s.title for s in sections_for(results)]


def test_numbering_follows_the_order_within_each_part() -> None:
    shown = titles(SLEEPSTUDY_LIKE)
    assert shown[:2] == ["Question 1: data overview", "Question 2: exploring the relationship"]
    assert shown[6:9] == [
        "Going further 1: random slopes",
        "Going further 2: which model do the data support?",
        "Going further 3: is the trend straight?",
    ]
    assert shown[-2:] == ["Appendix: reproducibility", "References"]


@pytest.mark.parametrize(
    "rule, results, shown",
    [
        (has_trend, {"trend": {"supported": "linear"}}, True),
        (has_trend, {"trend": None}, False),
        (unusual_outcome, {"outcome": {"kind": "binary"}}, True),
        (unusual_outcome, {"outcome": {"kind": "count"}}, True),
        (unusual_outcome, {"outcome": {"kind": "continuous"}}, False),
        (unusual_outcome, {}, False),
    ],
)
def test_predicates_flip(rule: Callable[[dict], bool], results: dict, shown: bool) -> None:
    assert rule(results) is shown


def test_a_predicate_removes_its_section_and_renumbers_the_rest() -> None:
    no_trend = titles({**SLEEPSTUDY_LIKE, "trend": None})
    assert not any("is the trend straight?" in t for t in no_trend)
    assert "Going further 3: how much is between {groups}?" in no_trend
    binary = titles({**SLEEPSTUDY_LIKE, "outcome": {"kind": "binary"}})
    assert binary[6:8] == [
        "Going further 1: what kind of response is this?",
        "Going further 2: random slopes",
    ]


def test_one_covariate_section_per_column_with_unique_anchor_and_figure() -> None:
    shown = sections_for({**SLEEPSTUDY_LIKE, "covariates": {"x y": {}, "x-y": {}}})
    covariates = [s for s in shown if s.param]
    assert [s.param for s in covariates] == ["x y", "x-y"]
    assert [s.key for s in covariates] == ["g-covariate-x-y", "g-covariate-x-y"] or len(
        {s.key for s in covariates}
    )
    assert [s.figures for s in covariates] == [("covariate_x_y",), ("covariate_x_y_2",)]
    assert covariates[0].title == "Going further 4: does x y change the trajectory?"
    assert covariates[1].sentences == ("covariate:x-y",)
    assert covariate_figure_names(["x y", "x-y"]) == {"x y": "covariate_x_y", "x-y": "covariate_x_y_2"}


def test_figures_are_ordered_by_their_sections() -> None:
    order = figure_order(sections_for({**SLEEPSTUDY_LIKE, "outcome": {"kind": "count"}}))
    assert order["mixed_pair"] < order["outcome_fitted"] < order["trend"] < order["shrinkage"]


def test_figure_names_follow_the_registry() -> None:
    assert is_report_path("figures/histogram.png") and is_report_path("figures/outcome_fitted.png")
    assert is_report_path("figures/covariate_sex_2.png")
    assert not is_report_path("figures/notes.png") and not is_report_path("figures/covariate_.png")
    declared = {name for section in SECTIONS for name in section.figures}
    assert all(re.fullmatch(FIGURE_NAMES, name.replace("{slug}", "dose")) for name in declared)


def test_every_partial_exists_and_every_hook_resolves() -> None:
    for section in SECTIONS:
        assert (TEMPLATES / section.template).is_file(), section.template
        for hook in (section.compute, section.words, section.draw, section.alt):
            if hook:
                assert callable(resolve(hook)), hook
        if section.compute:
            assert section.results, f"{section.key} computes a result but owns no results key"


def test_keys_and_names_are_declared_once() -> None:
    anchors = [s.key for s in SECTIONS]
    results = [k for s in SECTIONS for k in s.results]
    sentences = [k for s in SECTIONS for k in s.sentences]
    figures = [k for s in SECTIONS for k in s.figures]
    for declared in (anchors, results, sentences, figures):
        assert len(declared) == len(set(declared)), declared


def test_shown_results_keep_only_shown_sections() -> None:
    from reportgen.sections import SHOWN

    computed = {"outcome": object()}
    binary = shown_results(computed, {**SLEEPSTUDY_LIKE, "outcome": {"kind": "binary"}})
    assert {k: v for k, v in binary.items() if k != SHOWN} == computed and "g-outcome" in binary[SHOWN]
    plain = shown_results(computed, SLEEPSTUDY_LIKE)
    assert list(plain) == [SHOWN] and "g-outcome" not in plain[SHOWN] and "g5" in plain[SHOWN]


def test_result_fields_leave_out_what_results_json_does_not_hold() -> None:
    from dataclasses import dataclass, field

    @dataclass(frozen=True)
    class Result:
        kept: int
        rows: tuple[int, ...] = field(default=(), metadata={"results": False})

    assert result_fields(Result(1, (1, 2))) == {"kept": 1}


def test_sections_are_frozen() -> None:
    with pytest.raises(AttributeError):
        SECTIONS[0].title = "x"  # type: ignore[misc]
    assert isinstance(SECTIONS[0], Section)


def test_email_blocks_show_sentences_and_figures_the_sections_declare() -> None:
    from reportgen.mail.folders import BLOCKS

    sentences = {key for section in SECTIONS for key in section.sentences}
    figures = {name for section in SECTIONS for name in section.figures}
    for block in BLOCKS:
        assert set(block.narrative) <= sentences, block
        assert block.figure is None or block.figure in figures, block
