"""The spline comparison does not stop at 4 df while the AIC still drops fast (issue 21, eighth
read: Soybean 1660.8 -> 1590.7 from 3 to 4 df, and R's 5 df gives 1570.1): when the most flexible
spline fitted is chosen, the next df is tried, as far as the distinct times allow."""

from __future__ import annotations

import numpy as np

from reportgen.analysis.shape import SPLINE_DF_MOST, more_flexible
from reportgen.analysis.time_basis import ShapeFit

TIMES = np.repeat(np.arange(1.0, 26.0), 2)  # 25 distinct times


def _fits(**aic: float) -> dict[str, ShapeFit]:
    sizes = {"linear": 4, "quadratic": 5, "spline2": 5, "spline3": 6, "spline4": 7, "spline5": 8}
    return {name: ShapeFit(loglik=-value / 2, aic=value, df=sizes[name]) for name, value in aic.items()}


def test_the_most_flexible_spline_chosen_tries_one_more_df() -> None:
    fits = _fits(linear=1929.3, quadratic=1782.4, spline2=1756.7, spline3=1660.8, spline4=1590.7)
    assert more_flexible("spline4", fits, TIMES) == "spline5"


def test_a_less_flexible_choice_tries_no_more() -> None:
    fits = _fits(linear=1763.9, quadratic=1764.3, spline2=1764.5, spline3=1766.4, spline4=1766.7)
    assert more_flexible("linear", fits, TIMES) is None
    # Dialyzer: 5 df was tried and did not earn its place, 4 df stays chosen: no 6 df.
    fits = _fits(spline3=747.7, spline4=733.7, spline5=733.8)
    assert more_flexible("spline4", fits, TIMES) is None


def test_the_times_limit_the_df() -> None:
    fits = _fits(spline3=10.0, spline4=0.0)
    assert more_flexible("spline4", fits, np.arange(1.0, 7.0)) is None  # 6 distinct times: 5 df cannot fit
    assert more_flexible("spline4", fits, np.arange(1.0, 8.0)) == "spline5"
    most = {f"spline{df}": ShapeFit(0.0, -float(df), df + 3) for df in range(2, SPLINE_DF_MOST + 1)}
    assert more_flexible(f"spline{SPLINE_DF_MOST}", most, np.arange(1.0, 40.0)) is None
