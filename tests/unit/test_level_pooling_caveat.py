"""Where the table of partial pooling at every level is introduced, a crossed design says that a
site's own estimate ignores which patients were measured there (issue 24, item 6)."""

from __future__ import annotations

from reportgen.i18n import speaking
from reportgen.narrative.level_pooling import own_rows_caveat


def test_crossed_sites_own_estimate_says_it_ignores_the_patients_measured_there() -> None:
    (sentence,) = own_rows_caveat(True, "Site", "Patient")
    text = "".join(str(part) for part in sentence)
    assert text.startswith("A site's own estimate ignores which patients were measured there")
    assert "patients move between sites" in text


def test_nested_subjects_need_no_caveat() -> None:
    # Flip: nested patients stay in their site, so its rows are its own patients'.
    assert own_rows_caveat(False, "Site", "Patient") == []


def test_the_caveat_is_translated() -> None:
    with speaking("de"):
        (sentence,) = own_rows_caveat(True, "Station", "Patient")
    assert "".join(str(part) for part in sentence).startswith("Die eigene Schätzung einer Einheit Station")
