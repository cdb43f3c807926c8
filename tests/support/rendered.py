"""Read numbers back out of rendered reports (HTML spans, PDF text)."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any


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


def shows_value(text: str, value: Any) -> bool:
    """Does ``text`` show ``value``, to within half a unit of its last digit?

    A missing value (None) shows as ``n/a``; an infinite one as ``∞``.
    """
    if value is None:
        return text == "n/a"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if math.isinf(value):
        return text == ("∞" if value > 0 else "-∞")
    if text.startswith("< "):
        return bool(value < float(text[2:]))
    text = text.removeprefix("= ")  # a p-value written after "p"
    scale = 100.0 if text.endswith("%") else 1.0
    try:
        shown = Decimal(text.rstrip("%"))
    except InvalidOperation:
        return False
    half_unit = 0.5 * 10.0 ** shown.as_tuple().exponent  # type: ignore[operator]
    return math.isclose(float(shown), value * scale, rel_tol=1e-12, abs_tol=half_unit * 1.0001)
