"""How a warning reaches the user: one line on stderr starting ``Warning: ``, whoever says it.

The CLI prints the warnings a run returns (:func:`warning_line`); the library's own warnings go
through the ``reportgen`` log, whose lines :class:`LogLines` formats the same way (a record at
WARNING level, or one logged with ``extra=SHOWN_WITH_V`` for a warning shown only with ``-v``).
Other log lines start ``reportgen: ``. Before, some warnings printed as ``reportgen: warning: ...``
and others as ``Warning: ...``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.config import BuildConfig

PREFIX = "Warning: "
# ``extra=`` of a log record at INFO level that is a warning, shown only with -v (a library's).
SHOWN_WITH_V = {"reportgen_warning": True}


def warning_line(message: str) -> str:
    """The line a warning is printed as; data in it cannot drive the terminal."""
    from reportgen.errors import printable

    return printable(PREFIX + message)


class LogLines(logging.Formatter):
    """The CLI's log lines: a warning as :func:`warning_line`, any other as ``reportgen: ...``."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.WARNING or getattr(record, "reportgen_warning", False):
            return warning_line(message)
        return f"reportgen: {message}"


def log_to_stderr(level: int) -> None:
    """Send the log to stderr as :class:`LogLines`, from ``level`` up (replacing earlier handlers)."""
    handler = logging.StreamHandler()
    handler.setFormatter(LogLines())
    logging.basicConfig(handlers=[handler], level=level, force=True)


class ReportWarning(UserWarning):
    """Issued by the notebook API (:func:`reportgen.report`) for each line ``reportgen build``
    prints as ``Warning:`` on the same data and settings: the report was made, but something in the
    data or settings needs a look (crossed nested groups, repeated rows, a level left out...)."""


def build_warnings(results: dict[str, Any], config: BuildConfig) -> tuple[str, ...]:
    """The warnings of a finished build (its ``results``): the data's oddities it kept (what
    reading the file guessed, rows entered twice) and the levels its model leaves out."""
    from reportgen.clean import data_warnings
    from reportgen.narrative.multilevel import levels_left_out

    outer = (*config.outer_groups, *config.crossed)  # nested or crossed: the same model is left out
    return data_warnings(results) + levels_left_out(outer, results["family"]["name"])


def profile_warnings(config: BuildConfig, profile: str, *, titled: bool = True) -> tuple[str, ...]:
    """A study report naming reportgen as its author, or (``titled``) given no title."""
    from reportgen.profiles import author_warning, title_warning

    found = (author_warning(config, profile), title_warning(config, profile) if titled else None)
    return tuple(warning for warning in found if warning)
