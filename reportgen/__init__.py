"""reportgen: reports (HTML, PDF, JSON) of linear mixed models for longitudinal data.

Importing the package is cheap; pandas, statsmodels, matplotlib and WeasyPrint load on use.
"""

from __future__ import annotations

from typing import Any

from reportgen.config import BuildConfig, make_config
from reportgen.errors import ReportError

__version__ = "0.1.0"
__all__ = [
    "BuildConfig",
    "ReportError",
    "ReportWarning",
    "__version__",
    "build_cohorts",
    "build_report",
    "email_reports",
    "make_config",
    "make_mail_config",
    "render_report",
    "report",
]

# The library's entry points, exported lazily so `import reportgen` stays light.
_LAZY = {
    "build_report": "pipeline",
    "render_report": "pipeline",
    "build_cohorts": "cohorts",
    "email_reports": "mail",
    "make_mail_config": "mail",
    "report": "notebook",
    "ReportWarning": "warning_lines",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"reportgen.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
