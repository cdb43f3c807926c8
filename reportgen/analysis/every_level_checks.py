"""The checks on the model with every level: the one-grouping fit with the fitted values and
residual variance of the model with every level (:mod:`reportgen.analysis.level_residuals`), and
the diagnostics on it with that model's lag-1 expectation under independent errors."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.level_residuals import expected_lag1, fitted_on

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.diagnostics import Diagnostics
    from reportgen.analysis.lmm import MixedFit
    from reportgen.analysis.multilevel import MultilevelFit


def every_level_fit(
    chosen: MixedFit, frame: pd.DataFrame, multilevel: MultilevelFit | None
) -> MixedFit | None:
    """``chosen`` (the one-grouping fit) with the fitted values and residual variance of the model
    with every level: the fit whose residuals the checks and the residual figures read. Its random
    effects stay ``chosen``'s (the subjects' predicted effects on one grouping). None with one
    grouping, or when the model with every level did not keep every row."""
    residuals = None if multilevel is None else multilevel.residuals
    fitted = fitted_on(frame, residuals)
    if fitted is None or residuals is None:
        return None
    return dataclasses.replace(chosen, fitted=fitted, residual_var=residuals.residual_var)


def diagnose_every_level(
    fit: MixedFit, frame: pd.DataFrame, multilevel: MultilevelFit, **options: Any
) -> Diagnostics:
    """:func:`~reportgen.analysis.diagnostics.diagnose` on ``fit`` (:func:`every_level_fit`'s), the
    lag-1 correlation's expectation that of the model with every level."""
    from reportgen.analysis.diagnostics import diagnose

    residuals = multilevel.residuals
    assert residuals is not None  # every_level_fit returned a fit

    def expectation(time: np.ndarray, groups: np.ndarray, series: np.ndarray | None) -> float:
        return expected_lag1(residuals, time, groups, series)

    return diagnose(fit, frame, serial_expectation=expectation, **options)
