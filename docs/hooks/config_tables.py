"""MkDocs hook: the tables of the config reference, written from reportgen's settings table.

A page line ``<!-- settings: TABLE -->`` becomes the table of the keys of ``[TABLE]`` in
``reportgen.toml``, one row per entry of ``reportgen.settings.SETTINGS``: key, value, default,
option and meaning (a table none of whose keys has a default or an option leaves those columns
out). The settings are read when the site is built, so the reference cannot drift from them.
"""

from __future__ import annotations

import re
from typing import Any

MARKER = re.compile(r"^<!-- settings: (\w+) -->$", re.M)


class SettingsError(Exception):
    """Raised when a page names a table the settings do not have; the message lists those they do."""


def render_table(table: str) -> str:
    """The Markdown table of the keys of ``[table]``, in the settings' order."""
    from reportgen.settings import TABLES

    if table not in TABLES:
        raise SettingsError(f"no settings table [{table}]; the tables are: {', '.join(TABLES)}")
    entries = list(TABLES[table].values())
    full = any(s.shown_default or s.option for s in entries)
    head = ["key", "value", "default", "option", "meaning"] if full else ["key", "value", "meaning"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for s in entries:
        cells = [s.value, s.shown_default, s.option, s.meaning] if full else [s.value, s.meaning]
        # Cells are Markdown as written: a pipe in a code span (`"|"`) stays one cell.
        lines.append("|" + "".join(f" {cell} |" if cell else " |" for cell in [f"`{s.key}`", *cells]))
    return "\n".join(lines)


def render_page(markdown: str) -> str:
    """``markdown`` with every settings marker replaced by its table."""
    return MARKER.sub(lambda match: render_table(match[1]), markdown)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """MkDocs event: replace the markers with the settings tables."""
    if not MARKER.search(markdown):
        return markdown
    from mkdocs.exceptions import PluginError

    try:
        return render_page(markdown)
    except SettingsError as exc:
        raise PluginError(f"{page.file.src_path}: {exc}") from exc
