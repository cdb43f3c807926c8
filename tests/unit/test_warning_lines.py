"""Every warning prints as one line starting ``Warning: ``: those the CLI prints from a run's result
and those the library logs (before, the log's printed as ``reportgen: warning: ...``; issue 23)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import reportgen
from reportgen.warning_lines import SHOWN_WITH_V, LogLines, warning_line


def _line(level: int, message: str, *args: object, extra: dict[str, object] | None = None) -> str:
    record = logging.LogRecord("reportgen", level, __file__, 1, message, args, None)
    record.__dict__.update(extra or {})
    return LogLines().format(record)


def test_a_logged_warning_prints_as_the_cli_prints_one() -> None:
    assert _line(logging.WARNING, "kept %s", "report.pdf") == warning_line("kept report.pdf")
    assert warning_line("kept report.pdf") == "Warning: kept report.pdf"


def test_other_log_lines_keep_their_prefix() -> None:
    """The flip: the same message at INFO is a log line, not a warning."""
    assert _line(logging.INFO, "kept %s", "report.pdf") == "reportgen: kept report.pdf"


def test_a_warning_shown_only_with_v_prints_as_a_warning() -> None:
    assert _line(logging.INFO, "the figure cache is full", extra=SHOWN_WITH_V).startswith("Warning: ")


def test_data_in_a_warning_cannot_drive_the_terminal() -> None:
    assert _line(logging.WARNING, "cohort %r skipped", "\x1b[2J") == "Warning: cohort '\\x1b[2J' skipped"


def test_no_message_in_the_code_spells_its_own_prefix() -> None:
    """One helper prints them: a message saying ``warning:`` itself would print the word twice, or
    as another prefix."""
    package = Path(reportgen.__file__).parent
    spelled = re.compile(r"""["'](reportgen: )?[Ww]arning: """)
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path.name != "warning_lines.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if spelled.search(line)
    ]
    assert found == []
