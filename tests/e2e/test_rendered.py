"""The rendered report shows exactly the computed numbers, in HTML and in PDF."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from reportgen.results import lookup
from tests.support.rendered import pdf_text, rendered_numbers, shows_value


def test_rendered_numbers_snapshot(built_report: Path, snapshot: SnapshotAssertion) -> None:
    """Guards the rendered text of every number against drift (reference checks are elsewhere)."""
    assert dict(rendered_numbers(built_report / "report.html")) == snapshot


def test_every_key_renders_one_way(built_report: Path) -> None:
    seen: dict[str, str] = {}
    for key, text in rendered_numbers(built_report / "report.html"):
        text = text.removeprefix("= ")  # "p = 0.198" in a sentence, "0.198" in a table
        assert seen.setdefault(key, text) == text, f"{key} rendered as {seen[key]!r} and {text!r}"


def _matches(text: str, value: Any) -> bool:
    return value is not None and shows_value(text, value)


def test_each_rendered_number_is_its_results_value(built_report: Path, results: dict[str, Any]) -> None:
    numbers = rendered_numbers(built_report / "report.html")
    assert len(numbers) > 100
    for key, text in numbers:
        value = lookup(results, key)
        assert _matches(text, value), f"{key}: shows {text!r}, results.json has {value!r}"


@pytest.mark.parametrize(
    "text, value, ok",
    [
        ("10.47", 10.4673, True),
        ("10.47", 10.48, False),
        ("28.6%", 0.2865, True),
        ("< 0.001", 1e-9, True),
        ("< 0.001", 0.2, False),
        ("0", 0.0, True),
        ("180", 180, True),
        ("= 0.124", 0.1237, True),
    ],
)
def test_matches_can_fail(text: str, value: float, ok: bool) -> None:
    assert _matches(text, value) is ok


def test_pdf_shows_the_same_numbers(built_report: Path) -> None:
    text = pdf_text(built_report / "report.pdf")
    missing = {
        shown
        for _, shown in rendered_numbers(built_report / "report.html")
        if re.sub(r"\s+", "", shown) not in text
    }
    assert not missing, f"numbers in the HTML but not in the PDF: {sorted(missing)[:10]}"
