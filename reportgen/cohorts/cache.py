"""The cache key of a cohort's report: its rows, its settings, the templates, the code and versions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig

# Besides reportgen itself, the packages whose version can change a report's bytes.
KEY_PACKAGES = ("numpy", "pandas", "scipy", "statsmodels", "matplotlib", "weasyprint", "jinja2", "pygments")


def input_hash(frame: pd.DataFrame) -> str:
    """SHA-256 of a cohort's rows as CSV, with their file line numbers (the index)."""
    return hashlib.sha256(frame.to_csv(index=True, lineterminator="\n").encode("utf-8")).hexdigest()


def fingerprint(config: BuildConfig) -> dict[str, Any]:
    """What every cohort's report depends on besides its rows and settings: versions, code, templates,
    and its house style (theme and reference document).

    The package's own source is hashed too, so an edit to reportgen rebuilds even when its version
    number did not change. The index template is left out: the index is rewritten on every run.
    """
    import platform

    import reportgen
    from reportgen import __version__
    from reportgen.provenance import installed, tree_hash
    from reportgen.resources import resource_path
    from reportgen.theme import style_fingerprint

    return {
        "python": platform.python_version(),
        "reportgen": __version__,
        "packages": {name: installed(name) for name in KEY_PACKAGES},
        "code": tree_hash(Path(reportgen.__file__).resolve().parent),
        "templates": tree_hash(resource_path("templates"), skip=("cohorts/",)),
        "user_templates": tree_hash(config.templates_dir, skip=("cohorts/",)),
        # How the documents look ([theme], --reference-docx): not settings, so not in _settings.
        "house_style": style_fingerprint(config),
    }


def _settings(config: BuildConfig) -> dict[str, Any]:
    """The settings that shape one cohort's report (its output folder does not)."""
    from reportgen.config import settings_of

    settings = settings_of(config)
    for key in ("out_dir", "cohorts", "templates_dir", "data_path"):
        settings.pop(key, None)
    return settings


def cache_key(environment: Mapping[str, Any], config: BuildConfig, source: Mapping[str, Any]) -> str:
    """The cohort's cache key: its data (``source["sha256"]``), settings, templates and versions."""
    document = {"environment": environment, "settings": _settings(config), "source": source}
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()
