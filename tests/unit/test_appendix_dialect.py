"""The appendix's "Dialect" row (templates/appendix/reproducibility.html.j2): the separator and the
decimal mark by name in the report's language, whole phrases from the catalogue; a separator without
a name as the character."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.render import environment

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "appendix" / "reproducibility.html.j2"


def _dialect_cell(lang: str, separator: str, decimal: str) -> str:
    row = next(line for line in TEMPLATE.read_text().splitlines() if '_("Dialect")' in line)
    dialect = {"separator": separator, "decimal": decimal, "trailing_separator": False, "sniffed": True}
    return environment(None, lang).from_string(row).render(input={"dialect": dialect}).strip()


@pytest.mark.parametrize(
    ("lang", "separator", "decimal", "said"),
    [
        ("en", "semicolon", "comma", "semicolon-separated, decimal comma (sniffed)"),
        ("en", "tab", "point", "tab-separated, decimal point (sniffed)"),
        ("en", "#", "point", "#-separated, decimal point (sniffed)"),
        ("de", "semicolon", "comma", "durch Semikolons getrennt, Dezimalzeichen Komma (erkannt)"),
        ("de", "comma", "point", "durch Kommas getrennt, Dezimalzeichen Punkt (erkannt)"),
    ],
)
def test_the_dialect_is_said_in_the_reports_language(
    lang: str, separator: str, decimal: str, said: str
) -> None:
    assert f"<td>{said}</td>" in _dialect_cell(lang, separator, decimal)
