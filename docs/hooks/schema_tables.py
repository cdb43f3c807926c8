"""MkDocs hook: render the JSON Schemas of reportgen's output files as reference tables.

A page holding the line ``<!-- schemas -->`` gets, in its place, one section per
``reportgen/schemas/*.schema.json`` (``results`` first, then by name): the schema's title and
description, then a table of every key path with its type and ``description``. The schemas are
read when the site is built, so the reference cannot drift from them.

``REPORTGEN_DOCS_SCHEMAS`` names another folder of schemas (the tests use a small fixture).
Without any schema the build stops with one line saying where they were looked for.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MARKER = "<!-- schemas -->"
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FOLDER = ROOT / "reportgen" / "schemas"
ENV = "REPORTGEN_DOCS_SCHEMAS"
MAX_DEPTH = 16


class SchemaError(Exception):
    """Raised when the schemas cannot be found or read; the message says how to fix it."""


def schema_folder() -> Path:
    """The folder the schemas are read from: ``$REPORTGEN_DOCS_SCHEMAS`` or ``reportgen/schemas``."""
    given = os.environ.get(ENV)
    return Path(given) if given else DEFAULT_FOLDER


def schema_files(folder: Path) -> list[Path]:
    """The ``*.schema.json`` files of ``folder``, ``results`` first; an error when there are none."""
    files = sorted(folder.glob("*.schema.json"), key=lambda p: (p.name != "results.schema.json", p.name))
    if not files:
        raise SchemaError(
            f"no JSON Schemas (*.schema.json) in {folder}: the results reference is rendered from "
            f"reportgen/schemas/ at build time; merge the branch that adds them, or set {ENV} to a "
            "folder of schemas"
        )
    return files


def _resolve(node: Any, root: dict[str, Any]) -> Any:
    """Follow a local ``$ref`` (``#/$defs/...``), keeping the referring node's description."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < MAX_DEPTH:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise SchemaError(f"only local $ref are supported, got {ref!r}")
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        seen += 1
    return node


def _type(node: dict[str, Any], root: dict[str, Any]) -> str:
    if "const" in node:
        return f"`{json.dumps(node['const'])}`"
    if "enum" in node:
        return " or ".join(f"`{json.dumps(value)}`" for value in node["enum"])
    kind = node.get("type")
    if isinstance(kind, list):
        return " or ".join(kind)
    if isinstance(kind, str):
        return kind
    variants = node.get("anyOf") or node.get("oneOf")
    if variants:
        names = [_type(_resolve(v, root), root) for v in variants]
        return " or ".join(dict.fromkeys(n for n in names if n))
    return ""


def _rows(node: Any, path: str, root: dict[str, Any], depth: int = 0) -> Iterator[tuple[str, str, str]]:
    """(key path, type, description) of ``node`` and everything below it."""
    node = _resolve(node, root)
    if not isinstance(node, dict) or depth > MAX_DEPTH:
        return
    if path:
        yield path, _type(node, root), " ".join(str(node.get("description", "")).split())
    for name, child in node.get("properties", {}).items():
        yield from _rows(child, f"{path}.{name}" if path else name, root, depth + 1)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        key = node.get("x-key", "key")
        yield from _rows(extra, f"{path}.<{key}>" if path else f"<{key}>", root, depth + 1)
    for pattern, child in node.get("patternProperties", {}).items():
        yield from _rows(child, f"{path}.<{pattern}>" if path else f"<{pattern}>", root, depth + 1)
    items = node.get("items")
    if isinstance(items, dict):
        yield from _rows(items, f"{path}[]", root, depth + 1)
    for variant in node.get("anyOf", []) + node.get("oneOf", []):
        # a variant that adds keys (an object, or an array of objects) lists them under this path
        for row in _rows(variant, path, root, depth + 1):
            if row[0] != path:
                yield row


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_schema(file: Path) -> str:
    """One schema as Markdown: a heading, its description and the table of its keys."""
    try:
        schema = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SchemaError(f"cannot read the schema {file}: {exc}") from exc
    name = file.name.removesuffix(".schema.json")
    title = schema.get("title") or name
    lines = [f"### {title}", "", f"Schema: `{file.name}`.", ""]
    if schema.get("description"):
        lines += [" ".join(str(schema["description"]).split()), ""]
    lines += ["| key | type | description |", "| --- | --- | --- |"]
    rows = dict.fromkeys(_rows(schema, "", schema))  # a key reached twice (anyOf) is listed once
    for key, kind, description in rows:
        lines.append(f"| `{_cell(key)}` | {_cell(kind)} | {_cell(description)} |")
    return "\n".join(lines) + "\n"


def render_all(folder: Path | None = None) -> str:
    """Every schema of ``folder`` (default: :func:`schema_folder`), results first."""
    return "\n".join(render_schema(file) for file in schema_files(folder or schema_folder()))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """MkDocs event: replace the marker with the rendered schemas."""
    if MARKER not in markdown:
        return markdown
    from mkdocs.exceptions import PluginError

    try:
        return markdown.replace(MARKER, render_all())
    except SchemaError as exc:
        raise PluginError(f"{page.file.src_path}: {exc}") from exc
