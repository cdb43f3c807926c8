"""Read numbers back out of rendered reports (HTML spans, PDF text)."""

from __future__ import annotations

import re
from pathlib import Path


def rendered_numbers(html_path: Path) -> list[tuple[str, str]]:
    """Every ``<span class="num" data-key=...>`` as (key, text), in document order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    # A span styled "abs" shows a negative number's magnitude after a "−" operator ("a − 2.00 × t").
    return [
        (span["data-key"], ("-" if span.get("data-style") == "abs" else "") + span.get_text())
        for span in soup.select("span.num")
    ]


def pdf_text(pdf_path: Path) -> str:
    """All text of a PDF, whitespace removed (line breaks fall anywhere)."""
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    return re.sub(r"\s+", "", text)
