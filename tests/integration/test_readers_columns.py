"""Readers never guess silently: names equal once stripped are refused in Parquet too, Parquet index
columns are columns, and zoned times are compared in UTC (a day across a change of summer time)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from reportgen.errors import ColumnError
from reportgen.readers import read_any

FRAME = pd.DataFrame(
    {"Subject": ["a", "a", "b", "b"], "Days": [0, 1, 0, 1], "Reaction": [1.0, 2.0, 3.0, 4.5]}
)


def test_parquet_columns_equal_once_stripped_are_refused(tmp_path: Path) -> None:
    FRAME.assign(**{" Reaction": [9.0, 9.0, 9.0, 9.0]}).to_parquet(tmp_path / "d.parquet")
    with pytest.raises(ColumnError, match="two columns are named 'Reaction' once spaces are stripped"):
        read_any(tmp_path / "d.parquet")
    FRAME.assign(Reaction2=[9.0, 9.0, 9.0, 9.0]).to_parquet(tmp_path / "ok.parquet")
    assert read_any(tmp_path / "ok.parquet").frame.columns.tolist() == [
        "Subject",
        "Days",
        "Reaction",
        "Reaction2",
    ]


def test_a_parquet_index_column_is_read_as_a_column(tmp_path: Path) -> None:
    FRAME.set_index("Subject").to_parquet(tmp_path / "d.parquet")
    frame = read_any(tmp_path / "d.parquet").frame
    assert frame.columns.tolist() == ["Subject", "Days", "Reaction"] and frame["Subject"].tolist() == list(
        "aabb"
    )


def test_zoned_times_are_compared_in_utc_across_summer_time(tmp_path: Path) -> None:
    noon = pd.to_datetime(["2024-03-30 12:00", "2024-03-31 12:00"] * 2).tz_localize("Europe/Berlin")
    FRAME.assign(When=noon).to_parquet(tmp_path / "d.parquet")
    when = pd.to_datetime(read_any(tmp_path / "d.parquet").frame["When"])
    # noon to noon across the change is 23 hours, not the wall clock's 24
    assert (when[1] - when[0]).total_seconds() / 3600 == 23


def chart_first_workbook(path: Path) -> None:
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "data"
    sheet.append(list(FRAME.columns))
    for row in FRAME.itertuples(index=False):
        sheet.append(list(row))
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=3, min_row=1, max_row=5))
    workbook.create_chartsheet("chart", 0).add_chart(chart)
    workbook.save(path)


def test_a_chart_sheet_first_is_skipped_for_the_first_worksheet(tmp_path: Path) -> None:
    from reportgen.errors import InputFileError

    chart_first_workbook(tmp_path / "d.xlsx")
    table = read_any(tmp_path / "d.xlsx")
    assert table.sheet == "data" and table.frame["Reaction"].tolist() == ["1", "2", "3", "4.5"]
    with pytest.raises(InputFileError, match="sheet 'chart' of .* is a chart, not a sheet of data"):
        read_any(tmp_path / "d.xlsx", sheet="chart")
