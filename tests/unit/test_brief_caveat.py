"""Where the study report prints intervals the summary has called wrong, each such chapter opens
with a caveat (statistician M, session 7, item 2: Soybean's study report printed "16.58 to 19.00"
and "good evidence ... (p = 0.002)" after "This summary therefore gives the model's estimates
without their 95% intervals")."""

from __future__ import annotations

from reportgen.config import Labels
from reportgen.narrative.brief import INTERVALS_CAVEAT, intervals_caveat
from reportgen.narrative.rules import diagnostic_verdict
from reportgen.profiles import STUDY_CHAPTERS, study_sentences

LABELS = Labels("weight", "g", "Time", "days", "Plot")


def _sentences(wrong: bool) -> dict:
    verdict = diagnostic_verdict(["a spread that grows"], "the fitted curve", intervals_wrong=wrong)
    return {"g_diagnostics": [(verdict,)]}


def test_the_caveat_follows_the_diagnostics_verdict() -> None:
    assert intervals_caveat(_sentences(True)) == [INTERVALS_CAVEAT]
    assert intervals_caveat(_sentences(False)) == []
    assert study_sentences(_sentences(True), LABELS)["intervals_caveat"] == [INTERVALS_CAVEAT]
    assert "intervals_caveat" not in study_sentences(_sentences(False), LABELS)


def test_the_chapters_with_intervals_and_tests_carry_it() -> None:
    caveated = {chapter.key for chapter in STUDY_CHAPTERS if chapter.caveat}
    assert caveated == {"model", "estimates", "variation"}
