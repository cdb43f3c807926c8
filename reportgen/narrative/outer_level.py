"""What a section on one grouping says when the subjects are nested in an outer level (sites).

With ``--group site/patient`` the seminar's models and most going-further sections group by
``site:patient`` only; the model with the site level is the multilevel engine's (section
g-levels). Until every section reads that fit, each of the others says plainly which model it
describes and where the site-level numbers are (issue 24, review H): it says less, never something
false.
"""

from __future__ import annotations

from reportgen.words import noun, plural

# The sections whose models group the subjects within the outer level but have no level of their
# own for it (the data, the per-subject lines and the model at every level are not among them).
ONE_GROUPING_SECTIONS = frozenset(
    {"q5", "q6", "g-family", "g1", "g2", "g-trend", "g3", "g4", "g5", "diagnostics"}
)
ONE_GROUPING_PREFIXES = ("g-covariate-", "g-glmm-covariate-")


def reads_one_grouping(key: str) -> bool:
    """Whether the section ``key`` stands on a model with one grouping (no outer level)."""
    return key in ONE_GROUPING_SECTIONS or key.startswith(ONE_GROUPING_PREFIXES)


def outer_level_note(outer: str, group: str, levels_section: str) -> str:
    """The note under such a section's heading: "" without an outer level.

    Args:
        outer: the outer grouping columns joined by "/" ("site"), "" when there is none.
        group: the subjects' label ("patient").
        levels_section: the name of the section with every level ("Going further 7"), "" when the
            report has none.
    """
    if not outer:
        return ""
    sites = " and ".join(plural(level) for level in outer.split("/"))
    site = noun(outer.split("/")[-1])
    term = ":".join((*outer.split("/"), group))
    where = (
        f" {levels_section} fits the {site} level: read the fixed effects, tests and intervals there."
        if levels_section
        else ""
    )
    return (
        f"This section's models group the {plural(group)} within their {site} ({term}) but have no "
        f"{site} level: their standard errors leave out how the {sites} differ.{where}"
    )
