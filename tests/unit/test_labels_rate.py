"""The unit of a slope (reportgen.config.Labels.rate) in the language spoken: units as given, the
words around them ("per", "per unit of") from the catalogue."""

from __future__ import annotations

from reportgen.config import Labels
from reportgen.i18n import speaking


def _labels(response_unit: str, time_unit: str) -> Labels:
    return Labels("Weight", response_unit, "Week", time_unit, "Rat")


def test_the_rate_says_its_units_or_the_time_in_english() -> None:
    assert _labels("g", "week").rate() == "g/week"
    assert _labels("", "week").rate() == "per week"
    assert _labels("", "").rate() == "per unit of week"


def test_the_rate_in_german_keeps_the_units_and_the_label_as_written() -> None:
    with speaking("de"):
        assert _labels("g", "Woche").rate() == "g/Woche"
        assert _labels("", "Woche").rate() == "pro Woche"
        assert _labels("", "").rate() == "pro Einheit von Week"
