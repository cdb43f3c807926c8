"""reportgen.narrative.family.checked_fit_words: the overdispersion check names the fit it reads."""

from __future__ import annotations

from reportgen.narrative.family import checked_fit_words


def test_the_checked_fit_is_named_by_its_random_effects() -> None:
    assert checked_fit_words("random_slope").startswith(" of the random-slope Poisson fit")
    assert checked_fit_words("random_intercept").startswith(" of the random-intercept Poisson fit")
    assert "without an observation-level effect" in checked_fit_words("random_slope")
    assert checked_fit_words("") == ""  # an older result without the fit: nothing claimed
