"""Which two subjects the report compares (Q4 and Q6), and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportgen.errors import SubjectError

# Why a pair was chosen; the narrative turns these into words.
FROM_USER = "user"
FROM_PRESET = "preset"
AUTOMATIC = "automatic"


@dataclass(frozen=True)
class Pair:
    """Two subject ids and the reason they were chosen."""

    first: str
    second: str
    reason: str
    rests_on_one: tuple[str, ...] = ()  # automatic picks whose extreme slope rests on one observation


def _listing(ids: list[str]) -> str:
    shown = ", ".join(ids[:8])
    return shown + (", ..." if len(ids) > 8 else "")


def choose_pair(
    requested: tuple[str, str] | None,
    from_user: bool,
    scores: Mapping[str, float],
    *,
    option: str,
    all_subjects: list[str],
) -> Pair:
    """Use the requested pair if possible, else the highest- and lowest-scoring subjects.

    ``scores`` holds the subjects that can be used (e.g. per-subject slopes); a pair
    asked for by the user must be among them, a preset pair falls back to the automatic pick.

    Raises:
        SubjectError: a user-requested subject is absent, unusable or given twice.
    """
    if requested is not None:
        missing = [s for s in requested if s not in scores]
        if from_user:
            if requested[0] == requested[1]:
                raise SubjectError(
                    f"{option} names subject '{requested[0]}' twice; give two different subjects",
                    subject=requested[0],
                )
            for subject in missing:
                if subject in all_subjects:
                    raise SubjectError(
                        f"subject '{subject}' (from {option}) has fewer than 2 distinct time "
                        "points, so no line can be fitted; choose another subject",
                        subject=subject,
                    )
                raise SubjectError(
                    f"subject '{subject}' (from {option}) is not in the data; "
                    f"subjects are: {_listing(all_subjects)}",
                    subject=subject,
                )
        if not missing:
            return Pair(requested[0], requested[1], FROM_USER if from_user else FROM_PRESET)
    if len(scores) < 2:
        raise SubjectError(
            f"fewer than 2 subjects can be compared for {option}; each needs at least 2 distinct time points",
            subject="",
        )
    lowest, highest = extremes(scores)
    return Pair(highest, lowest, AUTOMATIC)


def extremes(scores: Mapping[str, float]) -> tuple[str, str]:
    """The lowest and the highest scorer, ties broken by id as :func:`choose_pair` breaks them.

    Q5 names its highest and lowest random intercepts with this rule, so a tie (the binary study's
    S06 and S51 at 0.324) names the same subject there as Q6's automatic pick.
    """

    import numpy as np

    def key(subject: str) -> tuple[float, str]:
        return scores[subject], subject

    values = np.fromiter(scores.values(), dtype=float, count=len(scores))
    if np.isnan(values).any():  # NaN does not order: as sorted() puts it
        ranked = sorted(scores, key=key)
        return ranked[0], ranked[-1]
    # min() and max() by (score, id), without a Python call per subject (100,000 of them): the ids
    # tied at the lowest and at the highest score, then the first and the last of those by id.
    ids = list(scores)
    lowest = np.flatnonzero(values == values.min())
    highest = np.flatnonzero(values == values.max())
    return min(ids[i] for i in lowest), max(ids[i] for i in highest)


# Automatic picks use subjects with at least this many observations (a line through two points
# has no residual and can be as steep as chance makes it).
MIN_OBSERVATIONS = 3


def eligible(scores: Mapping[str, float], counts: Mapping[str, int]) -> dict[str, float]:
    """Scores of subjects with at least MIN_OBSERVATIONS observations (all, if fewer than 2 have)."""
    kept = {s: v for s, v in scores.items() if counts.get(s, 0) >= MIN_OBSERVATIONS}
    return kept if len(kept) >= 2 else dict(scores)


def rests_on_one_value(
    times: Sequence[float], values: Sequence[float], others: Sequence[float], highest: bool
) -> bool:
    """Would this subject's own slope stop being the most extreme without one of its observations?

    ``others`` are the other candidates' slopes; ``highest`` says which end the subject was picked at.
    """
    import numpy as np

    t, y = np.asarray(times, float), np.asarray(values, float)
    if len(t) < MIN_OBSERVATIONS or not len(others):
        return False
    bound = max(others) if highest else min(others)
    for drop in range(len(t)):
        keep = np.arange(len(t)) != drop
        if np.ptp(t[keep]) == 0:
            continue
        slope = float(np.polyfit(t[keep], y[keep], 1)[0])
        if (slope < bound) if highest else (slope > bound):
            return True
    return False
