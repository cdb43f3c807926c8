"""What a run did: each cohort's outcome, ``manifest.json`` written from them and read back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATUSES = ("ok", "skipped", "error")
MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class CohortOutcome:
    """What happened to one cohort in a run (one entry of ``manifest.json``)."""

    name: str
    slug: str
    status: str  # one of STATUSES
    error: str | None
    input_hash: str | None  # SHA-256 of the cohort's rows; None when they could not be selected
    cache_key: str | None
    outputs: tuple[str, ...]  # paths relative to the output folder
    duration_s: float
    summary: dict[str, Any] | None = None  # the index's numbers, as in results.json

    def manifest_entry(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "slug": self.slug,
            "status": self.status,
            "error": self.error,
            "input_hash": self.input_hash,
            "cache_key": self.cache_key,
            "outputs": list(self.outputs),
            "duration_s": round(self.duration_s, 3),
        }


@dataclass(frozen=True)
class CohortsResult:
    """A finished batch: every cohort's outcome, in index order."""

    out_dir: Path
    by: str | None
    cohorts: tuple[CohortOutcome, ...]
    # Folders of cohorts a previous run built that are no longer in the data (removed).
    removed: tuple[str, ...] = ()

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.cohorts)

    @property
    def failed(self) -> tuple[CohortOutcome, ...]:
        return tuple(outcome for outcome in self.cohorts if outcome.status == "error")


def read_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The previous run's entries by slug; empty when there is no readable manifest."""
    try:
        document = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
        return {entry["slug"]: entry for entry in document["cohorts"] if isinstance(entry["slug"], str)}
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}


def manifest(result: CohortsResult, *, complete: bool = True) -> dict[str, Any]:
    """The ``manifest.json`` document: counts, then one entry per cohort (see the README).

    ``complete`` is false while a run is under way: the cohorts listed are those finished so far.
    """
    from reportgen import __version__
    from reportgen.schemas import VERSIONS

    return {
        "schema_version": VERSIONS["manifest"],
        "reportgen": __version__,
        "by": result.by,
        "complete": complete,
        "counts": {status: result.count(status) for status in STATUSES},
        "cohorts": [outcome.manifest_entry() for outcome in result.cohorts],
        "removed": list(result.removed),
    }
