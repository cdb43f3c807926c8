"""A results.json of an earlier minor version still matches the schema (break round 8: 1.5 made
`model_choice.random_effects` and `provenance.config.lang` required, so every folder built
before refused the next build, cohorts run and `reportgen validate`). Keys added in a minor
version are optional; the fixture is sleepstudy's results.json as reportgen 1.4 wrote it (d5d6ec5)."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.schemas import VERSIONS, schema_errors

OLDER = Path(__file__).parent.parent / "fixtures" / "results-1.4-sleepstudy.json"


def test_keys_added_since_1_4_are_optional() -> None:
    """A 1.4 document under today's version number lacks only keys added since: none is required
    (a 1.5 folder written before a key was added is read, not refused)."""
    document = json.loads(OLDER.read_text(encoding="utf-8"))
    assert document["schema_version"] == "1.4"
    document["schema_version"] = VERSIONS["results"]
    assert schema_errors(document, "results") == []
