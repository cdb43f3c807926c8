"""Word code blocks (issue 25): a block that fits a page is one paragraph kept together; a longer
one is cut into parts that fit, each after the first on a new page under "Code (continued)" in the
report's language. Captions carry the HTML's label ("Tabelle 2"), not always English."""

from __future__ import annotations

import io

import pytest

from reportgen.word_code import code_parts, lines_per_page
from reportgen.word_export import html_to_docx

docx = pytest.importorskip("docx")


def _document(lang: str, lines: int, label: str = "Table") -> object:
    code = "\n".join(f"line_{n} = {n}" for n in range(lines))
    html = (
        f'<html lang="{lang}"><head><title>t</title></head><body><main>'
        f'<div class="code"><p class="label">Code</p><pre><code>{code}\n</code></pre></div>'
        f'<table><caption id="tab-x"><span class="tabnum">{label} 2.</span> Werte</caption>'
        "<tr><td>1</td></tr></table></main></body></html>"
    )
    return docx.Document(io.BytesIO(html_to_docx(html)))


def _code_paragraphs(document: object) -> list[object]:
    return [p for p in document.paragraphs if p.text.startswith("line_")]  # type: ignore[attr-defined]


def test_a_short_block_is_one_paragraph_kept_together() -> None:
    document = _document("en", 20)
    (code,) = _code_paragraphs(document)
    assert code.paragraph_format.keep_together
    assert code.text.count("line_") == 20
    assert not any("continued" in p.text for p in document.paragraphs)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("lang", "label"), [("en", "Code (continued)"), ("de", "Code (Fortsetzung)")])
def test_a_block_longer_than_a_page_continues_under_a_label(lang: str, label: str) -> None:
    document = _document(lang, 150)
    paragraphs = list(document.paragraphs)  # type: ignore[attr-defined]
    starts = [i for i, p in enumerate(paragraphs) if p.text.startswith("line_")]
    parts = [paragraphs[i] for i in starts]
    assert len(parts) >= 3  # 150 lines of 8.5 pt do not fit one A4 page, nor two
    # every line once, in order, and each part fits a page
    lines = [line for part in parts for line in part.text.splitlines()]
    assert lines == [f"line_{n} = {n}" for n in range(150)]
    assert all(part.text.count("line_") <= lines_per_page(253 / 25.4 * 72) for part in parts)
    assert paragraphs[starts[0] - 1].text == "Code"
    for start in starts[1:]:
        before = paragraphs[start - 1]
        assert before.text == label
        assert before.paragraph_format.page_break_before and before.paragraph_format.keep_with_next


@pytest.mark.parametrize("label", ["Table", "Tabelle"])
def test_a_caption_keeps_the_htmls_label(label: str) -> None:
    document = _document("de" if label == "Tabelle" else "en", 3, label)
    (caption,) = [p for p in document.paragraphs if p.style.name == "Caption"]  # type: ignore[attr-defined]
    assert caption.text.startswith(f"{label} 2. Werte")


def test_code_parts_cut_only_what_does_not_fit() -> None:
    assert code_parts(["a", "b", "c"], 3) == [["a", "b", "c"]]
    assert code_parts(["a", "b", "c"], 2) == [["a", "b"], ["c"]]
    assert lines_per_page(700) > lines_per_page(300) >= 1
