"""The cohort index in the reports' language (issue 25): its fixed words, its title, its figure's
words and description through the catalogue; English as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from reportgen.cohorts.index import render_index
from reportgen.cohorts.manifest import CohortOutcome, CohortsResult
from reportgen.config import make_config

SUMMARY = {
    "data": {"groups": 9, "clean_rows": 90},
    "headline": {"slope": 10.25, "slope_ci_low": 7.5, "slope_ci_high": 13.0},
    "model_choice": {"intercept_sd": 30.5, "residual_sd": 25.75},
}
COMPARISON = {
    "column": "site",
    "model": "random_slope",
    "structure_reason": "2 cohorts are too few to treat as random",
    "slope_by_cohort": {"even": {"estimate": 9.5, "ci_low": 6.0, "ci_high": 13.0}},
    "interaction_test": {"F": 0.5, "num_df": 1, "den_df": 16.0, "p": 0.49},
}
# Fixed words of the index the English page shows (the comparison's verdict is the narrative's).
ENGLISH = (
    "2 cohorts, one per value of",
    "unchanged since the last run",
    "Figure 1.",
    "in each cohort, from the model that cohort's own tests support",
    "each cohort's own report",
    "Rows used",
    "Average slope",
    "Intercept SD",
    "Residual SD",
    "Files",
    "Do the cohorts' slopes differ?",
    "The cohorts are fixed effects",
    "One mixed model of every cohort's data",
    "Each cohort's slope",
    "The numbers are in",
    "Made by reportgen",
    "handout HTML",
    ", by site",
    # the comparison's verdict (p = 0.49; narrative/cohort_verdicts.py, lang25e)
    "the data give no evidence that the rate of change differs with the cohort",
    # the model's random effects by name (narrative/cohort_verdicts.MODEL_NAMES, lang25f)
    "(random slope)",
)


def _index(tmp_path: Path, lang: str) -> str:
    outputs = ("report.html", "handout.html")
    cohorts = tuple(
        CohortOutcome(name, name, "ok", None, "h", "k", tuple(f"{name}/{f}" for f in outputs), 0.0, SUMMARY)
        for name in ("even", "odd")
    )
    config = make_config(
        lang=lang, labels={"group": "Proband", "group_plural": "Probanden"} if lang == "de" else {}
    )
    return render_index(CohortsResult(tmp_path, "site", cohorts), config, dict(COMPARISON))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("index")
    return {lang: _index(folder, lang) for lang in ("en", "de")}


def _text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    alts = [str(image["alt"]) for image in soup.select("img[alt]")]
    return " ".join(" ".join([soup.get_text(" "), *alts]).split())


def test_the_english_index_shows_its_fixed_words(pages: dict[str, str]) -> None:
    text = _text(pages["en"])
    assert [phrase for phrase in ENGLISH if phrase not in text] == []
    assert "Average slope of 2 cohorts, each from the model its own data support" in text


def test_the_german_index_keeps_none_of_them(pages: dict[str, str]) -> None:
    text = _text(pages["de"])
    assert [phrase for phrase in ENGLISH if phrase in text] == []
    assert '<html lang="de">' in pages["de"]
    assert "2 Kohorten, eine je Wert von" in text and "Mittlere Steigung von 2 Kohorten" in text
    assert "Probanden" in text  # the group's plural as [labels] gives it
    assert "die Daten geben keinen Hinweis darauf, dass sich die Änderungsrate" in text
    # numbers in the description take the decimal comma, as the table's do
    assert "von 10,25 bis 10,25" in text


RANDOM = {
    "column": "site",
    "structure": "random",
    "structure_reason": "7 sites: random effects",
    "formula": "y ~ t + (t | site)",
    "simplified": ["the correlation"],
    "mean_slope": {"estimate": 10.0, "ci_low": 8.0, "ci_high": 12.0},
    "random": {"slope_sd": 1.5, "intercept_sd": 20.0},
    "prediction_interval": {"low": 6.5, "high": 13.5},
    "slope_by_cohort": {name: {"estimate": 10.0, "ci_low": 8.0, "ci_high": 12.0} for name in ("even", "odd")},
}
RANDOM_ENGLISH = (
    "One multilevel model of every cohort's data",
    "simplified because the fuller model was singular",
    "The mean slope is",
    "slopes vary around it with an SD of",
    "shrunken slope",
    "in the multilevel model, shrunken towards the mean",
    # what a new site's slope is expected to do (narrative/cohort_sites.py, lang25e)
    "too, reaction time is expected to increase with days of sleep deprivation",
)


def test_the_sites_comparison_speaks_german_too(tmp_path: Path) -> None:
    def page(lang: str) -> str:
        cohorts = tuple(
            CohortOutcome(name, name, "ok", None, "h", "k", (), 0.0, SUMMARY) for name in ("even", "odd")
        )
        index = render_index(CohortsResult(tmp_path, "site", cohorts), make_config(lang=lang), dict(RANDOM))
        return _text(index)

    english, german = page("en"), page("de")
    assert [phrase for phrase in RANDOM_ENGLISH if phrase not in english] == []
    assert [phrase for phrase in RANDOM_ENGLISH if phrase in german] == []
    assert "Ein Mehrebenenmodell der Daten aller Kohorten" in german and "95-%-KI" in german
    assert "auch bei einer neuen Einheit site ist zu erwarten, dass Reaction time mit" in german
