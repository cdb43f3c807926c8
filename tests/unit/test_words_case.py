"""noun(): a label in running text keeps acronyms and mixed case, lowers only Capitalised words."""

from __future__ import annotations

import pytest

from reportgen.words import noun, plural


@pytest.mark.parametrize(
    ("label", "running"),
    [
        ("BPchange", "BPchange"),  # MASS::Rabbit: not "bpchange"
        ("pH", "pH"),
        ("HIV", "HIV"),
        ("mRNA level", "mRNA level"),
        ("Reaction", "reaction"),
        ("Days of sleep deprivation", "days of sleep deprivation"),
        ("T", "t"),
    ],
)
def test_noun_lowers_only_capitalised_ordinary_words(label: str, running: str) -> None:
    assert noun(label) == running


def test_mixed_case_flips_with_the_label() -> None:
    assert noun("Bpchange") == "bpchange" and noun("BPchange") == "BPchange"
    assert plural("BPchange") == "BPchanges"
