"""A report built in memory, and its words as a reader gets them (text, then every alt text)."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pandas as pd


def built_words(frame: pd.DataFrame, name: str, **settings: Any) -> tuple[dict[str, Any], str]:
    """results.json and the report's words, whitespace collapsed, of ``frame`` with ``settings``
    (``make_config``'s keywords; HTML only)."""
    from reportgen.config import make_config
    from reportgen.pipeline import render_report

    config = make_config(**settings, formats=["html"])
    report = render_report(frame, config, {"file": f"{name}.csv", "sha256": ""})
    page = re.sub(r'src="data:[^"]*"', "", report.files["report.html"].decode())
    alts = " ".join(re.findall(r'alt="([^"]*)"', page))
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body) + " " + alts)
    return report.results, re.sub(r"\s+", " ", text)
