"""Cohort names: the folder name (slug) each cohort gets, its label, and the natural order of values."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

SLUG_MAX = 60
FALLBACK_SLUG = "cohort"
# Device names Windows reserves (a folder "con" cannot be created there), the report's own
# sub-folder name, and the email outbox a cohorts folder holds (`reportgen email --cohorts`).
RESERVED_SLUGS = frozenset(
    {
        "con",
        "prn",
        "aux",
        "nul",
        "figures",
        "outbox",
        *(f"com{i}" for i in range(10)),
        *(f"lpt{i}" for i in range(10)),
    }
)
# What a slug looks like: lower-case ASCII letters and digits in runs joined by single hyphens.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def slugify_name(name: str) -> str:
    """A folder name for a cohort: lower-case ASCII letters, digits and single hyphens.

    Transliterated (``Café`` -> ``cafe``); never empty, never ``.``/``..`` or a path, never a name
    Windows reserves (``con`` -> ``con-cohort``).
    """
    from slugify import slugify

    slug = slugify(name, max_length=SLUG_MAX, word_boundary=True) or FALLBACK_SLUG
    return f"{slug}-{FALLBACK_SLUG}" if slug in RESERVED_SLUGS else slug


def unique_slugs(names: Sequence[str], previous: Mapping[str, str] | None = None) -> list[str]:
    """One slug per name, in order; later names whose slug is taken get ``-2``, ``-3``...

    ``previous`` maps the names of an earlier run to their slugs (its manifest): a name there keeps
    its slug, so a cohort keeps its folder across runs, and no other name takes one of those slugs,
    so a new value never moves into an old one's folder.
    """
    previous = {
        name: slug
        for name, slug in (previous or {}).items()
        if re.fullmatch(rf"{re.escape(slugify_name(name))}(-[0-9]+)?", slug)
    }
    kept = {name: previous[name] for name in names if name in previous}
    taken: set[str] = set(previous.values())
    slugs = []
    for name in names:
        if name in kept:
            slugs.append(kept.pop(name))
            continue
        base = slug = slugify_name(name)
        for number in itertools.count(2):
            if slug not in taken:
                break
            slug = f"{base}-{number}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def cohort_label(name: str, by: str | None) -> str:
    """How a cohort is named: ``site = A`` when split by a column, else its name (report titles
    read "<title> (site = A)")."""
    shown = name if name.strip() else "(blank)"
    return f"{by} = {shown}" if by is not None else shown


def natural_order(value: str) -> tuple[int, float, str]:
    """Sort key: numbers by value first ("2" before "10"), then text, then the blank."""
    if _NUMBER.fullmatch(value.strip()):
        return (0, float(value), value)
    return (1, 0.0, value) if value.strip() else (2, 0.0, value)
