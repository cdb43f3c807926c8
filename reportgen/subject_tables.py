"""The per-subject tables of ``results.json``, built from arrays and written in one piece.

At 100,000 subjects these tables are nearly all of the document (over a million numbers). A
:class:`SubjectTable` is a plain dict (``{id: value}`` or ``{id: {column: value}}``) whose
numbers are built JSON-ready from arrays in one pass: non-finite values are already None, so
:func:`reportgen.results.to_json_ready` passes it through, and :func:`table_json` writes it with one
call of the C encoder for all its numbers instead of walking it value by value.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from itertools import chain, repeat
from typing import Any

import numpy as np

# Records written per piece: the text of a 100,000-subject table is never held as a million strings.
CHUNK = 10_000


class SubjectTable(dict[str, Any]):
    """``{subject id: number}`` or ``{subject id: {column: number}}``, every record the same columns,
    numbers JSON-ready (Python int, float or None). Build one with :func:`subject_table`."""


def _json_ready(values: Any) -> list[Any]:
    """Python numbers of an array-like, non-finite floats as None (JSON has no NaN)."""
    array = np.asarray(values)
    if array.dtype.kind in "iub":
        return array.tolist()
    array = array.astype(float, copy=False)
    out = array.tolist()
    if not np.isfinite(array).all():
        out = [v if math.isfinite(v) else None for v in out]
    return out


def subject_table(ids: Iterable[str], values: Any = None, **columns: Any) -> SubjectTable:
    """``{id: value}`` from one array of ``values``, or ``{id: {name: value}}`` from named columns."""
    if values is not None:
        return SubjectTable(zip(ids, _json_ready(values), strict=True))
    rows = zip(*(_json_ready(column) for column in columns.values()), strict=True)
    # map, not a generator expression: a million small dicts made without a Python frame each.
    records = map(dict, map(zip, repeat(tuple(columns)), rows))
    return SubjectTable(zip(ids, records, strict=True))


def table_columns(table: SubjectTable) -> list[str] | None:
    """The columns of the table's records ([] when its values are numbers); None when it is empty
    or its records differ in their columns (it is then written the standard way)."""
    if not table:
        return None
    records = list(table.values())
    if type(records[0]) is not dict:
        return []
    columns = list(records[0])
    if not columns or not all(map(columns.__eq__, map(list, records))):
        return None
    return columns


def table_json(table: SubjectTable, columns: list[str], level: int) -> Iterator[str]:
    """The table as ``json.dumps(table, indent=2)`` writes it at nesting ``level``, in pieces of
    ``CHUNK`` records (``columns`` from :func:`table_columns`)."""
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
    keys, records = list(table), list(table.values())
    step, width = 2 * len(labels) + 2, len(labels)
    yield "{" + inner
    for start in range(0, len(keys), CHUNK):
        part = records[start : start + CHUNK]
        numbers = list(chain.from_iterable(map(dict.values, part))) if columns else part
        # One call formats every number; numbers and null never contain ", ".
        texts = json.dumps(numbers, allow_nan=False)[1:-1].split(", ")
        count = len(part)
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
