"""The JSON schemas: well formed, versioned, described, and able to fail (issue 15, part 2).

That every JSON file the tests produce matches its schema is checked in ``conftest.py``; these tests
show the check catches a renamed key, a wrong type, an extra key, and a file of the wrong shape.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.schemas import VERSIONS, schema_errors


def test_results_match_and_each_change_is_caught(results: dict[str, Any]) -> None:
    assert results["schema_version"] == VERSIONS["results"]
    assert schema_errors(results, "results") == []

    renamed = copy.deepcopy(results)
    renamed["ols"]["slope_estimate"] = renamed["ols"].pop("slope")
    assert schema_errors(renamed, "results") == [
        "at ols: 'slope' is a required property",
        "at ols: Additional properties are not allowed ('slope_estimate' was unexpected)",
    ]
    retyped = copy.deepcopy(results)
    retyped["data"]["rows"] = "180"
    assert schema_errors(retyped, "results") == ["at data.rows: '180' is not of type 'integer'"]
    nulled = copy.deepcopy(results)
    nulled["random_slope"]["slope"] = None
    assert schema_errors(nulled, "results") == ["at random_slope.slope: None is not of type 'number'"]
    old = copy.deepcopy(results)
    old["schema_version"] = "0.9"
    assert schema_errors(old, "results") == ["at schema_version: '1.2' was expected"]
    inner = copy.deepcopy(results)
    inner["subject_fits"]["308"]["slope_se"] = 1.0
    assert schema_errors(inner, "results") == [
        "at subject_fits.308: Additional properties are not allowed ('slope_se' was unexpected)"
    ]
    sentence = copy.deepcopy(results)
    sentence["narrative"]["q1"][0].append({"key": "ols.slope", "style": "bold"})
    assert len(schema_errors(sentence, "results")) == 1


def test_cli_validate(built_report: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["validate", str(built_report / "results.json")])
    assert done.exit_code == 0, done.output
    assert done.stderr == f"{built_report / 'results.json'}: valid, results schema 1.2\n"

    copied = tmp_path / "run-3.json"
    document = json.loads((built_report / "results.json").read_text())
    copied.write_text(json.dumps({**document, "schema_version": "2.0"}))
    unnamed = runner.invoke(cli, ["validate", str(copied)])
    assert unnamed.exit_code == 1
    assert unnamed.stderr == (
        f"Error: cannot tell what '{copied}' is from its name; name its kind with --kind "
        "(results, manifest, comparison, send-log)\n"
    )
    wrong = runner.invoke(cli, ["validate", "--kind", "results", str(copied)])
    assert wrong.exit_code == 1
    assert wrong.stderr == (
        f"Error: '{copied}' is not a valid results 1.2 document: at schema_version: '1.2' was expected\n"
    )
    copied.unlink()
    for name in ("results.json", "nope.json"):  # a missing file is "not found", whatever its name
        missing = runner.invoke(cli, ["validate", str(tmp_path / name)])
        assert missing.exit_code == 1
        assert missing.stderr == f"Error: '{tmp_path / name}' not found\n"
