"""Writing files: atomic, inside the output folder; PDF structure; no network from WeasyPrint."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen import pipeline
from reportgen.config import make_config
from reportgen.errors import OutputError
from reportgen.export import html_to_pdf, write_atomic, write_outputs


def test_write_atomic_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_write_outputs_refuses_paths_outside_the_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="outside"):
        write_outputs(tmp_path / "out", {"../escaped.txt": b"x"})
    assert not (tmp_path / "escaped.txt").exists()


def test_failed_render_leaves_existing_report_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_report: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("previous report")
    # An earlier run's results.json: the folder is a report's.
    (out / "results.json").write_bytes((built_report / "results.json").read_bytes())

    def broken_pdf(html: str, images: object = None) -> bytes:
        raise RuntimeError("PDF engine crashed")

    monkeypatch.setattr("reportgen.export.html_to_pdf", broken_pdf)
    with pytest.raises(RuntimeError):
        pipeline.build_report(make_config(out_dir=out))
    assert (out / "report.html").read_text() == "previous report"
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "results.json"]


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        _Recorder.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def http_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_pdf_export_fetches_nothing_from_the_network(http_server: str) -> None:
    html = (
        f'<html><head><link rel="stylesheet" href="{http_server}/x.css"></head><body>'
        f'<img src="{http_server}/x.png"><p style="background: url({http_server}/bg.png)">hi</p>'
        "</body></html>"
    )
    assert html_to_pdf(html).startswith(b"%PDF")
    assert _Recorder.requests == []


def test_the_recorder_sees_requests(http_server: str) -> None:
    """Control for the test above: the server does record a real fetch."""
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{http_server}/probe.png", timeout=5)
    assert _Recorder.requests == ["/probe.png"]


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


def _embedded_image_filters(pdf: Path) -> list[str]:
    """The /Filter of every image XObject of the PDF (pages share them: each counted once)."""
    images = {}
    for page in PdfReader(pdf).pages:
        for reference in page["/Resources"].get("/XObject", {}).values():
            image = reference.get_object()
            if image["/Subtype"] == "/Image":
                images[reference.idnum] = str(image["/Filter"])
    return list(images.values())


def test_pdf_embeds_figures_as_jpeg_and_the_html_as_png(built_report: Path) -> None:
    # The PDF takes JPEGs as they are (no re-encoding); the HTML and figures/ stay lossless.
    filters = _embedded_image_filters(built_report / "report.pdf")
    assert len(filters) == len(list((built_report / "figures").glob("*.png")))
    assert set(filters) == {"/DCTDecode"}
    html = (built_report / "report.html").read_text()
    assert "data:image/png;base64," in html and "data:image/jpeg" not in html


def test_print_jpeg_keeps_the_figure_s_pixels() -> None:
    import io

    import numpy as np
    from PIL import Image

    from reportgen.figures.base import print_jpeg, render

    figure = render("t", "A line", lambda ax: ax.plot([0, 1, 2], [3, 1, 2], label="ab"))
    png = np.asarray(Image.open(io.BytesIO(figure.png)).convert("RGB"), dtype=float)
    jpeg = np.asarray(Image.open(io.BytesIO(figure.jpeg)), dtype=float)
    assert jpeg.shape == png.shape
    assert np.abs(jpeg - png).mean() < 1.0  # of 255
    # A flat canvas stays flat: no colour shift from the conversion.
    white = print_jpeg(memoryview(bytes([255] * 4 * 16 * 8)), (16, 8))
    assert np.asarray(Image.open(io.BytesIO(white))).min() >= 254


def test_pdf_serves_only_the_figures_it_is_given(tmp_path: Path) -> None:
    from reportgen.figures.base import render

    figure = render("t", "A line", lambda ax: ax.plot([0, 1], [1, 0]))
    on_disk = tmp_path / "t.jpg"
    on_disk.write_bytes(figure.jpeg)
    html = (
        '<html><body><img src="reportgen-figure:t.jpg"><img src="reportgen-figure:unknown.jpg">'
        f'<img src="{on_disk.as_uri()}"></body></html>'
    )
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(html_to_pdf(html, {"reportgen-figure:t.jpg": figure.jpeg}))
    assert _embedded_image_filters(pdf) == ["/DCTDecode"]  # the served one; no file, no guess
    pdf.write_bytes(html_to_pdf(html))
    assert _embedded_image_filters(pdf) == []


def test_figures_state_numbers_plainly_and_keep_titles_clear_of_the_axes() -> None:
    import io

    import numpy as np
    from PIL import Image

    from reportgen.figures.base import render

    drawn = []

    def draw(ax) -> None:  # values around ten million, varying in the last digits
        drawn.append(ax)
        ax.plot([0, 1, 2], 1e7 + np.array([0.0, 1.5, 3.0]))

    figure = render("big", "A long title that spans most of the width of the figure", draw)
    ax = drawn[0]
    assert ax.yaxis.get_offset_text().get_text() == ""  # no "+1e7" above the axis
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert any(label.replace("\N{MINUS SIGN}", "-").startswith("10000001") for label in labels), labels
    # The title's text stays inside the figure and above the axes.
    title = ax.title.get_window_extent()
    assert title.y0 > ax.get_window_extent().y1 and title.y1 <= figure.height
    assert Image.open(io.BytesIO(figure.png)).size == (figure.width, figure.height)


def test_templates_compile_ahead_of_the_first_render_and_leave_errors_to_it(tmp_path: Path) -> None:
    from reportgen.errors import TemplateError
    from reportgen.render import compile_report_templates, environment, render_html

    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "q1_overview.html.j2").write_text("{% if %}broken")
    env = environment(tmp_path)
    assert not env.cache
    compile_report_templates(tmp_path)  # does not raise: the render reports the broken one
    compiled = {name for _, name in env.cache}
    assert {"report.html.j2", "questions/q2_relationship.html.j2", "snippets/q5.py.j2"} <= compiled
    assert "questions/q1_overview.html.j2" not in compiled
    with pytest.raises(TemplateError, match="q1_overview.html.j2"):
        render_html({}, "questions/q1_overview.html.j2", user_templates=tmp_path)
