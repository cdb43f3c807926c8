"""Words for the sites of a multilevel cohorts model: what to expect at a new site, the forest's alt text.

Pure rules over the numbers of ``comparison.json``; nouns come from the labels (``noun``/``plural``).
"""

from __future__ import annotations

from collections.abc import Mapping

from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun, label_plural, number_text
from reportgen.words import noun, plural


def new_site_expectation(low: float, high: float, response: str, time: str, site: str) -> str:
    """What the 95% prediction interval of a new site's slope says about its direction.

    Both ends above zero: the response is expected to increase there too; both below: decrease;
    zero inside: the sites differ too much for the direction at a new one to be known.
    """
    words = {
        "site": label_noun(site),
        "sites": label_plural(site),
        "response": label_noun(response),
        "time": label_noun(time),
    }
    if low > 0:
        return _("at a new %(site)s, too, %(response)s is expected to increase with %(time)s") % words
    if high < 0:
        return _("at a new %(site)s, too, %(response)s is expected to decrease with %(time)s") % words
    return (
        _(
            "at a new %(site)s, %(response)s could increase or decrease with %(time)s: the %(sites)s differ "
            "too much for its direction to be known"
        )
        % words
    )


def site_forest_alt(
    slopes: Mapping[str, float],
    mean: float,
    interval: tuple[float, float],
    rate: str,
    site: str,
    decimals: int,
) -> str:
    """Alt text of the sites' forest plot: how many, the lowest and highest, the mean and new-site range."""

    def fmt(value: float) -> str:
        return number_text(value, "fixed", decimals)

    lowest = min(slopes, key=lambda name: slopes[name])
    highest = max(slopes, key=lambda name: slopes[name])
    return (
        f"Shrunken slope of each of {len(slopes)} {plural(site)} with its 95% interval, from "
        f"{fmt(slopes[lowest])} ({lowest}) to {fmt(slopes[highest])} ({highest}) {rate}; the mean slope "
        f"is {fmt(mean)} and a new {noun(site)}'s slope is expected between {fmt(interval[0])} and "
        f"{fmt(interval[1])} {rate} (95% prediction interval)."
    )
