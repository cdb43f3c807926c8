"""Groups given as nested (``--group arm2/Subject``) that are crossed in the data: the same ids under
several outer values at alternating times, as when the outer column varies within each subject.

Such ids are still taken as one group per (outer value, id) pair, as lme4's ``arm2/Subject`` does and
as repeated ids across clinics (patient 1 of each clinic) are meant; the run says so in one line.
Distinct patients sharing an id are told apart by their times: each has its own rows at the same
times, while one subject measured alternately under two outer values has each time under one only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig, Labels


def _text(column: pd.Series) -> pd.Series:
    """A column as stripped text, blanks missing."""
    text = column.astype("string").str.strip()
    return text.mask(text == "")


def outer_key(frame: pd.DataFrame, outer: Sequence[str]) -> pd.Series:
    """The outer grouping of each row as one text (``north/0``); missing where any part is."""
    first, *rest = (_text(frame[column]) for column in outer)
    return first.str.cat(rest, sep="/") if rest else first


def crossed_ids(frame: pd.DataFrame, group: str, outer: Sequence[str], time: str) -> list[str]:
    """The ids (in file order) that appear under more than one outer value with their rows
    alternating between them in time, no time measured under two of them.

    Times that are not numbers (dates) are ordered as the rows of the file are.
    """
    runs = _outer_runs(frame, group, outer, time)
    return [i for i, (values, shared, changes) in runs.items() if not shared and changes > values]


def moved_ids(frame: pd.DataFrame, group: str, outer: Sequence[str], time: str) -> list[str]:
    """The ids (in file order) that appear under more than one outer value one after the other: each
    outer value in one run of times (or one back to the first), no time measured under two of them
    (a patient who changes site once). Ids repeated across clinics have their own rows at the same
    times; alternating ones are :func:`crossed_ids`."""
    runs = _outer_runs(frame, group, outer, time)
    return [
        i for i, (values, shared, changes) in runs.items() if not shared and values - 1 <= changes <= values
    ]


def _outer_runs(
    frame: pd.DataFrame, group: str, outer: Sequence[str], time: str
) -> dict[str, tuple[int, bool, int]]:
    """For each id under more than one outer value (in file order): how many values, whether a time
    is measured under two of them, and how often the value changes from one time to the next."""
    import pandas as pd

    rows = pd.DataFrame(
        {
            "id": _text(frame[group]),
            "outer": outer_key(frame, outer),
            "time": pd.to_numeric(frame[time], errors="coerce"),
            "order": range(len(frame)),
        }
    )
    if rows["time"].isna().all():
        rows["time"] = rows["order"]
    rows = rows.dropna()
    several = rows.groupby("id")["outer"].nunique()
    rows = rows[rows["id"].isin(several.index[several > 1])]
    if rows.empty:
        return {}
    shared = rows.groupby(["id", "time"])["outer"].nunique().groupby(level="id").max() > 1
    ordered = rows.sort_values(["id", "time", "order"])
    before = ordered.groupby("id")["outer"].shift()
    changed = (before.notna() & (ordered["outer"] != before.fillna(""))).astype(int)
    changes = changed.groupby(ordered["id"]).sum()
    return {i: (int(several[i]), bool(shared[i]), int(changes[i])) for i in rows["id"].drop_duplicates()}


def moved_warning(
    frame: pd.DataFrame, group: str, outer: Sequence[str], time: str, labels: Labels
) -> str | None:
    """The one warning line for ids that move between outer values once (see :func:`moved_ids`):
    each (outer, id) pair is its own group, so such a subject counts as two; None when there are none."""
    from reportgen.words import noun, plural

    ids = moved_ids(frame, group, outer, time)
    if not ids:
        return None
    column = "/".join(outer)
    key = outer_key(frame, outer)
    rows = frame[_text(frame[group]) == ids[0]]
    under = list(dict.fromkeys(key[rows.index].dropna()))  # in the file's order of its rows
    shown = " then ".join(under)
    count, flags = _ids_and_flags(ids, group, outer)
    return (
        f"{count} under more than one value of {column}, one after the other with no time in common "
        f"(e.g. {ids[0]} under {shown}): each ({', '.join(outer)}, {group}) pair is taken as its own "
        f"{noun(labels.group)}, so each of them counts as more than one; if {plural(labels.group)} "
        f"moved between values of {column}, give --group {group} "
        + " ".join(f"--crossed {c}" for c in outer)
        + f" (crossed, not nested), or {column} as a covariate ({flags}) and --group {group}"
    )


def crossed_warning(
    frame: pd.DataFrame, group: str, outer: Sequence[str], time: str, labels: Labels
) -> str | None:
    """The one warning line for ids crossed with the outer grouping (see :func:`crossed_ids`), or None."""
    from reportgen.words import noun, plural

    ids = crossed_ids(frame, group, outer, time)
    if not ids:
        return None
    column = "/".join(outer)
    key = outer_key(frame, outer)
    under = sorted(key[_text(frame[group]) == ids[0]].dropna().unique())
    which = "both values" if key.nunique() == 2 else "more than one value"
    shown = " and ".join([", ".join(under[:-1]), under[-1]]) if len(under) > 1 else under[0]
    count, flags = _ids_and_flags(ids, group, outer)
    crossed = " ".join(f"--crossed {c}" for c in outer)
    return (
        f"{count} under {which} of {column} at alternating times (e.g. {ids[0]} under {shown}): each "
        f"({', '.join(outer)}, {group}) pair is taken as its own {noun(labels.group)}; if "
        f"{plural(labels.group)} move between {column} values, give --group {group} {crossed} (crossed, "
        f"not nested); if {column} is a condition that varies within {plural(labels.group)}, give it as "
        f"a covariate ({flags}) and --group {group}"
    )


def _ids_and_flags(ids: Sequence[str], group: str, outer: Sequence[str]) -> tuple[str, str]:
    """ "2 patient ids appear", and the options that give the outer columns as covariates."""
    from reportgen.words import verb_for

    count = f"{len(ids)} {group} id{'s' if len(ids) != 1 else ''} {verb_for(len(ids), 'appears', 'appear')}"
    return count, " ".join(f"--covariate {c}" for c in outer)


def nested_groups_warning(frame: pd.DataFrame, config: BuildConfig) -> str | None:
    """The warning for the nested groups of ``config`` that ``frame`` (raw, long) shows crossed (or
    moved between once: :func:`moved_warning`), as
    a build reading a file and the notebook given a DataFrame both say it; None when there are none,
    or when a column is missing (a later step refuses it)."""
    needed = {config.group, config.time, *config.outer_groups}
    if not config.outer_groups or config.wide or not needed <= set(frame.columns):
        return None
    said = [
        warn(frame, config.group, config.outer_groups, config.time, config.labels)
        for warn in (crossed_warning, moved_warning)
    ]
    return "; ".join(w for w in said if w) or None
