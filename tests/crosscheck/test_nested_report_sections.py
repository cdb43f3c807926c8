"""A nested study's report says of every share of variance and of the headline slope which model
gives it (issue 24, nest24c; final read statL).

The review's study: 8 schools x 15 pupils x 5 waves, arm given per school, ``--group school/pupil
--covariate arm``. The report stood on ``score ~ wave * arm + (1 | school) + (wave | school:pupil)``
but said "pupils account for 79.2% of the variance" (the one-grouping model's ICC, which counts the
schools' variance as the pupils'; lme4's three levels give schools ~38%, pupils ~42%) and quoted
the average slope "with the school level added (the model at every level)" from a model without arm.
lme4 refits the stood-on model (its shares at the mean wave) and the headline's line.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.crosscheck.test_multilevel_results import r_script
from tests.support.r_run import run_r

REL = 0.01  # variance shares: 1%

R_SCRIPT = r_script(
    "school pupil",
    r"""
d$arm <- factor(d$arm)
fit <- suppressMessages(lmer(as.formula(args[[3]]), data = d))
line <- suppressMessages(lmer(as.formula(args[[4]]), data = d))
t_mean <- as.numeric(args[[5]])
vc <- VarCorr(fit)
pupil <- vc[["school:pupil"]]
z <- c(1, t_mean)[seq_len(ncol(pupil))]
v <- c(school = vc[["school"]][1, 1], pupil = as.numeric(t(z) %*% pupil %*% z), residual = sigma(fit)^2)
ri <- suppressMessages(lmer(score ~ wave + (1 | school:pupil), data = d))
ri_vc <- as.data.frame(VarCorr(ri))$vcov
out <- list(
  school = unname(v["school"] / sum(v)), pupil = unname(v["pupil"] / sum(v)),
  one_grouping_icc = ri_vc[1] / sum(ri_vc), line_slope = unname(fixef(line)["wave"])
)
""",
)


def nested_study(seed: int = 2026, schools: int = 8, pupils: int = 15, waves: int = 5) -> pd.DataFrame:
    """Pupils within schools; arm given per school (every other one); schools and pupils differ
    in level, pupils in slope (the review's simulation, redrawn with numpy)."""
    rng = np.random.default_rng(seed)
    school = np.repeat(np.arange(schools), pupils * waves)
    pupil = np.repeat(np.arange(schools * pupils), waves)
    wave = np.tile(np.arange(waves, dtype=float), schools * pupils)
    treat = (np.arange(schools) % 2 == 1)[school]
    score = (
        50
        + rng.normal(0, 2, schools)[school]
        + rng.normal(0, 1.5, schools * pupils)[pupil]
        + (1 + rng.normal(0, 0.5, schools * pupils)[pupil]) * wave
        + 3 * treat
        + rng.normal(0, 1, school.size)
    )
    return pd.DataFrame(
        {
            "wave": wave.astype(int),
            "pupil": [f"P{p + 1}" for p in pupil],
            "school": [f"S{s + 1}" for s in school],
            "arm": np.where(treat, "treat", "control"),
            "score": score.round(4),
        }
    )


@functools.cache
def _built(folder: str) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """The study report's results and text, and lme4's refits."""
    from reportgen import build_report, make_config

    out = Path(folder)
    data = out / "nest.csv"
    nested_study().to_csv(data, index=False)
    config = make_config(
        data_path=data, out_dir=out / "report", formats=("html",), response="score", time="wave",
        group="school/pupil", covariates=("arm",), profile="study",
    )  # fmt: skip
    build_report(config)
    results = json.loads((out / "report" / "results.json").read_text())
    html = (out / "report" / "report.html").read_text()
    formula = results["models"]["multilevel"]["formula"]
    line = results["models"][results["headline"]["stands_on"]]["formula"]  # the headline's model
    (out / "refit.R").write_text(R_SCRIPT)
    t_mean = str(results["multilevel"]["t_mean"])
    run_r(out / "refit.R", str(out / "refit.json"), str(data), formula, line, t_mean)
    return results, html, json.loads((out / "refit.json").read_text())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One folder a run, the same for every module that imports this fixture: the cached build in it
    is made once (tests/support/scheduling.py puts those modules on one worker)."""
    path = tmp_path_factory.getbasetemp() / "nested-sections-build"
    path.mkdir(exist_ok=True)
    return str(path)


def _text(sentence: list[Any]) -> str:
    return "".join(p if isinstance(p, str) else "{" + p["key"] + "}" for p in sentence)


def test_the_shares_quoted_are_those_of_the_model_with_every_level(folder: str) -> None:
    results, _, r = _built(folder)
    shares = results["multilevel"]["shares"]
    assert shares["school"]["icc"] == pytest.approx(r["school"], rel=REL)
    assert shares["school:pupil"]["icc"] == pytest.approx(r["pupil"], rel=REL)
    words = [_text(s) for s in results["narrative"]["g_between"]]
    assert words[0].startswith("In the model the report stands on, with every level,")
    assert "{multilevel.shares.school.icc}" in words[0] and "{multilevel.shares.school:pupil.icc}" in words[0]


def test_the_one_grouping_share_says_it_leaves_the_schools_out(folder: str) -> None:
    """The random-intercept ICC on school:pupil alone is far above the pupils' share with every
    level (it holds the schools' variance too): each sentence quoting it says so."""
    results, _, r = _built(folder)
    assert results["random_intercept"]["icc"] == pytest.approx(r["one_grouping_icc"], rel=REL)
    assert r["one_grouping_icc"] > r["pupil"] + 0.1  # the finding: not the study's share
    quoting = [_text(s) for s in results["narrative"]["g_between"] if "{random_intercept." in _text(s)]
    # The first says it; the next one in a row refers back to it (fix24g: not "Without ..." twice).
    assert quoting and quoting[0].startswith("Without the school level"), quoting
    for text in quoting[1:]:
        assert text.startswith(("Without the school level", "On the same grouping")), text
    verdict = _text(results["narrative"]["g_between"][-1])
    assert "differences between schools and between pupils within schools" in verdict.lower(), verdict


def test_the_headline_slope_names_its_model_pooled_across_arm(folder: str) -> None:
    """In brief and Estimates: the slope is the line's at every level (fitted without arm, its random
    part chosen anew: ``headline.stands_on``), not the stood-on wave x arm model's; the sentence
    names that line and says it pools the arms."""
    results, html, r = _built(folder)
    assert results["headline"]["slope"] == pytest.approx(r["line_slope"], rel=1e-3)
    line = results["models"][results["headline"]["stands_on"]]["formula"]
    assert line.startswith("score ~ wave + (")
    lead = f"Leaving arm out of the model at every level ({line}), the average slope, pooled across arm, is "
    choice = [_text(s) for s in results["narrative"]["g_choice"]]
    assert any(s.startswith(lead + "{headline.slope}") for s in choice), choice
    brief = html.split('id="in-brief"', 1)[1].split("</section>", 1)[0]
    assert "pooled across arm" in re.sub(r"<[^>]+>", "", brief)
    assert "(the model at every level)" not in html


def test_the_variables_line_names_the_nesting(folder: str) -> None:
    _, html, _ = _built(folder)
    assert "repeated within pupils within schools" in html


def test_pooling_and_checks_say_which_model_they_read(folder: str) -> None:
    results, _, _ = _built(folder)
    pooling = _text(results["narrative"]["g_pooling"][0])
    assert "on school:pupil alone, without the school level" in pooling
    checks = _text(results["narrative"]["g_diagnostics"][0])
    assert "on school:pupil alone, without the school level" in checks


def test_the_seminar_steps_say_their_shares_leave_the_schools_out(folder: str) -> None:
    """Questions 3 and 5 fit one grouping on purpose: their shares say what they hold."""
    results, _, _ = _built(folder)
    q3 = _text(results["narrative"]["q3_reflection"][0])
    assert q3.startswith("Differences between pupils (their schools' differences included) account for "), q3
    q5 = " ".join(_text(s) for s in results["narrative"]["q5"])
    assert "without the school level, {random_intercept.icc}" in q5, q5


def test_the_random_slope_section_names_its_model_before_its_numbers(folder: str) -> None:
    """Going further 1 quotes the one-grouping random-slope fit ("The average slope is 1.09 ...; its
    standard error grows from 0.036 to 0.050"): its first sentence names that model and says it
    leaves the schools out; the starting levels name it too (issue 24, session-6 note)."""
    results, _, _ = _built(folder)
    slopes = [_text(s) for s in results["narrative"]["g_slopes"]]
    assert slopes[0].startswith(
        "This section fits the random-slope model on school:pupil alone, without the school level of "
        "the model the report stands on"
    ), slopes[0]
    assert slopes[1].startswith("The average slope is {random_slope.slope}"), slopes[1]
    start = _text(results["narrative"]["g_start"][0])
    assert ": in the random-slope model without the school level, " in start, start
    assert ": in this model, " not in start


def test_each_school_left_out_of_the_line_with_every_level(folder: str) -> None:
    """The influence section leaves each school out of the headline's line with every level
    (lmerTest's refits, influence.outer) and says in one sentence why the pupils are left out of
    the one-grouping model only (issue 24, pool24)."""
    from tests.crosscheck.test_outer_influence import assert_same_slope, r_left_out

    results, _, _ = _built(folder)
    outer = results["influence"]["outer"]
    line = "score ~ wave + (" + results["models"]["multilevel"]["formula"].split(" + (", 1)[1]
    r = r_left_out(Path(folder), nested_study(), line, ("school", "pupil"), "wave")
    assert outer["slope"]["estimate"] == pytest.approx(results["headline"]["slope"], abs=1e-9)
    assert_same_slope(outer["slope"], r["slope"])
    for school, slope in r["without"].items():
        assert_same_slope(outer["without"][school], slope)
    assert outer["subjects"] == 120
    words = [_text(s) for s in results["narrative"]["g_influence"]]
    why = "Each pupil is left out of the one-grouping model only: with every level that would take "
    assert why + "{influence.outer.subjects} refits of the model, one per pupil" in " ".join(words), words
    lead = f"Refitting the straight line with every level ({line}) with each school left out in turn,"
    assert any(w.startswith(lead) for w in words), words
