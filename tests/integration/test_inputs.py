"""Data as people have it: CSV dialects, Excel, Parquet, SPSS, Stata, wide tables and dates.

Each format is checked the way a user would: the same data saved in that format builds the same
report (results.json) as the bundled CSV. Provenance (file name, hash, how it was read) differs
by design and is left out of the comparison.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import make_config
from reportgen.errors import ColumnError, ConfigError, DataValueError, InputFileError
from reportgen.load import read_input
from reportgen.prepare import apply_input_labels, choose_unit, prepare, time_from_name
from tests.conftest import REPO

SLEEPSTUDY = REPO / "data" / "sleepstudy.csv"


def sleepstudy() -> pd.DataFrame:
    return pd.read_csv(SLEEPSTUDY)


def build(tmp_path: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--format", "html", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return json.loads((out / "results.json").read_text())


def run_solution_code(out: Path, data_folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Run the report's code blocks in order, in the data's folder; the names they define."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((out / "report.html").read_text(encoding="utf-8"), "html.parser")
    namespace: dict[str, Any] = {}
    monkeypatch.chdir(data_folder)
    try:
        for block in soup.select("div.code .highlight pre"):
            exec(compile(block.get_text(), "<solution>", "exec"), namespace)  # noqa: S102 (the point)
    finally:
        plt.close("all")
    return namespace


def assert_code_reproduces(namespace: dict[str, Any], results: dict[str, Any]) -> None:
    """The solution code, run on the file as the user has it, gives the report's numbers."""
    assert len(namespace["clean"]) == results["data"]["clean_rows"]
    assert namespace["ols"].params.iloc[1] == pytest.approx(results["ols"]["slope"], rel=1e-9)
    for subject, (intercept, slope) in namespace["own_lines"].items():
        fit = results["subject_fits"][subject]
        assert (intercept, slope) == pytest.approx((fit["intercept"], fit["slope"]), rel=1e-9)
    fixed = namespace["mixed"].fe_params.to_numpy()
    ri = results["random_intercept"]
    assert fixed == pytest.approx([ri["intercept"], ri["slope"]], rel=1e-4)


def without_provenance(results: dict[str, Any]) -> dict[str, Any]:
    """The results minus what describes the file rather than the data in it (the documents'
    digests too: the report's appendix names the file)."""
    data = {k: v for k, v in results["data"].items() if k not in {"file", "sha256", "input"}}
    report = {k: v for k, v in results["report"].items() if k != "document_digests"}
    return {**{k: v for k, v in results.items() if k != "provenance"}, "data": data, "report": report}


# --- one test per format: the same report as the CSV ----------------------------------------------


def write_excel(path: Path) -> Path:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"note": ["not this sheet"]}).to_excel(writer, sheet_name="Notes", index=False)
        sleepstudy().to_excel(writer, sheet_name="Visits", index=False)
    return path


def write_parquet(path: Path) -> Path:
    sleepstudy().to_parquet(path, engine="pyarrow", index=False)
    return path


def write_spss(path: Path) -> Path:
    import pyreadstat

    pyreadstat.write_sav(sleepstudy(), str(path))
    return path


def write_stata(path: Path) -> Path:
    import pyreadstat

    pyreadstat.write_dta(sleepstudy(), str(path))
    return path


def write_european(path: Path) -> Path:
    # As a German Excel exports it: semicolons, decimal commas, a BOM, Windows line ends.
    text = sleepstudy().to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    path.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    return path


FORMATS = {
    "excel": ("data.xlsx", write_excel, ["--sheet", "Visits"]),
    "parquet": ("data.parquet", write_parquet, []),
    "spss": ("data.sav", write_spss, []),
    "stata": ("data.dta", write_stata, []),
    "european csv": ("data.csv", write_european, []),
}


# --- CSV dialects ---------------------------------------------------------------------------------


def read_text_frame(path: Path, content: str | bytes, **options: Any) -> pd.DataFrame:
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return read_input(path, **options).frame


CSV_TEXT = "Reaction,Days,Subject\n249.56,0,308\n258.7047,1,308\n250.8006,0,309\n321.4398,1,309\n"
EXPECTED = pd.read_csv(pd.io.common.StringIO(CSV_TEXT), dtype=str)

DIALECTS = {
    "european": (
        "Reaction;Days;Subject\n249,56;0;308\n258,7047;1;308\n250,8006;0;309\n321,4398;1;309\n",
        "utf-8",
    ),
    "tab": (CSV_TEXT.replace(",", "\t"), "utf-8"),
    "pipe": (CSV_TEXT.replace(",", "|"), "utf-8"),
    "trailing separator": (CSV_TEXT.replace("\n", ",\n").replace("Subject,\n", "Subject\n"), "utf-8"),
    "trailing separator in the header too": (CSV_TEXT.replace("\n", ",\n"), "utf-8"),
    "european with trailing separator": (
        "Reaction;Days;Subject;\n249,56;0;308;\n258,7047;1;308;\n250,8006;0;309;\n321,4398;1;309;\n",
        "utf-8",
    ),
    "quoted": (
        '"Reaction","Days","Subject"\n"249.56","0","308"\n"258.7047","1","308"\n'
        '"250.8006","0","309"\n"321.4398","1","309"\n',
        "utf-8",
    ),
    "bom": ("\ufeff" + CSV_TEXT, "utf-8"),
    "utf-16 (Excel unicode text)": (CSV_TEXT.replace(",", "\t"), "utf-16"),
    "crlf": (CSV_TEXT.replace("\n", "\r\n"), "utf-8"),
}


@pytest.mark.parametrize("name", DIALECTS)
def test_sniffed_dialects_read_as_the_plain_csv(name: str, tmp_path: Path) -> None:
    text, encoding = DIALECTS[name]
    frame = read_text_frame(tmp_path / "data.csv", text.encode(encoding))
    pd.testing.assert_frame_equal(frame, EXPECTED)


def test_the_dialect_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(DIALECTS["european with trailing separator"][0].encode())
    table = read_input(path)
    assert table.dialect == {
        "separator": "semicolon",
        "decimal": "comma",
        "quote": '"',
        "trailing_separator": True,
        "sniffed": True,
    }
    assert table.encoding == "utf-8"


def test_a_trailing_separator_does_not_make_the_first_column_the_index(tmp_path: Path) -> None:
    frame = read_text_frame(tmp_path / "d.csv", "a,b,c\n1,2,x,\n3,4,y,\n")
    assert list(frame.columns) == ["a", "b", "c"]
    assert frame["a"].tolist() == ["1", "3"]


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_latin1_text_is_read(encoding: str, tmp_path: Path) -> None:
    text = "Reaction;Days;Subject\n1,5;0;Jérôme\n2,5;1;Jérôme\n3;0;Zoë\n4;1;Zoë\n"
    path = tmp_path / "d.csv"
    path.write_bytes(text.encode(encoding))
    table = read_input(path)
    assert table.frame["Subject"].tolist() == ["Jérôme", "Jérôme", "Zoë", "Zoë"]
    assert table.frame["Reaction"].tolist() == ["1.5", "2.5", "3", "4"]
    assert table.encoding == "cp1252"


def test_a_thousands_dot_with_a_decimal_comma(tmp_path: Path) -> None:
    frame = read_text_frame(tmp_path / "d.csv", "y;t;g\n1.234,5;0;a\n-0,25;1;a\n")
    assert frame["y"].tolist() == ["1234.5", "-0.25"]


def test_a_wrong_separator_suggests_the_right_one(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Reaction;Days;Subject\n1;0;a\n2;1;a\n")
    with pytest.raises(InputFileError, match=r"it looks semicolon-separated: pass --separator ';'$"):
        read_input(path, separator=",")
    tab = tmp_path / "t.csv"
    tab.write_text("Reaction\tDays\tSubject\n1\t0\ta\n2\t1\ta\n")
    with pytest.raises(InputFileError, match=r"pass --separator '\\t'$"):
        read_input(tab, separator=";")


def test_rows_longer_than_the_header_are_an_error_not_lost(tmp_path: Path) -> None:
    # Decimal commas read with the comma separator: some rows have more fields than the header.
    path = tmp_path / "d.csv"
    path.write_text("Reaction;Days;Subject\n249,56;0;308\n250;1;308\n")
    with pytest.raises(InputFileError, match=r"one column named 'Reaction;Days;Subject'.*--separator ';'$"):
        read_input(path, separator=",")
    path.write_text("a,b,c\n1,2,3,4\n5,6,7,8\n")
    with pytest.raises(InputFileError, match=r"has rows with more fields than its header; check the sep"):
        read_input(path)
    path.write_text("a,b,c\n1,2,3\n1,2,3,4\n5,6,7\n")
    with pytest.raises(InputFileError, match=r"line 3 has 4 comma-separated fields but the header has 3"):
        read_input(path)


PARSE_CAUSES = {
    "a quote never closed": (b'Reaction,Days,Subject\n1,"2,3\n4,5,6\n', 'a quote (") opened on line 2'),
    "one row with an extra comma": (
        b"Reaction,Days,Subject\n1,2,3\n4,5,6,7,8\n",
        "line 3 has 5 comma-separated fields but the header has 3; put quotes around a value",
    ),
    "a BOM that lies": (b"\xef\xbb\xbfReaction,Days,Subject\n1,2,\xff3\n", "mark but is not valid"),
    "binary without a zero byte": (bytes(range(1, 256)) * 40, "is a binary file"),
    "JSON": (b'{"Reaction": [1, 2]}\n', "is JSON, not a table"),
    "a JSON list": (b"[1, 2]\n", "is JSON, not a table"),
    "PDF": (b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "is a PDF document, not a table"),
    "HTML": (b"<!DOCTYPE html>\n<html><table></table>\n", "is an HTML page, not a table"),
}


@pytest.mark.parametrize("case", PARSE_CAUSES)
def test_a_parse_error_names_its_cause_not_the_separator(case: str, tmp_path: Path) -> None:
    content, message = PARSE_CAUSES[case]
    path = tmp_path / ("d.json" if "JSON" in case else "d.csv")
    path.write_bytes(content)
    with pytest.raises(InputFileError) as error:
        read_input(path)
    assert message in str(error.value)
    assert "--separator" not in str(error.value)


def test_utf16_text_without_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    for encoding in ("utf-16-le", "utf-16-be"):
        frame = read_text_frame(tmp_path / "d.csv", CSV_TEXT.encode(encoding))
        assert frame.columns.tolist() == ["Reaction", "Days", "Subject"] and len(frame) > 1


def test_duplicate_column_names_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("a;b;a\n1;2;3\n")
    with pytest.raises(InputFileError, match=r"has the column name 'a' more than once \(columns 1, 3\)"):
        read_input(path)
    workbook = tmp_path / "d.xlsx"
    pd.DataFrame([[1, 2, 3]], columns=["x", "x", "y"]).to_excel(workbook, index=False)
    with pytest.raises(InputFileError, match=r"has the column name 'x' more than once \(columns 1, 2\)"):
        read_input(workbook)


def test_an_empty_first_sheet_is_named_with_the_way_to_another(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"read me": []}).to_excel(writer, sheet_name="Notes", index=False)
        sleepstudy().to_excel(writer, sheet_name="Visits 2024", index=False)
    with pytest.raises(InputFileError, match=r"sheet 'Notes' of .* has a header but no data rows; .*--sheet"):
        read_input(path)


def test_a_fifo_is_refused(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputFileError, match="is not a regular file"):
        read_input(fifo)


def test_a_given_separator_wins(tmp_path: Path) -> None:
    # Commas inside values: sniffing alone could not know the separator is ';'.
    frame = read_text_frame(tmp_path / "d.csv", "a;b\nx,y;1\n", separator=";")
    assert frame.to_dict("list") == {"a": ["x,y"], "b": ["1"]}


def test_cli_separator_error_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Reaction;Days;Subject\n1;0;a\n2;1;a\n")
    result = CliRunner().invoke(
        cli, ["build", "--data", str(path), "--separator", ",", "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: '{path}' reads as one column named 'Reaction;Days;Subject' with the comma separator; "
        "it looks semicolon-separated: pass --separator ';'"
    ]


# --- Excel, SPSS, Stata specifics -----------------------------------------------------------------


def test_a_missing_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write_excel(tmp_path / "d.xlsx")
    with pytest.raises(
        InputFileError, match=r"sheet 'Data' not found .* its sheets are: Notes, Visits; name one"
    ):
        read_input(path, sheet="Data")
    with pytest.raises(InputFileError, match="--sheet applies to Excel files"):
        read_input(SLEEPSTUDY, sheet="Visits")


def test_excel_reads_the_first_sheet_by_default(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    sleepstudy().to_excel(path, index=False)
    table = read_input(path)
    assert table.sheet == "Sheet1"
    pd.testing.assert_frame_equal(table.frame.apply(pd.to_numeric), sleepstudy(), check_dtype=False)


def test_excel_dates_become_iso_text(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    frame = pd.DataFrame({"when": pd.to_datetime(["2024-03-01", "2024-03-08"]), "y": [1.5, 2.0]})
    frame.to_excel(path, index=False)
    assert read_input(path).frame.to_dict("list") == {"when": ["2024-03-01", "2024-03-08"], "y": ["1.5", "2"]}


def test_spss_labels_become_the_reports_labels_unless_given(tmp_path: Path) -> None:
    import pyreadstat

    path = tmp_path / "d.sav"
    data = sleepstudy()
    pyreadstat.write_sav(
        data,
        str(path),
        column_labels={
            "Reaction": "Mean reaction time",
            "Days": "Day of the study",
            "Subject": "Participant",
        },
        variable_value_labels={"Subject": {float(s): f"P{s}" for s in data["Subject"].unique()}},
    )
    table = read_input(path)
    assert table.format == "spss"
    frame, config = apply_input_labels(table, make_config(data_path=path))
    assert (config.labels.response, config.labels.time, config.labels.group) == (
        "Mean reaction time",
        "Day of the study",
        "Participant",
    )
    assert frame["Subject"].iloc[0] == "P308"
    # A label the user gave wins over the file's.
    _, given = apply_input_labels(table, make_config(data_path=path, labels={"response": "RT"}))
    assert given.labels.response == "RT"
    assert given.labels.group == "Participant"


def test_stata_variable_labels(tmp_path: Path) -> None:
    import pyreadstat

    path = tmp_path / "d.dta"
    pyreadstat.write_dta(sleepstudy(), str(path), column_labels=["Reaction time", "Days awake", "Subject id"])
    table = read_input(path)
    assert table.format == "stata"
    assert table.variable_labels == {
        "Reaction": "Reaction time",
        "Days": "Days awake",
        "Subject": "Subject id",
    }
    assert table.frame["Subject"].iloc[0] == "308"


@pytest.mark.parametrize(
    ("module", "write", "extra"),
    [
        ("openpyxl", write_excel, "excel"),
        ("pyarrow", write_parquet, "parquet"),
        ("pyreadstat", write_spss, "spss"),
        ("pyreadstat", write_stata, "stata"),
    ],
)
def test_a_missing_optional_package_names_the_extra(
    module: str, write: Any, extra: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / f"d.{extra}")
    monkeypatch.setitem(sys.modules, module, None)  # import now raises ImportError
    result = CliRunner().invoke(cli, ["build", "--data", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: ") and line.endswith(
        f"needs the package {module}: pip install 'reportgen[{extra}]'"
    )
    assert not (tmp_path / "out").exists()


def test_the_content_decides_not_the_extension(tmp_path: Path) -> None:
    parquet = write_parquet(tmp_path / "data.csv")  # a Parquet file with a misleading name
    assert read_input(parquet).format == "parquet"
    workbook = write_excel(tmp_path / "export.dat")
    assert read_input(workbook, sheet="Visits").format == "excel"
    text = tmp_path / "data.xlsx"  # a CSV saved with an Excel name
    text.write_text(CSV_TEXT)
    table = read_input(text)
    assert table.format == "csv"
    pd.testing.assert_frame_equal(table.frame, EXPECTED)


def test_unknown_binary_and_old_excel_files(tmp_path: Path) -> None:
    png = tmp_path / "x.csv"
    png.write_bytes(b"\x89PNG\x00\x01\x02")
    with pytest.raises(InputFileError, match="is a binary file of a format reportgen does not read"):
        read_input(png)
    xls = tmp_path / "x.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(InputFileError, match=r"old binary Excel \(\.xls\) file; save it as \.xlsx"):
        read_input(xls)


# --- wide data ------------------------------------------------------------------------------------


def write_wide(path: Path) -> Path:
    wide = sleepstudy().pivot(index="Subject", columns="Days", values="Reaction")
    wide.columns = [f"Day{d}" for d in wide.columns]
    wide.reset_index().to_csv(path, index=False)
    return path


MODEL_KEYS = ("ols", "random_intercept", "random_slope", "comparison", "pooling", "subject_fits")


def test_wide_times_from_config(tmp_path: Path) -> None:
    path = write_wide(tmp_path / "wide.csv")
    raw = read_input(path).frame
    config = make_config(data_path=path, wide="Day0,Day1,Day2", wide_times=[0, 0.5, 1])
    long = prepare(raw, config).frame
    assert long["Days"].tolist()[:3] == [0.0, 0.5, 1.0]
    assert len(long) == 3 * 18


WIDE_ERRORS = {
    "missing column": (
        {"wide": "Day0,Day10"},
        ColumnError,
        r"wide column 'Day10' not found; columns are: Subject, Day0",
    ),
    "pattern": ({"wide": "Week*"}, ColumnError, r"--wide pattern 'Week\*' matches no column"),
    "no number": ({"wide": "Day0,Baseline"}, ColumnError, None),
    "times count": (
        {"wide": "Day*", "wide_times": [0, 1]},
        ConfigError,
        r"--wide-times gives 2 times for 10",
    ),
    "clash": (
        {"wide": "Day1,Day2", "time": "Day0"},
        ColumnError,
        r"long table's time column would be 'Day0'",
    ),
}


@pytest.mark.parametrize("name", WIDE_ERRORS)
def test_wide_errors_name_the_column(name: str, tmp_path: Path) -> None:
    path = write_wide(tmp_path / "wide.csv")
    frame = pd.read_csv(path, dtype=str)
    if name == "no number":
        frame["Baseline"] = "1"
        expected = r"cannot take a time from wide column .Baseline.: its name holds no number.*--wide-times"
    options, error, expected_or_none = WIDE_ERRORS[name]
    expected = expected_or_none or expected
    with pytest.raises(error, match=expected):
        prepare(frame, make_config(data_path=path, **options))


def test_a_non_numeric_wide_cell_names_column_and_line(tmp_path: Path) -> None:
    path = write_wide(tmp_path / "wide.csv")
    frame = pd.read_csv(path, dtype=str)
    frame.loc[2, "Day4"] = "n.a."
    with pytest.raises(
        DataValueError, match=r"wide column 'Day4' has a non-numeric value on line 4 \('n\.a\.'\)"
    ):
        prepare(frame, make_config(data_path=path, wide="Day*"))


def test_time_from_a_column_name() -> None:
    assert time_from_name("Day3") == 3
    assert time_from_name("week_2.5") == 2.5
    with pytest.raises(ColumnError, match="holds 2 numbers"):
        time_from_name("v2_day3")


def test_cli_wide_error_is_one_line(tmp_path: Path) -> None:
    path = write_wide(tmp_path / "wide.csv")
    result = CliRunner().invoke(
        cli, ["build", "--data", str(path), "--wide", "Visit*", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: --wide pattern 'Visit*' matches no column; columns are: Subject, Day0"
    )


# --- dates as time --------------------------------------------------------------------------------


def dated(unit_days: float, start: str = "2024-03-01") -> pd.DataFrame:
    """Sleepstudy with each Days value turned into a date ``unit_days`` apart per step."""
    data = sleepstudy().astype(str)
    first = pd.Timestamp(start)
    # Each subject starts on a different day, so the origin must be per subject.
    offset = data["Subject"].astype(int) - 308
    stamps = (
        first
        + pd.to_timedelta(offset, unit="D")
        + pd.to_timedelta(data["Days"].astype(float) * unit_days, unit="D")
    )
    return data.assign(Days=stamps.dt.strftime("%Y-%m-%d"))


@pytest.mark.parametrize(
    ("unit_days", "unit"), [(1, "days"), (7, "weeks"), (365.2425 / 12, "months"), (365.2425, "years")]
)
def test_dates_become_elapsed_time_in_a_unit_chosen_from_the_data(unit_days: float, unit: str) -> None:
    prepared = prepare(dated(unit_days), make_config())
    days = sleepstudy()["Days"].astype(float)
    # Dates are whole days: elapsed time is within a day of the intended value.
    assert (prepared.frame["Days"] - days).abs().max() <= 1 / unit_days + 1e-9
    assert prepared.notes["time_from_dates"] == {"column": "Days", "unit": unit, "origin": "first"}
    assert prepared.config.labels.time == f"{unit.capitalize()} since first visit"
    assert prepared.config.labels.time_unit == unit.removesuffix("s")


def test_a_unit_and_a_study_start_from_the_config() -> None:
    config = make_config(date_unit="weeks", study_start="2024-02-23")
    prepared = prepare(dated(7), config)
    # Subject 308 started on 2024-03-01, one week after the study start.
    first = prepared.frame.loc[sleepstudy()["Subject"] == 308, "Days"]
    assert first.tolist() == [1.0 + d for d in range(10)]
    assert prepared.config.labels.time == "Weeks since study start (2024-02-23)"


def test_labels_given_by_the_user_stay() -> None:
    config = make_config(labels={"time": "Time on study"})
    prepared = prepare(dated(7), config)
    assert prepared.config.labels.time == "Time on study"
    assert prepared.config.labels.time_unit == "week"


def test_date_times_count_fractions() -> None:
    data = pd.DataFrame(
        {
            "Reaction": ["1", "2", "3", "4"],
            "Days": ["2024-03-01T08:00", "2024-03-01T20:00"] * 2,
            "Subject": ["a", "a", "b", "b"],
        }
    )
    prepared = prepare(data, make_config(date_unit="days"))
    assert prepared.frame["Days"].tolist() == [0.0, 0.5, 0.0, 0.5]


def test_non_iso_dates_are_an_error() -> None:
    data = pd.DataFrame({"Reaction": ["1", "2"], "Days": ["01.03.2024", "08.03.2024"], "Subject": ["a", "a"]})
    with pytest.raises(
        DataValueError,
        match=r"column 'Days' holds dates, but '01.03.2024' on line 2 is a date not in ISO 8601",
    ):
        prepare(data, make_config())
    data = pd.DataFrame(
        {"Reaction": ["1", "2", "3"], "Days": ["2024-03-01", "soon", "2024-03-08"], "Subject": "a"}
    )
    with pytest.raises(
        DataValueError, match=r"column 'Days' holds dates, but 'soon' on line 3 is not a date; fix it"
    ):
        prepare(data, make_config())


def test_choose_unit() -> None:
    assert [choose_unit(g) for g in (1, 3.5, 7, 14, 30, 91, 365)] == [
        "days",
        "days",
        "weeks",
        "weeks",
        "months",
        "months",
        "years",
    ]


def test_config_file_keys(tmp_path: Path) -> None:
    config_file = tmp_path / "reportgen.toml"
    config_file.write_text(
        '[data]\nsheet = "Visits"\nseparator = "tab"\nwide = ["Day0", "Day1"]\nwide_times = [0, 7]\n'
        'date_unit = "weeks"\nstudy_start = 2024-03-01\n'
    )
    config = make_config(config_file=config_file)
    assert (config.sheet, config.separator, config.wide, config.wide_times) == (
        "Visits",
        "\t",
        ("Day0", "Day1"),
        (0.0, 7.0),
    )
    assert (config.date_unit, config.study_start) == ("weeks", "2024-03-01")
    config_file.write_text('[data]\ndate_unit = "fortnights"\n')
    with pytest.raises(ConfigError, match=r"'date_unit' in .* \[data\] must be one of: \"auto\", \"days\""):
        make_config(config_file=config_file)


def test_ids_with_escape_sequences_are_text_not_binary(tmp_path: Path) -> None:
    rows = "".join(f"{r},{t},\x1b[2J\x1b[31mid{s}\n" for s in range(3) for t, r in enumerate((1, 2)))
    frame = read_text_frame(tmp_path / "d.csv", "Reaction,Days,Subject\n" + rows)
    assert frame["Subject"].str.startswith("\x1b[2J").all()
