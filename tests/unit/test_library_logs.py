"""WeasyPrint's own warnings and errors go to the -v log, one short line each, never raw onto stderr
(breaker round 6: "reportgen: Failed to load image at 'data:image/png;base64,...'", 15 KB, every run)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from reportgen.library_logs import LIBRARY_LINE_MAX, route_library_logs


@pytest.fixture
def shown() -> Iterator[list[str]]:
    """The lines the root handler would print, as ``reportgen: ...`` on stderr."""
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    root = logging.getLogger()
    root.addHandler(handler)
    levels = {name: logging.getLogger(name).level for name in ("weasyprint", "fontTools", "PIL")}
    try:
        yield lines
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def _weasyprint_fails_to_load_an_image() -> None:
    logging.getLogger("weasyprint").error(
        "Failed to load image at %r: %s", "data:image/png;base64," + "A" * 15000, ""
    )


def test_without_v_weasyprints_errors_are_not_shown(shown: list[str]) -> None:
    route_library_logs(0)
    _weasyprint_fails_to_load_an_image()
    logging.getLogger("fontTools.subset").warning("glyph names dropped")
    assert shown == []


def test_with_v_they_are_one_short_line(shown: list[str]) -> None:
    route_library_logs(1)
    _weasyprint_fails_to_load_an_image()
    (line,) = shown
    assert line.startswith("weasyprint: Failed to load image at 'data:image/png;base64,AAAA")
    assert len(line) < LIBRARY_LINE_MAX + 60 and line.endswith("more characters)") and "\n" not in line
