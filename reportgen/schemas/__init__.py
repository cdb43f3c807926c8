"""JSON Schemas (draft 2020-12) of the JSON files reportgen writes, and validation against them.

| kind | file | schema |
| --- | --- | --- |
| ``results`` | ``results.json`` of every report | ``results.schema.json`` |
| ``manifest`` | ``manifest.json`` of a cohorts run | ``manifest.schema.json`` |
| ``comparison`` | ``comparison.json`` of a cohorts run | ``comparison.schema.json`` |
| ``send-log`` | each line of ``outbox/sent.jsonl`` | ``send-log.schema.json`` |

Every document carries ``schema_version``, ``"MAJOR.MINOR"`` (:data:`VERSIONS`); each schema names
its version in its ``$id`` (``urn:reportgen:schema:results:1.0``) and as the one value its
``schema_version`` may take. The version of a document changes with its layout:

- **major** (``1.4`` -> ``2.0``): a key is removed or renamed, its type changes (a number that can
  now be null, an object that becomes a list), or what it means changes (its unit, scale, or what
  it counts). Code that reads the file may break.
- **minor** (``1.0`` -> ``1.1``): keys are added; every existing key keeps its name, type and
  meaning. Code that reads the file keeps working.

Whoever changes a document changes its schema and its number here in the same commit: the schemas
are strict (``additionalProperties: false`` wherever the keys are fixed), so the tests, which
validate every JSON file they produce, fail on a layout the schema does not describe.

``jsonschema`` is imported only when a document is validated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from reportgen.errors import SchemaError, printable

VERSIONS = {"results": "1.7", "manifest": "1.0", "comparison": "1.1", "send-log": "1.0"}
KINDS = tuple(VERSIONS)
# Which kind a file is, by its name.
FILE_KINDS = {
    "results.json": "results",
    "manifest.json": "manifest",
    "comparison.json": "comparison",
    "sent.jsonl": "send-log",
}
# The largest file `validate` reads (a results.json of a large study is a few MiB).
VALIDATE_LIMIT = 64 * 2**20
# Errors listed in one message, at most.
SHOWN_ERRORS = 3


@cache
def load_schema(kind: str) -> Mapping[str, Any]:
    """The schema of ``kind`` (one of :data:`KINDS`), as shipped inside the package."""
    if kind not in VERSIONS:
        raise ValueError(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
    text = files(__package__).joinpath(f"{kind}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_errors(document: Any, kind: str) -> list[str]:
    """Every way ``document`` departs from the schema of ``kind``, one line each (``at data.rows: ...``)."""
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(load_schema(kind), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"at {'.'.join(map(str, e.absolute_path)) or 'the top'}: {e.message}" for e in errors]


def check_document(document: Any, kind: str, *, where: str | None = None) -> None:
    """Raise :class:`SchemaError` unless ``document`` matches the schema of ``kind``.

    Raises:
        SchemaError: naming the first few problems (``where`` says which file or line).
    """
    errors = schema_errors(document, kind)
    if errors:
        more = f" (and {len(errors) - SHOWN_ERRORS} more)" if len(errors) > SHOWN_ERRORS else ""
        shown = "; ".join(errors[:SHOWN_ERRORS])
        raise SchemaError(
            f"{where or 'the document'} is not a valid {kind} {VERSIONS[kind]} document: {shown}{more}",
            path=where,
            kind=kind,
        )


def kind_of(path: Path) -> str | None:
    """The kind of a file, from its name; None when the name does not tell."""
    return FILE_KINDS.get(path.name)


def validate_file(path: Path, kind: str | None = None) -> tuple[str, int]:
    """Check a file reportgen wrote against its schema: its kind and how many documents it holds.

    A send log (JSON lines) holds one document per non-empty line; the other files one.

    Args:
        path: the file.
        kind: one of :data:`KINDS`; by default told from the file's name (:data:`FILE_KINDS`).

    Raises:
        SchemaError: the kind cannot be told, the file cannot be read or is not JSON, or a document
            does not match the schema.

    Example:
        validate_file(Path("output/results.json"))  # ("results", 1)
    """
    if not path.exists():
        raise SchemaError(f"'{path}' not found", path=str(path))
    kind = kind or kind_of(path)
    if kind is None:
        raise SchemaError(
            f"cannot tell what '{path}' is from its name; name its kind with --kind ({', '.join(KINDS)})",
            path=str(path),
        )
    from reportgen.load import FileRefused, read_regular

    try:
        text = read_regular(path, limit=VALIDATE_LIMIT).decode("utf-8")
    except FileRefused as exc:
        raise SchemaError(f"'{path}' {exc}; pass a file reportgen wrote", path=str(path), kind=kind) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SchemaError(f"cannot read '{path}': {reason}", path=str(path), kind=kind) from exc
    documents = (
        [(f"line {n} of '{path}'", line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if kind == "send-log"
        else [(f"'{path}'", text)]
    )
    for where, source in documents:
        try:
            document = json.loads(source, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
        except ValueError as exc:
            raise SchemaError(f"{where} is not JSON: {exc}", path=str(path), kind=kind) from exc
        except RecursionError:
            raise SchemaError(
                f"{where} is nested too deeply to be JSON reportgen wrote", path=str(path), kind=kind
            ) from None
        check_document(document, kind, where=where)
    return kind, len(documents)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are each given once: a repeated key (``schema_version`` "9.9" then
    "1.0") would be read as its last value, silently (Python's reader accepts it)."""
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise ValueError(f"the key {printable(key[:80])!r} is given twice in one object")
        document[key] = value
    return document


def _refuse_constant(name: str) -> Any:
    """``NaN`` and ``Infinity`` are not JSON (Python's reader would accept them)."""
    raise ValueError(f"{name} is not a JSON value")
