"""The subjects' ids as the data give them, for tick labels of nested groups (issue 24, item 4).

lme4 names a nested group by its whole path ("S01:S01-p0" for patient "S01-p0" in site "S01"); a
caterpillar of patients labelled so repeats the site in every row. The data's own id is shown
instead, and the outer groups only where the ids repeat across them ("C01/P01", as the
one-grouping caterpillar and ``--group clinic/patient`` write the path).
"""

from __future__ import annotations

from collections.abc import Sequence


def data_ids(names: Sequence[str], outer_levels: int) -> list[str]:
    """``names`` of groups nested in ``outer_levels`` outer groupings ("C01:P01"), as the data
    give the innermost ids: the id alone when no two groups share it, else the id with its outer
    groups ("C01/P01"); names of a grouping with no outer levels are returned as they are."""
    if outer_levels < 1:
        return list(names)
    parts = [name.split(":", outer_levels) for name in names]
    if any(len(part) != outer_levels + 1 for part in parts):  # not lme4's nested names: keep them
        return list(names)
    own = [part[-1] for part in parts]
    if len(set(own)) == len(own):
        return own
    return ["/".join(part) for part in parts]
