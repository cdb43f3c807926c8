"""``validate`` refuses a JSON object that gives a key twice (Python's reader keeps the last)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import SchemaError
from reportgen.schemas import _unique_keys, validate_file


def test_a_repeated_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text('{"schema_version": "9.9", "schema_version": "1.0"}')
    with pytest.raises(
        SchemaError, match="is not JSON: the key 'schema_version' is given twice in one object"
    ):
        validate_file(path)


def test_keys_given_once_are_kept_in_order() -> None:
    assert _unique_keys([("a", 1), ("b", 2)]) == {"a": 1, "b": 2}
    with pytest.raises(ValueError, match="'a' is given twice"):
        _unique_keys([("a", 1), ("a", 2)])
