"""The caterpillar plot's subject labels are readable where the report is read: at least 8 pt on
an A4 or Letter page (the figure scaled to the text width) and at least 9 px in the HTML column
(they were about 6 px: x-small labels in a figure 9 inches wide)."""

from __future__ import annotations

import re

import pytest

from reportgen.figures.base import DPI
from reportgen.figures.further import CATERPILLAR_LABEL_PT, EXTREMES, caterpillar_size
from tests.conftest import REPO

CSS = (REPO / "templates" / "report.css").read_text(encoding="utf-8")
CM_PER_IN = 2.54


def _text_width_in(paper_width_cm: float) -> float:
    """The page's text width, from the @page margins of report.css (top, sides, bottom)."""
    margins = re.search(r"@page \{\s*margin: ([\d.]+)cm ([\d.]+)cm", CSS)
    assert margins is not None
    return (paper_width_cm - 2 * float(margins[2])) / CM_PER_IN


def _column_px() -> float:
    """The HTML report's column: body max-width (rem, 16 px) less its padding on both sides."""
    body = re.search(r"body \{ max-width: ([\d.]+)rem; margin: 0 auto; padding: ([\d.]+)rem; \}", CSS)
    assert body is not None
    return (float(body[1]) - 2 * float(body[2])) * 16


@pytest.mark.parametrize("panels", [1, 2])
@pytest.mark.parametrize("groups", [6, 18, 200])
@pytest.mark.parametrize("paper_cm", [21.0, 21.59])  # A4, Letter
def test_labels_print_at_8_pt_or_more(panels: int, groups: int, paper_cm: float) -> None:
    width, height = caterpillar_size(groups, panels)
    scale = min(1.0, _text_width_in(paper_cm) / width, (19 / CM_PER_IN) / height)  # max-height 19cm
    assert CATERPILLAR_LABEL_PT * scale >= 8.0


@pytest.mark.parametrize("panels", [1, 2])
def test_labels_show_at_9_px_or_more_in_the_column(panels: int) -> None:
    width, _ = caterpillar_size(18, panels)
    scale = min(1.0, _column_px() / (width * DPI))
    assert CATERPILLAR_LABEL_PT / 72 * DPI * scale >= 9.0


def test_each_row_is_taller_than_its_label() -> None:
    for groups in (6, 18, 2 * EXTREMES, 500):
        _, height = caterpillar_size(groups, 2)
        rows = min(groups, 2 * EXTREMES)
        assert (height - 1.2) / rows * 72 >= CATERPILLAR_LABEL_PT * 1.3 or height == 4.0
