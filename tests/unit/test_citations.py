"""The references (reportgen.citations): which works follow from the methods a report used (flip the
input, the list flips), the [[references]] check, and the styling (escaped, in the style's order)."""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.citations import (
    Reference,
    as_references,
    cites_brown_forsythe,
    cites_laplace,
    cites_linear_tests,
    cites_r2,
    cites_splines,
    methods_cited,
    styled,
)


def linear(**changes: Any) -> dict[str, Any]:
    """results.json of a linear report standing on a straight line (the keys the rules read)."""
    results: dict[str, Any] = {
        "report": {"profile": "seminar"},
        "glmm": None,
        "model_choice": {"stands_on": "random_slope", "r2_marginal": 0.28},
        "models": {"random_slope": {"formula": "Reaction ~ Days + (Days | Subject)"}},
        "trend": {"shape": "linear"},
        "diagnostics": {"spread_by_time": {"p": 0.9}, "spread_by_covariate": {}},
    }
    return results | changes


def glmm(profile: str = "seminar") -> dict[str, Any]:
    return linear(glmm={"family": "binomial"}, report={"profile": profile})


def test_a_glmm_report_cites_the_laplace_approximation_and_a_linear_one_does_not() -> None:
    assert cites_laplace(glmm()) and "laplace" in methods_cited(glmm())
    assert not cites_laplace(linear()) and "laplace" not in methods_cited(linear())


def test_a_report_standing_on_a_natural_spline_cites_the_splines() -> None:
    spline = linear(
        models={"random_slope": {"formula": "y ~ splines::ns(age, 3) + (age | Tree)"}},
        trend={"shape": "spline3"},
    )
    assert cites_splines(spline) and "splines" in methods_cited(spline)
    assert not cites_splines(linear()) and "splines" not in methods_cited(linear())
    # a spline among the shapes compared, but not chosen, is not cited
    assert not cites_splines(linear(trend={"shape": "quadratic", "shapes": {"spline2": {}}}))


def test_lmertest_and_satterthwaite_follow_the_linear_t_tests() -> None:
    assert cites_linear_tests(linear()) and cites_linear_tests(glmm("seminar"))  # question 5's fits
    assert not cites_linear_tests(glmm("study"))  # its GLMM's z tests only
    assert {"lmertest", "satterthwaite"} <= set(methods_cited(linear()))
    assert not {"lmertest", "satterthwaite"} & set(methods_cited(glmm("study")))


def test_r2_and_brown_forsythe_only_when_they_were_computed() -> None:
    assert cites_r2(linear()) and not cites_r2(linear(model_choice={"stands_on": "random_slope"}))
    assert not cites_r2(glmm())
    assert cites_brown_forsythe(linear())
    assert not cites_brown_forsythe(linear(diagnostics={"spread_by_time": None}))
    assert not cites_brown_forsythe(glmm())


def test_lme4_is_always_cited_first() -> None:
    for results in (linear(), glmm(), glmm("study")):
        assert methods_cited(results)[0] == "lme4"


def test_references_tables_are_checked() -> None:
    (one,) = as_references(
        [{"title": "Survey", "author": "Smith, Ann", "year": 2020, "url": "https://x.org"}]
    )
    assert one == Reference("Survey", ("Smith, Ann",), 2020, "https://x.org")
    assert as_references([{"title": "Survey"}]) == (Reference("Survey"),)
    for wrong in (
        {"title": "Survey", "year": "2020"},
        {"title": ""},
        {"author": "Smith"},
        {"title": "Survey", "publisher": "X"},
        {"title": "Survey", "year": True},
        {"title": "Survey", "author": [1]},
    ):
        with pytest.raises(ValueError, match=r"\[\[references\]\] tables"):
            as_references([wrong])
    with pytest.raises(ValueError):
        as_references({"title": "one table, not a list"})


def test_user_text_is_escaped_and_the_style_is_author_date() -> None:
    items = [
        {
            "id": "d",
            "type": "dataset",
            "author": [{"literal": "Smith & Jones <script>"}],
            "title": "Growth <b>of</b> kids",
            "issued": {"date-parts": [[2020]]},
            "URL": "https://example.org/?a=1&b=2",
        },
        {"id": "a", "type": "book", "author": [{"family": "Adams", "given": "Ann"}], "title": "A"},
    ]
    entries, in_text = styled(items)
    page = "".join(entries) + "".join(in_text.values())
    assert "<script>" not in page and "<b>" not in page
    assert "Smith &amp; Jones &lt;script&gt;" in in_text["d"] and "(Smith &amp; Jones" in in_text["d"]
    assert "Growth &lt;b&gt;of&lt;/b&gt; kids" in entries[1]
    assert "?a=1&amp;b=2" in entries[1]
    assert entries[0].startswith("Adams")  # sorted by author, as Harvard is


def test_in_text_citation_of_lme4() -> None:
    from reportgen.citations import WORKS

    _, in_text = styled([WORKS["lme4"]])
    assert in_text["lme4"] == "(Bates <i>et al.</i>, 2015)"
