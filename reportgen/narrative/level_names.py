"""Names of several grouping levels in one phrase: "the region level", "the region and clinic
levels" (statistician P, session 8: three nested levels read "without the region and clinic level").

A list is joined by inflect's ``join`` (no serial comma: "region, clinic and ward"), with the
report's word for "and"; the noun agrees with how many levels are named.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun, ngettext


def joined(words: Sequence[str]) -> str:
    """Words as one list in the language spoken now: "a", "a and b", "a, b and c"."""
    from reportgen.words import _engine

    return str(_engine().join(list(words), final_sep="", conj=_("and"))) if words else ""


def levels_named(columns: Sequence[str]) -> str:
    """The grouping columns as levels, without an article: ("site",) -> "site level",
    ("Region", "Clinic") -> "region and clinic levels" (singular for one, plural for more)."""
    return ngettext("%(names)s level", "%(names)s levels", len(columns)) % {
        "names": joined([label_noun(column) for column in columns])
    }
