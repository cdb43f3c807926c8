"""The largest Word document reportgen unpacks: its parts' declared sizes checked before a byte is
inflated (break round 9: a reference .docx whose styles.xml packs 800 MB into a few hundred kB was
refused only after 8.3 s and 1.8 GB of memory).

A .docx is a zip archive; each part's entry declares its unpacked size, and Python's zip reader
never inflates a part past the size it declares (it fails on the checksum instead), so summing the
declared sizes bounds what reading the document can take. A Word document's parts are text (XML,
packed about ten to one) and pictures (stored as they are): a house style's reference document
unpacks to a few MiB, a document full of pictures to some tens.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

# What a reference document may unpack to in all, and how many parts it may have.
MAX_UNPACKED_BYTES = 64 * 2**20
MAX_PARTS = 10_000


def unpacked_size_problem(path: Path) -> str | None:
    """Why the zip archive ``path`` would unpack to more than reportgen reads (None when it would
    not): more than :data:`MAX_UNPACKED_BYTES` declared in all, or more than :data:`MAX_PARTS`
    parts. Read from the archive's directory only; a file that is not a zip archive is not judged
    here (None)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return None
    if len(parts) > MAX_PARTS:
        return f"it has {len(parts)} parts, more than the {MAX_PARTS} reportgen reads"
    total = sum(part.file_size for part in parts)
    if total <= MAX_UNPACKED_BYTES:
        return None
    largest = max(parts, key=lambda part: part.file_size)
    return (
        f"it unpacks to {_mib(total)} ({largest.filename} alone {_mib(largest.file_size)}), more than "
        f"the {_mib(MAX_UNPACKED_BYTES)} reportgen unpacks from a Word document"
    )


def _mib(size: int) -> str:
    """ "800.0 MiB" (one decimal)."""
    return f"{size / 2**20:.1f} MiB"
