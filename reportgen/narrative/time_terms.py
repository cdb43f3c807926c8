"""A model term in time named by what it is: a slope only for one df, else the curve's shape.

A covariate's interaction with a curved trend (CO2: the 4-df spline in conc crossed with Type and
Treatment) is not "the slope": its F test asks whether the curve's shape differs (seventh read).
"""

from __future__ import annotations


def time_term_words(num_df: float, time: str = "time") -> str:
    """Where a term in time acts: "in the slope" (1 df), else "in the curve's shape over conc"."""
    if round(num_df) <= 1:
        return "in the slope"
    return f"in the curve's shape over {time}"
