"""Why partial pooling stays on one grouping when the subjects are crossed with another grouping
(``--crossed site``): a subject seen at several sites has no single site's line to be pulled toward.

One whole message with named placeholders (docs/development.md "Languages"), with its German entry
in reportgen/locale/de/LC_MESSAGES/reportgen.po.
"""

from __future__ import annotations

from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun as noun
from reportgen.i18n import label_plural as plural
from reportgen.narrative.sentence import Sentence, filled


def crossed_pooling_why(crossed: tuple[str, ...], group: str) -> list[Sentence]:
    """The sentence saying why pooling keeps the one-grouping view ([] without a crossed grouping;
    ``crossed``: the crossed columns, ``group``: the subjects' label)."""
    if not crossed:
        return []
    return [
        filled(
            _(
                "The %(groups)s are crossed with the %(tops)s, not nested in them: one %(group)s can be "
                "measured at several %(tops)s, so it belongs to no single %(top)s whose line it could be "
                "pulled toward, and the pooling keeps this one-grouping view."
            ),
            groups=plural(group),
            group=noun(group),
            top=" and ".join(noun(c) for c in crossed),
            tops=" and ".join(plural(c) for c in crossed),
        )
    ]
