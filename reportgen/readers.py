"""One reader per data format; the format is picked from the file's content, then its extension.

Every reader returns an :class:`InputTable`: the data as text columns (typing happens in
:mod:`reportgen.clean`), plus where they came from (format, sheet, encoding, CSV dialect) and,
for SPSS and Stata, the file's variable and value labels. Only :mod:`reportgen.load` calls this.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.errors import ColumnError, InputFileError, listed, printable
from reportgen.text_encoding import MIXED, legacy_warning, stray_warning, utf8_with_strays
from reportgen.words import counted, verb_for
from reportgen.xlsx_cells import sheet_cells

if TYPE_CHECKING:
    import pandas as pd

FORMAT_NAMES = {
    "csv": "CSV",
    "excel": "Excel",
    "parquet": "Parquet",
    "spss": "SPSS",
    "stata": "Stata",
}
SUPPORTED = "CSV or TSV text, Excel (.xlsx), Parquet, SPSS (.sav) or Stata (.dta)"
# Candidate separators, in the order a tie is broken.
SEPARATORS = (",", ";", "\t", "|")
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SNIFF_BYTES = 64 * 1024
# A number written with a decimal comma, optionally with dots between thousands: 1.234,5 or -0,25.
_DECIMAL_COMMA = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d+),\d+([eE][-+]?\d+)?$")
_DECIMAL_POINT = re.compile(r"^[-+]?\d*\.\d+([eE][-+]?\d+)?$")


@dataclass(frozen=True)
class InputTable:
    """A data file as read: text columns, provenance, and any labels the file carries."""

    frame: pd.DataFrame
    format: str  # a key of FORMAT_NAMES
    sheet: str | None = None
    encoding: str | None = None
    dialect: dict[str, Any] | None = None  # CSV only: separator, decimal, quote, trailing separator
    variable_labels: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # what reading it guessed or left out, said once per build

    def provenance(self) -> dict[str, Any]:
        """JSON-ready description of how the file was read (results.json, the appendix)."""
        return {
            "format": self.format,
            "format_name": FORMAT_NAMES[self.format],
            "sheet": self.sheet,
            "encoding": self.encoding,
            "dialect": self.dialect,
            **({"warnings": list(self.warnings)} if self.warnings else {}),
        }


def _missing_extra(extra: str, package: str, what: str, path: Path) -> InputFileError:
    return InputFileError(
        f"'{path}' is {what}, which needs the package {package}: pip install 'reportgen[{extra}]'",
        path=str(path),
    )


def _require(module: str, extra: str, what: str, path: Path) -> None:
    """Import an optional package or say which reportgen extra installs it."""
    import importlib

    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise _missing_extra(extra, module, what, path) from exc


def detect_format(head: bytes, path: Path) -> str:
    """The format from the first bytes (magic numbers), then the extension; "csv" for text."""
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        if suffix in {".xlsx", ".xlsm", ".xltx", ".xltm"} or b"xl/" in head or b"[Content_Types]" in head:
            return "excel"
        raise InputFileError(f"'{path}' is a ZIP archive, not a data file; pass {SUPPORTED}", path=str(path))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputFileError(
            f"'{path}' is an old binary Excel (.xls) file; save it as .xlsx (or CSV) in Excel",
            path=str(path),
        )
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith((b"$FL2", b"$FL3")):
        return "spss"
    # Stata 13+ starts with an XML-like tag; older files with a release byte (113-115) and byte order.
    if head.startswith(b"<stata_dta>") or (
        suffix == ".dta" and len(head) > 1 and 0x71 <= head[0] <= 0x73 and head[1] in (1, 2)
    ):
        return "stata"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(head):
        return "csv"  # UTF-16 text (Excel's "Unicode text"), with or without its byte order mark
    _refuse_document(head, path)
    if b"\x00" in head:
        raise InputFileError(
            f"'{path}' is a binary file of a format reportgen does not read; pass {SUPPORTED}",
            path=str(path),
        )
    return "csv"


# Files people pass by mistake that are text but not a table: what each is, by its first bytes.
_DOCUMENTS = (
    ((b"%pdf-",), "a PDF document"),
    ((b"<!doctype html", b"<html"), "an HTML page"),
    ((b"<?xml",), "an XML file"),
    ((b"{",), "JSON"),
)
_JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".geojson"})


def _refuse_document(head: bytes, path: Path) -> None:
    """Name a PDF, HTML, XML or JSON file for what it is, rather than read it as a one-column table."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:16].lower()
    what = next((name for prefixes, name in _DOCUMENTS if start.startswith(prefixes)), None)
    if what is None and path.suffix.lower() in _JSON_SUFFIXES and start.startswith(b"["):
        what = "JSON"
    if what is None:
        return
    raise InputFileError(
        f"'{path}' is {what}, not a table; export the data as CSV (or pass {SUPPORTED})", path=str(path)
    )


def utf16_without_bom(head: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when ``head`` is UTF-16 text without a byte order mark (ASCII
    characters leave a zero byte in every other place), else None."""
    sample = head[: 4096 - 4096 % 2]
    if len(sample) < 4:
        return None
    for encoding, zeros, chars in (
        ("utf-16-le", sample[1::2], sample[::2]),
        ("utf-16-be", sample[::2], sample[1::2]),
    ):
        if zeros.count(0) >= 0.9 * len(zeros) and chars.count(0) == 0:
            return encoding
    return None


def read_any(path: Path, *, sheet: str | None = None, separator: str | None = None) -> InputTable:
    """Read ``path`` in whichever supported format it is.

    Args:
        path: an existing regular file.
        sheet: the Excel sheet to read (default: the first); an error for other formats.
        separator: the CSV separator, overriding the sniffed one.

    Raises:
        InputFileError: an unknown or broken file, a missing optional package, a sheet that
            does not exist, or a CSV whose separator looks wrong.
    """
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    kind = detect_format(head, path)
    if sheet is not None and kind != "excel":
        raise InputFileError(
            f"--sheet applies to Excel files, but '{path}' is {FORMAT_NAMES[kind]}; drop --sheet",
            path=str(path),
        )
    if separator is not None and kind != "csv":
        raise InputFileError(
            f"--separator applies to CSV and other text files, but '{path}' is {FORMAT_NAMES[kind]}; "
            "drop --separator",
            path=str(path),
        )
    readers: dict[str, Callable[[], InputTable]] = {
        "csv": lambda: read_csv(path, head, separator=separator),
        "excel": lambda: read_excel(path, sheet),
        "parquet": lambda: read_parquet(path),
        "spss": lambda: read_labelled(path, "spss"),
        "stata": lambda: read_labelled(path, "stata"),
    }
    table = readers[kind]()
    if table.frame.empty:
        if kind == "excel":  # the first sheet is often a title page or notes
            raise InputFileError(
                f"sheet {table.sheet!r} of '{path}' has a header but no data rows; "
                "if the data are on another sheet, name it with --sheet",
                path=str(path),
            )
        raise InputFileError(f"'{path}' has a header but no data rows", path=str(path))
    return table


# --- CSV and other delimited text -------------------------------------------------------------------


def utf8_behind_utf16_mark(raw: bytes) -> bool:
    """Whether the text after a UTF-16 byte order mark is UTF-8 (no zero byte, valid UTF-8): UTF-16
    text has a zero byte beside each ASCII character, and decodes to no sense otherwise."""
    body = raw[2:]
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in body and bool(body.strip())


def decode(raw: bytes) -> tuple[str, str]:
    """Text and the encoding used: a BOM wins, then UTF-16 by its zero bytes, then UTF-8, then UTF-8
    with stray bytes (:data:`~reportgen.text_encoding.MIXED`: those bytes read as Windows-1252), then
    Windows-1252, then Latin-1.

    Raises:
        UnicodeDecodeError: a byte order mark promises an encoding the bytes do not follow.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError:
            mixed = utf8_with_strays(raw[3:])  # a UTF-8 BOM, and a few stray bytes of another encoding
            if mixed is None:
                raise
            return mixed[0], MIXED
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        if utf8_behind_utf16_mark(raw):
            raise UnicodeDecodeError("utf-16", raw, 2, 3, "UTF-8 text follows the mark, from")
        return raw.decode("utf-16"), "utf-16"
    bomless = utf16_without_bom(raw[:_SNIFF_BYTES])
    if bomless is not None:
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode(bomless), bomless
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = utf8_with_strays(raw)
    if mixed is not None:  # UTF-8 with a few stray bytes, each read as Windows-1252
        return mixed[0], MIXED
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"  # decodes any byte: the last resort


def _field_counts(lines: list[str], separator: str) -> list[int]:
    return [len(row) for row in csv.reader(lines, delimiter=separator) if any(c.strip() for c in row)]


def sniff_separator(text: str) -> str:
    """The separator that splits the most lines into the same number (above one) of fields.

    Each candidate is tried with a real CSV parser, so separators inside quotes do not count.
    """
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may cut the last line short
    best, best_score = ",", (0.0, 0)
    for separator in SEPARATORS:
        counts = _field_counts(lines, separator)
        if not counts:
            continue
        modal = max(set(counts), key=counts.count)
        if modal < 2:
            continue
        # Data rows may carry one more (empty) field than the header: a trailing separator.
        body = counts[1:] or counts
        agree = sum(1 for c in body if c == modal) / len(body)
        score = (agree, modal)
        if score > best_score:
            best, best_score = separator, score
    return best


def _trailing_separator(lines: list[str], separator: str) -> bool:
    """Every data row ends in the separator (as Excel writes some exports)."""
    body = [line for line in lines[1:] if line.strip()]
    return bool(body) and all(line.rstrip("\r\n").endswith(separator) for line in body)


def _decimal_comma(frame: pd.DataFrame) -> list[str]:
    """Columns whose every value is a number written with a decimal comma (or an integer)."""
    columns = []
    for column in frame.columns:
        values = frame[column].dropna().astype(str).str.strip()
        values = values[values != ""]
        if values.empty:
            continue
        comma = values.str.match(_DECIMAL_COMMA)
        plain = values.str.fullmatch(r"[-+]?\d+")
        if comma.any() and (comma | plain).all() and not values.str.match(_DECIMAL_POINT).any():
            columns.append(column)
    return columns


def _first_lines(text: str, count: int) -> list[str]:
    """``text.splitlines()[:count]``, splitting only as much of the text as that needs."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        if len(lines) > count or size >= len(text):
            return lines[:count]
        size *= 4


def _source(raw: bytes, text: str, encoding: str) -> io.BytesIO | io.StringIO:
    """What pandas parses: UTF-8 bytes as they are (a StringIO of the text holds 4 bytes a character)."""
    if encoding == "utf-8":
        return io.BytesIO(raw)
    if encoding == "utf-8-sig":
        return io.BytesIO(raw[3:])  # the text without its byte order mark, as decode() read it
    return io.StringIO(text)


def read_csv(path: Path, head: bytes, *, separator: str | None = None) -> InputTable:
    """Read delimited text with its dialect sniffed: separator, decimal comma, quotes, BOM, encoding."""
    import pandas as pd

    where = str(path)
    raw = path.read_bytes()
    try:
        text, encoding = decode(raw)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"'{where}' starts with a {exc.encoding.upper()} byte order mark but is not valid "
            f"{exc.encoding.upper()} text ({exc.reason} {exc.object[exc.start : exc.start + 1]!r}); "
            "save it again as UTF-8",
            path=where,
        ) from exc
    warned: tuple[str, ...] = ()
    if encoding == MIXED:  # said, naming the lines and bytes (the rare case: decoded once more)
        body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
        warned = (stray_warning(where, (utf8_with_strays(body) or ("", []))[1]),)
    legacy = legacy_warning(where, raw, encoding)  # a whole file read in a legacy encoding: said
    if legacy is not None:
        warned = (legacy,)
    if not text or text.isspace():
        raise InputFileError(f"'{where}' is empty; it needs a header row and data rows", path=where)
    _refuse_binary(text[:_SNIFF_BYTES], where)
    lines = _first_lines(text, 200)  # all the dialect checks read (not a million line strings)
    chosen = separator if separator is not None else sniff_separator(text[:_SNIFF_BYTES])
    trailing = _trailing_separator(lines[:200], chosen)
    header_trailing = lines[0].rstrip().endswith(chosen)
    header = [c.strip() for c in next(csv.reader(lines[:1], delimiter=chosen), [])]
    _check_separator([c for c in header if c], chosen, where)
    check_unique_names(header, where)
    try:
        with warnings.catch_warnings():
            # pandas only warns when a row has more fields than the header, and drops them.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                _source(raw, text, encoding),
                sep=chosen,
                dtype=str,
                skipinitialspace=True,
                # Only blank cells are missing here: clean.py reads NA-like words and says so.
                keep_default_na=False,
                na_values=[""],
                # A separator at the end of every data row: without this pandas makes column 1 the index.
                index_col=False,
            )
    except pd.errors.ParserWarning as exc:
        raise InputFileError(
            f"'{where}' has rows with more fields than its header; check the separator "
            f"({SEPARATOR_NAMES.get(chosen, repr(chosen))}, pass another with --separator) or the quotes",
            path=where,
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputFileError(f"'{where}' is empty; it needs a header row and data rows", path=where) from exc
    except pd.errors.ParserError as exc:
        raise _parse_error(str(exc), chosen, where) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    if trailing and header_trailing:
        # The header's own trailing separator makes one more, empty, unnamed column.
        last = frame.columns[-1]
        if last.startswith("Unnamed:") and frame[last].isna().all():
            frame = frame.drop(columns=[last])
    _check_separator(list(frame.columns), chosen, where)
    converted = _decimal_comma(frame) if chosen != "," else []
    for column in converted:
        frame[column] = frame[column].str.strip().str.replace(".", "", regex=False).str.replace(",", ".")
    dialect = {
        "separator": SEPARATOR_NAMES.get(chosen, chosen),
        "decimal": "comma" if converted else "point",
        "quote": '"',
        "trailing_separator": trailing,
        "sniffed": separator is None,
    }
    return InputTable(frame=frame, format="csv", encoding=encoding, dialect=dialect, warnings=warned)


# Control characters no text table holds (tab, line breaks, form feed, Ctrl-Z and escape aside: an
# id may carry an ANSI escape, which messages show escaped); above this share of the characters
# (random bytes give about 10%) the file is binary data that happened to hold no zero byte.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]")
_BINARY_SHARE = 0.05


def _refuse_binary(text: str, where: str) -> None:
    """A "text" full of control characters is a binary file of a format reportgen does not read."""
    if len(_CONTROL.findall(text)) > max(8, _BINARY_SHARE * len(text)):
        raise InputFileError(
            f"'{where}' is a binary file of a format reportgen does not read; pass {SUPPORTED}", path=where
        )


_UNCLOSED_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_FIELD_COUNT = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _parse_error(detail: str, separator: str, where: str) -> InputFileError:
    """The cause pandas' tokenizer found, in words: an unclosed quote, a row with too many fields."""
    name = SEPARATOR_NAMES.get(separator, repr(separator))
    quote = _UNCLOSED_QUOTE.search(detail)
    if quote:
        opened = int(quote.group(1)) + 1  # pandas counts rows from 0, the header included
        return InputFileError(
            f"'{where}' has a quote (\") opened on line {opened} that is never closed, so the rest of "
            'the file reads as one value; close it, or remove it (a quote inside a value is written "")',
            path=where,
        )
    fields = _FIELD_COUNT.search(detail)
    if fields:
        expected, line, saw = fields.groups()
        return InputFileError(
            f"'{where}' line {line} has {saw} {name}-separated fields but the header has {expected}; "
            f'put quotes around a value that holds a {name} ("1{separator}5"), or remove the extra '
            "separator",
            path=where,
        )
    last = detail.strip().splitlines()[-1] if detail.strip() else "unreadable"
    return InputFileError(
        f"'{where}' cannot be read as {name}-separated text ({last}); check its quotes, or pass "
        "another separator with --separator",
        path=where,
    )


def check_unique_names(names: list[str], where: str) -> None:
    """Each column needs its own name (pandas would silently rename the second 'a' to 'a.1')."""
    duplicated = sorted({n for n in names if n and names.count(n) > 1})
    if duplicated:
        places = listed(i + 1 for i, n in enumerate(names) if n == duplicated[0])
        raise InputFileError(
            f"'{where}' has the column name '{duplicated[0]}' more than once (columns {places}); "
            "give every column its own name",
            path=where,
        )


def _check_separator(columns: list[str], chosen: str, where: str) -> None:
    """A single column whose name holds another separator means the wrong separator was used."""
    if len(columns) != 1:
        return
    name = columns[0]
    for other in SEPARATORS:
        if other != chosen and other in name and len(name.split(other)) > 1:
            shown = "'\\t'" if other == "\t" else f"'{other}'"
            raise InputFileError(
                f"'{where}' reads as one column named {name!r} with the "
                f"{SEPARATOR_NAMES.get(chosen, repr(chosen))} separator; it looks "
                f"{SEPARATOR_NAMES[other]}-separated: pass --separator {shown}",
                path=where,
            )


# --- binary formats ---------------------------------------------------------------------------------


def text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with every column as text (blanks as missing), as a CSV would read.

    Whole numbers stored as floats print without ".0" (SPSS stores every number as a float), dates
    as ISO 8601 (date only when every time is midnight).
    """
    import pandas as pd

    columns: dict[str, pd.Series] = {}
    for name in frame.columns:
        series = frame[name]
        missing = series.isna()
        if pd.api.types.is_datetime64_any_dtype(series):
            # zoned times compared in UTC: 24 h across a change of summer time stay 24 h apart
            stamps = (
                series.dt.tz_convert("UTC").dt.tz_localize(None) if getattr(series.dt, "tz", None) else series
            )
            midnight = (stamps.dropna() == stamps.dropna().dt.normalize()).all()
            text = stamps.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%dT%H:%M:%S")
        elif pd.api.types.is_float_dtype(series):
            present = series.dropna()
            whole = bool(len(present)) and bool((present == present.round()).all())
            # inf is "whole" (inf == round(inf)) but has no int: it stays "inf", refused when cleaned
            write = (
                (lambda v: str(int(v)) if math.isfinite(v) else repr(v))
                if whole
                else (lambda v: repr(float(v)))
            )
            text = series.map(write, na_action="ignore")
        elif pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
            text = series.astype("string").astype(object)
        else:
            text = series.map(_cell_text, na_action="ignore")
        stripped = str(name).strip()
        if stripped in columns:
            raise ColumnError(
                f"two columns are named '{printable(stripped)}' once spaces are stripped; rename one",
                column=stripped,
            )
        columns[stripped] = text.astype(object).where(~missing, None)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))


def _cell_text(value: Any) -> str | None:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.isoformat() if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    return text if text.strip() else None


def read_excel(path: Path, sheet: str | None) -> InputTable:
    """The first sheet, or ``sheet``, of an .xlsx workbook (cached values of formulas)."""
    _require("openpyxl", "excel", "an Excel workbook", path)
    import openpyxl
    import pandas as pd

    where = str(path)
    # Opened from bytes: openpyxl refuses a path whose extension it does not know.
    content = io.BytesIO(path.read_bytes())
    try:
        workbook = openpyxl.load_workbook(content, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken archive
        raise InputFileError(f"'{where}' is not a readable Excel workbook ({exc})", path=where) from exc
    try:
        names = list(workbook.sheetnames)
        # Chart sheets hold no cells: the first sheet is the first worksheet.
        tables = [name for name in names if hasattr(workbook[name], "iter_rows")]
        if sheet is None and not tables:
            raise InputFileError(
                f"'{where}' has no worksheet, only charts; it needs a sheet of data", path=where
            )
        chosen = sheet if sheet is not None else tables[0]
        if chosen not in names:
            raise InputFileError(
                f"sheet {chosen!r} not found in '{where}'; its sheets are: {listed(names)}; "
                "name one with --sheet",
                path=where,
            )
        if chosen not in tables:
            raise InputFileError(
                f"sheet {chosen!r} of '{where}' is a chart, not a sheet of data; its worksheets are: "
                f"{listed(tables) or 'none'}; name one with --sheet",
                path=where,
            )
        try:
            # The cells written in the file, not the grid its dimension claims (A1:XFD1048576 hangs).
            cells = sheet_cells(workbook[chosen])
        except Exception as exc:  # a damaged sheet: openpyxl raises ValueError, KeyError... per cell
            raise InputFileError(
                f"sheet {chosen!r} of '{where}' is not a readable Excel sheet ({exc}); "
                "save it again from Excel",
                path=where,
            ) from exc
    finally:
        workbook.close()
    rows = cells.rows
    if not rows:
        raise InputFileError(f"sheet {chosen!r} of '{where}' is empty; it needs a header row", path=where)
    header = [str(v).strip() if v is not None else "" for v in rows[0]]
    while header and header[-1] == "":  # formatting-only columns at the right edge
        header.pop()
    check_unique_names(header, where)
    if "" in header:
        raise InputFileError(
            f"sheet {chosen!r} of '{where}' has a column without a name (column {header.index('') + 1}); "
            "give every column a header",
            path=where,
        )
    body = [list(row[: len(header)]) + [None] * (len(header) - len(row)) for row in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    notes = unsaved_formulas(frame, header, cells.uncached, path, chosen)
    if cells.outside:
        count = len(cells.outside)
        notes += (
            f"{counted(count, 'row')} of sheet {chosen!r} of '{path}' {verb_for(count, 'holds', 'hold')} "
            f"values only right of the named columns (Excel {verb_for(count, 'row', 'rows')} "
            f"{listed(cells.outside, 5)}) and {verb_for(count, 'is', 'are')} left out; give those "
            "columns a header, or delete the stray cells",
        )
    return InputTable(frame=text_columns(frame), format="excel", sheet=chosen, warnings=notes)


def unsaved_formulas(
    frame: pd.DataFrame, header: list[str], uncached: list[tuple[int, int]], path: Path, sheet: str
) -> tuple[str, ...]:
    """Formula cells without a saved value read as empty: a column of nothing else is refused, a
    few are a warning naming how many and the first cells (never taken silently for missing values).

    Raises:
        InputFileError: a named column holds formulas without saved values and no value at all.
    """
    from reportgen.xlsx_cells import coordinate

    where = f"sheet {sheet!r} of '{path}'"
    columns = [c for c in range(1, len(header) + 1) if any(col == c for _, col in uncached)]
    for column in columns:
        name = header[column - 1]
        if frame[name].isna().all():
            raise InputFileError(
                f"column '{printable(name)}' of {where} holds formulas without saved values (the file was "
                "written by a program that does not calculate, or saved without recalculating); open "
                "and save the file in Excel or LibreOffice",
                path=str(path),
            )
    if not uncached:
        return ()
    first = ", ".join(coordinate(row, column) for row, column in uncached[:5])
    more = f" and {len(uncached) - 5} more" if len(uncached) > 5 else ""
    return (
        f"{counted(len(uncached), 'formula cell')} of {where} {verb_for(len(uncached), 'has', 'have')} no "
        f"saved value ({first}{more}) and {verb_for(len(uncached), 'is', 'are')} read as missing; open and "
        "save the file in Excel or LibreOffice to calculate them",
    )


def read_parquet(path: Path) -> InputTable:
    """A Parquet file, through pyarrow."""
    _require("pyarrow", "parquet", "a Parquet file", path)
    import pandas as pd

    try:
        frame = pd.read_parquet(path, engine="pyarrow")
    except Exception as exc:  # pyarrow's errors (ArrowInvalid, OSError) vary with the damage
        raise InputFileError(f"'{path}' is not a readable Parquet file ({exc})", path=str(path)) from exc
    # Index columns pandas stored (named, or more than one level) are columns of the data too.
    named = any(name is not None for name in frame.index.names)
    return InputTable(frame=text_columns(frame.reset_index(drop=not named)), format="parquet")


def read_labelled(path: Path, kind: str) -> InputTable:
    """An SPSS .sav or Stata .dta file with its variable and value labels (pyreadstat)."""
    what = "an SPSS file" if kind == "spss" else "a Stata file"
    _require("pyreadstat", kind, what, path)
    import pyreadstat

    read = pyreadstat.read_sav if kind == "spss" else pyreadstat.read_dta
    try:
        frame, meta = read(str(path))
    except Exception as exc:  # pyreadstat.ReadstatError and friends
        raise InputFileError(
            f"'{path}' is not a readable {FORMAT_NAMES[kind]} file ({exc})", path=str(path)
        ) from exc
    variable_labels = {
        str(name): str(label)
        for name, label in (meta.column_names_to_labels or {}).items()
        if label and str(label).strip()
    }
    value_labels = {
        str(name): {_cell_text(code) or "": str(label) for code, label in labels.items()}
        for name, labels in (meta.variable_value_labels or {}).items()
    }
    return InputTable(
        frame=text_columns(frame),
        format=kind,
        encoding=getattr(meta, "file_encoding", None),
        variable_labels=variable_labels,
        value_labels=value_labels,
    )
