"""The cells a worksheet really holds, read from its XML: the dimension it claims is not trusted.

openpyxl's ``iter_rows`` pads every row to the sheet's claimed width and yields an empty row for
every row number skipped, so one cell at XFD1048576 (or a dimension that says so) makes a
16,384 x 1,048,576 grid. Here only the rows and cells written in the file are visited. Formula
cells without a saved (cached) value are recorded by their coordinates: they read as empty, and
the reader says so rather than take them for missing values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SheetCells:
    """The non-empty rows of a sheet, from column A to the last column of the first (header) row;
    the formula cells in those columns that have no saved value, as ``(row, column)`` pairs; the
    rows left out because their only values lie right of the header (in no named column)."""

    rows: list[list[Any]] = field(default_factory=list)
    uncached: list[tuple[int, int]] = field(default_factory=list)
    outside: list[int] = field(default_factory=list)  # rows left out: values only right of the header


def sheet_cells(worksheet: Any) -> SheetCells:
    """Read the written cells of a read-only openpyxl worksheet (opened with ``data_only=True``).

    Raises:
        Exception: whatever openpyxl's parser raises for a damaged cell (the reader names the sheet).
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    found = SheetCells()

    class _Parser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if element.find(FORMULA_TAG) is not None and _unsaved(
                element.findtext(VALUE_TAG), element.get("t")
            ):
                found.uncached.append((cell["row"], cell["column"]))
            return cell

    workbook = worksheet.parent
    with worksheet._get_source() as source:
        parser = _Parser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        width: int | None = None  # the header's: cells right of it belong to no column
        for _, cells in parser.parse():
            before = len(found.uncached)
            values = {cell["column"]: cell["value"] for cell in cells if cell["value"] is not None}
            if not values and len(found.uncached) == before:
                continue
            if width is None:
                width = max([*values, *(column for _, column in found.uncached[before:])])
            found.uncached[before:] = [cell for cell in found.uncached[before:] if cell[1] <= width]
            row: list[Any] = [None] * width
            for column, value in values.items():
                if column <= width:
                    row[column - 1] = value
            if all(value is None for value in row) and len(found.uncached) == before:
                found.outside.append(cells[0]["row"])  # values only right of the named columns
                continue
            found.rows.append(row)
    return found


def _unsaved(value: str | None, kind: str | None) -> bool:
    """A formula's saved value is missing: no ``<v>``, or an empty one that is not an empty text
    result (openpyxl and other writers that do not calculate leave ``<v></v>``)."""
    return value is None or (value == "" and kind not in ("str", "s", "inlineStr"))


def coordinate(row: int, column: int) -> str:
    """``B7`` for row 7, column 2."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"
