"""The study report points only to what it has, says how its model is tested, and labels its design
table as the data are: sleepstudy, nlme's Orthodont (+Sex) and Dialyzer (+QB), MASS's bacteria
(a binary response written n/y), built as study reports (the statisticians' review of the study
report)."""

from __future__ import annotations

import functools
import html as html_lib
import re
from typing import Any

import pandas as pd
import pytest

from reportgen.config import make_config
from reportgen.pipeline import render_report
from reportgen.resources import resource_path
from tests.support.r_datasets import r_dataset

# study -> (package, data set, columns, covariate); None: the bundled sleepstudy.
STUDIES: dict[str, tuple[str, str, dict[str, str], str] | None] = {
    "sleepstudy": None,
    "orthodont": ("nlme", "Orthodont", {"response": "distance", "time": "age", "group": "Subject"}, "Sex"),
    "dialyzer": ("nlme", "Dialyzer", {"response": "rate", "time": "pressure", "group": "Subject"}, "QB"),
    "bacteria": ("MASS", "bacteria", {"response": "y", "time": "week", "group": "ID"}, "trt"),
}
# A pointer to a part of the document: "(next section)", "see below", "the test above", "the table";
# "none below 0", "above what independent errors give" compare values and are no pointers.
PARTS = "tests?|comparison|models?|fit|differences|levels|gap|ranking|predictions|section|figure|warnings"
POINTER = re.compile(
    r"next section|previous section|the table\b|trend section|\((?:see )?(?:below|above)\)"
    rf"|\b(?:see|listed|shown|described|{PARTS}) (?:below|above)\b"
)
NUMBER = re.compile(r'<span class="num" data-key="([^"]+)"[^>]*>([^<]*)</span>')


@functools.cache
def study(name: str) -> tuple[dict[str, Any], str, pd.DataFrame]:
    """The study report of ``name``: its results, its HTML, the data it was built from."""
    spec = STUDIES[name]
    if spec is None:
        frame = pd.read_csv(resource_path("data") / "sleepstudy.csv", dtype=str)
        config = make_config(formats=("html",), profile="study")
    else:
        package, dataset, columns, covariate = spec
        frame = r_dataset(dataset, package)
        for column in (columns["group"], covariate):
            frame[column] = frame[column].astype(str)  # ids and groupings as the file readers give them
        config = make_config(**columns, covariates=(covariate,), formats=("html",), profile="study")
    report = render_report(frame, config, {"file": f"{name}.csv", "sha256": ""})
    return report.results, report.files["report.html"].decode(), frame


def visible_text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", page)))


def appendix(page: str) -> str:
    return visible_text(page.partition('id="appendix"')[2])


@pytest.mark.parametrize("name", list(STUDIES))
def test_the_study_report_points_to_no_part_it_does_not_have(name: str) -> None:
    text = visible_text(study(name)[1])
    assert POINTER.findall(text) == []


def test_the_pointer_pattern_finds_the_seminars_pointers() -> None:
    seminar = (
        "which the tests support (next section). the likelihood-ratio test below gives; the type-III main "
        "effect in the table; the fit is singular (see below); the curve the trend section describes"
    )
    assert len(POINTER.findall(seminar)) == 5
    assert POINTER.findall("none below 0; more than 2 below every simpler shape; above 1.2") == []


@pytest.mark.parametrize(("name", "glmm"), [("sleepstudy", False), ("orthodont", False), ("bacteria", True)])
def test_the_appendix_method_sentence_follows_the_family(name: str, glmm: bool) -> None:
    results, page, _ = study(name)
    assert (results["family"]["name"] != "gaussian") is glmm
    text = appendix(page)
    if glmm:
        assert "Wald z tests" in text and "the Laplace approximation" in text and "Satterthwaite" not in text
        assert "fitted by the Laplace approximation:" in visible_text(page)
    else:
        assert "Satterthwaite's approximation" in text and "Wald" not in text


def test_the_covariate_models_formula_and_tests_are_shown_where_its_sentences_are() -> None:
    _, page, _ = study("orthodont")
    text = visible_text(page)
    assert "The model with Sex: distance ~ age * Sex + (1 | Subject)" in text
    assert text.index("Tests of Sex (type III") < text.index("The model gives subjects their own levels only")


def test_table_1_gives_the_true_range_of_time() -> None:
    results, page, frame = study("dialyzer")
    shown = dict(NUMBER.findall(page.partition('id="tab-study-design"')[2].partition("</table>")[0]))
    # R: range(nlme::Dialyzer$pressure) is 0.235 3.030; the common last time of the series is 3.005.
    assert (frame["pressure"].min(), frame["pressure"].max()) == (0.235, 3.03)
    assert shown["describe.time_min"] == "0.235" and shown["describe.time_max"] == "3.03"
    assert results["describe"]["design"]["last_time"] == 3.005 and "describe.design.last_time" not in shown


def test_a_response_written_n_y_is_read_with_y_as_1_and_said_so() -> None:
    results, page, frame = study("bacteria")
    text = visible_text(page)
    assert "The y is written as words: 'y' is read as 1 and 'n' as 0" in text
    assert results["data"]["response_coding"] == ["n", "y"]
    # R: mean(MASS::bacteria$y == "y") = 0.8045
    share = (frame["y"] == "y").mean()
    assert share == pytest.approx(0.8045, abs=1e-4)
    assert results["describe"]["response_mean"] == pytest.approx(share)
    # the group label keeps its acronym: "IDs", not "Ids"
    assert (
        '<th scope="row">IDs</th>' in page and "IDs that left early" in page and "Ids" not in text
    )  # an ID is no person word: "that"
