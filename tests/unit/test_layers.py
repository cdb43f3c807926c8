"""Every test in tests/e2e and tests/crosscheck is marked slow when collected (tests/conftest.py), so
`pytest -m "not slow"` runs the unit and integration layers only."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import TESTS, pytest_collection_modifyitems


@dataclass
class Item:
    path: Path
    marks: list[str] = field(default_factory=list)

    def add_marker(self, mark: object) -> None:
        self.marks.append(getattr(mark, "name", ""))


def test_e2e_and_crosscheck_tests_are_slow_and_the_others_not() -> None:
    items = [
        Item(TESTS / "e2e" / "test_cli.py"),
        Item(TESTS / "crosscheck" / "test_lme4.py"),
        Item(TESTS / "unit" / "test_narrative.py"),
        Item(TESTS / "integration" / "test_cli.py"),
        Item(Path("/elsewhere/e2e/test_x.py")),
    ]
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    assert [item.marks for item in items] == [["slow"], ["slow"], [], [], []]
