"""The levels-slopes correlation's sign is read only when its test supports it
(reportgen.narrative.correlation_sign, model_rules.start_correlation): clinics.csv's -0.14 was read
as "patients that start higher tend to rise more slowly" while the test against uncorrelated
levels and slopes gives p = 0.30 (lme4's anova; seventh read)."""

from __future__ import annotations

from reportgen.analysis.inference import LikelihoodRatio
from reportgen.narrative.correlation_sign import correlation_supported, correlation_test_parts
from reportgen.narrative.model_rules import start_correlation


def _test(p: float) -> LikelihoodRatio:
    return LikelihoodRatio(chisq=1.08, df=1, p=p, p_boundary=p)


def test_the_sign_is_read_only_when_the_test_supports_it() -> None:
    unclear = start_correlation(-0.14, "patients", 1.0, True, sign_clear=correlation_supported(_test(0.30)))
    assert "cannot tell this correlation's sign" in unclear and "more slowly" not in unclear
    clear = start_correlation(-0.14, "patients", 1.0, True, sign_clear=correlation_supported(_test(0.01)))
    assert clear == "patients that start higher tend to rise more slowly"
    # no test made (none was possible): the other rules decide, as before
    assert correlation_supported(None)


def test_the_test_is_printed_beside_the_correlation_with_its_keys() -> None:
    parts = correlation_test_parts(_test(0.30))
    keys = [".".join(p.path) for p in parts if not isinstance(p, str)]
    assert keys == ["random_slope.correlation_lrt.chisq", "random_slope.correlation_lrt.p"]
    assert "against uncorrelated levels and slopes" in "".join(p for p in parts if isinstance(p, str))
    assert correlation_test_parts(None) == ()
