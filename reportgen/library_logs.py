"""Where the messages of the libraries reportgen drives go: into the ``-v`` log, one short line each,
never raw onto stderr (WeasyPrint's "Failed to load image at 'data:image/png;base64,...'" was one
15 KB line in every run)."""

from __future__ import annotations

import logging

# The loggers of the libraries that log on their own (WeasyPrint's warnings and errors, fontTools'
# subsetting, Pillow's decoders).
LIBRARY_LOGGERS = ("weasyprint", "fontTools", "PIL")
LIBRARY_LINE_MAX = 300  # characters of a library's message shown: a data: URI is cut


class _OneShortLine(logging.Filter):
    """Cut a library's message to one line of at most :data:`LIBRARY_LINE_MAX` printable characters."""

    def filter(self, record: logging.LogRecord) -> bool:
        from reportgen.errors import printable

        text = printable(" ".join(record.getMessage().split()))
        if len(text) > LIBRARY_LINE_MAX:
            text = f"{text[:LIBRARY_LINE_MAX]}... ({len(text) - LIBRARY_LINE_MAX} more characters)"
        record.msg, record.args = f"{record.name}: {text}", ()
        return True


def route_library_logs(verbose: int) -> None:
    """Show the libraries' messages only with ``-v`` (at every level from INFO), each one short line."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO if verbose else logging.CRITICAL + 1)
        if not any(isinstance(f, _OneShortLine) for f in logger.filters):
            logger.addFilter(_OneShortLine())
