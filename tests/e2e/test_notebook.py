"""`reportgen.report(...)` in a notebook: run through a real Jupyter kernel (nbclient + ipykernel).

The notebook builds a report from a DataFrame, shows it, and saves it; the output cell's HTML must
carry every number of the saved results.json, equal the numbers of `reportgen build` on the same
data, and (opened in Chromium inside a notebook-like page) restyle nothing outside its container.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportgen.errors import ConfigError
from reportgen.notebook import scope_css, scoped_html
from reportgen.results import lookup
from tests.conftest import REPO
from tests.e2e.test_rendered import _matches

SLEEPSTUDY = REPO / "data" / "sleepstudy.csv"


# --- scoping the CSS (pure) ---------------------------------------------------------------------------


def test_every_rule_is_scoped_to_the_container() -> None:
    css = (
        ":root { --ink: #111; }\nhtml { color: var(--ink); }\nbody.handout .answer, h1 { margin: 0; }\n"
        ":is(h2, h3) > a { color: red; }\n@page { size: A4; }\n@import url(x.css);\n"
        "@media (prefers-color-scheme: dark) { :root { --ink: #eee; } .warning { color: pink; } }\n"
        "@font-face { font-family: X; src: url(data:,); }\n"
    )
    assert scope_css(css).splitlines() == [
        ".reportgen-report { --ink: #111; }",
        ".reportgen-report { color: var(--ink); }",
        ".reportgen-report.handout .answer, .reportgen-report h1 { margin: 0; }",
        ".reportgen-report :is(h2, h3) > a { color: red; }",
        "@media (prefers-color-scheme: dark) {",
        ".reportgen-report { --ink: #eee; }",
        ".reportgen-report .warning { color: pink; }",
        "}",
        "@font-face { font-family: X; src: url(data:,); }",
    ]


def test_the_fragment_keeps_the_body_class_and_cannot_close_its_style_early() -> None:
    document = (
        '<html><head><style>p { color: red; }</style><style media="screen">a::after { content: "</style>"; }'
        '</style></head><body class="handout"><p>Hi</p></body></html>'
    )
    fragment = scoped_html(document)
    assert fragment.startswith('<div class="reportgen-report handout">')
    assert ".reportgen-report p { color: red; }" in fragment
    assert "@media screen {" in fragment and fragment.count("</style>") == 1
    assert fragment.endswith("<p>Hi</p>\n</div>")


# --- through a real kernel ----------------------------------------------------------------------------


def _code_cell(source: str) -> Any:
    import nbformat

    return nbformat.v4.new_code_cell(source)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """The notebook, executed by a python3 kernel started in the repository (so it imports this
    checkout's reportgen), and the folder its report was saved to."""
    import nbformat
    from nbclient import NotebookClient

    out = tmp_path_factory.mktemp("notebook") / "saved"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        _code_cell("import pandas as pd\nimport reportgen"),
        _code_cell(f"frame = pd.read_csv({str(SLEEPSTUDY)!r})\nframe.dtypes.astype(str).to_dict()"),
        _code_cell('rep = reportgen.report(frame, response="Reaction", time="Days", group="Subject")\nrep'),
        _code_cell('rep.results["random_intercept"]["slope"]'),
        _code_cell(f'[p.name for p in rep.save({str(out)!r}, formats=("html",))]'),
    ]
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}
    ).execute()
    return notebook, out


def _output(notebook: Any, cell: int, kind: str) -> str:
    (result,) = [o for o in notebook.cells[cell].outputs if o.output_type == "execute_result"]
    return str(result.data[kind])


@pytest.mark.slow
def test_the_output_cell_shows_the_report_with_the_numbers_of_results_json(
    executed: tuple[Any, Path], results: dict[str, Any]
) -> None:
    from bs4 import BeautifulSoup

    notebook, saved = executed
    assert "int64" in _output(notebook, 1, "text/plain")  # numbers as numbers, not the CSV's text
    html = _output(notebook, 2, "text/html")
    soup = BeautifulSoup(html, "html.parser")
    (container,) = soup.find_all("div", class_="reportgen-report", recursive=False)
    assert soup.find("html") is None and soup.find("body") is None and soup.find("script") is None
    images = container.find_all("img")
    assert len(images) >= 10 and all(img["src"].startswith("data:image/png;base64,") for img in images)

    written = json.loads((saved / "results.json").read_text())
    numbers = [(span["data-key"], span.get_text()) for span in container.select("span.num")]
    assert len(numbers) > 100
    assert [(k, t) for k, t in numbers if not _matches(t, lookup(written, k))] == []
    # the slope the next cell printed is results.json's
    assert float(_output(notebook, 3, "text/plain")) == written["random_intercept"]["slope"]

    # the same data as a file through `reportgen build`: the same results (only its name differs)
    def comparable(doc: dict[str, Any]) -> dict[str, Any]:
        doc = json.loads(json.dumps(doc))
        for key in ("file", "sha256", "input"):  # input: how the file was read (format, dialect)
            doc["data"].pop(key, None)
        doc.pop("provenance", None)
        doc["report"].pop("documents", None)  # the formats written, not the data's results
        doc["report"].pop("document_digests", None)  # their bytes name the data file: they differ
        return doc

    assert written["data"]["file"] == "DataFrame"
    assert comparable(written) == comparable(results)


@pytest.mark.slow
def test_saved_files(executed: tuple[Any, Path]) -> None:
    notebook, saved = executed
    listed = _output(notebook, 4, "text/plain")
    assert sorted(p.name for p in saved.iterdir()) == ["figures", "report.html", "results.json"]
    assert "'report.html'" in listed and "'results.json'" in listed
    assert "reportgen-preview" not in (saved / "report.html").read_text()


@pytest.mark.browser
@pytest.mark.slow
def test_the_inline_report_restyles_nothing_outside_it(executed: tuple[Any, Path], tmp_path: Path) -> None:
    """A notebook-like page: its own headings, paragraphs and tables keep their computed style when the
    output cell's HTML is added, in both colour schemes."""
    from playwright.sync_api import sync_playwright

    from tests.crosscheck.test_browser import CHROMIUM, CHROMIUM_ARGS

    notebook, _ = executed
    fragment = _output(notebook, 2, "text/html")
    host = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>notebook</title></head>'
        '<body><div id="outside"><h1>Notebook</h1><h2>Cell</h2>'
        '<p>Text <a href="#">link</a> <code>x</code></p>'
        "<table><caption>t</caption><tr><th>a</th><td>1</td></tr></table><pre>code</pre><figure>f</figure>"
        '</div><div id="cell"></div></body></html>'
    )
    page_file = tmp_path / "host.html"
    page_file.write_text(host)
    probe = """() => Array.from(document.querySelectorAll('html, body, #outside, #outside *'), el => {
        const s = getComputedStyle(el);
        return [el.tagName, s.color, s.backgroundColor, s.fontFamily, s.fontSize, s.margin, s.padding,
                s.borderBottom, s.maxWidth, s.boxSizing, s.lineHeight, s.textAlign].join('|');
    })"""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for scheme in ("light", "dark"):
                page = browser.new_page(color_scheme=scheme)  # type: ignore[arg-type]
                page.goto(page_file.as_uri(), wait_until="load")
                before = page.evaluate(probe)
                page.evaluate("html => { document.getElementById('cell').innerHTML = html; }", fragment)
                page.wait_for_function("Array.from(document.images).every(i => i.complete)")
                assert page.evaluate(probe) == before, scheme
                # and the report inside is styled: its heading has the report's accent colour
                inside = page.evaluate("getComputedStyle(document.querySelector('#cell h1')).color")
                outside = page.evaluate("getComputedStyle(document.querySelector('#outside h1')).color")
                assert inside != outside
                page.close()
        finally:
            browser.close()


def test_save_refuses_an_unknown_format(tmp_path: Path) -> None:
    from reportgen.notebook import NotebookReport

    fake = NotebookReport(config=None, analysed=None, html="")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"formats must be some of: .*; got \['docx!'\]"):
        fake.save(tmp_path / "x", formats=("docx!",))
    assert not (tmp_path / "x").exists()


def test_a_frame_without_the_named_column_is_one_clear_error() -> None:
    import pandas as pd

    from reportgen import report
    from reportgen.errors import ColumnError

    frame = pd.read_csv(SLEEPSTUDY).drop(columns="Reaction")
    with pytest.raises(
        ColumnError, match="column 'Reaction' not found in 'DataFrame'; columns are: Days, Subject"
    ):
        report(frame)
