"""What produced a report: the interpreter, the package versions and the settings (results.json)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.config import BuildConfig

PROVENANCE_PACKAGES = (
    "reportgen",
    "statsmodels",
    "pandas",
    "numpy",
    "scipy",
    "matplotlib",
    "weasyprint",
    "jinja2",
)


def installed(name: str) -> str:
    """The installed version of package ``name`` ("not installed" when it is not)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def tree_hash(root: Path | None, pattern: str = "*", skip: tuple[str, ...] = ()) -> str:
    """SHA-256 over the files under ``root`` matching ``pattern`` (relative path and bytes, in a fixed
    order; ``__pycache__`` and paths starting with ``skip`` left out): what the caches key code on."""
    import hashlib

    digest = hashlib.sha256()
    if root is not None and root.is_dir():
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            relative = path.relative_to(root).as_posix()
            if not relative.startswith(skip):
                digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def provenance(config: BuildConfig) -> dict[str, Any]:
    """What produced a report: interpreter, package versions and the settings used."""
    import platform

    from reportgen.config import settings_of

    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in settings_of(config).items()}
    settings["data_path"] = config.data_path.name  # the name only: no local folders in a report
    settings["out_dir"] = settings["templates_dir"] = None
    return {
        "python": platform.python_version(),
        "packages": {name: installed(name) for name in PROVENANCE_PACKAGES},
        "config": settings,
    }


def build_date() -> dt.date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return dt.date.today()
    if epoch.isascii() and epoch.isdigit() and int(epoch) <= LAST_EPOCH:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    from reportgen.errors import ConfigError, printable

    raise ConfigError(
        f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, at most {LAST_EPOCH} "
        f"(9999-12-31), e.g. 1700000000; it is '{printable(epoch[:40])}': fix it or unset it",
        key="SOURCE_DATE_EPOCH",
    )


# The last second of year 9999, the last date Python's calendar holds.
LAST_EPOCH = 253402300799
