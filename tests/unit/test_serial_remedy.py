"""reportgen.narrative.rules.serial_remedy: residuals that move together are not offered a curve
when the trend tests found the straight line adequate (issue 21, fifth read: sleepstudy)."""

from __future__ import annotations

from reportgen.narrative.rules import ABOVE, serial_remedy, serial_words


def test_a_curve_is_offered_only_while_the_shape_is_in_doubt() -> None:
    assert serial_remedy(curved=False) == "a curved trend or an autocorrelated error structure"
    adequate = serial_remedy(curved=False, straight_adequate=True)
    assert "a curved trend" not in adequate and adequate.startswith("an autocorrelated error structure")
    assert "the trend tests find the line adequate" in adequate
    assert serial_remedy(curved=True) == "an autocorrelated error structure"


def test_serial_words_read_the_remedy() -> None:
    doubtful = serial_words(ABOVE, "subject")
    adequate = serial_words(ABOVE, "subject", straight_adequate=True)
    assert "a curved trend or an autocorrelated error structure would describe it" in doubtful
    assert "a curved trend" not in adequate
