"""`--format docx`: a Word document with the report's words and numbers, read back with python-docx.

Every computed number in the .docx is a run in the character style "Number"; in document order
they are the HTML's numbers, whose results.json keys the HTML names, so each shown number is
compared with its value in results.json. LibreOffice converts
the document to PDF, as a check that a real word processor opens it (skipped without soffice,
unless REPORTGEN_REQUIRE_LIBREOFFICE=1).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.results import lookup

docx = pytest.importorskip("docx")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture(scope="module")
def word_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("word")
    result = CliRunner().invoke(
        cli, ["build", "--format", "docx", "--format", "html", "--variant", "both", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def shown_numbers(path: Path) -> list[str]:
    """The text of every run in the "Number" character style, in document order (tables included)."""
    document = docx.Document(str(path))
    runs = []
    for block in document.iter_inner_content():
        paragraphs = (
            [p for row in block.rows for cell in row.cells for p in cell.paragraphs]
            if isinstance(block, docx.table.Table)
            else [block]
        )
        runs.extend(r.text for p in paragraphs for r in p.runs if r.style.name == "Number")
    return runs


def html_numbers(html: str) -> list[tuple[str, str]]:
    """(results.json key, text) of every number in the report HTML, in document order."""
    found = re.findall(r'<span class="num" data-key="([^"]+)">([^<]*)</span>', html)
    return [(key, text.replace("&lt;", "<")) for key, text in found]


def matches(value: Any, shown: str) -> bool:
    """Whether ``shown`` is ``value`` as the report writes it (rounded to the places shown)."""
    if shown == "n/a":
        return value is None
    shown = shown.removeprefix("= ")  # a p-value written after "p"
    if shown.startswith("< "):
        return value < float(shown[2:])
    if shown.endswith("%"):
        return abs(100 * value - float(shown[:-1])) <= 0.05 + 1e-9
    places = len(shown.split(".", 1)[1]) if "." in shown else 0
    return abs(value - float(shown)) <= 0.5 * 10**-places + 1e-9


def test_every_number_matches_results_json(word_build: Path) -> None:
    """The .docx shows the HTML's numbers in the same order; each is its results.json value."""
    results = json.loads((word_build / "results.json").read_text())
    keys = html_numbers((word_build / "report.html").read_text())
    shown = shown_numbers(word_build / "report.docx")
    assert len(shown) == len(keys) > 150
    wrong = [
        (key, text)
        for (key, _), text in zip(keys, shown, strict=True)
        if not matches(lookup(results, key), text)
    ]
    assert wrong == []


def test_the_numbers_are_those_of_the_html(word_build: Path) -> None:
    html = (word_build / "report.html").read_text()
    assert shown_numbers(word_build / "report.docx") == [text for _, text in html_numbers(html)]


def test_structure_headings_tables_captions_figures(word_build: Path) -> None:
    from bs4 import BeautifulSoup

    html = BeautifulSoup((word_build / "report.html").read_text(), "html.parser")
    document = docx.Document(str(word_build / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h.get_text(" ", strip=True) for h in html.select("main section > h2")] == [
        h for h in headings if h != "Going further"
    ]
    assert document.paragraphs[6].style.name == "Subtitle"
    assert any(p.style.name == "Title" and "sleep study" in p.text for p in document.paragraphs)

    # Real tables, each after a caption numbered by a SEQ field, with the HTML's caption text.
    assert len(document.tables) == len(html.select("table"))
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    table_captions = [p for p in captions if p.text.startswith("Table ")]
    assert [p.text for p in table_captions] == [
        " ".join(c.get_text(" ", strip=True).split()) for c in html.select("table > caption")
    ]
    for caption in captions:
        assert "SEQ" in "".join(t.text or "" for t in caption._p.iter(f"{W}instrText"))

    # Figures are pictures with the HTML's alt text.
    alts = [img["alt"] for img in html.select("figure img")]
    described = [d.get("descr") for d in document.element.body.iter(f"{WP}docPr")]
    assert described == alts
    assert len(document.inline_shapes) == len(alts)

    # Page numbers: a PAGE field in the footer (the title page has none).
    section = document.sections[0]
    assert section.different_first_page_header_footer
    footer = "".join(t.text or "" for t in section.footer._element.iter(f"{W}instrText"))
    assert "PAGE" in footer


def test_the_first_table_is_the_data_preview(word_build: Path) -> None:
    results = json.loads((word_build / "results.json").read_text())
    table = docx.Document(str(word_build / "report.docx")).tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == results["data"]["column_names"]
    first = results["data"]["head"][0]
    assert [float(cell.text) for cell in table.rows[1].cells[:2]] == [first["Reaction"], first["Days"]]


def test_the_handout_has_questions_and_no_numbers(word_build: Path) -> None:
    handout = docx.Document(str(word_build / "handout.docx"))
    assert shown_numbers(word_build / "handout.docx") == []
    text = "\n".join(p.text for p in handout.paragraphs)
    assert "Student handout" in text
    assert "______" in text  # the code to complete
    headings = [p.text for p in handout.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("Question 1") and not any("Going further" in h for h in headings)


def test_the_same_html_gives_the_same_bytes(word_build: Path) -> None:
    from reportgen.word_export import html_to_docx

    html = (word_build / "report.html").read_text()
    assert html_to_docx(html) == html_to_docx(html)


def test_missing_python_docx_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    result = CliRunner().invoke(cli, ["build", "--format", "docx", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "Error: --format docx needs the package python-docx: pip install 'reportgen[docx]'"
    )
    assert not (tmp_path / "out").exists()


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        reason = "LibreOffice (soffice) is not installed; Debian package libreoffice-writer-nogui"
        if os.environ.get("REPORTGEN_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"{reason}, and REPORTGEN_REQUIRE_LIBREOFFICE=1 requires it")
        pytest.skip(reason)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", ["report", "handout"])
def test_libreoffice_opens_and_converts_it(name: str, word_build: Path, tmp_path: Path) -> None:
    import pypdf

    soffice = _soffice()
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(word_build / f"{name}.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.stat().st_size > 10_000, done.stdout + done.stderr
    reader = pypdf.PdfReader(pdf)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert len(reader.pages) > 5
    if name == "report":
        results = json.loads((word_build / "results.json").read_text())
        for key in ("ols.slope", "ols.intercept", "random_intercept.slope", "random_slope.slope_sd"):
            assert f"{lookup(results, key):.2f}" in text, key
    else:
        assert "Question 6" in text
