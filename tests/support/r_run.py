"""Running an R script in a cross-check: skipped without R or its packages, unless
``REPORTGEN_REQUIRE_R=1`` asks for them (then the test fails)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

# An R script quits with this status when a package it needs is missing.
MISSING_PACKAGE = 3


def _unavailable(reason: str) -> None:
    if os.environ.get("REPORTGEN_REQUIRE_R") == "1":
        pytest.fail(f"{reason}, and REPORTGEN_REQUIRE_R=1 asks for the R cross-checks")
    pytest.skip(f"{reason} (set REPORTGEN_REQUIRE_R=1 to insist)")


def run_r(script: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``Rscript --vanilla script args...``; skips (or fails) when R or a package is missing."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        _unavailable("Rscript is not on PATH")
    run = subprocess.run(
        [str(rscript), "--vanilla", str(script), *args], capture_output=True, text=True, timeout=timeout
    )
    if run.returncode == MISSING_PACKAGE:
        _unavailable(f"an R package {script.name} needs is not installed")
    assert run.returncode == 0, f"Rscript failed:\n{run.stderr}"
    return run


def lme4_random_terms(model: str) -> str:
    """A chosen random-effects structure in lme4 syntax, on columns ``time`` and ``group``
    (``shifted``: time from the first observed time, for the uncorrelated slope)."""
    from reportgen.analysis.selection import RANDOM_INTERCEPT, UNCORRELATED

    if model == RANDOM_INTERCEPT:
        return "(1 | group)"
    if model == UNCORRELATED:
        return "(1 | group) + (0 + shifted | group)"
    return "(time | group)"


def run_r_job(folder: Path, job: dict[str, Any], script_text: str) -> Any:
    """Write ``job`` as folder/job.json and ``script_text`` as folder/job.R, run it with the folder
    as its argument and read its standard output as JSON."""
    import json

    (folder / "job.json").write_text(json.dumps(job), encoding="utf-8")
    script = folder / "job.R"
    script.write_text(script_text, encoding="utf-8")
    return json.loads(run_r(script, str(folder)).stdout)
