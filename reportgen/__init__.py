"""reportgen: reports (HTML, PDF, JSON) of linear mixed models for longitudinal data.

Importing the package is cheap; pandas, statsmodels, matplotlib and WeasyPrint load on use.
"""

from __future__ import annotations

from typing import Any

from reportgen.config import BuildConfig, make_config
from reportgen.errors import ReportError

__version__ = "0.1.0"
__all__ = ["BuildConfig", "ReportError", "__version__", "build_report", "make_config", "render_report"]


def __getattr__(name: str) -> Any:
    # The pipeline's functions are exported lazily so `import reportgen` stays light.
    if name in ("build_report", "render_report"):
        from reportgen import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
