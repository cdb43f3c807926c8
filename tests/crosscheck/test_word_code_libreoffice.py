"""Word code blocks as a real word processor lays them out (issue 25): LibreOffice converts a .docx
with a 40-line block and a 150-line block to PDF, and the PDF is read back.

The short block stays on one page. The long one is cut into parts that fit a page at the code's
line height (reportgen.word_code): each part is on a page of its own, whole, and every part after
the first starts its page under "Code (continued)"; every line is printed once, in order. Before the
code's lines were set exactly ``CODE_LINE_PT`` apart, LibreOffice set them 11.6 pt apart: a part did
not fit, was moved to the next page (leaving its label alone on the page before) and still ran two
lines over on to a third. Skipped without soffice, unless REPORTGEN_REQUIRE_LIBREOFFICE=1.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from reportgen.word_export import html_to_docx
from tests.crosscheck.test_word import _soffice

pypdf = pytest.importorskip("pypdf")

SHORT, LONG = 40, 150
LINE = re.compile(r"^(short|long)_(\d+) = \d+$")
LABEL = "Code (continued)"


def _block(name: str, lines: int) -> str:
    code = "\n".join(f"{name}_{n} = {n}" for n in range(lines))
    return f'<div class="code"><p class="label">Code</p><pre><code>{code}\n</code></pre></div>'


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[list[str]]:
    """Each page's lines of the converted PDF, without its page number."""
    soffice = _soffice()
    out = tmp_path_factory.mktemp("word-code-lo")
    html = (
        '<html lang="en"><head><title>Code</title></head><body><main><h2>Section</h2><p>Before.</p>'
        f"{_block('short', SHORT)}<p>Between.</p>{_block('long', LONG)}<p>After.</p></main></body></html>"
    )
    document = out / "code.docx"
    document.write_bytes(html_to_docx(html))
    profile = f"-env:UserInstallation=file://{out / 'profile'}"
    command = [soffice, profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out)]
    done = subprocess.run([*command, str(document)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(out / "code.pdf")
    return [[line.strip() for line in page.extract_text().splitlines()][:-1] for page in reader.pages]


def _code(lines: list[str], name: str) -> list[int]:
    return [int(m[2]) for m in map(LINE.match, lines) if m and m[1] == name]


def test_a_block_shorter_than_a_page_stays_on_one(pages: list[list[str]]) -> None:
    assert [len(_code(lines, "short")) for lines in pages if _code(lines, "short")] == [SHORT]


def test_each_part_of_a_long_block_fills_its_own_page_under_its_label(pages: list[list[str]]) -> None:
    holding = [lines for lines in pages if _code(lines, "long")]
    assert len(holding) >= 3  # 150 lines at 10.2 pt do not fit one A4 page, nor two
    printed = [n for lines in holding for n in _code(lines, "long")]
    assert printed == list(range(LONG))  # every line once, in order
    first, *continued = holding
    start = first.index("long_0 = 0")
    assert start > 0 and first[start - 1] == "Code", first[:3]  # the block's label with its first line
    for lines in continued:  # the label heads the page, over the part's first line
        assert lines[0] == LABEL and LINE.match(lines[1]), lines[:2]
    # no label alone at the foot of a page, away from its part
    assert all(lines[-1] not in (LABEL, "Code") for lines in pages)
