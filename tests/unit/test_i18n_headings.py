"""A repeated section's title in another language (issue 25): the covariate's column filled into
"does {param} change the trajectory?" is found by the message with {param} and kept as written."""

from __future__ import annotations

import pytest

from reportgen.i18n import translated_heading


@pytest.mark.parametrize(
    ("title", "german"),
    [
        ("Going further 7: does age change the trajectory?", "Weiterführend 7: Ändert age den Verlauf?"),
        ("how does Dose level change the response?", "Wie ändert Dose level die Zielgröße?"),
        ("whether sex changes the trajectory", "ob sex den Verlauf ändert"),  # the part's introduction
        ("Going further 3: is the trend straight?", "Weiterführend 3: Ist der Trend gerade?"),
    ],
)
def test_a_covariate_sections_title_is_translated_around_its_column(title: str, german: str) -> None:
    assert translated_heading(title, "de") == german
    assert translated_heading(title, "en") == title


def test_a_title_no_message_matches_stays_as_written() -> None:
    assert translated_heading("does age matter at all?", "de") == "does age matter at all?"
