"""The diagnostics' verdict says the estimates "stay usable" only while the residual spread stays
within tenfold (reportgen.narrative.rules.diagnostic_verdict): Soybean's SD grows 36-fold and the
verdict still said so (seventh read)."""

from __future__ import annotations


def test_the_estimates_are_called_usable_only_while_the_spread_stays_within_tenfold() -> None:
    # Soybean: the last residual SD is 36 times the first; Rabbit's 4.5 keeps the usual verdict
    from reportgen.narrative.rules import diagnostic_verdict, spread_breaks_intervals

    assert spread_breaks_intervals(36.1) and spread_breaks_intervals(1 / 12)
    assert not spread_breaks_intervals(4.46) and not spread_breaks_intervals(None)
    grows = ["a spread that grows with the level"]
    soybean = diagnostic_verdict(grows, "the fitted curve", True)
    assert "stay usable" not in soybean and "intervals and p-values are wrong" in soybean
    assert "stay usable" in diagnostic_verdict(grows, "the fitted curve", False)
