"""Where the built-in templates and data live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """Folder ``name`` (``templates`` or ``data``) shipped with reportgen.

    A wheel carries it inside the package (see pyproject's force-include); a source
    checkout or editable install has it at the repository's top level.
    """
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reportgen's {name}/ folder is missing from {_PACKAGE}")
