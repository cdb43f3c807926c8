"""The study report (--profile study): for readers outside the class, from the same registry and the
same sentence rules as the seminar's report, so both say the same numbers; cohorts default to it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reportgen.cohorts import build_cohorts
from reportgen.config import make_config
from reportgen.mail import load_report_folder
from reportgen.mail.compose import summary_context
from reportgen.pipeline import build_report, render_report
from reportgen.render import render_html
from tests.crosscheck.test_reviewed_reports import simulated_binary

TITLE, AUTHOR = "Sleep loss and reaction time", "A. Researcher"
NUMBER = re.compile(r'<span class="num" data-key="([^"]+)"[^>]*>([^<]*)</span>')
# What the study report must answer, as the seminar's report says it too (results.json keys).
ANSWERS = (
    "headline.slope",  # the trend of the model the report stands on, with its CI
    "headline.slope_ci_low",
    "headline.slope_ci_high",
    "comparison.lrt_chisq",  # why that model
    "comparison.lrt_p_boundary",
    "trend.quadratic_lrt.p",  # the trend's shape
    "random_slope.slope_sd",  # variation between subjects
    "random_intercept.icc",
    "pooling.slope_shrinkage",
    "diagnostics.outliers",  # the diagnostics' verdict
    "influence.slope_without",
)
# lme4 1.1: lmer(Reaction ~ Days + (Days | Subject), sleepstudy), REML: fixed effects and their SEs.
LME4_FIXED = {"(Intercept)": (251.405, 6.825), "Days": (10.467, 1.546)}


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("study")
    build_report(make_config(out_dir=out, formats=("html",), profile="study", title=TITLE, author=AUTHOR))
    return out


def numbers(html: str) -> dict[str, str]:
    return dict(NUMBER.findall(html))


def visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_study_report_has_no_seminar_parts(study: Path) -> None:
    html = (study / "report.html").read_text()
    text = visible_text(html)
    for word in ("Question", "Solution", "seminar", "Going further", "Your answer", "Code to complete"):
        assert word.lower() not in text.lower(), word
    assert 'class="prompt"' not in html and 'class="code"' not in html and "highlight" not in text


def test_the_study_report_has_its_title_and_author(study: Path) -> None:
    html = (study / "report.html").read_text()
    assert f"<h1>{TITLE}</h1>" in html and f'<meta name="author" content="{AUTHOR}">' in html
    assert f'<p class="byline">{AUTHOR}</p>' in html
    assert json.loads((study / "results.json").read_text())["report"]["profile"] == "study"


def test_the_study_report_says_the_seminar_reports_numbers(study: Path, built_report: Path) -> None:
    ours, seminar = (
        numbers((study / "report.html").read_text()),
        numbers((built_report / "report.html").read_text()),
    )
    for key in ANSWERS:
        assert key in ours and key in seminar, key
    assert {key: ours[key] for key in ours.keys() & seminar.keys()} == {
        key: seminar[key] for key in ours.keys() & seminar.keys()
    }
    # ... and the model it stands on is lme4's (independent reference, 2 decimals shown).
    for term, (estimate, se) in LME4_FIXED.items():
        assert float(ours[f"models.random_slope.fixed.{term}.estimate"]) == pytest.approx(estimate, abs=0.006)
        assert float(ours[f"models.random_slope.fixed.{term}.se"]) == pytest.approx(se, abs=0.006)


def test_the_study_report_shows_three_or_four_figures_numbered_in_order(study: Path) -> None:
    html = (study / "report.html").read_text()
    assert re.findall(r'<span class="fignum">Figure (\d+)\.</span>', html) == ["1", "2", "3", "4"]


def test_the_study_summary_email_speaks_of_no_seminar_and_links_to_the_report(study: Path) -> None:
    context = summary_context(load_report_folder(study), "subject")
    text = render_html(context, "email.txt.j2")
    assert "seminar" not in text.lower() and "random-intercept" not in text.lower()
    assert "The full report: report.html" in text
    assert [block.title for block in context["blocks"]] == [
        "The model the report stands on",
        "Each subject's own rate",
    ]


# benchmarks/worker.py's cohort 2 (its SEED + 2): 12 subjects x 10 times whose trend is a 5-df spline,
# the longest of the benchmark's cohorts (its words for the curve, the shape comparison and the
# curve's influence); its study report was 7 pages before study.css set it tighter (print25e).
WORKER_SEED, WORKER_COHORT = 20261207, 2


def test_cohorts_write_study_reports_of_at_most_six_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pypdf

    from tests.support.simulate import LIKE_SLEEPSTUDY, simulate

    frame = simulate(WORKER_SEED + WORKER_COHORT, 12, 10, **LIKE_SLEEPSTUDY).round(3)
    frame = frame.rename(columns={"group": "Subject", "time": "Days", "response": "Reaction"})
    frame.assign(site="north").to_csv(tmp_path / "sites.csv", index=False)  # one cohort: 12 x 10
    out = tmp_path / "out"
    build_cohorts(
        make_config(data_path=tmp_path / "sites.csv", out_dir=out, author=AUTHOR), by="site", jobs=1
    )
    html = (out / "north" / "report.html").read_text()
    assert '<p class="kind">Study report</p>' in html and "Report and solutions" not in html
    assert "splines::ns(Days, 5)" in html  # the long case: a curve, not sleepstudy's straight line
    pages = len(pypdf.PdfReader(out / "north" / "report.pdf").pages)
    print(f"study report of a 12 x 10 cohort: {pages} PDF pages")
    assert pages <= 6


def test_a_binary_study_report_stands_on_its_glmm_and_names_no_seminar_part() -> None:
    config = make_config(response="y", time="visit", group="id", formats=("html",), profile="study")
    html = render_report(simulated_binary(), config, {"file": "binary.csv", "sha256": ""}).files[
        "report.html"
    ]
    page = html.decode()
    assert re.findall(r"<h2>([^<]*)</h2>", page) == [
        "Data and design",
        "The model and why",
        "Appendix: reproducibility",
    ]
    assert "glmer" in page and "(binomial)" in page and 'id="fig-family_curve"' in page
    text = visible_text(page).lower()
    assert "seminar" not in text and "question" not in text and "residuals of the" not in text
