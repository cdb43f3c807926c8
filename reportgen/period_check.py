"""The check of ``--period`` against the times: a cycle the times cannot see is a bad setting.

A sine and cosine of the period need the times at three or more points of the cycle; with times
that are all whole multiples of the period (``--period 1`` and whole-number days) the sine is 0
at every visit, and the harmonic shape would silently drop out of the candidates. The build stops
with one line instead, as for other bad settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.errors import ConfigError

if TYPE_CHECKING:
    import numpy as np

# A sine and a cosine beside the intercept need this many distinct phases of the cycle.
PHASES_NEEDED = 3


def period_problem(phases: int, period: float, time: str) -> str | None:
    """Why a period cannot be seen at times that fall at ``phases`` points of its cycle, or None."""
    if phases >= PHASES_NEEDED:
        return None
    where = (
        f"times that are all whole multiples of it apart (the values of '{time}' fall at one point "
        "of the cycle: its sine is the same at every one)"
        if phases == 1
        else f"the values of '{time}', which fall at only {phases} points of the cycle (a sine and "
        f"cosine need {PHASES_NEEDED})"
    )
    return (
        f"--period {period:g} cannot be seen in {where}; give the cycle's length in units of "
        f"'{time}', one that puts the times at {PHASES_NEEDED} or more points of the cycle, or leave "
        "--period out"
    )


def check_period(times: np.ndarray, period: float | None, time: str) -> None:
    """Refuse a ``--period`` these times cannot resolve (see :func:`period_problem`).

    Raises:
        ConfigError: the times fall at fewer than three points of the period's cycle.
    """
    if period is None:
        return
    problem = period_problem(cycle_phases(times, period), period, time)
    if problem:
        raise ConfigError(problem, key="model.period")


def cycle_phases(time: np.ndarray, period: float) -> int:
    """How many distinct points of a cycle of this period the times fall at (1: every time a whole
    multiple of the period apart, where the sine is the same at every visit). Here, not in
    analysis.time_basis (which reads it too), because cleaning runs it before any analysis."""
    import numpy as np

    return len(np.unique(np.round(np.mod(np.asarray(time, dtype=float) / period, 1.0), 9) % 1.0))
