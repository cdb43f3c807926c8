"""Tick labels from the data are cut, so a long id cannot squeeze a figure's axes to nothing."""

from reportgen.figures.base import short_label


def test_a_short_label_is_kept() -> None:
    assert short_label("308", 24) == "308"


def test_a_long_label_is_cut_with_an_ellipsis() -> None:
    cut = short_label("x" * 100, 24)
    assert len(cut) == 24
    assert cut.endswith("…")
