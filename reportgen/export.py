"""The only module that writes report files: atomic writes, and HTML -> PDF via WeasyPrint."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from reportgen.errors import OutputError


def html_to_pdf(html: str) -> bytes:
    """Render the report HTML to PDF; page numbers, bookmarks and metadata come from it.

    Only ``data:`` URLs are fetched: every resource is embedded and data are untrusted,
    so a value that smuggles in a link can never make WeasyPrint touch the network or disk.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    # PDF/UA-1: tagged for screen readers, with the document's language and title.
    pdf = HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", custom_metadata=True
    )
    return bytes(pdf)


def prepare_out_dir(out_dir: Path) -> None:
    """Prove the output folder can be written, before any work is done; create nothing.

    An existing folder is probed with a temporary file; a missing one must have a writable
    folder as its nearest existing ancestor (it is created when the outputs are written), so
    a run that fails on bad input leaves no empty folder behind.

    Raises:
        OutputError: the folder cannot be created or written.
    """

    def refuse(reason: str) -> OutputError:
        return OutputError(
            f"cannot write to output folder '{out_dir}': {reason}; choose another with --out",
            path=str(out_dir),
        )

    existing = out_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise refuse(f"'{existing}' is not a folder")
    try:
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".probe-"):
            pass
    except OSError as exc:
        raise refuse(exc.strerror or str(exc)) from exc


def write_atomic(path: Path, content: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename over it (never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_outputs(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every rendered file (relative path -> bytes) into ``out_dir``, each atomically.

    All content is rendered before this is called, so a failed analysis or render
    never touches an existing report.

    Raises:
        OutputError: a file cannot be written.
    """
    root = out_dir.resolve()
    written = []
    for relative, content in files.items():
        path = (root / relative).resolve()
        if not path.is_relative_to(root):
            raise OutputError(f"refusing to write '{relative}' outside '{out_dir}'", path=relative)
        try:
            write_atomic(path, content)
        except OSError as exc:
            raise OutputError(
                f"cannot write '{path}': {exc.strerror or exc}; choose another folder with --out",
                path=str(path),
            ) from exc
        written.append(path)
    return written


def copy_templates(folder: Path, *, overwrite: bool = False) -> list[Path]:
    """Copy every built-in template into ``folder`` (refusing to overwrite unless asked).

    Raises:
        OutputError: a template exists there already (without ``overwrite``) or cannot be written.
    """
    from reportgen.resources import resource_path

    source = resource_path("templates")
    files = sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    clashes = [p.relative_to(source) for p in files if (folder / p.relative_to(source)).exists()]
    if clashes and not overwrite:
        raise OutputError(
            f"'{folder / clashes[0]}' exists; use --force to overwrite the templates in '{folder}'",
            path=str(folder),
        )
    return write_outputs(folder, {p.relative_to(source).as_posix(): p.read_bytes() for p in files})
