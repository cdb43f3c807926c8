"""What the test of the values measured at the first time compares when it has a random intercept
for each outer group (``covariates.<c>.measured_at_start_by``): the means that model estimates,
which weigh each group, not the raw means printed beside it (statistician P 9, session 7: the
nested study prints 42.69/40.21 while lmer(score ~ arm + (1 | clinic)) compares 42.47/40.39). One
whole message (docs/development.md "Languages"), its German entry in
reportgen/locale/de/LC_MESSAGES/reportgen.po.
"""

from __future__ import annotations

from reportgen.i18n import gettext as _
from reportgen.words import plural


def adjusted_means_words(by: str | None, means_shown: bool) -> str:
    """The clause inside the parentheses after the test's model (with its leading "; "), "" when
    the test has no outer groups (``by`` None: its means are the raw means) or no raw means are
    printed (``means_shown``)."""
    if not by or not means_shown:
        return ""
    return _(
        "; the test compares the means that model estimates, which adjust for the %(groups)s, not "
        "the raw means given here"
    ) % {"groups": plural(by)}
