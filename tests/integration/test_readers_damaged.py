"""Readers on damaged or odd files found by the fuzzer (tests/e2e/test_fuzz_surfaces.py): one
``InputFileError`` or a table, never another exception."""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from reportgen.errors import InputFileError
from reportgen.readers import read_any

FRAME = pd.DataFrame(
    {"Reaction": [250.0, 260.0, 270.0, 280.0], "Days": [0, 1, 2, 3], "Subject": ["a", "a", "b", "b"]}
)


def test_inf_in_a_whole_number_parquet_column_is_read_as_inf(tmp_path: Path) -> None:
    path = tmp_path / "data.parquet"
    FRAME.assign(Days=[0.0, 1.0, math.inf, 3.0]).to_parquet(path)
    table = read_any(path)
    assert list(table.frame["Days"]) == ["0", "1", "inf", "3"]


def test_a_number_cell_that_holds_no_number_is_one_clear_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    FRAME.to_excel(buffer, index=False, sheet_name="Visits")
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path = tmp_path / "data.xlsx"
    with zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                content = re.sub(rb"<v>250</v>", b"<v>inf</v>", content, count=1)
            target.writestr(item, content)
    with pytest.raises(
        InputFileError, match=r"^sheet 'Visits' of '.*data.xlsx' is not a readable Excel sheet"
    ):
        read_any(path)
