"""Whether a file in an output folder is still the one reportgen wrote there.

The list of written files a folder keeps (:data:`reportgen.swap.WRITTEN`) records, besides each
name, the SHA-256 digest and size of what was written. A name alone proves nothing (a user can add
one to the list, or edit a listed file), so a file is removed or replaced as reportgen's only when
its content still matches; a list from an earlier reportgen, without digests, proves nothing either.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def written_list(files: Mapping[str, bytes]) -> bytes:
    """The list of written files for ``files`` (path -> content): names, and a digest and size each."""
    document = {"files": sorted(files), "digests": digest_records(files)}
    return json.dumps(document, indent=1).encode("utf-8") + b"\n"


def as_written(path: Path, record: Any) -> bool:
    """Is ``path`` a regular file of the size and SHA-256 digest ``record`` holds?"""
    if not isinstance(record, dict) or path.is_symlink() or not path.is_file():
        return False
    try:
        if path.stat().st_size != record.get("size"):
            return False
        with open(path, "rb") as handle:  # hashed as it is read: never held whole
            return hashlib.file_digest(handle, "sha256").hexdigest() == record.get("sha256")
    except OSError:
        return False


@dataclass(frozen=True)
class Listed:
    """The files a folder's list names, sorted by what their content shows."""

    ours: frozenset[str]  # as reportgen wrote them: replaced or removed freely
    changed: tuple[str, ...]  # present but not as written (edited, or never reportgen's): kept
    undigested: tuple[str, ...]  # present, listed by an earlier reportgen without a digest

    def kept(self, rewritten: Iterable[str]) -> tuple[str, ...]:
        """The listed files a run writing ``rewritten`` keeps although the list names them: every
        changed one, and the undigested ones it does not write again."""
        again = set(rewritten)
        return tuple(sorted({*self.changed, *(n for n in self.undigested if n not in again)}))


def check_listed(
    folder: Path,
    document: Mapping[str, Any],
    exclude: Iterable[str] = (),
    writes: Callable[[str], bool] | None = None,
) -> Listed:
    """Sort the files ``document`` (a parsed list of written files) names in ``folder``, but those in
    ``exclude`` (a file that changes after it is written, as the send log does, handled apart).

    With ``writes`` (told a listed name), a name reportgen never writes there is not its own whatever
    its digest (a user can list ``mine.txt`` with its true digest): it is kept as a changed file."""
    skipped = set(exclude)
    names = [n for n in document.get("files", []) if isinstance(n, str) and n not in skipped]
    digests = document.get("digests")
    present = [n for n in names if (folder / n).is_symlink() or (folder / n).is_file()]
    if not isinstance(digests, dict):
        return Listed(ours=frozenset(), changed=(), undigested=tuple(present))
    ours = frozenset(
        n for n in present if (writes is None or writes(n)) and as_written(folder / n, digests.get(n))
    )
    return Listed(ours=ours, changed=tuple(n for n in present if n not in ours), undigested=())


def kept_warning(folder: Path, listed: Listed, rewritten: Iterable[str]) -> str | None:
    """The one warning line naming the listed files a run keeps (see :meth:`Listed.kept`), or None."""
    kept = listed.kept(rewritten)
    if not kept:
        return None
    shown = ", ".join(kept[:5]) + (f" and {len(kept) - 5} more" if len(kept) > 5 else "")
    why = (
        "not as reportgen wrote them" if listed.changed else "listed by an earlier reportgen without a digest"
    )
    return (
        f"kept {len(kept)} file{'s' if len(kept) != 1 else ''} in '{folder}' that reportgen's list of "
        f"its files names but that are {why} ({shown}); delete them yourself if they are not wanted"
    )


def digest_records(files: Mapping[str, bytes]) -> dict[str, dict[str, Any]]:
    """Path -> ``{"sha256", "size"}`` of each file, as recorded in a list of written files."""
    return {
        name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        for name, content in sorted(files.items())
    }


def with_document_digests(
    results: dict[str, Any], documents: Mapping[str, bytes], figures: Mapping[str, bytes] | None = None
) -> dict[str, Any]:
    """``results`` with the digest and size of each document written beside it
    (``report.document_digests``): the next build into the folder removes an earlier document it
    does not write again only while its content is still this. With ``figures`` (the files written,
    of which those under ``figures/`` count), theirs too (``report.figure_digests``): the next build
    replaces or removes a figure only while it is still this, never a user's edited one."""
    report = {**results["report"], "document_digests": digest_records(documents)}
    if figures is not None:
        drawn = {name: content for name, content in figures.items() if name.startswith("figures/")}
        report["figure_digests"] = digest_records(drawn)
    return results | {"report": report}
