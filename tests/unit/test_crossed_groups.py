"""Nested groups that the data show crossed (``--group arm2/Subject`` with arm2 = Days % 2): kept as
lme4 keeps them, one group per pair, and said in one line; ids repeated across clinics (distinct
patients, each measured at the same times) and a subject who moves once are not crossed."""

from __future__ import annotations

import pandas as pd

from reportgen.config import Labels
from reportgen.crossed_groups import crossed_ids, crossed_warning

LABELS = Labels(response="Score", response_unit="", time="Month", time_unit="month", group="Patient")


def _table(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    """Rows of (outer, id, time) as the reader gives them (text)."""
    return pd.DataFrame([{"arm": a, "id": i, "t": str(t), "y": "1"} for a, i, t in rows])


def _alternating(ids: tuple[str, ...] = ("1", "2", "3")) -> pd.DataFrame:
    return _table([(str(t % 2), i, t) for i in ids for t in range(6)])


def test_ids_alternating_between_two_outer_values_are_crossed() -> None:
    frame = _alternating()
    assert crossed_ids(frame, "id", ("arm",), "t") == ["1", "2", "3"]
    warning = crossed_warning(frame, "id", ("arm",), "t", LABELS)
    assert warning == (
        "3 id ids appear under both values of arm at alternating times (e.g. 1 under 0 and 1): each "
        "(arm, id) pair is taken as its own patient; if patients move between arm values, give "
        "--group id --crossed arm (crossed, not nested); if arm is a condition that varies within "
        "patients, give it as a covariate (--covariate arm) and --group id"
    )


def test_ids_repeated_across_clinics_at_the_same_times_are_not_crossed() -> None:
    """Patient 1 of clinic A and patient 1 of clinic B: each has its own rows at every time."""
    frame = _table([(clinic, i, t) for clinic in "AB" for i in "12" for t in range(5)])
    assert crossed_ids(frame, "id", ("arm",), "t") == []
    assert crossed_warning(frame, "id", ("arm",), "t", LABELS) is None


def test_a_subject_who_moves_once_is_not_crossed() -> None:
    frame = _table([("A" if t < 3 else "B", "1", t) for t in range(6)] + [("A", "2", t) for t in range(6)])
    assert crossed_ids(frame, "id", ("arm",), "t") == []


def test_only_the_crossed_ids_are_counted_and_the_words_follow_the_data() -> None:
    nested = _table([("2", "9", t) for t in range(6)])
    frame = pd.concat([_alternating(("1",)), nested], ignore_index=True)
    warning = crossed_warning(frame, "id", ("arm",), "t", LABELS)
    # one id, and three values of arm: not "both"
    assert warning is not None and warning.startswith("1 id id appears under more than one value of arm at")


def test_dates_are_ordered_as_the_rows_of_the_file() -> None:
    frame = _alternating().assign(t=lambda f: "2024-03-0" + (f["t"].astype(int) + 1).astype(str))
    assert crossed_ids(frame, "id", ("arm",), "t") == ["1", "2", "3"]


def test_rows_missing_an_outer_value_or_id_are_left_out_and_two_outer_columns_are_one_key() -> None:
    frame = _alternating().assign(site="north")
    frame.loc[0, "arm"] = None
    frame.loc[1, "id"] = " "
    assert crossed_ids(frame, "id", ("site", "arm"), "t") == ["1", "2", "3"]
    warning = crossed_warning(frame, "id", ("site", "arm"), "t", LABELS)
    assert warning is not None and "under both values of site/arm" in warning
    assert "(e.g. 1 under north/0 and north/1): each (site, arm, id) pair" in warning
    assert "(--covariate site --covariate arm)" in warning


def test_a_subject_who_changes_site_once_is_named_in_one_line() -> None:
    """Break round 9: a patient who changes site once under --group site/patient became two
    subjects without a word (only alternation warned)."""
    from reportgen.crossed_groups import moved_ids, moved_warning

    frame = _table([("A" if t < 3 else "B", "1", t) for t in range(6)] + [("A", "2", t) for t in range(6)])
    assert moved_ids(frame, "id", ("arm",), "t") == ["1"]
    assert moved_warning(frame, "id", ("arm",), "t", LABELS) == (
        "1 id id appears under more than one value of arm, one after the other with no time in common "
        "(e.g. 1 under A then B): each (arm, id) pair is taken as its own patient, so each of them "
        "counts as more than one; if patients moved between values of arm, give --group id --crossed arm "
        "(crossed, not nested), or arm as a covariate (--covariate arm) and --group id"
    )
    # the flips: repeated ids at the same times (clinics) and alternating ids are not "moved"
    clinics = _table([(clinic, i, t) for clinic in "AB" for i in "12" for t in range(5)])
    assert moved_warning(clinics, "id", ("arm",), "t", LABELS) is None
    assert moved_ids(_alternating(), "id", ("arm",), "t") == []
