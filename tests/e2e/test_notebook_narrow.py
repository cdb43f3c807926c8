"""A notebook shows a report without the figures' phone versions (a notebook is not a phone, and a
saved notebook must stay small, see test_notebook_size.py); the report it saves keeps them."""

from __future__ import annotations

from pathlib import Path

import reportgen
from reportgen.config import bundled_data_path


def test_the_inline_report_has_no_phone_figures_and_the_saved_one_has(tmp_path: Path) -> None:
    report = reportgen.report(bundled_data_path())
    inline = report._repr_html_()
    assert "<img" in inline and "<picture" not in inline
    report.save(tmp_path, formats=("html",))
    saved = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert saved.count("<picture>") == inline.count("<img") > 0
