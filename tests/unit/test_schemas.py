"""The JSON schemas: well formed, versioned, described, and able to fail (issue 15, part 2).

That every JSON file the tests produce matches its schema is checked in ``tests/conftest.py``; these
tests show the check catches a wrong document of each kind; tests/e2e/test_schemas.py checks a built
results.json and `reportgen validate`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.errors import SchemaError
from reportgen.schemas import KINDS, VERSIONS, check_document, load_schema, schema_errors, validate_file

MANIFEST = {
    "schema_version": VERSIONS["manifest"],
    "reportgen": "0.1.0",
    "by": "site",
    "complete": True,
    "counts": {"ok": 1, "skipped": 0, "error": 1},
    "cohorts": [
        {
            "name": "North",
            "slug": "north",
            "status": "ok",
            "error": None,
            "input_hash": "a" * 64,
            "cache_key": "b" * 64,
            "outputs": ["north/report.html", "north/results.json"],
            "duration_s": 3.25,
        },
        {
            "name": "x",
            "slug": "x",
            "status": "error",
            "error": "one subject only",
            "input_hash": None,
            "cache_key": None,
            "outputs": [],
            "duration_s": 0.0,
        },
    ],
    "removed": [],
}

SENT = {
    "schema_version": VERSIONS["send-log"],
    "message_id": "<summary.1@example.org>",
    "file": "summary.eml",
    "cohort": None,
    "subject": "Sleep study: results",
    "to": ["class@example.org"],
    "refused": [],
    "server": "127.0.0.1:8025",
    "sent_at": "2026-11-27T08:15:00+00:00",
}

SKIPPED = {
    "schema_version": VERSIONS["comparison"],
    "column": "site",
    "cohorts": ["North"],
    "skipped": "fewer than two cohorts have data",
}


def descriptions_missing(node: Any, path: str = "") -> list[str]:
    """Paths of the properties (at any depth) that have no description."""
    missing = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            if isinstance(prop, dict) and "description" not in prop and "$ref" not in prop:
                missing.append(f"{path}.{name}")
        for key, value in node.items():
            missing += descriptions_missing(value, f"{path}.{key}" if key != "properties" else path)
    elif isinstance(node, list):
        for item in node:
            missing += descriptions_missing(item, path)
    return missing


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_versioned_and_described(kind: str) -> None:
    from jsonschema import Draft202012Validator

    schema = load_schema(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:reportgen:schema:{kind}:{VERSIONS[kind]}"
    assert schema["properties"]["schema_version"]["const"] == VERSIONS[kind]
    assert "schema_version" in schema["required"]
    assert schema["additionalProperties"] is False
    assert descriptions_missing(schema) == []


def test_manifest_comparison_and_send_log_changes_are_caught() -> None:
    assert schema_errors(MANIFEST, "manifest") == []
    done = copy.deepcopy(MANIFEST)
    done["cohorts"][0]["status"] = "done"
    assert schema_errors(done, "manifest") == [
        "at cohorts.0.status: 'done' is not one of ['ok', 'skipped', 'error']"
    ]
    assert schema_errors(SKIPPED, "comparison") == []
    both = {**SKIPPED, "model": "random_slope"}
    assert len(schema_errors(both, "comparison")) == 1  # skipped, or fitted: never both
    assert schema_errors(SENT, "send-log") == []
    (late,) = schema_errors({**SENT, "sent_at": "yesterday"}, "send-log")
    assert late.startswith("at sent_at: 'yesterday' does not match")
    without = {k: v for k, v in SENT.items() if k != "message_id"}
    assert schema_errors(without, "send-log") == ["at the top: 'message_id' is a required property"]


def test_check_document_raises_one_line_naming_the_first_problems() -> None:
    broken = copy.deepcopy(MANIFEST)
    for entry in broken["cohorts"]:
        entry["duration_s"] = "slow"
    broken["complete"] = "yes"
    broken["counts"]["ok"] = -1
    with pytest.raises(SchemaError) as caught:
        check_document(broken, "manifest", where="'m.json'")
    assert str(caught.value) == (
        "'m.json' is not a valid manifest 1.0 document: at cohorts.0.duration_s: 'slow' is not of type "
        "'number'; at cohorts.1.duration_s: 'slow' is not of type 'number'; at complete: 'yes' is not of "
        "type 'boolean' (and 1 more)"
    )
    assert caught.value.kind == "manifest"


def test_validate_file_reads_json_lines_and_refuses_nan(tmp_path: Path) -> None:
    log = tmp_path / "outbox" / "sent.jsonl"
    log.parent.mkdir()
    log.write_text(json.dumps(SENT) + "\n\n" + json.dumps({**SENT, "message_id": "<2@example.org>"}) + "\n")
    assert validate_file(log) == ("send-log", 2)
    log.write_text(json.dumps(SENT) + "\n" + json.dumps({**SENT, "to": "class@example.org"}) + "\n")
    with pytest.raises(SchemaError, match=r"^line 2 of '.*sent.jsonl' is not a valid send-log 1.0 document"):
        validate_file(log)
    log.unlink()  # the conftest check reads what the test leaves
    odd = tmp_path / "saved.json"
    odd.write_text('{"x": NaN}')
    with pytest.raises(SchemaError, match=r"is not JSON: NaN is not a JSON value"):
        validate_file(odd, "results")


def test_deeply_nested_json_is_one_error_line_everywhere_it_is_read(tmp_path: Path) -> None:
    # Python's JSON reader recurses: a hostile file must give one Error line, never a traceback.
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "results.json").write_text(deep)
    for args in (
        ["validate", str(tmp_path / "results.json")],
        ["email", "--out", str(tmp_path), "--to", "a@b.org"],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1
    from reportgen.cohorts import read_manifest

    (tmp_path / "manifest.json").write_text('{"a":' * 5000 + "1" + "}" * 5000)
    assert read_manifest(tmp_path) == {}
