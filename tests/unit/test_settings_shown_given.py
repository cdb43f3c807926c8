"""The study appendix shows the settings a user gave: no empty units, no made-up title or author
(issue 21: "response_unit = ; time_unit = ;" and the placeholder title)."""

from __future__ import annotations

from reportgen.profiles import labels_title, made_up
from reportgen.settings_shown import settings_as_written

LABELS = {"response": "BPchange", "response_unit": "", "time": "Dose", "time_unit": "", "group": "Animal"}


def _config(**overrides: object) -> dict[str, object]:
    made = labels_title("BPchange", "Dose", ["Treatment"])
    return {"labels": LABELS, "title": made, "author": "reportgen", "covariates": ["Treatment"]} | overrides


def test_empty_units_are_left_out_of_the_labels_row() -> None:
    (labels,) = [row for row in settings_as_written(_config()) if row.name == "labels"]
    assert labels.value == "response = BPchange; time = Dose; group = Animal"
    filled = _config(labels={**LABELS, "response_unit": "mmHg"})
    (labels,) = [row for row in settings_as_written(filled) if row.name == "labels"]
    assert "response_unit = mmHg" in labels.value


def test_made_up_title_and_author_are_left_out_only_when_asked() -> None:
    names = [row.name for row in settings_as_written(_config(), given_only=True)]
    assert "title" not in names and "author" not in names
    names = [row.name for row in settings_as_written(_config())]
    assert "title" in names and "author" in names  # the seminar's appendix shows them


def test_a_given_title_and_author_are_kept() -> None:
    given = _config(title="Rabbit blood pressure", author="A. Reader")
    assert made_up(given) == frozenset()
    cohort = _config(title=f"{labels_title('BPchange', 'Dose', ['Treatment'])} (Treatment = MDL)")
    assert made_up(cohort) == {"title", "author"}
