"""Words of the model at every level (``--group site/patient``): where the variation lies, how the
sites' slopes spread, what to expect at a new site, and the terms the model chose or added.

Each rule is a small function of numbers; the nouns come from the data's labels (``noun``/``plural``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from reportgen.i18n import gettext as _
from reportgen.i18n import number_text
from reportgen.narrative.crossed import crossed_level_sd, new_group_preposition
from reportgen.narrative.model_rules import paired_verdict
from reportgen.narrative.sentence import Num, Sentence, filled, num
from reportgen.narrative.subject_slopes import subject_slopes
from reportgen.narrative.variance_share import share_words
from reportgen.words import noun, plural, with_article

if TYPE_CHECKING:
    from reportgen.analysis.multilevel import MultilevelFit
    from reportgen.config import Labels


def few_top_groups(groups: int) -> bool:
    """Too few outermost groups for their share of the variance to be more than a rough guide
    (the seminar's limit, :func:`reportgen.narrative.caveats.few_groups`: at most 5)."""
    from reportgen.narrative.caveats import few_groups

    return few_groups(groups)


def slope_sign_words(low: float, high: float) -> str:
    """What the 95% range of a new site's slope says about its direction."""
    if low > 0:
        return "would rise"
    if high < 0:
        return "would fall"
    return "could rise or fall"


def within_words(subject: str, conditions: tuple[str, ...]) -> str:
    """Why a subject x condition term is in the model (empty without one)."""
    if not conditions:
        return ""
    names = " and ".join(noun(c) for c in conditions)
    return (
        f"Each {noun(subject)} was measured under more than one {names} at the same times, so the "
        f"measurements of one {noun(subject)} under one {names} share more than the {noun(subject)}'s "
        f"level: the model adds {with_article(noun(subject))} x {names} term, and tests {names} against it."
    )


def simplified_words(simplified: dict[str, str], covariates: tuple[str, ...] = ()) -> str:
    """Which levels lost their random slopes, and why (empty when none did); ``covariates``: the
    model's (:func:`reportgen.narrative.left_out_slopes.left_out_slopes_words` names them)."""
    from reportgen.narrative.left_out_slopes import left_out_slopes_words

    return " ".join(
        left_out_slopes_words(level_words(level), reason, covariates) for level, reason in simplified.items()
    )


def held_words(held: Mapping[str, str | float]) -> Sentence:
    """Which covariate values a new group's range is for: a factor's reference level by name, a
    number at its value (its ``multilevel.held_at`` key); empty without covariates."""
    parts: list[str | Num] = []
    for k, (covariate, value) in enumerate(held.items()):
        parts.append((" and " if k else " for ") + f"{covariate} ")
        parts.append(
            value if isinstance(value, str) else num("multilevel", "held_at", covariate, style="auto")
        )
    return tuple(parts)


def level_words(term: str) -> str:
    """A grouping term in words: ``site`` -> "sites", ``site:patient`` -> "patients within sites"."""
    *outer, inner = term.split(":")
    return " within ".join(plural(level) for level in (inner, *reversed(outer)))


def level_shares(fit: MultilevelFit, labels: Labels, lead: str = "") -> Sentence:
    """Where the variation lies in the model with every level: the outermost groups' share, the
    subjects' within them, the rest within a subject (``lead`` opens the sentence); crossed
    groupings: :func:`reportgen.narrative.crossed.crossed_shares`."""
    if fit.crossed:
        from reportgen.narrative.crossed import crossed_shares

        return crossed_shares(fit, labels, lead)
    top, subject = fit.levels[0], labels.group
    opening = f"{lead}at the mean {noun(labels.time)}, " if lead else f"At the mean {noun(labels.time)}, "
    return (
        f"{opening}{share_words(fit.shares[top].icc)} in {noun(labels.response)} lies between "
        f"{plural(top)} (",
        num("multilevel", "shares", top, "icc", style="pct"),
        f"); between {plural(subject)} within {with_article(noun(top))}: ",
        num("multilevel", "shares", ":".join(fit.levels), "icc", style="pct"),
        f"; the rest within {with_article(noun(subject))}.",
    )


def multilevel_words(fit: MultilevelFit, labels: Labels, decimals: int = 2) -> dict[str, list[Sentence]]:
    """The section's sentences: the share between the outermost groups, a new group's range, the
    spread of the groups' slopes, and the terms chosen or added."""
    top, subject = fit.levels[0], labels.group
    tops = plural(top)
    response = noun(labels.response)
    sentences: list[Sentence] = [
        level_shares(fit, labels),
        *crossed_level_sd(fit, labels),
        (
            f"The mean {response} {new_group_preposition(fit.crossed)} a new {noun(top)}, at the mean "
            f"{noun(labels.time)} (",
            num("multilevel", "t_mean", style="trim"),  # a mean of times: 2.3, not 2.3033 (N 6)
            ")",
            *held_words(fit.held_at),
            ", would lie between ",
            num("multilevel", "new_group_level", "0"),
            " and ",
            num("multilevel", "new_group_level", "1"),
            f" (95% of {tops}).",
        ),
    ]
    if few_top_groups(fit.n_groups[top]):  # Rabbit: 12.2% between 5 animals
        sentences.append(
            (
                "That share is estimated from only ",
                num("multilevel", "n_groups", top, style="int"),
                f" {tops}, so it is very imprecise; read it as a rough guide.",
            )
        )
    if fit.new_group_slope is not None and fit.new_group_slope_interval is not None:
        sentences.append(new_group_slope_sentence(fit, labels))
    curve = straight_line_words(fit.report_shape, labels.time, fit.shape)
    for text in (
        curve,
        within_words(subject, fit.within),
        simplified_words(fit.simplified, tuple(fit.held_at)),
    ):
        if text:
            sentences.append((text,))
    return {"g_levels": sentences, **subject_slopes(fit, labels)}  # the last two: the study report's


def new_group_slope_sentence(fit: MultilevelFit, labels: Labels) -> Sentence:
    """The outermost groups' slope SD and a new group's slope: the prediction interval with the mean
    slope's uncertainty, as the cohort index gives it, at the covariates' level it is read at, and
    the model named when it has covariates, whose slope SD differs from the headline model's
    (statistician R 7 and 11, session 8: 0.43 with trt beside 0.44 without)."""
    assert fit.new_group_slope_interval is not None
    low, high = fit.new_group_slope_interval
    top = fit.levels[0]
    message = (
        _(
            "In the model with %(covariates)s, the %(tops)s' slopes spread with SD %(sd)s around the "
            "mean slope: %(response)s %(at)s a new %(top)s %(direction)s over %(time)s (its slope%(held)s "
            "between %(low)s and %(high)s, a 95%% prediction interval with the mean slope's uncertainty)."
        )
        if fit.held_at
        else _(
            "The %(tops)s' slopes spread with SD %(sd)s around the mean slope: %(response)s %(at)s a "
            "new %(top)s %(direction)s over %(time)s (its slope between %(low)s and %(high)s, a 95%% "
            "prediction interval with the mean slope's uncertainty)."
        )
    )
    return filled(
        message,
        covariates=" and ".join(fit.held_at),
        tops=plural(top),
        sd=num("multilevel", "random", top, fit.time, "sd"),
        response=noun(labels.response),
        at=new_group_preposition(fit.crossed),
        top=noun(top),
        direction=slope_sign_words(low, high),
        time=noun(labels.time),
        held=held_words(fit.held_at),
        low=num("multilevel", "new_group_slope_interval", "0"),
        high=num("multilevel", "new_group_slope_interval", "1"),
    )


def multilevel_alt(fit: MultilevelFit, labels: Labels, decimals: int = 2) -> dict[str, str]:
    """Alt text of the caterpillar of the outermost groups."""
    top = fit.levels[0]
    what = "slope" if fit.top_term == "slope" else f"mean {noun(labels.response)}"
    ordered = sorted(fit.top_groups.items(), key=lambda item: item[1].estimate)
    (low_id, low), (high_id, high) = ordered[0], ordered[-1]
    low_text, high_text = (number_text(g.estimate, "fixed", decimals) for g in (low, high))
    return {
        "level_caterpillar": f"Each {noun(top)}'s own {what} with its 95% interval, "
        f"{len(ordered)} {plural(top)} in order: from {low_text} ({noun(top)} {low_id}) "
        f"to {high_text} ({noun(top)} {high_id})."
    }


def pairing_left(within_subject: str, carried: bool) -> str:
    """How a test's covariate varies within subjects, as far as the test ignores it: not at all when
    the test stands on the model with the subject x condition term (``carried``)."""
    return "" if carried else within_subject


def interaction_pairing(verdict: str, within_subject: str, f_paired: bool, curve: bool) -> str:
    """The interaction's verdict with what of it ignores the pairing. A straight trend's verdict
    reads the F test, which stands on the model with the subject x condition term when
    ``f_paired``; a curve's verdict (``curve``) reads the likelihood-ratio test, from the model
    without it, while its F test may stand on that model (statistician M, session 7, Rabbit: "F =
    16.76 on 2 and 43.6 df ... but the test ignores the pairing", where lme4 gives that F with
    + (1 | Animal:Treatment))."""
    if not (curve and f_paired):
        return paired_verdict(verdict, pairing_left(within_subject, f_paired))
    if within_subject != "same_times":
        return verdict
    return (
        f"{verdict}; that choice reads the likelihood-ratio test, which ignores the pairing (see "
        "above), while the F test comes from the model with the series term"
    )


def straight_line_words(shape: str, time: str, fitted: str = "linear") -> str:
    """What the section's model does with the report's curve (``shape``): a straight line in
    ``time`` (a label) when it fits ``fitted`` "linear", else the curve itself. Nothing when the
    report's trend is straight."""
    if shape == "linear":
        return ""
    if fitted == shape:
        return (
            f"This model fits the report's curved trend in {noun(time)} at every level (the curve's "
            f"columns as fixed effects, random slopes on {noun(time)}): its mean slope is the curve's "
            f"average rate over the observed {plural(time)}, and each group's slope a straight "
            "deviation from the curve."
        )
    return (
        f"The report's trend in {noun(time)} is curved; this model is a straight line in {noun(time)} "
        f"at every level, so its slopes are average rates over the observed {plural(time)}, not the "
        "curve the report chose."
    )


def levels_left_out(outer_groups: tuple[str, ...], family: str) -> tuple[str, ...]:
    """The one line that says why a nested design's levels section is not in the report: a
    binomial or Poisson response (the section's model is linear at every level); none otherwise."""
    if not outer_groups or family == "gaussian":
        return ()
    tops = " and ".join(plural(group) for group in outer_groups)
    return (
        f"the model at every level (between {tops}) is left out: the response is {family}, and that "
        "section fits a linear mixed model; a multilevel model for this family is not built yet",
    )
