"""A build's stages as it goes: said on the ``reportgen.progress`` logger, shown as a bar on a terminal.

The pipeline calls :func:`stage` as it starts each stage; nothing is shown unless someone listens:
``reportgen build`` on a terminal (:func:`terminal_bar`, the same Click bar as ``reportgen cohorts``),
or ``-v``, where each stage is one log line. Batch layers and the notebook stay quiet.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from reportgen.config import BuildConfig

log = logging.getLogger("reportgen.progress")


def stage(what: str) -> None:
    """Say that the build now starts ``what`` (e.g. "drawing figures")."""
    log.info("%s", what)


def stage_count(config: BuildConfig) -> int:
    """How many stages :func:`reportgen.pipeline.build_report` says: read, analyse, draw, for each
    document its HTML and each other format, write."""
    documents = 2 if config.variant == "both" else 1
    return 4 + documents * (1 + len(set(config.formats) - {"html"}))


class _BarHandler(logging.Handler):
    """Moves a Click progress bar on one step per stage, showing the stage's name."""

    def __init__(self, bar: Any) -> None:
        super().__init__(logging.INFO)
        self.bar = bar

    def emit(self, record: logging.LogRecord) -> None:
        self.bar.update(1, record.getMessage())


@contextlib.contextmanager
def terminal_bar(total: int, stream: TextIO, *, verbose: bool) -> Iterator[None]:
    """Show the stages as a bar on ``stream`` when it is a terminal and the run is not ``-v``;
    else change nothing (``-v`` says each stage as a log line)."""
    if verbose or not stream.isatty():
        yield
        return
    import click

    bar = click.progressbar(
        length=total,
        label="Building",
        show_pos=True,
        show_eta=False,
        item_show_func=lambda item: item,
        file=stream,
    )
    handler = _BarHandler(bar)
    level, propagate = log.level, log.propagate
    with bar:
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False  # only the bar says the stages
        try:
            yield
        finally:
            log.removeHandler(handler)
            log.setLevel(level)
            log.propagate = propagate
