"""Measure what WeasyPrint needs for generated HTML of a given size: the basis of the PDF input cap
(``reportgen.render.MAX_PDF_CHARS`` / ``MAX_PDF_TAGS``; results in benchmarks/results/pdf-input.json).

    python benchmarks/pdf_input.py text 1e6      # one paragraph of numbers
    python benchmarks/pdf_input.py tags 2e5      # <span>1</span> repeated
    python benchmarks/pdf_input.py blocks 2e5    # <p>12345</p> repeated

Run each in a fresh process (``timeout 300``): it prints the HTML's size, the wall time and the
process's peak memory (max RSS).
"""

from __future__ import annotations

import resource
import sys
import time

from reportgen.export import html_to_pdf

UNITS = {"tags": "<span>1</span> ", "blocks": "<p>12345</p>"}


def main() -> None:
    kind, size = sys.argv[1], int(float(sys.argv[2]))
    if kind == "text":
        body = " ".join(str(i) for i in range(size // 7))[:size]
    else:
        body = UNITS[kind] * (size // len(UNITS[kind]))
    html = f"<html><body>{body}</body></html>"
    start = time.perf_counter()
    pdf = html_to_pdf(html)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    seconds = time.perf_counter() - start
    size_text = f"{len(html)} characters, {html.count('<')} tags"
    print(f"{kind}: {size_text}: {seconds:.1f} s, {peak} MB, {len(pdf)} bytes")


if __name__ == "__main__":
    main()
