"""Words of the model at every level when the subjects are crossed with another grouping
(``--group patient --crossed site``): the subjects are not within a site, so each grouping's share
is said on its own ("between sites", "between patients"), never "patients within a site".

Each rule is a small function of numbers; the nouns come from the data's labels (``noun``/``plural``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.narrative.sentence import Num, Sentence, num
from reportgen.narrative.variance_share import share_words
from reportgen.words import noun, plural, with_article

if TYPE_CHECKING:
    from reportgen.analysis.multilevel import MultilevelFit
    from reportgen.config import Labels


def crossed_shares(fit: MultilevelFit, labels: Labels, lead: str = "") -> Sentence:
    """Where the variation lies in the crossed model: each crossed grouping's share, the subjects',
    the rest within a subject (``lead`` opens the sentence)."""
    *crossed, subjects = fit.levels
    top = crossed[0]
    time, response = noun(labels.time), noun(labels.response)
    opening = f"{lead}at the mean {time}, " if lead else f"At the mean {time}, "
    parts: list[str | Num] = [
        f"{opening}{share_words(fit.shares[top].icc)} in {response} lies between {plural(top)} (",
        num("multilevel", "shares", top, "icc", style="pct"),
        ")",
    ]
    for other in crossed[1:]:
        parts += [f"; between {plural(other)}: ", num("multilevel", "shares", other, "icc", style="pct")]
    parts += [
        f"; between {plural(labels.group)}, {whichever_grouping(top)}: ",
        num("multilevel", "shares", subjects, "icc", style="pct"),
        f"; the rest within {with_article(noun(labels.group))}.",
    ]
    return tuple(parts)


def whichever_grouping(top: str) -> str:
    """The subjects' share read across a crossed grouping, in words that need no preposition of the
    data's ("at" a site, "with" a rater): "whichever rater their measurements came from"."""
    return f"whichever {noun(top)} their measurements came from"


def new_group_preposition(crossed: bool) -> str:
    """How a new group of the top level is introduced: "at a new site" when subjects are nested in
    it; crossed (a rater, or a site patients move between) "for a new rater", which reads right
    for both."""
    return "for" if crossed else "at"


def between_crossed(levels: tuple[str, ...], group: str) -> str:
    """The groupings whose differences the crossed model's random effects hold: ("site",
    "patient") -> "sites and between patients" (``group``: the subjects' label, said last)."""
    return " and between ".join(plural(name) for name in (*levels[:-1], group))


def crossed_notes(crossed: tuple[str, ...], group: str, levels_section: str) -> tuple[str, str]:
    """The notes of the sections on one grouping, and of those whose tests read the model with every
    level, when the subjects are crossed with ``crossed`` (as :mod:`reportgen.narrative.outer_level`
    writes them for nested subjects; ``levels_section``: the name of section g-levels, or "")."""
    from reportgen.narrative.level_names import joined, levels_named

    tops = joined([plural(column) for column in crossed])
    level = levels_named(crossed)
    where = (
        f" {levels_section} adds the {level}: read the fixed effects, tests and intervals there."
        if levels_section
        else ""
    )
    model = f"the model of {levels_section}" if levels_section else "the model with every level"
    one = (
        f"This section's models group the measurements by {noun(group)} only, with no {level}: "
        f"their standard errors leave out how the {tops} differ.{where}"
    )
    every = (
        f"This section's F tests, differences and intervals come from {model}, with the {level} "
        f"beside the {plural(group)}', and so do its likelihood-ratio test of the covariate's "
        f"interaction with the trend and its test of random slopes; the {plural(group)}' random "
        f"effects compare models without the {level}."
    )
    return one, every


def crossed_level_sd(fit: MultilevelFit, labels: Labels) -> list[Sentence]:
    """The crossed grouping's own SD when its groups keep no slopes (with slopes, the spread of its
    slopes is said instead); nothing for nested groups."""
    from reportgen.analysis.multilevel import INTERCEPT
    from reportgen.words import capitalized

    top = fit.levels[0]
    if not fit.crossed or fit.top_term != "level":
        return []
    return [
        (
            f"{capitalized(plural(top))} differ in their level of {noun(labels.response)} with SD ",
            num("multilevel", "random", top, INTERCEPT, "sd"),
            f", the same at every {noun(labels.time)} (the {plural(top)} keep no slopes of their own).",
        )
    ]


def crossed_checked_line(model: str, levels: tuple[str, ...], group: str) -> str:
    """Which model partial pooling, the residual checks and the influence refits read when the
    subjects are crossed with ``levels[:-1]``: ``model`` (its name) on the subjects' column alone,
    which counts the crossed groups' differences as the subjects' (``group``: their label)."""
    from reportgen.narrative.level_names import joined, levels_named

    level = levels_named(levels[:-1])
    tops = joined([plural(column) for column in levels[:-1]])
    return (
        f"This part reads the {model} on {levels[-1]} alone, without the {level} of the model "
        f"the report stands on: there the {tops}' differences count as the {plural(group)}'."
    )


def crossed_start_words(level: str, column: str) -> str:
    """How the values at the first time are tested when the subjects are crossed with ``level``
    (patients who move between sites): with a random intercept for each of its groups, whether or
    not ``column`` is constant within them (as ``anova(lmer(score ~ trt + (1 | site)))``)."""
    each = f"each {noun(level)}"
    return (
        f", tested with a random intercept for {each} (the values measured at one {noun(level)} share "
        f"its level, whatever their {column}),"
    )
