"""An Error line naming a long list drawn from the data says "first N ... and M more" instead of
being cut at 2,000 characters mid-name (issue 23, Left: 10,000 columns made a 69,000-character line)."""

from __future__ import annotations

from pathlib import Path

from reportgen.cli import ERROR_LINE_MAX
from tests.support.contract import run_cli


def _wide(tmp_path: Path, columns: int) -> Path:
    path = tmp_path / "wide.csv"
    names = [f"column_number_{i:05d}" for i in range(columns)]
    path.write_text(",".join(names) + "\n" + ",".join("1" for _ in names) + "\n")
    return path


def test_ten_thousand_columns_are_listed_as_the_first_and_a_count(tmp_path: Path) -> None:
    path = _wide(tmp_path, 10_000)
    run = run_cli("build", "--data", str(path), "--out", str(tmp_path / "out"), "--format", "html")
    assert run.code == 1
    line = run.stderr.strip()
    assert line.startswith("Error: column 'Reaction' not found in ")
    assert "column_number_00019 and 9,980 more; use --response to name" in line
    assert "more characters)" not in line and len(line) < ERROR_LINE_MAX


def test_a_missing_covariate_among_many_columns_is_listed_the_same_way(tmp_path: Path) -> None:
    import pandas as pd

    from reportgen.clean import covariate_values
    from reportgen.errors import DataValueError

    frame = pd.DataFrame({f"c{i}": ["1"] for i in range(500)})
    try:
        covariate_values(frame, "Sex")
    except DataValueError as exc:
        assert str(exc).endswith("c18, c19 and 480 more")
    else:
        raise AssertionError("a missing covariate column was not refused")
