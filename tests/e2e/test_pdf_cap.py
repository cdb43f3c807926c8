"""A template writing more than WeasyPrint can lay out within about 1 GB is refused in one line when
a PDF is asked for (breaker round 5: 1e8 characters with html+pdf drove WeasyPrint to 5 GB and a
GLib abort), while the HTML alone stays under the general output cap."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import TemplateError
from reportgen.render import MAX_PDF_CHARS, MAX_PDF_TAGS, check_pdf_input
from tests.support.contract import assert_one_error, run_cli, tree_state


def _template(folder: Path, text: str) -> Path:
    path = folder / "questions" / "q1_overview.html.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_template_too_large_for_a_pdf_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    templates = tmp_path / "mine"
    # 3 M characters: far below the HTML cap (200 M), above the PDF's
    _template(
        templates, "{% for i in range(1000) %}{% for j in range(300) %}<i>x</i> {% endfor %}{% endfor %}"
    )
    before = tree_state(out)
    run = run_cli("build", "--out", str(out), "--format", "pdf", "--templates", str(templates))
    assert_one_error(run, "Error: template ", "a PDF is made from", "--format html")
    assert tree_state(out) == before


def test_the_cap_counts_characters_and_tags_and_passes_a_report() -> None:
    with pytest.raises(TemplateError, match=f"more than the {MAX_PDF_CHARS:,}"):
        check_pdf_input("x" * (MAX_PDF_CHARS + 1), "report.html.j2")
    with pytest.raises(TemplateError, match=f"more than the {MAX_PDF_TAGS:,}"):
        check_pdf_input("<b></b>" * (MAX_PDF_TAGS // 2 + 1), "report.html.j2")
    check_pdf_input("<p>" + "x" * 100_000 + "</p>" * 3_000, "report.html.j2")
