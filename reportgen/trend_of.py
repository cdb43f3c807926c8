"""Which model ``trend``'s test of a curve comes from (results.json ``trend.of``).

In a binomial or Poisson report the trend's shape candidates are GLMM fits (``trend.shapes``), but
its quadratic test, curvature, residual bins and curve are the linear mixed model's on the response
(statistician S, session 8: binq ``trend.curve.first`` 0.126 beside the GLMM's 0.114); the key says
so, so that no reader takes them for the GLMM's.
"""

from __future__ import annotations

LINEAR_MIXED_MODEL = "linear_mixed_model"


def trend_of(glmm: bool) -> dict[str, str]:
    """``{"of": "linear_mixed_model"}`` in a GLMM report, where the trend's test is not the GLMM's;
    nothing for a gaussian response, whose trend is the model the report stands on."""
    return {"of": LINEAR_MIXED_MODEL} if glmm else {}
