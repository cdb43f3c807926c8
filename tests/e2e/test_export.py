"""Writing a whole report: a failed render leaves the old one, the PDF's structure and images."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen import pipeline
from reportgen.config import make_config
from tests.unit.test_export import _embedded_image_filters


def test_failed_render_leaves_existing_report_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_report: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # An earlier run's report.html and results.json (which records the report's digest): the
    # folder is a report's, and its report.html is as that run wrote it.
    previous = (built_report / "report.html").read_text()
    (out / "report.html").write_text(previous)
    (out / "results.json").write_bytes((built_report / "results.json").read_bytes())

    def broken_pdf(html: str, images: object = None) -> bytes:
        raise RuntimeError("PDF engine crashed")

    monkeypatch.setattr("reportgen.export.html_to_pdf", broken_pdf)
    with pytest.raises(RuntimeError):
        pipeline.build_report(make_config(out_dir=out))
    assert (out / "report.html").read_text() == previous
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "results.json"]


def test_pdf_has_metadata_bookmarks_page_numbers_and_captions(built_report: Path) -> None:
    reader = PdfReader(built_report / "report.pdf")
    meta = reader.metadata
    assert meta is not None
    assert meta.title and "sleep study" in meta.title
    assert meta.author == "reportgen"
    assert meta.get("/CreationDate")
    titles: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(reader.outline)
    assert [t.split(":")[0] for t in titles if t.startswith("Question")] == [
        f"Question {i}" for i in range(1, 7)
    ]
    pages = len(reader.pages)
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert f"Page 1 of {pages}" in first and f"Page {pages} of {pages}" in last
    text = " ".join(page.extract_text() for page in reader.pages)
    for number in range(1, 13):
        assert f"Figure {number}." in text


def test_pdf_embeds_figures_as_jpeg_and_the_html_as_png(built_report: Path) -> None:
    # The PDF takes JPEGs as they are (no re-encoding); the HTML and figures/ stay lossless.
    filters = _embedded_image_filters(built_report / "report.pdf")
    assert len(filters) == len(list((built_report / "figures").glob("*.png")))
    assert set(filters) == {"/DCTDecode"}
    html = (built_report / "report.html").read_text()
    assert "data:image/png;base64," in html and "data:image/jpeg" not in html
