"""Does the mean trajectory go up and down more than once (a cycle, as in nlme's Ovary)?

A straight line has no turn and a parabola one; a trajectory with both a clear trough and a clear
peak inside the observed times is a wave that neither can follow. The response's means over time
(each distinct time, or 12 equal-count bins when times are many, as the trend check bins them) are
searched for turns: a bin is a peak when its mean lies clearly above the mean of some earlier bin
and of some later bin (z > 3 for both differences, with the bins' standard errors), a trough the
same below. The strict z keeps many bins compared from finding turns by chance: on sleepstudy,
CO2, Orange, ChickWeight, epil, Dialyzer, Rabbit, Soybean, Pixel and Sitka it finds no wave; on
Ovary a trough near Time 0.12 and a peak near 0.68.

The report words the same rule on the chosen model's residual means (:func:`residual_waves`): a
curve the model's shape already explains is no wave. It calls the turns a cycle only when the data
can show one (:attr:`Waves.regular_cycle`): turns that alternate, a whole period from one peak (or
trough) to the next, evenly spaced. Soybean's residual means dip near days 20.5 and 29 and rise near
39 around its spline (plots of three seasons sampled on different days): two dips in a row, no cycle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from reportgen.analysis.lmm import MixedFit

# How clearly a bin's mean must stand above (below) an earlier and a later bin's to be a turn.
TURN_Z = 3.0
# A regular cycle's gaps between neighbouring turns: the longest at most this times the shortest.
REGULAR_GAPS = 1.5


@dataclass(frozen=True)
class Waves:
    """The clear peaks and troughs of the mean trajectory (bin mean times, in time order)."""

    peaks: tuple[float, ...]
    troughs: tuple[float, ...]
    peak: float | None  # the time of the highest clear peak (None: no peak)
    trough: float | None  # the time of the lowest clear trough

    @property
    def cyclic(self) -> bool:
        """A trough and a peak both: the mean goes down and up again (or up and down again)."""
        return bool(self.peaks) and bool(self.troughs)

    def turns(self) -> list[tuple[float, str]]:
        """The turns in time order, each run of peaks (troughs) with no trough (peak) between them one
        turn at the run's average time: ``(time, "peak" | "trough")``. A bin that is both (over several
        periods a mid-slope mean is above the troughs and below the peaks either side) is neither."""
        both = set(self.peaks) & set(self.troughs)
        marked = [(t, "peak") for t in self.peaks] + [(t, "trough") for t in self.troughs]
        merged: list[tuple[list[float], str]] = []
        for time, kind in sorted(m for m in marked if m[0] not in both):
            if merged and merged[-1][1] == kind:
                merged[-1][0].append(time)
            else:
                merged.append(([time], kind))
        return [(sum(times) / len(times), kind) for times, kind in merged]

    @property
    def regular_cycle(self) -> bool:
        """A cycle the data can show: at least three alternating turns (a whole period, peak to peak
        or trough to trough), the longest gap between neighbours at most REGULAR_GAPS times the
        shortest. A trough and a peak alone, or turns at uneven gaps, are a shape the fit misses."""
        times = [t for t, _ in self.turns()]
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        return len(times) >= 3 and min(gaps) > 0 and max(gaps) <= REGULAR_GAPS * min(gaps)


def _stands_out(means: list[float], ses: list[float], j: int, sign: float) -> bool:
    """Is bin ``j`` clearly above (sign 1) or below (sign -1) some earlier and some later bin?"""

    def z(i: int) -> float:
        se = math.hypot(ses[i], ses[j])
        return sign * (means[j] - means[i]) / se if se > 0 else 0.0

    return max(z(i) for i in range(j)) > TURN_Z and max(z(k) for k in range(j + 1, len(means))) > TURN_Z


def _se(sd: float, n: int) -> float:
    """Standard error of a bin's mean (infinite for a single value: it can mark no turn)."""
    return sd / math.sqrt(n) if n > 1 and not math.isnan(sd) else math.inf


def residual_waves(fit: MixedFit, frame: pd.DataFrame) -> Waves:
    """The clear turns of the fitted model's residual means by time (y - fitted, as the diagnostics
    read them): a curve the model's shape already follows leaves none, so only a wave it misses is
    one (Ovary's cycle, if a spline's residual means still go down and up)."""
    time = frame["time"].to_numpy(float)
    return mean_waves(time, frame["response"].to_numpy(float) - fit.fitted)


def mean_waves(time: np.ndarray, response: np.ndarray) -> Waves:
    """The clear turns of the mean trajectory (see the module's rule)."""
    import numpy as np
    import pandas as pd

    from reportgen.analysis.trend import MAX_TIME_BINS, is_binned

    keys = (
        np.asarray(pd.qcut(time, MAX_TIME_BINS, labels=False, duplicates="drop")) if is_binned(time) else time
    )
    frame = pd.DataFrame({"key": keys, "time": time, "y": response})
    bins = frame.groupby("key").agg(
        time=("time", "mean"), mean=("y", "mean"), sd=("y", "std"), n=("y", "size")
    )
    bins = bins.sort_values("time")
    means, times = bins["mean"].tolist(), bins["time"].tolist()
    ses = [_se(float(sd), int(n)) for sd, n in zip(bins["sd"], bins["n"], strict=True)]
    inner = range(1, len(means) - 1)
    high = [j for j in inner if _stands_out(means, ses, j, 1.0)]
    low = [j for j in inner if _stands_out(means, ses, j, -1.0)]
    return Waves(
        tuple(float(times[j]) for j in high),
        tuple(float(times[j]) for j in low),
        float(times[max(high, key=means.__getitem__)]) if high else None,
        float(times[min(low, key=means.__getitem__)]) if low else None,
    )
