"""Words of the model at every level when the subjects are crossed with another grouping
(``--group patient --crossed site``): the subjects are not within a site, so each grouping's share
is said on its own ("between sites", "between patients"), never "patients within a site".

Each rule is a small function of numbers; the nouns come from the data's labels (``noun``/``plural``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.narrative.sentence import Num, Sentence, num
from reportgen.words import noun, plural, with_article

if TYPE_CHECKING:
    from reportgen.analysis.multilevel import MultilevelFit
    from reportgen.config import Labels


def crossed_shares(fit: MultilevelFit, labels: Labels, lead: str = "") -> Sentence:
    """Where the variation lies in the crossed model: each crossed grouping's share, the subjects',
    the rest within a subject (``lead`` opens the sentence)."""
    from reportgen.narrative.multilevel import share_words

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
        f"; between {plural(labels.group)}, whichever {noun(top)} they were at: ",
        num("multilevel", "shares", subjects, "icc", style="pct"),
        f"; the rest within {with_article(noun(labels.group))}.",
    ]
    return tuple(parts)


def between_crossed(levels: tuple[str, ...], group: str) -> str:
    """The groupings whose differences the crossed model's random effects hold: ("site",
    "patient") -> "sites and between patients" (``group``: the subjects' label, said last)."""
    return " and between ".join(plural(name) for name in (*levels[:-1], group))

