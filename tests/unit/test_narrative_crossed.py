"""The words of the model with crossed groupings (reportgen/narrative/crossed.py; issue 24): each
grouping's share on its own, never "patients within a site"; words from the labels."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from reportgen.config import Labels
from reportgen.narrative.crossed import between_crossed, crossed_level_sd, crossed_notes, crossed_shares
from reportgen.narrative.level_shares import between_every_level
from reportgen.narrative.multilevel import level_shares

LABELS = Labels("score", "", "visit", "", "patient")


def _fit(site_icc: float, levels: tuple[str, ...] = ("site", "patient"), top_term: str = "level") -> Any:
    shares = {level: SimpleNamespace(icc=site_icc if level == levels[0] else 0.3) for level in levels}
    return cast(Any, SimpleNamespace(levels=levels, shares=shares, crossed=True, top_term=top_term))


def _text(sentence: tuple[Any, ...]) -> str:
    return "".join(p if isinstance(p, str) else "#" for p in sentence)


def test_crossed_shares_name_each_grouping_on_its_own() -> None:
    assert _text(crossed_shares(_fit(0.6), LABELS)) == (
        "At the mean visit, most of the variation in score lies between sites (#); between patients, "
        "whichever site their measurements came from: #; the rest within a patient."
    )
    assert "little of the variation" in _text(crossed_shares(_fit(0.05), LABELS))


def test_the_nouns_come_from_the_labels() -> None:
    text = _text(crossed_shares(_fit(0.2, ("rater", "Subject")), Labels("Rating", "", "Week", "", "Subject")))
    assert text.startswith("At the mean week, a sizeable part of the variation in rating lies between raters")
    assert "between subjects, whichever rater their measurements came from" in text and "site" not in text


def test_several_crossed_groupings_each_get_a_share() -> None:
    text = _text(crossed_shares(_fit(0.2, ("site", "rater", "patient")), LABELS))
    assert "between sites (#); between raters: #; between patients" in text


def test_level_shares_say_crossed_groupings_as_crossed() -> None:
    assert "within a site" not in _text(level_shares(_fit(0.2), LABELS))
    assert _text(level_shares(_fit(0.2), LABELS, "In the model, ")).startswith(
        "In the model, at the mean visit"
    )


def test_between_every_level_of_crossed_groupings() -> None:
    assert between_crossed(("site", "id"), "patient") == "sites and between patients"
    assert between_every_level(("site", "id"), "patient", crossed=True) == "sites and between patients"
    assert between_every_level(("site", "id"), "patient") == "sites and between patients within sites"


def test_the_crossed_sd_is_said_only_when_the_groups_keep_no_slopes() -> None:
    (sentence,) = crossed_level_sd(_fit(0.2), LABELS)
    assert _text(sentence) == (
        "Sites differ in their level of score with SD #, the same at every visit (the sites keep no "
        "slopes of their own)."
    )
    assert crossed_level_sd(_fit(0.2, top_term="slope"), LABELS) == []


def test_the_notes_of_one_grouping_sections_name_the_crossed_level() -> None:
    one, every = crossed_notes(("site",), "patient", "Going further 7")
    assert one == (
        "This section's models group the measurements by patient only, with no site level: their "
        "standard errors leave out how the sites differ. Going further 7 adds the site level: read the "
        "fixed effects, tests and intervals there."
    )
    assert "site:patient" not in every and "with the site level beside the patients'" in every
    assert "Going further" not in crossed_notes(("rater",), "subject", "")[0]


def test_the_checked_model_line_names_the_subjects_column_not_a_nested_term() -> None:
    from reportgen.narrative.crossed import crossed_checked_line

    assert crossed_checked_line("random-slope model", ("site", "id"), "patient") == (
        "This part reads the random-slope model on id alone, without the site level of the model the "
        "report stands on: there the sites' differences count as the patients'."
    )
    assert "raters and sites' differences" in crossed_checked_line("m", ("rater", "site", "id"), "patient")
