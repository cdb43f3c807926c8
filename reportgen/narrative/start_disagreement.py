"""Why the model's test at the first observed time and the measured values' test there disagree.

The report said the lines' (curves') difference there "is a product of the model's curves fitted to
the whole period" whenever the two verdicts differ. On Soybean that is false: the curves differ by
0.040 at day 14 and the measured means by 0.037, the same size; the tests differ because the
model's one residual standard deviation (1.40, the same at every time) is about forty times the
spread measured at day 14, so its standard error there (0.41, lmerTest's contest) dwarfs the
measured one (statistician Q, session 8). The rule looks at what differs: the sizes, or only the
standard errors.
"""

from __future__ import annotations

import math

# What differs between the two differences at the first time.
SIZES = ""  # the sizes: the lines (curves) misplace the start
OVERSTATES = "overstates"  # same size; the model's standard error is the larger
UNDERSTATES = "understates"  # same size; the model's standard error is the smaller


def start_disagreement(model_gap: float, measured_gap: float, model_f: float, measured_f: float) -> str:
    """SIZES, OVERSTATES or UNDERSTATES: the two differences between two levels at the first time
    (the model's, ``model_gap``, tested by ``model_f`` on 1 df; the measured means', ``measured_gap``,
    by ``measured_f``) agree in size when they have the same sign and lie within the measured
    difference's standard error of each other (``|gap| / sqrt(F)``: F is t squared on 1 df); then
    only the standard errors differ, and the words say which is the larger."""
    if not (model_f > 0 and measured_f > 0 and math.isfinite(model_f) and math.isfinite(measured_f)):
        return SIZES
    measured_se = abs(measured_gap) / math.sqrt(measured_f)
    if model_gap * measured_gap <= 0 or abs(model_gap - measured_gap) > measured_se:
        return SIZES
    model_se = abs(model_gap) / math.sqrt(model_f)
    return OVERSTATES if model_se > measured_se else UNDERSTATES


def spread_cause_words(cause: str, drawn: str) -> str:
    """The clause after the measured verdict when only the standard errors differ ("" for SIZES):
    the model's one residual standard deviation over- or understates the spread at the start,
    pointing at the spread check (``drawn``: "lines" or "curves")."""
    if cause == SIZES:
        return ""
    if cause == OVERSTATES:
        return (
            f"the {drawn}' difference there is about the measured one, but the model's test there rests on "
            "its one residual standard deviation, the same at every time, which overstates the spread at "
            "the start (see the spread check in the diagnostics), so its test there is too weak; read the "
            "evidence at the start from the measurements"
        )
    return (
        f"the {drawn}' difference there is about the measured one, but the model's test there rests on "
        "its one residual standard deviation, the same at every time, which understates the spread at "
        "the start (see the spread check in the diagnostics), so its test there is too strong; read the "
        "evidence at the start from the measurements"
    )
