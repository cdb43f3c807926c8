"""MkDocs hook: the command-line reference (mkdocs-click) keeps what ``--help`` shows.

mkdocs-click renders each command's docstring as Markdown, which loses two things ``--help``
keeps: the ``Example:`` blocks (Click's ``\\b`` paragraphs, whose line breaks Markdown joins) and
placeholders in angle brackets (``DIR/<cohort>/``, read as an HTML tag). This puts the examples
back into code blocks and escapes such placeholders, on the pages that use mkdocs-click.
"""

from __future__ import annotations

import html
import re
from typing import Any

# The tags Markdown and mkdocs-click write; any other <word> in the page came from a docstring.
KNOWN_TAGS = frozenset(
    "a abbr blockquote br code div em h1 h2 h3 h4 h5 h6 hr img li ol p pre span strong sup sub table "
    "tbody td th thead tr ul".split()
)
EXAMPLES = re.compile(r"<p>(Examples?:)\n(.*?)</p>", re.DOTALL)
TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)>")


def _examples(match: re.Match[str]) -> str:
    lines = [line[4:] if line.startswith("    ") else line for line in match[2].splitlines()]
    return f"<p>{match[1]}</p>\n<pre><code>{chr(10).join(lines)}</code></pre>"


def _placeholder(match: re.Match[str]) -> str:
    return match[0] if match[2].lower() in KNOWN_TAGS else html.escape(match[0])


def fix_help(content: str) -> str:
    """The rendered page with docstring examples as code and placeholders escaped."""
    return EXAMPLES.sub(_examples, TAG.sub(_placeholder, content))


def on_page_content(content: str, page: Any, config: Any, files: Any) -> str:
    """MkDocs event: only pages that render Click commands are changed."""
    if "::: mkdocs-click" not in (page.markdown or "") and "mkdocs-click" not in page.file.src_path:
        return content
    return fix_help(content)
