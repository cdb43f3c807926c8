"""Why a level of the model with every level has no random slopes (``multilevel.simplified``), said
of the model they were left out of (statistician P 4, session 7: "The random slopes of the clinics
were left out: the likelihood-ratio test did not support them" held only with arm in the model;
without arm, the model whose slope the summaries read, the clinics keep theirs). Each sentence one
whole message (docs/development.md "Languages"), its German entry in
reportgen/locale/de/LC_MESSAGES/reportgen.po.
"""

from __future__ import annotations

from reportgen.i18n import gettext as _


def left_out_slopes_words(levels: str, reason: str, covariates: tuple[str, ...] = ()) -> str:
    """Why the random slopes of ``levels`` (in words, "patients within sites") were left out:
    ``reason`` "singular" (the fit) or "not supported" (the likelihood-ratio test, of the model
    with ``covariates`` when it has any: named, since without them the test may differ)."""
    if reason == "singular":
        message = _(
            "The random slopes of the %(levels)s were left out: the fit asked for more than the data "
            "hold (a singular fit)."
        )
    elif covariates:
        message = _(
            "With %(covariates)s in the model, the random slopes of the %(levels)s were left out: the "
            "likelihood-ratio test did not support them (p >= 0.05)."
        )
    else:
        message = _(
            "The random slopes of the %(levels)s were left out: the likelihood-ratio test did not "
            "support them (p >= 0.05)."
        )
    return message % {"levels": levels, "covariates": " and ".join(covariates)}
