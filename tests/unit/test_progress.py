"""The build's stages: a bar on a terminal, nothing elsewhere, log lines at -v."""

from __future__ import annotations

import io
import logging

import pytest

from reportgen.config import make_config
from reportgen.progress import stage, stage_count, terminal_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_shows_each_stage_on_a_bar() -> None:
    stream = Terminal()
    with terminal_bar(3, stream, verbose=False):
        stage("analysing")
        stage("drawing figures")
    shown = stream.getvalue()
    assert "Building" in shown and "analysing" in shown and "drawing figures" in shown and "2/3" in shown


@pytest.mark.parametrize(("stream", "verbose"), [(io.StringIO(), False), (Terminal(), True)])
def test_no_bar_off_a_terminal_or_at_v(
    stream: io.StringIO, verbose: bool, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="reportgen.progress"), terminal_bar(3, stream, verbose=verbose):
        stage("analysing")
    assert stream.getvalue() == ""
    assert [r.getMessage() for r in caplog.records] == ["analysing"]  # the -v line


def test_the_bar_leaves_the_logger_as_it_was() -> None:
    logger = logging.getLogger("reportgen.progress")
    before = (logger.level, logger.propagate, list(logger.handlers))
    with terminal_bar(1, Terminal(), verbose=False):
        stage("analysing")
    assert (logger.level, logger.propagate, list(logger.handlers)) == before


@pytest.mark.parametrize(
    ("options", "count"),
    [
        ({"formats": ["html"]}, 5),
        ({"formats": ["html", "pdf"]}, 6),
        ({"formats": ["pdf", "docx"]}, 7),
        ({"formats": ["html", "pdf"], "variant": "both"}, 8),
    ],
)
def test_the_stages_counted_for_each_format_and_document(options: dict, count: int) -> None:
    assert stage_count(make_config(**options)) == count
