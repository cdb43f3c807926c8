"""Excel: only the cells a sheet holds are read (its claimed dimension is not trusted), and formulas
without saved values are named, never taken silently for missing values (breaker round 5)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.clean import data_warnings
from reportgen.errors import InputFileError
from reportgen.readers import read_any


def _workbook(path: Path, reaction: list[object], far: bool = False) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Subject", "Days", "Reaction"])
    for row, value in enumerate(reaction):
        sheet.append([f"S{row % 3}", row // 3, value])
    if far:
        sheet["XFD1048576"] = 1  # the last cell of the grid: the dimension becomes A1:XFD1048576
    book.save(path)
    return path


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail (rather than hang) a read that takes more than 30 seconds."""

    def stop(*_: object) -> None:
        raise TimeoutError("the read took more than 30 s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_one_cell_at_the_grids_end_reads_in_seconds(tmp_path: Path, deadline: None) -> None:
    path = _workbook(tmp_path / "far.xlsx", [250.0 + i for i in range(12)], far=True)
    table = read_any(path)
    assert list(table.frame.columns) == ["Subject", "Days", "Reaction"]
    assert table.frame["Reaction"].astype(float).tolist() == [250.0 + i for i in range(12)]
    # the far cell is in no named column: its row is left out, and said (not a blank "line 14")
    (warning,) = table.warnings
    assert "1 row of sheet 'Sheet'" in warning and "(Excel row 1048576) and is left out" in warning


def test_a_claimed_dimension_is_not_trusted(tmp_path: Path, deadline: None) -> None:
    import zipfile

    small = _workbook(tmp_path / "small.xlsx", [1.5, 2.5, 3.5])
    edited = tmp_path / "claims.xlsx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:C4"/>', b'<dimension ref="A1:XFD1048576"/>')
                assert b"XFD1048576" in data
            target.writestr(item, data)
    assert read_any(edited).frame.shape == (3, 3)


def test_a_column_of_formulas_without_values_is_named(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "formulas.xlsx", [f"=250+10*B{row}" for row in range(2, 8)])
    with pytest.raises(InputFileError, match="column 'Reaction' .* holds formulas without saved values"):
        read_any(path)


def test_some_formulas_without_values_are_a_warning_naming_them(tmp_path: Path) -> None:
    values: list[object] = [250.0 + i for i in range(12)]
    for row in range(6, 12):
        values[row] = f"=B{row + 2}*2"
    table = read_any(_workbook(tmp_path / "some.xlsx", values))
    (warning,) = table.warnings
    assert warning.startswith("6 formula cells of sheet 'Sheet' of ")
    assert "(C8, C9, C10, C11, C12 and 1 more)" in warning
    assert table.provenance()["warnings"] == [warning]
    assert data_warnings({"data": {"input": table.provenance()}}) == (warning,)


def test_saved_formula_values_are_read_without_a_warning(tmp_path: Path) -> None:
    from reportgen.xlsx_cells import _unsaved

    assert _unsaved(None, None) and _unsaved("", None) and _unsaved("", "n")
    assert not _unsaved("", "str") and not _unsaved("3", None)
    table = read_any(_workbook(tmp_path / "plain.xlsx", [1.0, 2.0, 3.0]))
    assert table.warnings == () and "warnings" not in table.provenance()
