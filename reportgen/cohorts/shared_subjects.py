"""Subjects whose rows fall into more than one cohort of ``--by COLUMN`` (patients who moved between
sites): each cohort's report counts such a subject as one of its own, so the cohorts are not
disjoint. The run keeps building and says so once, on stderr and on the index page (statistician P,
session 7: with moving.csv, ``cohorts --by site`` put a patient silently into two cohorts).

With ``--group site/patient`` and ``--by site`` a patient id is only unique within its site (the
model's ``site:patient``): a repeated id there is two patients, not one who moved, and nothing is said.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.cohorts.names import natural_order
from reportgen.i18n import ngettext
from reportgen.words import noun, noun_for

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.cohorts.select import Cohort


@dataclass(frozen=True)
class SharedSubjects:
    """How many subjects have rows in more than one cohort, and the first of them with its cohorts."""

    count: int
    example: str
    cohorts: tuple[str, ...]


def shared_subjects(frames: Mapping[str, pd.DataFrame], group: str) -> SharedSubjects | None:
    """The subjects (ids in column ``group``) found in more than one cohort's rows (``frames``, by
    cohort name); ``None`` when every subject is in one cohort."""
    where: dict[str, list[str]] = {}
    for name, frame in frames.items():
        for subject in frame[group].dropna().astype(str).unique():
            where.setdefault(subject, []).append(name)
    shared = sorted((s for s, names in where.items() if len(names) > 1), key=natural_order)
    if not shared:
        return None
    example = shared[0]
    return SharedSubjects(len(shared), example, tuple(sorted(where[example], key=natural_order)))


def moving_subjects_line(
    cohorts: list[Cohort], group: str, label: str, by: str | None, nested: tuple[str, ...]
) -> str:
    """The line to say for the cohorts of column ``by`` (``group``: the subjects' column, ``label``
    its label; ``nested``: the outer grouping columns, within which ids repeat by design): "" when
    every subject is in one cohort, when the cohorts are ``[[cohort]]`` tables (``by`` None: they may
    overlap on purpose) or when the subjects are nested in ``by``."""
    if by is None or by in nested:
        return ""
    frames = {cohort.name: cohort.frame for cohort in cohorts if cohort.frame is not None}
    shared = shared_subjects(frames, group)
    return "" if shared is None else shared_subjects_line(shared, label, by)


def shared_subjects_line(shared: SharedSubjects, group: str, by: str) -> str:
    """One line for stderr and the index page: how many subjects, one example with its cohorts, and
    what it means for the reports (``group``: the subjects' label; ``by``: the cohorts' column)."""
    message = ngettext(
        "%(n)s %(group)s has rows in more than one %(by)s (e.g. %(example)s, in %(cohorts)s): it "
        "is counted in the report of each of them as one of its %(groups)s, so the cohorts overlap; "
        "give each %(group)s a single %(by)s, or split by a column that is constant within each %(group)s",
        "%(n)s %(groups)s have rows in more than one %(by)s (e.g. %(example)s, in %(cohorts)s): "
        "each is counted in the report of every %(by)s it has rows in, so the cohorts overlap; "
        "give each %(group)s a single %(by)s, or split by a column that is constant within each %(group)s",
        shared.count,
    )
    return message % {
        "n": shared.count,
        "group": noun(group),
        "groups": noun_for(2, group),
        "by": noun(by),
        "example": shared.example,
        "cohorts": " and ".join((", ".join(shared.cohorts[:-1]), shared.cohorts[-1]))
        if len(shared.cohorts) > 1
        else shared.cohorts[0],
    }
