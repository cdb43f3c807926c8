"""The documentation's examples run, and the site builds (`mkdocs build --strict`).

The examples are run by :mod:`tests.support.docs_examples` (its docstring says how); the output-key
tables are rendered from the JSON Schemas.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.integration.test_docs import EXAMPLE_PAGES, FIXTURE_SCHEMAS, SCHEMAS
from tests.support import docs_examples


@pytest.mark.slow
@pytest.mark.parametrize("page", EXAMPLE_PAGES)
def test_examples_run(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's examples from an empty folder, as a reader follows them: a guide that reads the example
    data runs `reportgen examples .` first."""
    import reportgen.figures

    monkeypatch.setattr(
        reportgen.figures, "build_figures", docs_examples.remember_figures(reportgen.figures.build_figures)
    )
    for name in ("REPORTGEN_SMTP_PASSWORD", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "work"
    folder.mkdir()
    with contextlib.ExitStack() as services:
        run = docs_examples.PageRun(folder, services)
        for block in docs_examples.blocks(docs_examples.DOCS / page):
            run.run_block(block)
    assert run.ran or run.skipped


@pytest.mark.slow
def test_site_builds_strict(tmp_path: Path) -> None:
    """``mkdocs build --strict``: no broken link or anchor, every page in the navigation."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocs_click")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if not any(SCHEMAS.glob("*.schema.json")):  # until the schemas are merged: the fixture's
        env["REPORTGEN_DOCS_SCHEMAS"] = str(FIXTURE_SCHEMAS)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    cli_page = (tmp_path / "site" / "reference" / "cli" / "index.html").read_text()
    for command in ("build", "cohorts", "email", "preview", "templates"):
        assert f"reportgen {command}" in cli_page
    assert "--scheduler" in cli_page and "--smtp-security" in cli_page
    assert "DIR/&lt;cohort&gt;/report.html" in cli_page  # a placeholder, not an HTML tag
    assert "<p>Examples:</p>\n<pre><code>reportgen build\n" in cli_page  # --help's line breaks
    keys = (tmp_path / "site" / "reference" / "output-files" / "index.html").read_text()
    assert "<!-- schemas -->" not in keys and "schema.json" in keys
