"""The per-subject tables of ``results.json``, held as arrays and written from them in one piece.

At 100,000 subjects these tables are nearly all of the document (over a million numbers). A
:class:`SubjectTable` reads as a mapping (``{id: value}`` or ``{id: {column: value}}``) but holds
its columns as arrays: a record is made when it is read, JSON-ready (non-finite values are None),
so :func:`reportgen.results.to_json_ready` passes the table through and :func:`table_json` writes
it with one call of the C encoder for all its numbers. Held as Python dicts, the six tables of a
1,000,000-row report took 130 MB while the figures and the PDF were made; as arrays, about 12 MB.
"""

from __future__ import annotations

import json
import math
from collections.abc import ItemsView, Iterable, Iterator, Mapping, ValuesView
from itertools import repeat
from typing import Any

import numpy as np

# Records written per piece: the text of a 100,000-subject table is never held as a million strings.
CHUNK = 10_000


class SubjectTable(Mapping[str, Any]):
    """``{subject id: number}`` or ``{subject id: {column: number}}``, every record the same columns,
    numbers JSON-ready (Python int, float or None) as they are read. Build one with
    :func:`subject_table`; compare it with a dict as with any mapping; ``dict(table)`` makes one."""

    def __init__(self, ids: Iterable[str], columns: dict[str, Any], *, records: bool) -> None:
        self._ids = tuple(ids)
        self._columns = {name: _array(values) for name, values in columns.items()}
        if any(len(values) != len(self._ids) for values in self._columns.values()):
            raise ValueError("every column of a subject table needs one value per subject")
        self._records = records
        self._rows: dict[str, int] | None = None  # made on the first lookup by id

    @property
    def columns(self) -> list[str]:
        """The columns of its records ([] when its values are numbers)."""
        return list(self._columns) if self._records else []

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __getitem__(self, key: str) -> Any:
        if self._rows is None:
            self._rows = {subject: row for row, subject in enumerate(self._ids)}
        row = self._rows[key]
        numbers = {name: _number(values[row]) for name, values in self._columns.items()}
        return numbers if self._records else numbers["value"]

    def items(self) -> ItemsView[str, Any]:
        """Every (id, value) pair, made in one pass (a template sorting the table reads them all)."""
        return self.as_dict().items()

    def values(self) -> ValuesView[Any]:
        """Every value, made in one pass."""
        return self.as_dict().values()

    def __repr__(self) -> str:
        return f"SubjectTable({self.as_dict()!r})"

    def as_dict(self) -> dict[str, Any]:
        """The table as a dict of JSON-ready numbers or records."""
        values = [_json_ready(values) for values in self._columns.values()]
        if not self._records:
            return dict(zip(self._ids, values[0], strict=True))
        # map, not a generator expression: a million small dicts made without a Python frame each.
        records = map(dict, map(zip, repeat(tuple(self._columns)), zip(*values, strict=True)))
        return dict(zip(self._ids, records, strict=True))

    def numbers(self, start: int, stop: int) -> list[Any]:
        """The JSON-ready numbers of records ``start`` to ``stop``, record by record."""
        parts = [_json_ready(values[start:stop]) for values in self._columns.values()]
        if len(parts) == 1:
            return parts[0]
        out: list[Any] = [None] * (len(parts) * len(parts[0]))
        for j, part in enumerate(parts):
            out[j :: len(parts)] = part
        return out


def _array(values: Any) -> Any:
    """An array of the values: integers and truth values as they are, others as floats."""
    array = np.asarray(values)
    if array.dtype.kind not in "iub":
        array = array.astype(float, copy=False)
    return array


def _number(value: Any) -> Any:
    """A Python number of an array's element; a non-finite float is None (JSON has no NaN)."""
    number = value.item()
    return None if type(number) is float and not math.isfinite(number) else number


def _json_ready(array: Any) -> list[Any]:
    """Python numbers of an array, non-finite floats as None."""
    out = array.tolist()
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        out = [v if math.isfinite(v) else None for v in out]
    return out


def subject_table(ids: Iterable[str], values: Any = None, **columns: Any) -> SubjectTable:
    """``{id: value}`` from one array of ``values``, or ``{id: {name: value}}`` from named columns."""
    if values is not None:
        return SubjectTable(ids, {"value": values}, records=False)
    return SubjectTable(ids, columns, records=True)


def table_json(table: SubjectTable, level: int) -> Iterator[str]:
    """The table as ``json.dumps(dict(table), indent=2)`` writes it at nesting ``level``, in pieces
    of ``CHUNK`` records."""
    if not table:
        yield "{}"
        return
    columns = table.columns
    pad, inner = "\n" + "  " * level, "\n" + "  " * (level + 1)
    # Each piece is one list of strings filled by slices: the key, a label and a number per column,
    # then the separator; no Python code runs per record.
    if columns:
        deeper = "\n" + "  " * (level + 2)
        labels = [": {" + deeper + json.dumps(columns[0]) + ": "]
        labels += ["," + deeper + json.dumps(c) + ": " for c in columns[1:]]
        end, last = inner + "}," + inner, inner + "}"
    else:
        labels, end, last = [": "], "," + inner, ""
    keys = list(table)
    step, width = 2 * len(labels) + 2, len(labels)
    yield "{" + inner
    for start in range(0, len(keys), CHUNK):
        numbers = table.numbers(start, start + CHUNK)
        # One call formats every number; numbers and null never contain ", ".
        texts = json.dumps(numbers, allow_nan=False)[1:-1].split(", ")
        count = len(numbers) // width
        pieces: list[str] = [""] * (step * count)
        pieces[0::step] = map(json.encoder.encode_basestring_ascii, keys[start : start + CHUNK])
        for j, label in enumerate(labels):
            pieces[2 * j + 1 :: step] = [label] * count
            pieces[2 * j + 2 :: step] = texts[j::width]
        pieces[step - 1 :: step] = [end] * count
        if start + CHUNK >= len(keys):
            pieces[-1] = last
        yield "".join(pieces)
    yield pad + "}"


def plain_results(value: Any) -> Any:
    """``value`` with every per-subject table in it made a dict (what ``json.dumps`` takes): for
    the results an API hands out once the outputs are written."""
    kind = type(value)
    if kind is SubjectTable:
        return value.as_dict()
    if kind is dict:
        return {key: plain_results(item) for key, item in value.items()}
    if kind is list:
        return [plain_results(item) for item in value]
    return value
